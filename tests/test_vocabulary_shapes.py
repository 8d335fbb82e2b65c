"""Shapes of vocabulary names found sentence by sentence (round 5).

Every sentence is written for these tests; none is copied from a page, seed or
evaluation text.
"""

from __future__ import annotations

import pytest

from kgraph.extract.rules import Extractor


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor(ner=False)


def vocabulary(extractor: Extractor, sentence: str) -> set[tuple[str, str]]:
    return {
        (c.norm, c.type.value)
        for c in extractor.candidates_in(0, sentence)
        if c.extractor.startswith("vocab.")
    }


@pytest.mark.parametrize(
    ("sentence", "name", "kind"),
    [
        ("全省深入打好黄河保护修复攻坚战。", "黄河保护修复攻坚战", "Campaign"),
        ("各县推进乡村治理现代化。", "乡村治理现代化", "Concept"),
        (
            "努力实现城市治理体系和治理能力现代化。",
            "城市治理体系和治理能力现代化",
            "Concept",
        ),
    ],
)
def test_a_verb_the_name_is_about_stays_inside_it(
    extractor: Extractor, sentence: str, name: str, kind: str
) -> None:
    assert (name, kind) in vocabulary(extractor, sentence)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("各地加快推进现代化。", set()),
        ("人类迈向现代化的道路。", set()),
        ("党员学习焦裕禄精神。", {("焦裕禄精神", "Concept")}),
        ("县政府实行县长负责制。", {("县长负责制", "Campaign")}),
    ],
)
def test_a_verb_that_governs_or_moves_toward_a_name_stays_outside(
    extractor: Extractor, sentence: str, expected: set[tuple[str, str]]
) -> None:
    assert vocabulary(extractor, sentence) == expected


def test_a_dream_named_after_a_noun_is_a_concept(extractor: Extractor) -> None:
    found = vocabulary(extractor, "为实现航天梦强军梦而奋斗，这是我的梦。")
    assert found == {("航天梦", "Concept"), ("强军梦", "Concept")}
