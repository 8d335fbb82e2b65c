"""Vocabulary names the corpus around them decides (round 7).

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
