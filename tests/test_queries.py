"""The example queries in docs/queries answer what they promise on the seeds' export."""

from __future__ import annotations

from pathlib import Path

import pytest

import kgraph

QUERIES = Path(__file__).resolve().parent.parent / "docs" / "queries"


@pytest.fixture(scope="module")
def kb(seeds_export: Path):  # type: ignore[no-untyped-def]
    base = kgraph.open(seeds_export)
    yield base
    base.close()


def answer(kb, name: str) -> list[dict[str, str]]:  # type: ignore[no-untyped-def]
    rows = kb.query((QUERIES / name).read_text(encoding="utf-8"))
    return [{k: str(v) for k, v in row.asdict().items()} for row in rows]


def test_there_are_at_least_twelve_documented_queries() -> None:
    queries = sorted(QUERIES.glob("*.rq"))
    assert len(queries) >= 12
    for q in queries:
        assert q.read_text(encoding="utf-8").startswith("# "), (
            f"{q.name} says what it asks in its first line"
        )


def test_every_query_runs(kb) -> None:  # type: ignore[no-untyped-def]
    for q in sorted(QUERIES.glob("*.rq")):
        kb.query(q.read_text(encoding="utf-8"))


def test_documents_mentioning_a_campaign(kb) -> None:  # type: ignore[no-untyped-def]
    rows = answer(kb, "01-documents-mentioning-a-campaign.rq")
    docs = {r["doc"].rsplit("/", 1)[-1] for r in rows}
    assert docs == {"003_26faa95fbde16b15", "004_887f9f083a31a289"}
    assert any(r.get("date") == "2023-07-22" for r in rows)


def test_who_proposed_what(kb) -> None:  # type: ignore[no-untyped-def]
    rows = answer(kb, "02-who-proposed-what.rq")
    assert {"who": "习近平", "what": "四下基层"}.items() <= rows[0].items()
    assert int(rows[0]["sentences"]) >= 2


def test_places_inside_a_prefecture(kb) -> None:  # type: ignore[no-untyped-def]
    places = {r["place"]: r for r in answer(kb, "03-places-inside-a-prefecture.rq")}
    assert {"下党乡", "古田县"} <= set(places)
    assert places["古田县"]["code"] == "350922"


def test_people_linked_to_a_place(kb) -> None:  # type: ignore[no-untyped-def]
    rows = answer(kb, "04-people-linked-to-a-place.rq")
    links = {(r["person"], r["relation"].rsplit("#", 1)[-1], r["place"]) for r in rows}
    assert ("习近平", "workedIn", "宁德市") in links
    assert ("习近平", "visited", "下党乡") in links
    assert all(r["sentence"] for r in rows)


def test_slogans_in_several_documents(kb) -> None:  # type: ignore[no-untyped-def]
    rows = answer(kb, "05-slogans-in-several-documents.rq")
    assert "四下基层" in {r["label"] for r in rows}
    assert all(int(r["documents"]) > 1 for r in rows)


def test_strongest_cooccurrences(kb) -> None:  # type: ignore[no-untyped-def]
    rows = answer(kb, "06-strongest-cooccurrences-of-a-person.rq")
    assert rows[0]["other"] == "宁德市"
    llr = [float(r["llr"]) for r in rows]
    assert llr == sorted(llr, reverse=True)


def test_timeline(kb) -> None:  # type: ignore[no-untyped-def]
    rows = answer(kb, "07-timeline-of-a-campaign.rq")
    assert rows and rows[0]["date"] == "2023-07-22" and int(rows[0]["mentions"]) > 5


def test_provenance_points_into_the_original_files(kb, seeds_export: Path) -> None:  # type: ignore[no-untyped-def]
    seeds = Path(__file__).resolve().parent.parent / "seeds"
    rows = answer(kb, "08-provenance-of-a-relation.rq")
    assert len(rows) >= 2
    for r in rows:
        text = (seeds / r["file"]).read_text(encoding="utf-8")
        assert text[int(r["begin"]) : int(r["end"])] == r["sentence"]


def test_entities_per_type(kb) -> None:  # type: ignore[no-untyped-def]
    rows = answer(kb, "09-entities-per-type.rq")
    types = {r["type"].rsplit("/", 1)[-1].rsplit("#", 1)[-1] for r in rows}
    assert {
        "Person",
        "Place",
        "Organization",
        "CreativeWork",
        "Campaign",
        "Slogan",
        "Concept",
    } <= types


def test_roles(kb) -> None:  # type: ignore[no-untyped-def]
    rows = answer(kb, "10-roles-of-people.rq")
    assert {"person": "张成慧", "role": "县委书记", "where": "古田县"} in rows


def test_bylines(kb) -> None:  # type: ignore[no-untyped-def]
    rows = {r["file"]: r for r in answer(kb, "11-bylines.rq")}
    assert rows["001_07c0ed93aea70d57.txt"]["authors"] == "赵均"
    assert "学习时报" in rows["004_887f9f083a31a289.txt"]["publishers"]
    assert set(rows["002_7a20ce5d22c362ec.txt"]["editors"].split("、")) == {"王子锋", "王珂园"}


def test_key_concepts(kb) -> None:  # type: ignore[no-untyped-def]
    rows = answer(kb, "12-key-concepts.rq")
    assert rows[0]["tfidf"] in ("1", "1.0")
    concepts = {r["concept"] for r in rows}
    assert "习近平新时代中国特色社会主义思想" in concepts
    assert not {"基层干部", "领导干部", "党员干部"} & concepts  # generic nouns of the genre


def test_definition_and_parts(kb) -> None:  # type: ignore[no-untyped-def]
    rows = answer(kb, "13-definition-of-a-campaign.rq")
    parts = {r["part"] for r in rows if r["campaign"] == "四下基层"}
    assert {"调查研究下基层", "信访接待下基层", "现场办公下基层"} <= parts


def test_what_a_person_said(kb) -> None:  # type: ignore[no-untyped-def]
    quotes = [r["quote"] for r in answer(kb, "14-what-a-person-said.rq")]
    assert any("基层干部是党和国家干部队伍的基础" in q for q in quotes)


def test_vocabulary_by_type(kb) -> None:  # type: ignore[no-untyped-def]
    rows = answer(kb, "15-vocabulary-by-type.rq")
    typed = {(r["type"], r["label"]) for r in rows}
    assert ("Campaign", "四下基层") in typed
    assert {r["type"] for r in rows} <= {"Campaign", "Slogan", "Concept"}
    counts = [int(r["documents"]) for r in rows]
    assert counts == sorted(counts, reverse=True)


def test_formulas_and_their_parts(kb) -> None:  # type: ignore[no-untyped-def]
    rows = answer(kb, "16-formulas-and-their-parts.rq")
    assert {"formula": "四下基层", "part": "调查研究下基层", "pattern": "definition"} in rows
    assert any(r["pattern"] == "enumeration" for r in rows)


def test_named_after(kb) -> None:  # type: ignore[no-untyped-def]
    rows = answer(kb, "17-named-after.rq")
    assert any(
        r["name"] == "习近平新时代中国特色社会主义思想" and r["bearer"] == "习近平" for r in rows
    )
    assert all(r["sentence"] for r in rows)


def test_top_cooccurrences_by_rank_are_those_of_most_sentences(kb) -> None:  # type: ignore[no-untyped-def]
    rows = answer(kb, "18-top-cooccurrences.rq")
    assert [int(r["rank"]) for r in rows] == list(range(1, 11))
    counts = [int(r["sentences"]) for r in rows]
    assert counts == sorted(counts, reverse=True)
    most = kb.query("SELECT (MAX(?n) AS ?m) WHERE { ?c a kg:CoOccurrence ; kg:sentenceCount ?n }")
    assert counts[0] == int(most[0][0])


def test_neighbourhood_of_an_entity(kb) -> None:  # type: ignore[no-untyped-def]
    rows = answer(kb, "19-neighbourhood-of-an-entity.rq")
    relations = {(r["label"], r["p"].rsplit("/", 1)[-1], r["dir"]) for r in rows if "p" in r}
    assert ("福建省", "containedInPlace", "out") in relations
    assert ("习近平", "ns#workedIn", "in") in relations
    together = {r["label"]: r for r in rows if "docs" in r}
    assert "习近平" in together and float(together["习近平"]["w"]) > 0
