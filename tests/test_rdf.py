"""Tests for kgraph.rdf.serialize: the RDF shape of docs/rdf.md, on a small corpus written here."""

from __future__ import annotations

import hashlib
import io
import itertools
from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import SDO, SKOS

from kgraph.extract.rules import Extractor
from kgraph.graph import corpus_graph
from kgraph.model import (
    CoOccurrence,
    Corpus,
    Document,
    Entity,
    EntityType,
    Evidence,
    Mention,
    Relation,
    SectionKind,
    Sentence,
)
from kgraph.pipeline import analyse, build_corpus, document_from_text, extract_document
from kgraph.rdf.serialize import (
    CORPUS_GRAPH,
    _LanguageTagCase,
    _string,
    _value,
    corpus_rdf,
    document_iri,
    entity_iri,
    ntriples,
    write_rdf,
)
from kgraph.rdf.vocab import DATA, KG

ARTICLE = """首页 | 新闻 | 浙江 | 评论 | 视频
“千万工程”二十年：安吉县余村的绿色答卷
2023-06-12 09:30 来源：浙江日报 作者：李明 王芳
2003年，浙江省启动“千村示范、万村整治”，简称“千万工程”。
李明同志在安吉县工作期间，大力倡导“两山”理念。
李强指出：“要把‘千万工程’一张蓝图绘到底。”
浙江省湖州市安吉县天荒坪镇是竹产业重镇。
相关新闻
• 县长赵强到宁波市调研数字经济
• 副市长孙丽到温州市调研乡村振兴
版权所有 浙江日报报业集团 未经授权不得转载
"""

FOLLOW_UP = """县长李强再次到天荒坪镇调研
2024年3月4日 来源：湖州日报
县长李强到天荒坪镇调研，察看竹林碳汇项目。
李明同志在安吉县工作期间，大力倡导“两山”理念。
"""

TRADITIONAL = """安吉縣的春天
習近平總書記來到湖州市安吉縣考察，強調要堅持綠色發展。
安吉的竹林一望無際。
"""

UNDATED = "一篇没有日期的短评\n杭州市委组织部召开座谈会，李明同志出席。\n"

ENTITY_CLASSES = {SDO.Person, SDO.Place, SDO.Organization, SDO.CreativeWork, KG.Campaign, KG.Slogan}
ENTITY_CLASSES.add(SKOS.Concept)


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor()


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory, extractor: Extractor) -> tuple[Corpus, Path]:
    source = tmp_path_factory.mktemp("articles")
    files = {
        "a.txt": ARTICLE,
        "sub/b.txt": FOLLOW_UP,
        "繁体.txt": TRADITIONAL,
        "d.txt": UNDATED,
    }
    for name, text in files.items():
        (source / name).parent.mkdir(parents=True, exist_ok=True)
        (source / name).write_text(text, encoding="utf-8")
    corpus = build_corpus([source], extractor=extractor)
    out = tmp_path_factory.mktemp("rdf")
    write_rdf(corpus, corpus_graph(corpus), out)
    return corpus, out


@pytest.fixture(scope="module")
def corpus(built: tuple[Corpus, Path]) -> Corpus:
    return built[0]


@pytest.fixture(scope="module")
def turtle(built: tuple[Corpus, Path]) -> Graph:
    return Graph().parse(built[1] / "graph.ttl", format="turtle")


def entities_of(g: Graph) -> set[URIRef]:
    return {s for s, o in g.subject_objects(RDF.type) if o in ENTITY_CLASSES}  # type: ignore[misc]


def test_turtle_parses_and_holds_the_documents(turtle: Graph, corpus: Corpus) -> None:
    articles = set(turtle.subjects(RDF.type, SDO.Article))
    assert articles == {document_iri(d.id) for d in corpus.documents}
    assert len(articles) == 4


def test_documents_have_identifier_and_typed_date(turtle: Graph, corpus: Corpus) -> None:
    identifiers = {str(turtle.value(document_iri(d.id), SDO.identifier)) for d in corpus.documents}
    assert identifiers == {"a.txt", "sub/b.txt", "繁体.txt", "d.txt"}
    a = document_iri(next(d.id for d in corpus.documents if d.path == "a.txt"))
    assert turtle.value(a, SDO.datePublished) == Literal("2023-06-12", datatype=XSD.date)
    for doc in turtle.subjects(RDF.type, SDO.Article):
        for date in turtle.objects(doc, SDO.datePublished):
            assert isinstance(date, Literal) and date.datatype == XSD.date
    undated = document_iri(next(d.id for d in corpus.documents if d.path == "d.txt"))
    assert turtle.value(undated, SDO.datePublished) is None


def test_documents_link_their_bylines_and_source(turtle: Graph, corpus: Corpus) -> None:
    a = document_iri(next(d.id for d in corpus.documents if d.path == "a.txt"))
    assert set(turtle.objects(a, SDO.author)) == {
        entity_iri("Person/李明"),
        entity_iri("Person/王芳"),
    }
    assert set(turtle.objects(a, SDO.publisher)) == {entity_iri("Organization/浙江日报")}


def test_every_mention_slices_its_document_to_its_surface(turtle: Graph, corpus: Corpus) -> None:
    texts = {document_iri(d.id): d.text for d in corpus.documents}
    mentions = list(turtle.subjects(RDF.type, KG.Mention))
    assert len(mentions) == sum(len(e.mentions) for e in corpus.entities)
    for m in mentions:
        text = texts[turtle.value(m, KG.inDocument)]  # type: ignore[index]
        begin, end = turtle.value(m, KG.begin).toPython(), turtle.value(m, KG.end).toPython()  # type: ignore[union-attr]
        assert text[begin:end] == str(turtle.value(m, KG.surface))
        sentence = turtle.value(m, KG.inSentence)
        assert turtle.value(sentence, KG.begin).toPython() <= begin  # type: ignore[union-attr]
        assert end <= turtle.value(sentence, KG.end).toPython()  # type: ignore[union-attr]


def test_sentences_slice_their_document_and_chrome_is_not_exported(
    turtle: Graph, corpus: Corpus
) -> None:
    texts = {document_iri(d.id): d.text for d in corpus.documents}
    sections = set()
    for s in turtle.subjects(RDF.type, KG.Sentence):
        text = texts[turtle.value(s, KG.inDocument)]  # type: ignore[index]
        begin, end = turtle.value(s, KG.begin).toPython(), turtle.value(s, KG.end).toPython()  # type: ignore[union-attr]
        assert text[begin:end] == str(turtle.value(s, KG.text))
        sections.add(str(turtle.value(s, KG.section)))
    assert sections == {"title", "body", "meta", "teaser"}
    assert not [t for t in turtle.objects(None, KG.text) if "版权所有" in t or "首页" in t]


def test_exactly_one_simplified_label_per_entity(turtle: Graph) -> None:
    entities = entities_of(turtle)
    assert len(entities) > 10
    for e in entities:
        labels = list(turtle.objects(e, RDFS.label))
        assert len(labels) == 1, e
        assert labels[0].language == "zh-Hans"  # type: ignore[union-attr]


def test_traditional_aliases_are_tagged_zh_hant(turtle: Graph) -> None:
    def aliases(key: str) -> set[tuple[str, str]]:
        return {(str(a), a.language) for a in turtle.objects(entity_iri(key), SKOS.altLabel)}  # type: ignore[union-attr]

    assert ("習近平", "zh-Hant") in aliases("Person/习近平")
    assert ("安吉縣", "zh-Hant") in aliases("Place/安吉县")
    assert ("安吉", "zh-Hans") in aliases("Place/安吉县")
    label = str(turtle.value(entity_iri("Place/安吉县"), RDFS.label))
    assert label == "安吉县"
    assert label not in {a for a, _ in aliases("Place/安吉县")}


def test_places_have_codes_and_containing_places(turtle: Graph) -> None:
    anji = entity_iri("Place/安吉县")
    assert str(turtle.value(anji, KG.adminCode)) == "330523"
    assert turtle.value(anji, SDO.containedInPlace) == entity_iri("Place/湖州市")
    town = entity_iri("Place/天荒坪镇")
    assert turtle.value(town, SDO.containedInPlace) == anji


def test_relations_are_direct_triples_and_assertions_with_evidence(
    turtle: Graph, corpus: Corpus
) -> None:
    assertions = set(turtle.subjects(RDF.type, KG.RelationAssertion))
    assert len(assertions) == len(corpus.relations) > 5
    for node in assertions:
        s, p, o = (turtle.value(node, x) for x in (RDF.subject, RDF.predicate, RDF.object))
        assert (s, p, o) in turtle
        assert (node, RDF.type, RDF.Statement) in turtle
        evidence = list(turtle.objects(node, KG.evidence))
        assert evidence
        for ev in evidence:
            assert (ev, RDF.type, KG.Evidence) in turtle
            for prop in (KG.inDocument, KG.inSentence, KG.begin, KG.end, KG.text, KG.pattern):
                assert turtle.value(ev, prop) is not None, prop
            assert 0 < turtle.value(ev, KG.confidence).toPython() <= 1  # type: ignore[union-attr]


def test_a_relation_seen_in_two_documents_is_one_assertion_with_two_evidence(
    turtle: Graph,
) -> None:
    subject, obj = entity_iri("Person/李明"), entity_iri("Slogan/两山")
    assert (subject, KG.proposed, obj) in turtle
    nodes = [
        n
        for n in turtle.subjects(RDF.subject, subject)
        if turtle.value(n, RDF.predicate) == KG.proposed and turtle.value(n, RDF.object) == obj
    ]
    assert len(nodes) == 1
    evidence = list(turtle.objects(nodes[0], KG.evidence))
    documents = {turtle.value(ev, KG.inDocument) for ev in evidence}
    assert len(evidence) == 2 and len(documents) == 2
    for ev in evidence:
        assert turtle.value(ev, SDO.datePublished).datatype == XSD.date  # type: ignore[union-attr]


def test_statements_are_quote_nodes(turtle: Graph) -> None:
    quotes = list(turtle.objects(entity_iri("Person/李强"), KG.stated))
    texts = {str(turtle.value(q, KG.text)) for q in quotes if (q, RDF.type, KG.Quote) in turtle}
    assert "要把‘千万工程’一张蓝图绘到底。" in texts


def test_teaser_mentions_are_not_document_mentions(turtle: Graph, corpus: Corpus) -> None:
    a = document_iri(next(d.id for d in corpus.documents if d.path == "a.txt"))
    mentioned = set(turtle.objects(a, SDO.mentions))
    assert entity_iri("Place/安吉县") in mentioned
    assert entity_iri("Place/宁波市") not in mentioned  # only in the related-news list


def test_ntriples_and_turtle_are_isomorphic(built: tuple[Corpus, Path], turtle: Graph) -> None:
    ntriples = Graph().parse(built[1] / "graph.nt", format="nt")
    assert len(ntriples) == len(turtle)
    assert isomorphic(ntriples, turtle)


def subject_runs(lines: list[str]) -> list[tuple[str, list[str]]]:
    """Consecutive lines with one subject, as (subject, lines)."""
    return [(s, list(run)) for s, run in itertools.groupby(lines, key=lambda x: x.split(" ", 1)[0])]


def assert_grouped_by_subject(lines: list[str]) -> None:
    assert len(lines) == len(set(lines)), "a triple is written twice"
    runs = subject_runs(lines)
    subjects = [s for s, _ in runs]
    assert len(subjects) == len(set(subjects)), "a subject's triples are not consecutive"
    for _, run in runs:
        assert run == sorted(run)


def test_ntriples_lines_are_unique_and_grouped_by_subject(built: tuple[Corpus, Path]) -> None:
    lines = (built[1] / "graph.nt").read_text(encoding="utf-8").splitlines()
    assert_grouped_by_subject(lines)
    entity_types = {t.value for t in EntityType}
    order = [s.split("/id/")[1].split("/")[0] for s, _ in subject_runs(lines)]
    kinds = [k for k, _ in itertools.groupby("entity" if k in entity_types else k for k in order)]
    assert kinds[:4] == ["doc", "sentence", "entity", "mention"]
    assert set(kinds[4:]) == {"relation", "quote", "evidence", "cooccurrence"}
    assert kinds[-2:] == ["cooccurrence", "evidence"]


def test_ntriples_are_the_lines_of_corpus_rdf(built: tuple[Corpus, Path]) -> None:
    corpus, out = built
    lines = (out / "graph.nt").read_text(encoding="utf-8")
    assert lines == "".join(ntriples(corpus, corpus_graph(corpus)))
    assert set(corpus_rdf(corpus, corpus_graph(corpus))) == set(
        Graph().parse(data=lines, format="nt")
    )


def test_nquads_are_the_ntriples_each_in_its_documents_graph_or_the_corpus_graph(
    built: tuple[Corpus, Path], tmp_path: Path
) -> None:
    corpus, out = built
    digests = write_rdf(corpus, corpus_graph(corpus), tmp_path, ["nq"])
    assert [p.name for p in tmp_path.iterdir()] == ["graph.nq"]
    quads = list(ox.parse(path=tmp_path / "graph.nq", format=ox.RdfFormat.N_QUADS))
    triples = {q.triple for q in ox.parse(path=out / "graph.nt", format=ox.RdfFormat.N_TRIPLES)}
    assert len(quads) == len(triples) == len({q.triple for q in quads})
    assert {q.triple for q in quads} == triples
    docs = {str(document_iri(d.id)) for d in corpus.documents}
    assert set(digests) == docs | {CORPUS_GRAPH}
    in_document = ox.NamedNode(f"{KG}inDocument")
    for q in quads:
        if q.predicate == in_document:  # sentences, mentions, evidence: their document's graph
            assert q.graph_name == q.object, q
        elif q.predicate == ox.NamedNode(f"{KG}evidence"):  # the link lies with its evidence
            assert q.graph_name.value in docs
        elif q.subject.value.startswith(f"{DATA}Person/"):
            assert q.graph_name.value == CORPUS_GRAPH
    # a graph's digest is that of its lines, in order
    lines: dict[str, str] = {}
    for line in (tmp_path / "graph.nq").read_text(encoding="utf-8").splitlines(keepends=True):
        graph = line.rsplit(" ", 2)[-2][1:-1]
        lines[graph] = lines.get(graph, "") + line
    assert digests == {g: hashlib.sha256(t.encode()).hexdigest() for g, t in sorted(lines.items())}


def test_only_turtle_leaves_no_ntriples_behind(built: tuple[Corpus, Path], tmp_path: Path) -> None:
    corpus, out = built
    write_rdf(corpus, corpus_graph(corpus), tmp_path, ["ttl"])
    assert [p.name for p in tmp_path.iterdir()] == ["graph.ttl"]
    assert (tmp_path / "graph.ttl").read_bytes() == (out / "graph.ttl").read_bytes()


# rdflib's JSON-LD parser builds a ConjunctiveGraph, which rdflib itself deprecates
RDFLIB_JSONLD = pytest.mark.filterwarnings(
    "ignore:ConjunctiveGraph is deprecated:DeprecationWarning"
)


@RDFLIB_JSONLD
def test_jsonld_reads_back_as_the_ntriples(built: tuple[Corpus, Path]) -> None:
    assert_jsonld_holds_the_ntriples(built[1])


@RDFLIB_JSONLD
def test_seeds_jsonld_reads_back_as_the_ntriples(seeds_export: Path) -> None:
    assert_jsonld_holds_the_ntriples(seeds_export)


def assert_jsonld_holds_the_ntriples(folder: Path) -> None:
    """rdflib and Oxigraph read graph.jsonld to exactly the triples of graph.nt."""
    nt, jsonld = folder / "graph.nt", folder / "graph.jsonld"
    expected = set(Graph().parse(nt, format="nt"))
    assert set(Graph().parse(jsonld, format="json-ld")) == expected
    oxigraph = set(ox.parse(path=jsonld, format=ox.RdfFormat.JSON_LD))
    assert oxigraph == set(ox.parse(path=nt, format=ox.RdfFormat.N_TRIPLES))
    assert len(oxigraph) == len(expected)


def test_turtle_keeps_the_case_of_language_tags(built: tuple[Corpus, Path]) -> None:
    turtle = (built[1] / "graph.ttl").read_text(encoding="utf-8")
    assert '"@zh-Hans' in turtle and '"@zh-Hant' in turtle
    assert "@zh-han" not in turtle


# --- literals as rdflib writes them, tags recased in any chunking ---------------------------


def rdflib_object(value: object) -> str:
    """The object term rdflib writes for ``Literal(value)`` in N-Triples."""
    g = Graph()
    g.add((URIRef("urn:s"), URIRef("urn:p"), Literal(value)))
    line = g.serialize(format="nt", encoding="utf-8").decode("utf-8").strip()
    return line.removeprefix("<urn:s> <urn:p> ").removesuffix(" .")


@given(st.one_of(st.text(), st.integers(), st.floats(), st.booleans()))
def test_literals_are_written_as_rdflib_writes_them(value: object) -> None:
    if isinstance(value, str):
        assert _string(value) == rdflib_object(value)
    assert _value(value) == rdflib_object(value)


# Oxigraph's Turtle: only real language tags are recased, not text that looks like one.
TURTLE = (
    "@prefix kg: <https://w3id.org/kgraph/ns#> .\n"
    '<urn:a> kg:text "say \\"@zh-hans\\" now" , "@zh-hant" , "ends \\\\"@zh-hant ;\n'
    '\tkg:surface "寿宁"@zh-hans , "x"@en-us .\n'
).encode()
RECASED = (
    "@prefix kg: <https://w3id.org/kgraph/ns#> .\n"
    '<urn:a> kg:text "say \\"@zh-hans\\" now" , "@zh-hant" , "ends \\\\"@zh-Hant ;\n'
    '\tkg:surface "寿宁"@zh-Hans , "x"@en-US .\n'
).encode()


@given(st.lists(st.integers(min_value=0, max_value=len(TURTLE)), max_size=8))
def test_language_tags_are_recased_across_any_chunks(cuts: list[int]) -> None:
    sink = io.BytesIO()
    writer = _LanguageTagCase(sink)
    bounds = [0, *sorted(cuts), len(TURTLE)]
    for start, stop in itertools.pairwise(bounds):
        writer.write(TURTLE[start:stop])
    writer.close()
    assert sink.getvalue() == RECASED


# --- records that share a node are still one subject ---------------------------------------


def test_records_sharing_a_node_are_written_as_one_subject() -> None:
    text = "李明到安吉县。\n李明说：“好。”"
    doc = Document(
        id="d", path="d.txt", text=text, encoding="utf-8", title="", date="2024-01-02",
        authors=("李明", "李明"), editors=(), sources=(), sections=(),
    )  # fmt: skip
    sentences = (
        Sentence("d", 0, 0, 7, SectionKind.BODY, text[:7], tuple(range(7))),
        Sentence("d", 1, 8, len(text), SectionKind.TEASER, text[8:], tuple(range(8, len(text)))),
    )

    def mention(start: int, end: int, type_: EntityType, sentence: int = 0) -> Mention:
        surface = text[start:end]
        return Mention("d", sentence, start, end, surface, surface, type_, "test", 0.9)

    ev = Evidence("d", 0, 0, 7, text[:7], "visited.verb", 0.9, "2024-01-02")
    entities = (
        Entity("Person/李明", EntityType.PERSON, "李明", (), (mention(0, 2, EntityType.PERSON),)),
        # one span resolved to two entities: one mention node
        Entity("Place/安吉县", EntityType.PLACE, "安吉县", ("安吉",), (mention(3, 6, EntityType.PLACE),)),
        Entity("Organization/安吉县", EntityType.ORGANIZATION, "安吉县", (), (mention(3, 6, EntityType.ORGANIZATION),)),
    )  # fmt: skip
    relations = (
        Relation("Person/李明", "visited", "Place/安吉县", (ev, ev), confidence=0.9),
        Relation("Person/李明", "stated", "好。", (ev,), literal=True, confidence=0.8),
        Relation("Person/不在", "visited", "Place/安吉县", (ev,), confidence=0.5),  # no such entity
    )
    pair = CoOccurrence("Person/李明", "Place/安吉县", 1, 1, 1.5, 2.5, (ev,))
    corpus = Corpus((doc,), sentences, entities, relations, (pair,), ())
    lines = list(ntriples(corpus, corpus_graph(corpus)))
    assert_grouped_by_subject(lines)
    mention_node = "<https://w3id.org/kgraph/id/mention/d/3-6>"
    refers = [x for x in lines if x.startswith(mention_node) and "refersTo" in x]
    assert len(refers) == 2
    authors = [x for x in lines if "schema.org/author" in x]
    assert len(authors) == 1
    g = Graph().parse(data="".join(lines), format="nt")
    assert (entity_iri("Person/不在"), KG.visited, entity_iri("Place/安吉县")) in g


# --- property: generated documents --------------------------------------------------------

PLACES_AND_NAMES = [
    "杭州市", "安吉县", "安吉縣", "湖州", "浙江省", "天荒坪镇", "宁波市", "余村",
    "習近平總書記", "县长李强", "杭州市委组织部", "“千万工程”", "《之江新语》", "習(xí)近平",
]  # fmt: skip
HAN = st.text(st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF), min_size=1, max_size=6)
GLUE = st.sampled_from(["。", "，", "\n", "：“", "”", "、", " ", "（lái）", "到", "在"])
DOCUMENT = st.lists(
    st.one_of(st.sampled_from(PLACES_AND_NAMES), HAN, GLUE), min_size=1, max_size=30
).map(lambda parts: "李明同志说：" + "".join(parts))


@settings(max_examples=25, deadline=None)
@given(st.lists(DOCUMENT, min_size=1, max_size=2))
def test_mentions_slice_generated_documents(extractor: Extractor, texts: list[str]) -> None:
    extractions = [
        extract_document(extractor, document_from_text(f"g{i}.txt", text))
        for i, text in enumerate(texts)
    ]
    corpus = analyse(extractions, extractor.gazetteer)
    g = corpus_rdf(corpus, corpus_graph(corpus))
    originals = {document_iri(d.id): d.text for d in corpus.documents}
    assert sorted(originals.values()) == sorted(texts)
    for m in g.subjects(RDF.type, KG.Mention):
        text = originals[g.value(m, KG.inDocument)]  # type: ignore[index]
        begin, end = g.value(m, KG.begin).toPython(), g.value(m, KG.end).toPython()  # type: ignore[union-attr]
        assert text[begin:end] == str(g.value(m, KG.surface))
    for e in entities_of(g):
        assert len(list(g.objects(e, RDFS.label))) == 1
