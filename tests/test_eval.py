"""Tests for kgraph.evaluate and ``kgraph eval``: the scorer, the gold set, the command."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from kgraph.cli import main
from kgraph.errors import InputError
from kgraph.evaluate import (
    ENTITY_TYPES,
    EntityItem,
    RelationItem,
    Score,
    canonical,
    compare,
    default_gold_dir,
    load_gold,
    predicted_entities,
    predicted_relations,
    same_statement,
)
from kgraph.model import Corpus, Entity, EntityType, Evidence, Mention, Relation
from kgraph.relate import PREDICATES

GOLD = Path(__file__).parent / "data" / "gold"


def by_type(item: EntityItem) -> str:
    return item.type


def by_predicate(item: RelationItem) -> str:
    return item.predicate


# --- Score ---------------------------------------------------------------------


def test_score_figures() -> None:
    s = Score(tp=2, fp=2, fn=6)
    assert (s.precision, s.recall) == (0.5, 0.25)
    assert s.f1 == pytest.approx(1 / 3)
    assert s.as_dict() == {
        "precision": 0.5,
        "recall": 0.25,
        "f1": 0.3333,
        "tp": 2,
        "fp": 2,
        "fn": 6,
    }


def test_undefined_figures_are_zero() -> None:
    assert (Score(0, 0, 0).precision, Score(0, 0, 0).recall, Score(0, 0, 0).f1) == (0.0, 0.0, 0.0)
    assert Score(0, 3, 0).recall == 0.0
    assert Score(0, 0, 3).precision == 0.0


# --- compare: entities ---------------------------------------------------------


def test_entity_scores_per_type_and_micro() -> None:
    gold = {
        EntityItem("a", "杭州市", "Place"),
        EntityItem("a", "浙江省", "Place"),
        EntityItem("a", "李明", "Person"),
        EntityItem("b", "千万工程", "Campaign"),
        EntityItem("b", "杭州市", "Place"),
    }
    predicted = {
        EntityItem("a", "杭州市", "Place"),  # tp
        EntityItem("a", "李明", "Person"),  # tp
        EntityItem("a", "明说", "Person"),  # fp
        EntityItem("b", "千万工程", "Slogan"),  # wrong type: fp Slogan, fn Campaign
        EntityItem("c", "杭州市", "Place"),  # wrong document: fp
    }
    result = compare(predicted, gold, ENTITY_TYPES, by_type)
    assert result.scores["Place"] == Score(tp=1, fp=1, fn=2)
    assert result.scores["Person"] == Score(tp=1, fp=1, fn=0)
    assert result.scores["Campaign"] == Score(tp=0, fp=0, fn=1)
    assert result.scores["Slogan"] == Score(tp=0, fp=1, fn=0)
    assert result.scores["CreativeWork"] == Score(0, 0, 0)
    assert result.scores["micro"] == Score(tp=2, fp=3, fn=3)
    assert result.scores["micro"].precision == 0.4
    assert result.scores["micro"].recall == 0.4
    assert result.scores["Place"].f1 == pytest.approx(0.4)  # P 1/2, R 1/3
    assert list(result.scores) == [*ENTITY_TYPES, "micro"]
    assert result.false_negatives == (
        EntityItem("a", "浙江省", "Place"),
        EntityItem("b", "千万工程", "Campaign"),
        EntityItem("b", "杭州市", "Place"),
    )
    assert len(result.false_positives) == 3


def test_perfect_and_empty_predictions() -> None:
    gold = {EntityItem("a", "杭州市", "Place"), EntityItem("a", "李明", "Person")}
    perfect = compare(gold, gold, ENTITY_TYPES, by_type)
    assert perfect.scores["micro"] == Score(2, 0, 0)
    assert perfect.scores["micro"].f1 == 1.0
    empty = compare(set(), gold, ENTITY_TYPES, by_type)
    assert empty.scores["micro"] == Score(0, 0, 2)
    assert empty.scores["micro"].f1 == 0.0


# --- compare: relations --------------------------------------------------------


def test_stated_literals_match_by_containment_one_to_one() -> None:
    gold = {
        RelationItem("r", "李明", "stated", "基层减负要落到实处"),
        RelationItem("r", "李明", "visited", "杭州市"),
    }
    predicted = {
        RelationItem(
            "r", "李明", "stated", "基层减负要落到实处也要见到实效"
        ),  # contains the gold quote
        RelationItem(
            "r", "李明", "stated", "减负要落到实处"
        ),  # also contained, but gold is used up
        RelationItem("r", "李明", "visited", "浙江省"),
    }
    result = compare(predicted, gold, PREDICATES, by_predicate, same_statement)
    assert result.scores["stated"] == Score(tp=1, fp=1, fn=0)
    assert result.scores["visited"] == Score(tp=0, fp=1, fn=1)
    assert result.scores["micro"] == Score(tp=1, fp=2, fn=1)


def test_containment_needs_same_document_subject_and_predicate() -> None:
    gold = RelationItem("r", "李明", "stated", "基层减负要落到实处")
    assert same_statement(RelationItem("r", "李明", "stated", "减负要落到实处"), gold)
    assert not same_statement(RelationItem("s", "李明", "stated", "基层减负要落到实处"), gold)
    assert not same_statement(RelationItem("r", "王芳", "stated", "基层减负要落到实处"), gold)
    assert not same_statement(RelationItem("r", "李明", "stated", "另一句话完全不同"), gold)
    hasPart = RelationItem("r", "四个全面", "hasPart", "全面深化改革")
    assert not same_statement(RelationItem("r", "四个全面", "hasPart", "全面深化改革开放"), hasPart)


def test_other_literals_match_exactly() -> None:
    gold = {
        RelationItem("r", "两学一做", "hasPart", p)
        for p in ("学党章党规", "学系列讲话", "做合格党员")
    }
    predicted = {
        RelationItem("r", "两学一做", "hasPart", "学党章党规、学系列讲话"),
        RelationItem("r", "两学一做", "hasPart", "做合格党员"),
    }
    result = compare(predicted, gold, PREDICATES, by_predicate, same_statement)
    assert result.scores["hasPart"] == Score(tp=1, fp=1, fn=2)


def test_canonical_form() -> None:
    assert canonical("臺北市") == "台北市"
    assert canonical("「要堅持和發展『楓橋經驗』。」") == "要坚持和发展枫桥经验"
    assert canonical(" 规划（2018－2022年）") == canonical("规划（2018-2022年）")


# --- predictions read from a corpus --------------------------------------------


def _mention(doc: str, surface: str, type_: EntityType) -> Mention:
    return Mention(doc, 0, 0, len(surface), surface, surface, type_, "test", 1.0)


def _evidence(doc: str) -> Evidence:
    return Evidence(doc, 0, 0, 1, "句", "test", 1.0, "")


def test_predictions_from_corpus() -> None:
    entities = (
        Entity(
            "Place/杭州市",
            EntityType.PLACE,
            "杭州市",
            ("杭州",),
            (_mention("e1", "杭州", EntityType.PLACE),),
        ),
        Entity(
            "Place/浙江省", EntityType.PLACE, "浙江省", (), ()
        ),  # a containing place, never mentioned
        Entity(
            "Concept/基层治理",
            EntityType.CONCEPT,
            "基层治理",
            (),
            (_mention("e1", "基层治理", EntityType.CONCEPT),),
        ),
        Entity(
            "Person/李明",
            EntityType.PERSON,
            "李明",
            (),
            (_mention("r1", "李明", EntityType.PERSON),),
        ),
    )
    relations = (
        Relation("Person/李明", "visited", "Place/杭州市", (_evidence("r1"), _evidence("e1"))),
        Relation("Person/李明", "stated", "「要幹。」", (_evidence("r1"),), literal=True),
        Relation("Person/李明", "stated", "Campaign/千万工程", (_evidence("r1"),)),
    )
    corpus = Corpus((), (), entities, relations, (), ())
    assert predicted_entities(corpus, {"e1"}) == {EntityItem("e1", "杭州市", "Place")}
    assert predicted_relations(corpus, {"r1"}) == {
        RelationItem("r1", "李明", "visited", "杭州市"),
        RelationItem("r1", "李明", "stated", "要干"),
    }


# --- the gold files ------------------------------------------------------------


def test_gold_set_loads_and_covers_the_brief() -> None:
    gold = load_gold(GOLD)
    assert len(gold.entity_texts) >= 40
    assert len(gold.relation_texts) >= 35
    assert {item.type for item in gold.entities} == set(ENTITY_TYPES)
    per_predicate = Counter(item.predicate for item in gold.relations)
    assert all(per_predicate[p] >= 3 for p in PREDICATES), per_predicate
    assert (default_gold_dir() / "entities.jsonl").is_file()


def _write_gold(folder: Path, entities: str, relations: str = "") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "entities.jsonl").write_text(entities, encoding="utf-8")
    (folder / "relations.jsonl").write_text(relations, encoding="utf-8")
    return folder


@pytest.mark.parametrize(
    ("entities", "message"),
    [
        ('{"id": "e1", "text": "李明"\n', "not valid JSON"),
        (
            '{"id": "e1", "text": "李明", "entities": [{"label": "李明", "type": "Human"}]}\n',
            "not one of Person",
        ),
        ('{"id": "e1", "entities": []}\n', "'text'"),
        ('{"id": "e 1", "text": "李明"}\n', "must be letters"),
        ('{"id": "e1", "text": "李明"}\n{"id": "e1", "text": "王芳"}\n', "already used"),
    ],
)
def test_malformed_gold_says_where(tmp_path: Path, entities: str, message: str) -> None:
    folder = _write_gold(tmp_path / "gold", entities)
    with pytest.raises(InputError, match=message):
        load_gold(folder)


def test_unknown_predicate_is_named(tmp_path: Path) -> None:
    relation = {
        "subject": "李明",
        "subject_type": "Person",
        "predicate": "likes",
        "object": "x",
        "object_type": "Literal",
    }
    line = json.dumps({"id": "r1", "text": "李明", "relations": [relation]}, ensure_ascii=False)
    folder = _write_gold(tmp_path / "gold", "", line + "\n")
    with pytest.raises(InputError, match="predicate 'likes' is not one of"):
        load_gold(folder)


# --- the command -------------------------------------------------------------------


@pytest.mark.slow
def test_eval_json_on_the_gold_set(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["eval", "--gold", str(GOLD), "--json", "--errors"]) == 0
    figures = json.loads(capsys.readouterr().out)
    assert figures["documents"]["entities"] >= 40
    assert figures["documents"]["relations"] >= 35
    for part, groups in (("entities", ENTITY_TYPES), ("relations", PREDICATES)):
        scores = figures[part]["scores"]
        assert set(groups) | {"micro"} <= set(scores)
        for group in (*groups, "micro"):
            for name in ("precision", "recall", "f1"):
                assert 0.0 <= scores[group][name] <= 1.0
        for key in ("false_positives", "false_negatives"):
            assert isinstance(figures[part][key], list)


@pytest.mark.slow
def test_eval_runs_the_tagger_as_a_build_does_unless_told(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from kgraph.evaluate import evaluate
    from kgraph.extract.rules import Extractor

    def micro(*option: str) -> dict[str, float]:
        assert main(["eval", "--gold", str(GOLD), "--json", *option]) == 0
        return dict(json.loads(capsys.readouterr().out)["entities"]["scores"]["micro"])

    default, rules = micro(), micro("--no-learned-vocabulary")
    assert default == evaluate(GOLD).entities.scores["micro"].as_dict()
    assert rules == evaluate(GOLD, Extractor(vocab=False)).entities.scores["micro"].as_dict()


def test_eval_table_on_a_tiny_gold_set(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    entities = json.dumps(
        {
            "id": "e1",
            "text": "杭州市委组织部召开会议。",
            "entities": [{"label": "杭州市", "type": "Place"}],
        },
        ensure_ascii=False,
    )
    folder = _write_gold(tmp_path / "gold", entities + "\n")
    assert main(["eval", "--gold", str(folder), "--errors"]) == 0
    out = capsys.readouterr().out
    assert "Entities (document, label, type)" in out
    assert "micro" in out
    assert "Relation errors" in out


def test_eval_missing_gold_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["eval", "--gold", str(tmp_path / "nowhere")]) == 1
    assert "entities.jsonl not found" in capsys.readouterr().err


def test_without_a_checkout_the_missing_gold_names_only_where_it_looked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import kgraph.evaluate

    installed = tmp_path / "site-packages" / "kgraph"  # a pip install: no pyproject.toml beside it
    installed.mkdir(parents=True)
    monkeypatch.setattr(kgraph.evaluate, "__file__", str(installed / "evaluate.py"))
    monkeypatch.chdir(tmp_path)
    with pytest.raises(InputError) as caught:
        kgraph.evaluate.default_gold_dir()
    message = str(caught.value)
    assert f"no gold set found in {tmp_path / 'tests' / 'data' / 'gold'}:" in message
    assert "site-packages" not in message and "--gold DIR" in message
