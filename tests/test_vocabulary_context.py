"""Vocabulary names the corpus or the clauses around them decide (round 7).

Every text is written for these tests; none is copied from a page, seed or
evaluation text.
"""

from __future__ import annotations

from pathlib import Path

import kgraph


def _labels(folder: Path, texts: dict[str, str], *types: str) -> set[str]:
    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf-8")
    corpus = kgraph.build([folder], out=None, jobs=1).corpus
    return {e.label for e in corpus.entities if e.type.value in types}


def test_words_before_a_name_written_on_its_own_are_the_sentence_around_it(
    tmp_path: Path,
) -> None:
    labels = _labels(
        tmp_path,
        {
            "a.txt": "山城的党建\n2024-03-01 来源：山城日报\n山城推进基层党建，基层党建成效明显。\n",
            "b.txt": "河谷的党建\n2024-03-02 来源：河谷日报\n河谷提质基层党建工作。\n",
        },
        "Campaign",
    )
    assert "基层党建" in labels
    assert not {label for label in labels if label.endswith("基层党建") and label != "基层党建"}


def test_a_person_before_a_name_written_on_its_own_still_names_it(tmp_path: Path) -> None:
    labels = _labels(
        tmp_path,
        {
            "a.txt": (
                "山城的学习\n2024-03-01 来源：山城日报\n"
                "习近平总书记在山城考察时强调，要保护好生态。全县学习习近平生态文明思想。\n"
            ),
            "b.txt": "河谷的学习\n2024-03-02 来源：河谷日报\n各地践行生态文明思想。各村践行生态文明思想。\n",
        },
        "Concept",
    )
    assert "习近平生态文明思想" in labels


def test_the_spirit_of_what_is_called_important_is_a_speechs_content(tmp_path: Path) -> None:
    labels = _labels(
        tmp_path,
        {
            "a.txt": "山城的学习\n2024-03-01 来源：山城日报\n干部学习总书记重要讲话精神。\n",
            "b.txt": "河谷的学习\n2024-03-02 来源：河谷日报\n讲话精神鼓舞人心，党员弘扬红岩精神。\n",
        },
        "Concept",
    )
    assert not {label for label in labels if label.endswith("讲话精神")}
    assert "红岩精神" in labels


def test_without_important_a_spirit_of_a_noun_stays_named(tmp_path: Path) -> None:
    labels = _labels(
        tmp_path,
        {
            "a.txt": "山城的学习\n2024-03-01 来源：山城日报\n干部学习红岩精神，重要的是行动。\n",
            "b.txt": "河谷的学习\n2024-03-02 来源：河谷日报\n党员弘扬红岩精神。\n",
        },
        "Concept",
    )
    assert "红岩精神" in labels


def _slogans(sentence: str) -> set[str]:
    from kgraph.extract.rules import Extractor

    return {
        c.norm
        for c in Extractor(ner=False).candidates_in(0, sentence)
        if c.extractor == "vocab.enumeration"
    }


def test_four_character_clauses_held_to_or_named_a_principle_are_one_slogan() -> None:
    held = "各县坚持统一规划，分步实施，突出重点，注重实效，个人利益服从集体利益。"
    assert _slogans(held) == {"统一规划，分步实施，突出重点，注重实效"}
    stated = "治沙的目标，实行预防为主，防治结合，综合治理的方针。"
    assert _slogans(stated) == {"预防为主，防治结合，综合治理"}


def test_quoted_clauses_are_a_slogan_when_built_in_parallel() -> None:
    assert _slogans("“租房为先，购房为后”是新区的做法。") == {"租房为先，购房为后"}
    assert _slogans("诗人写下“风起云涌，雨过天晴”的句子。") == set()


def test_clauses_neither_quoted_held_nor_named_are_no_slogan() -> None:
    assert _slogans("今年雨水偏多，河道水位上涨，各地加强巡查。") == set()
    assert _slogans("坚持稳中求进，推动高质量发展。") == set()
    # two clauses after a verb of holding are its object and a new clause
    assert _slogans("也要坚定发展信心，主动作为，充分挖掘各方潜力。") == set()
    # a clause before 的 and an everyday noun is no clause of the run
    assert _slogans("坚持问题导向，从最困难的地方入手。") == set()


def test_quoted_figures_of_speech_are_no_slogan() -> None:
    assert _slogans("基层组织才能“如身使臂，如臂使指”。") == set()


def test_the_clauses_of_a_slogan_are_its_parts() -> None:
    from kgraph.extract.vocabulary import enumeration_parts

    assert enumeration_parts("统一规划，分步实施") == ("统一规划", "分步实施")


def test_a_work_named_by_what_it_does_or_its_size_is_no_campaign() -> None:
    from kgraph.extract.rules import Extractor

    extractor = Extractor(ner=False)

    def works(sentence: str) -> set[str]:
        return {c.norm for c in extractor.candidates_in(0, sentence) if c.extractor == "vocab.head"}

    assert works("全省启动引水工程和道路改造工程，打造超级工程。") == set()
    assert works("各地实施嫦娥工程和千万工程。") == {"嫦娥工程", "千万工程"}
