"""Tests for kgraph.relate: typed relations with evidence, and co-occurrence statistics."""

from __future__ import annotations

import math

import pytest

from kgraph.extract.rules import Extractor
from kgraph.ingest.normalize import normalize
from kgraph.model import Corpus, Relation, SectionKind
from kgraph.pipeline import analyse, document_from_text, extract_document

ARTICLE = """首页 | 新闻 | 浙江 | 评论 | 视频
“千万工程”二十年：安吉县余村的绿色答卷
2023-06-12 09:30 来源：浙江日报 作者：李明 王芳
2003年，浙江省启动“千村示范、万村整治”，简称“千万工程”。
李明同志在安吉县工作期间，大力倡导“两山”理念。
县长李强到天荒坪镇调研，走访了多户村民。
李强指出：“要把‘千万工程’一张蓝图绘到底。”
李明在《之江新语》中指出，绿水青山就是金山银山。
杭州市委组织部和安吉县委联合召开座谈会。
浙江省湖州市安吉县天荒坪镇是竹产业重镇。
安吉县县长李强说，要做强竹产业。
相关新闻
• 县长赵强到宁波市调研数字经济
• 副市长孙丽到温州市调研乡村振兴
版权所有 浙江日报报业集团 未经授权不得转载
"""

FOLLOW_UP = """县长李强再次到天荒坪镇调研
2024年3月4日 来源：湖州日报
县长李强到天荒坪镇调研，察看竹林碳汇项目。
李明同志在安吉县工作期间，大力倡导“两山”理念，这一理念深刻改变了余村。
县长赵强到宁波市调研数字经济。
"""

COMMENTARY = """村庄的新变化
2022-05-06 作者：周晓东（作者系安吉县委书记）
村庄的面貌一年一个样，村民的日子越过越红火。
"""


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    extractor = Extractor()
    texts = {"a.txt": ARTICLE, "b.txt": FOLLOW_UP, "c.txt": COMMENTARY}
    extractions = [
        extract_document(extractor, document_from_text(name, text)) for name, text in texts.items()
    ]
    return analyse(extractions, extractor.gazetteer)


def relation(corpus: Corpus, subject: str, predicate: str, obj: str) -> Relation:
    found = [
        r
        for r in corpus.relations
        if (r.subject, r.predicate, r.object) == (subject, predicate, obj)
    ]
    assert len(found) == 1, f"{subject} {predicate} {obj} not found exactly once"
    return found[0]


def documents_of(r: Relation) -> list[str]:
    return [ev.doc_id for ev in r.evidence]


# --- each family -------------------------------------------------------------------------


def test_proposed_and_originated_in(corpus: Corpus) -> None:
    proposed = relation(corpus, "Person/李明", "proposed", "Slogan/两山")
    assert {ev.pattern for ev in proposed.evidence} == {"proposed.verb"}
    origin = relation(corpus, "Slogan/两山", "originatedIn", "Place/安吉县")
    assert {ev.pattern for ev in origin.evidence} == {"originated.worked-there"}


def test_worked_in_there(corpus: Corpus) -> None:
    worked = relation(corpus, "Person/李明", "workedIn", "Place/安吉县")
    assert {ev.pattern for ev in worked.evidence} == {"worked.at"}
    assert worked.role == ""


def test_worked_in_with_the_role_written_before_the_name(corpus: Corpus) -> None:
    worked = relation(corpus, "Person/李强", "workedIn", "Place/安吉县")
    assert worked.role == "县长"
    assert worked.evidence[0].text == "安吉县县长李强说，要做强竹产业。"


def test_worked_in_from_a_byline_affiliation(corpus: Corpus) -> None:
    worked = relation(corpus, "Person/周晓东", "workedIn", "Place/安吉县")
    assert worked.role == "县委书记"
    assert [ev.pattern for ev in worked.evidence] == ["worked.byline-affiliation"]


def test_visited(corpus: Corpus) -> None:
    visited = relation(corpus, "Person/李强", "visited", "Place/天荒坪镇")
    assert {ev.pattern for ev in visited.evidence} == {"visited.verb"}


def test_stated_with_the_campaign_it_quotes(corpus: Corpus) -> None:
    statements = [
        r for r in corpus.relations if r.subject == "Person/李强" and r.predicate == "stated"
    ]
    literal = {r.object for r in statements if r.literal}
    assert literal == {"要把‘千万工程’一张蓝图绘到底。", "要做强竹产业"}
    quoted = relation(corpus, "Person/李强", "stated", "Campaign/千万工程")
    assert not quoted.literal
    assert [ev.pattern for ev in quoted.evidence] == ["stated.mentions"]


def test_contained_in_place_from_nested_writing(corpus: Corpus) -> None:
    for child, parent in (("天荒坪镇", "安吉县"), ("安吉县", "湖州市"), ("湖州市", "浙江省")):
        contained = relation(corpus, f"Place/{child}", "containedInPlace", f"Place/{parent}")
        assert documents_of(contained) == ["a"]
        assert contained.evidence[0].pattern == "contained.written-nested"


def test_organization_located_in_the_place_its_name_starts_with(corpus: Corpus) -> None:
    located = relation(corpus, "Organization/杭州市委组织部", "locatedIn", "Place/杭州市")
    assert located.evidence[0].text == "杭州市委组织部和安吉县委联合召开座谈会。"
    relation(corpus, "Organization/安吉县委", "locatedIn", "Place/安吉县")


def test_author_of_a_work(corpus: Corpus) -> None:
    authored = relation(corpus, "Person/李明", "authorOf", "CreativeWork/之江新语")
    assert authored.evidence[0].pattern == "authored.in-work"


def test_has_part_from_a_jiancheng_definition(corpus: Corpus) -> None:
    parts = {
        r.object
        for r in corpus.relations
        if r.subject == "Campaign/千万工程" and r.predicate == "hasPart"
    }
    assert parts == {"千村示范", "万村整治"}
    part = relation(corpus, "Campaign/千万工程", "hasPart", "千村示范")
    assert part.literal
    assert part.evidence[0].text == "2003年，浙江省启动“千村示范、万村整治”，简称“千万工程”。"


# --- evidence ----------------------------------------------------------------------------


def test_evidence_points_at_its_sentence_in_the_original_text(corpus: Corpus) -> None:
    texts = {d.id: d.text for d in corpus.documents}
    dates = {d.id: d.date for d in corpus.documents}
    sentences = {(s.doc_id, s.index): s for s in corpus.sentences}
    assert corpus.relations
    for r in corpus.relations:
        assert r.confidence == max(ev.confidence for ev in r.evidence)
        for ev in r.evidence:
            sentence = sentences[(ev.doc_id, ev.sentence)]
            assert (ev.start, ev.end) == (sentence.start, sentence.end)
            assert texts[ev.doc_id][ev.start : ev.end] == ev.text
            assert normalize(ev.text).text == sentence.norm
            assert ev.pattern
            assert 0 < ev.confidence <= 1
            assert ev.date == dates[ev.doc_id]


def test_dates_of_the_evidence(corpus: Corpus) -> None:
    dates = {d.id: d.date for d in corpus.documents}
    assert (dates["a"], dates["b"]) == ("2023-06-12", "2024-03-04")
    visited = relation(corpus, "Person/李强", "visited", "Place/天荒坪镇")
    assert {ev.date for ev in visited.evidence} == {"2023-06-12", "2024-03-04"}


def test_one_relation_with_evidence_from_two_documents(corpus: Corpus) -> None:
    proposed = relation(corpus, "Person/李明", "proposed", "Slogan/两山")
    assert documents_of(proposed) == ["a", "b"]
    worked = relation(corpus, "Person/李明", "workedIn", "Place/安吉县")
    assert documents_of(worked) == ["a", "b"]
    visited = relation(corpus, "Person/李强", "visited", "Place/天荒坪镇")
    assert sorted({ev.doc_id for ev in visited.evidence}) == ["a", "b"]
    triples = [(r.subject, r.predicate, r.object) for r in corpus.relations]
    assert len(triples) == len(set(triples))


def test_teaser_text_yields_no_relations(corpus: Corpus) -> None:
    sections = {(s.doc_id, s.index): s.section for s in corpus.sentences}
    teaser = [key for key, section in sections.items() if section == SectionKind.TEASER]
    assert [key[0] for key in teaser] == ["a", "a"]
    used = {(ev.doc_id, ev.sentence) for r in corpus.relations for ev in r.evidence}
    assert not used & set(teaser)
    # the same words in the body of another article do yield the relation
    visited = relation(corpus, "Person/赵强", "visited", "Place/宁波市")
    assert documents_of(visited) == ["b"]
    assert not [
        r for r in corpus.relations if r.object == "Place/温州市" and r.predicate == "visited"
    ]


# --- co-occurrence ---------------------------------------------------------------------------


def test_cooccurrence_counts(corpus: Corpus) -> None:
    pairs = {(c.a, c.b): c for c in corpus.cooccurrences}
    pair = pairs[("Person/李强", "Place/天荒坪镇")]
    # a: one body sentence; b: the title and one body sentence
    assert (pair.sentences, pair.documents) == (3, 2)
    assert [(ev.doc_id, ev.pattern) for ev in pair.evidence] == [
        ("a", "cooccurrence.sentence"),
        ("b", "cooccurrence.sentence"),
        ("b", "cooccurrence.sentence"),
    ]


def test_cooccurrence_only_in_body_and_title_sentences(corpus: Corpus) -> None:
    sections = {(s.doc_id, s.index): s.section for s in corpus.sentences}
    for c in corpus.cooccurrences:
        assert c.a < c.b
        assert c.sentences >= len(c.evidence) >= 1
        for ev in c.evidence:
            assert sections[(ev.doc_id, ev.sentence)] in (SectionKind.BODY, SectionKind.TITLE)
    # 赵强 and 宁波市 meet in a teaser of a and in the body of b: one sentence
    assert {(c.a, c.b): c.sentences for c in corpus.cooccurrences}[
        ("Person/赵强", "Place/宁波市")
    ] == 1


def test_evidence_quotes_its_sentence_once_for_every_relation_and_pair(corpus: Corpus) -> None:
    texts = {d.id: d.text for d in corpus.documents}
    quoted: dict[tuple[str, int], list[str]] = {}
    for ev in [e for r in corpus.relations for e in r.evidence] + [
        e for c in corpus.cooccurrences for e in c.evidence
    ]:
        assert ev.text == texts[ev.doc_id][ev.start : ev.end]
        quoted.setdefault((ev.doc_id, ev.sentence), []).append(ev.text)
    shared = [t for t in quoted.values() if len(t) > 1]
    assert shared  # sentences evidencing several relations and pairs hold one string for all
    assert all(all(text is t[0] for text in t) for t in shared)
    keys = {e.key: e.key for e in corpus.entities}
    assert all(keys[c.a] is c.a and keys[c.b] is c.b for c in corpus.cooccurrences)


def test_pmi_and_llr_are_finite(corpus: Corpus) -> None:
    assert corpus.cooccurrences
    for c in corpus.cooccurrences:
        assert math.isfinite(c.pmi)
        assert math.isfinite(c.llr)
        assert c.llr >= 0


def test_pmi_is_higher_for_a_pair_that_always_appears_together(corpus: Corpus) -> None:
    pairs = {(c.a, c.b): c for c in corpus.cooccurrences}
    together = pairs[("Organization/安吉县委", "Organization/杭州市委组织部")]  # one sentence each
    loose = pairs[("Person/李强", "Place/安吉县")]  # both named in many other sentences
    assert together.pmi > loose.pmi


def test_an_organization_opening_with_a_name_many_places_share_is_placed_nowhere() -> None:
    extractor = Extractor()
    text = (
        "社区食堂开张\n据新华网报道，杭州市委组织部召开座谈会。新华网记者参加了座谈会。"
        "新华区的代表也参加了座谈会。\n"
    )
    extraction = extract_document(extractor, document_from_text("a.txt", text))
    corpus = analyse([extraction], extractor.gazetteer)
    keys = {e.key for e in corpus.entities}
    assert "Organization/新华网" in keys and any(k.startswith("Place/新华区") for k in keys)
    located = {(r.subject, r.object) for r in corpus.relations if r.predicate == "locatedIn"}
    assert ("Organization/杭州市委组织部", "Place/杭州市") in located
    assert not {obj for subject, obj in located if subject == "Organization/新华网"}


def test_the_object_of_a_preposition_is_not_who_speaks() -> None:
    extractor = Extractor()
    text = "县里举行颁奖仪式\n县长王芳亲自为李强颁奖，并说：“今天是全县体育史上伟大的一天！”\n"
    extraction = extract_document(extractor, document_from_text("a.txt", text))
    corpus = analyse([extraction], extractor.gazetteer)
    speakers = {r.subject for r in corpus.relations if r.predicate == "stated"}
    assert speakers == {"Person/王芳"}


def test_a_body_named_by_its_level_alone_is_no_entity() -> None:
    extractor = Extractor()
    texts = {
        "a.txt": "杭州召开会议\n杭州市人大常委会副主任李强出席。市人大常委会副主任王芳出席会议。\n",
        "b.txt": "宁波召开会议\n区委宣传部部长周宁参加了视察活动。县政协主席赵强出席会议。\n",
    }
    corpus = analyse(
        [extract_document(extractor, document_from_text(n, t)) for n, t in texts.items()],
        extractor.gazetteer,
    )
    organizations = {e.label for e in corpus.entities if e.type.value == "Organization"}
    assert "杭州市人大常委会" in organizations
    assert not organizations & {"市人大常委会", "区委宣传部", "县政协"}
    worked = {r.object for r in corpus.relations if r.predicate == "workedIn"}
    assert not {o for o in worked if o.endswith(("/市人大常委会", "/区委宣传部", "/县政协"))}
