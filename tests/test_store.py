"""The SPARQL store: building, opening, querying, errors, the query command, round trips."""

from __future__ import annotations

import argparse
import itertools
import json
import os
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import RDF, RDFS, XSD, BNode, Graph, Literal, Namespace, URIRef
from rdflib.compare import isomorphic

from kgraph.commands import query as query_command
from kgraph.errors import ExportError, InputError, QueryError
from kgraph.rdf import store
from kgraph.rdf.vocab import KG

KGD = Namespace("https://w3id.org/kgraph/id/")
SCHEMA = Namespace("https://schema.org/")
SKOS = Namespace("http://www.w3.org/2004/02/skos/core#")


# --------------------------------------------------------------------------- a graph in the shape


def export_graph(
    entities: list[tuple[str, str]],
    texts: list[str],
    confidences: list[float],
) -> Graph:
    """A graph in the shape of docs/rdf.md.

    ``entities`` are (class name, Chinese label); every entity is mentioned
    in a one-sentence document per text, and consecutive entities are
    related with evidence and co-occur.
    """
    graph = Graph()
    classes = {
        "Person": SCHEMA.Person,
        "Place": SCHEMA.Place,
        "Organization": SCHEMA.Organization,
        "Campaign": KG.Campaign,
        "Slogan": KG.Slogan,
        "Concept": SKOS.Concept,
    }
    keys = []
    for kind, label in entities:
        entity = KGD[f"{kind}/{label}"]
        keys.append(entity)
        graph.add((entity, RDF.type, classes[kind]))
        graph.add((entity, RDFS.label, Literal(label, lang="zh-Hans")))
        graph.add((entity, KG.documentCount, Literal(len(texts))))
    for d, text in enumerate(texts or ["空"]):
        doc = KGD[f"doc/{d:03d}"]
        graph.add((doc, RDF.type, SCHEMA.Article))
        graph.add((doc, SCHEMA.identifier, Literal(f"{d:03d}.txt")))
        graph.add((doc, SCHEMA.headline, Literal(text)))
        graph.add(
            (doc, SCHEMA.datePublished, Literal(f"2023-07-{d % 28 + 1:02d}", datatype=XSD.date))
        )
        sentence = KGD[f"sentence/{d:03d}/0"]
        graph.add((sentence, RDF.type, KG.Sentence))
        graph.add((sentence, KG.inDocument, doc))
        graph.add((sentence, KG.index, Literal(0)))
        graph.add((sentence, KG.begin, Literal(0)))
        graph.add((sentence, KG.end, Literal(len(text))))
        graph.add((sentence, KG.section, Literal("body")))
        graph.add((sentence, KG.text, Literal(text)))
        for i, entity in enumerate(keys):
            mention = KGD[f"mention/{d:03d}/{i}-{i + 1}"]
            graph.add((mention, RDF.type, KG.Mention))
            graph.add((mention, KG.refersTo, entity))
            graph.add((mention, KG.inDocument, doc))
            graph.add((mention, KG.inSentence, sentence))
            graph.add((mention, KG.begin, Literal(i)))
            graph.add((mention, KG.end, Literal(i + 1)))
            graph.add((mention, KG.surface, Literal(text[i : i + 1] or "空")))
            graph.add((mention, KG.extractor, Literal("test")))
            confidence = confidences[i % len(confidences)] if confidences else 0.5
            graph.add((mention, KG.confidence, Literal(confidence)))
    for n, (a, b) in enumerate(itertools.pairwise(keys)):
        graph.add((a, KG.proposed, b))
        assertion, evidence = KGD[f"relation/{n}"], KGD[f"evidence/{n}"]
        graph.add((assertion, RDF.type, KG.RelationAssertion))
        graph.add((assertion, RDF.type, RDF.Statement))
        graph.add((assertion, RDF.subject, a))
        graph.add((assertion, RDF.predicate, KG.proposed))
        graph.add((assertion, RDF.object, b))
        graph.add((assertion, KG.evidence, evidence))
        graph.add((evidence, RDF.type, KG.Evidence))
        graph.add((evidence, KG.text, Literal(texts[n % len(texts)] if texts else "")))
        graph.add((evidence, KG.pattern, Literal("proposed.verb")))
        graph.add((a, KG.coOccursWith, b))
        pair = KGD[f"cooccurrence/{n}"]
        graph.add((pair, RDF.type, KG.CoOccurrence))
        graph.add((pair, KG.member, a))
        graph.add((pair, KG.member, b))
        graph.add((pair, KG.sentenceCount, Literal(n + 1)))
        graph.add((pair, KG.pmi, Literal(1.5 + n)))
    return graph


ENTITIES = [
    ("Person", "习近平"),
    ("Campaign", "四下基层"),
    ("Place", "宁德市"),
    ("Place", "福建省"),
    ("Organization", "宁德市委组织部"),
    ("Concept", "乡村振兴"),
]
TEXTS = ['习近平在宁德提出"四下基层"', "第二行\n含“引号”与\\反斜杠"]


@pytest.fixture(scope="module")
def export(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An export folder: graph.ttl, graph.nt and store/."""
    folder = tmp_path_factory.mktemp("export")
    graph = export_graph(ENTITIES, TEXTS, [0.9, 0.25])
    graph.add((KGD["Place/宁德市"], SCHEMA.containedInPlace, KGD["Place/福建省"]))
    graph.serialize(folder / "graph.ttl", format="turtle")
    graph.serialize(folder / "graph.nt", format="nt", encoding="utf-8")
    store.write_store(folder / "graph.ttl", folder / store.STORE_DIRNAME)
    return folder


@pytest.fixture()
def kb(export: Path) -> Iterator[store.KnowledgeBase]:
    with store.open(export) as opened:
        yield opened


# --------------------------------------------------------------------------- building and opening


def test_write_store_loads_turtle_and_ntriples_alike(export: Path, tmp_path: Path) -> None:
    store.write_store(export / "graph.nt", tmp_path / "from-nt")
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    with store.open(export) as a, store.open(tmp_path / "from-nt") as b:
        rows_a, rows_b = a.query(count), b.query(count)
        assert isinstance(rows_a, store.Rows) and isinstance(rows_b, store.Rows)
        assert int(rows_a[0].n) == int(rows_b[0].n) == len(Graph().parse(export / "graph.nt"))


def test_nquads_loaded_in_batches_equal_oxigraphs_bulk_load(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lines = [
        f'<{KG}d{n % 7}> <{KG}p{n % 3}> "值 {n}"@zh <{KG}g{n % 5}> .\n'.encode()
        for n in range(4000)
    ]
    lines += [f"<{KG}d{n}> <{KG}q> <{KG}d{n + 1}> .\n".encode() for n in range(1000)]
    (tmp_path / "g.nq").write_bytes(b"".join(lines))
    monkeypatch.setattr(store, "_BATCH_BYTES", 4096)  # many batches from a small file
    store.write_store(tmp_path / "g.nq", tmp_path / "batched")
    bulk = ox.Store(str(tmp_path / "bulk"))
    bulk.bulk_load(path=str(tmp_path / "g.nq"), format=ox.RdfFormat.N_QUADS)
    batched = ox.Store.read_only(str(tmp_path / "batched"))
    assert set(batched) == set(bulk) and len(bulk) == 5000


def test_a_rebuild_replaces_the_store_and_a_failed_one_keeps_it(tmp_path: Path) -> None:
    first, second, broken = tmp_path / "a.nt", tmp_path / "b.nt", tmp_path / "broken.ttl"
    first.write_text('<http://x/a> <http://x/p> "1" .\n', encoding="utf-8")
    second.write_text('<http://x/b> <http://x/p> "2" .\n<http://x/c> <http://x/p> "3" .\n', "utf-8")
    broken.write_text("<http://x/a> <http://x/p> .\n", encoding="utf-8")
    target = tmp_path / "store"
    ask = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"

    def count() -> int:
        with store.open(target) as kb:
            rows = kb.query(ask)
            assert isinstance(rows, store.Rows)
            return int(rows[0].n)

    store.write_store(first, target)
    assert count() == 1
    store.write_store(second, target)
    assert count() == 2
    with pytest.raises(ExportError, match=r"broken\.ttl is not valid RDF"):
        store.write_store(broken, target)
    assert count() == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.nt", "b.nt", "broken.ttl", "store"]


def test_opening_without_a_store_says_how_to_make_one(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="does not exist"):
        store.open(tmp_path / "missing")
    (tmp_path / "graph.nt").write_text("", encoding="utf-8")
    with pytest.raises(
        InputError, match=r"no SPARQL store .*`kgraph build SOURCES --out .*store too"
    ):
        store.open(tmp_path)
    with pytest.raises(InputError, match="no export"):
        store.write_store(tmp_path / "nothing.ttl", tmp_path / "store")


def test_open_accepts_a_store_folder_and_an_rdf_file(export: Path) -> None:
    for location in (export / "store", export / "graph.ttl"):
        with store.open(location) as kb:
            assert kb.query("ASK { ?p a schema:Person }") is True


def test_a_closed_knowledge_base_refuses_queries(export: Path) -> None:
    kb = store.open(export)
    kb.close()
    with pytest.raises(QueryError, match="closed"):
        kb.query("ASK {}")


# --------------------------------------------------------------------------- querying


def test_select_rows_are_rdflib_terms(kb: store.KnowledgeBase) -> None:
    rows = kb.query(
        """SELECT ?entity ?label ?documents WHERE {
               ?entity a schema:Place ; rdfs:label ?label ; kg:documentCount ?documents }
           ORDER BY ?label"""
    )
    assert isinstance(rows, store.Rows)
    assert rows.variables == ("entity", "label", "documents")
    assert [row.entity for row in rows] == [KGD["Place/宁德市"], KGD["Place/福建省"]]
    assert rows[0]["label"].n3() == '"宁德市"@zh-Hans'  # Oxigraph's zh-hans, recased
    assert rows[0].documents == Literal(2)


def test_unbound_values_are_none(kb: store.KnowledgeBase) -> None:
    rows = kb.query(
        "SELECT ?e ?parent WHERE { ?e a schema:Place "
        "OPTIONAL { ?e schema:containedInPlace ?parent } }"
    )
    assert isinstance(rows, store.Rows)
    parents = {row.e: row.parent for row in rows}
    assert parents == {KGD["Place/宁德市"]: KGD["Place/福建省"], KGD["Place/福建省"]: None}


def test_ask_and_construct(kb: store.KnowledgeBase) -> None:
    assert kb.query("ASK { kgd:Place\\/宁德市 schema:containedInPlace+ ?p }") is True
    graph = kb.query("CONSTRUCT { ?e rdfs:label ?l } WHERE { ?e a schema:Place ; rdfs:label ?l }")
    assert isinstance(graph, Graph)
    assert set(graph.objects(None, RDFS.label)) == {
        Literal("宁德市", lang="zh-Hans"),
        Literal("福建省", lang="zh-Hans"),
    }


@pytest.mark.parametrize(
    "sparql",
    [
        "SELECT ?e ?l WHERE { ?e rdfs:label ?l FILTER(CONTAINS(?l, '宁德')) }",
        "SELECT ?a ?b WHERE { ?a kg:proposed ?x . ?x kg:proposed ?b }",
        "SELECT ?t (COUNT(?e) AS ?n) WHERE { ?e a ?t } GROUP BY ?t",
        # rdflib's parser ignores the escape in kgd:Place\/宁德市: write the IRI in full
        "SELECT ?m ?d WHERE { ?m kg:refersTo <https://w3id.org/kgraph/id/Place/宁德市> ;"
        " kg:inDocument ?d }",
        "SELECT ?text WHERE { ?r rdf:subject ?s ; kg:evidence ?e . ?e kg:text ?text }",
    ],
)
def test_oxigraph_and_rdflib_agree(kb: store.KnowledgeBase, sparql: str) -> None:
    ours = kb.query(sparql)
    theirs = kb.graph.query(sparql)
    assert isinstance(ours, store.Rows)
    assert sorted(map(tuple, ours)) == sorted(map(tuple, theirs))  # type: ignore[arg-type]


def test_a_query_may_redeclare_a_predeclared_prefix(kb: store.KnowledgeBase) -> None:
    rows = kb.query("PREFIX kg: <http://example.org/> SELECT ?s WHERE { ?s kg:proposed ?o }")
    assert rows == []


@pytest.mark.parametrize(
    ("sparql", "message"),
    [
        (
            "SELECT ?x WHERE {\n  ?x foaf:name ?n\n}",
            "line 2, column 6: unknown prefix 'foaf:': add PREFIX foaf: <http://xmlns.com/foaf/0.1/>",
        ),
        (
            "SELECT ?x WHERE {\n  ?x a schema:Place\n} LIMT 10",
            "line 3, column 3: unexpected 'LIMT'",
        ),
        ("SELECT ?x WHERE {\n  ?x a schema:Place\n} LIMT 10", "hint: did you mean LIMIT?"),
        (
            "SELECT ?x WHERE {\n  ?x rdfs:label ?l .\n  FILTER(CONTAINS(?l, '宁')\n}",
            "line 3, column 3: unexpected 'FILTER'",
        ),
        (
            "SELECT ?x WHERE {\n  ?x rdfs:label ?l .\n  FILTER(CONTAINS(?l, '宁')\n}",
            "2 '(' but 1 ')'",
        ),
        ("SELECT ?x { kgd:Place/宁德市 ?p ?x }", "write <https://w3id.org/kgraph/id/Place/宁德市>"),
        (
            "SELEC ?x WHERE { ?x ?p ?o }",
            "line 1, column 1: 'SELEC' does not start a SPARQL query: did you mean SELECT?",
        ),
        ("SELECT ?o WHERE { ?s ?p ?o } GROUP BY ?s", "variable that is unbound"),
        ("DELETE WHERE { ?s ?p ?o }", "SPARQL updates are refused"),
        ("PREFIX x: <http://x/> INSERT DATA { x:a x:b x:c }", "SPARQL updates are refused"),
        ("LOAD <http://example.org/data.ttl>", "SPARQL updates are refused"),
        (
            "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
            "SERVICE is refused",
        ),
    ],
)
def test_bad_queries_name_the_place_and_the_fix(
    kb: store.KnowledgeBase, sparql: str, message: str
) -> None:
    with pytest.raises(QueryError) as caught:
        kb.query(sparql)
    assert message in str(caught.value)


def test_syntax_errors_show_the_line_with_a_caret(kb: store.KnowledgeBase) -> None:
    with pytest.raises(QueryError) as caught:
        kb.query("SELECT ?x WHERE {\n  ?x a schema:Place\n} LIMT 10")
    lines = str(caught.value).splitlines()
    assert lines[1] == "   3 | } LIMT 10"
    assert lines[2] == "     |   ^"


def test_nothing_in_strings_iris_or_comments_is_mistaken_for_syntax(
    kb: store.KnowledgeBase,
) -> None:
    rows = kb.query(
        "# DELETE foo: is only a comment\n"
        "SELECT ?l WHERE { ?e rdfs:label ?l FILTER(?l != 'DELETE bar:' && ?e != <http://x/#a:b>) }"
    )
    assert isinstance(rows, store.Rows) and len(rows) == len(ENTITIES)
    variables = kb.query("SELECT ?insert ?service WHERE { ?insert ?service ?o } LIMIT 1")
    assert isinstance(variables, store.Rows) and len(variables) == 1


# --------------------------------------------------------------------------- kgraph query


def run_query_command(*argv: str) -> int:
    parser = argparse.ArgumentParser()
    query_command.register(parser.add_subparsers())
    args = parser.parse_args(["query", *argv])
    return int(args.run(args))


def test_query_command_prints_an_aligned_table(
    export: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    sparql = (
        "SELECT ?entity ?label WHERE { ?entity a schema:Place ; rdfs:label ?label } ORDER BY ?label"
    )
    assert run_query_command(str(export), sparql) == 0
    out, err = capfd.readouterr()
    assert out.splitlines() == [
        "entity            label",
        "----------------  ------",
        "kgd:Place/宁德市  宁德市",
        "kgd:Place/福建省  福建省",
    ]
    assert err == "2 rows\n"


def test_query_command_table_cuts_cells_and_puts_numbers_right(
    export: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    sparql = """SELECT ?label (?n * ?n * ?n * 3 AS ?cube) WHERE {
        ?pair kg:sentenceCount ?n ; kg:member ?m . ?m rdfs:label ?label
        FILTER(STR(?m) < "https://w3id.org/kgraph/id/Place") } ORDER BY ?n ?label"""
    assert run_query_command(str(export), sparql, "--max-width", "4") == 0
    assert capfd.readouterr().out.splitlines() == [
        "label  cube",
        "-----  ----",
        "习…       3",
        "四…       3",
        "四…      24",
        "宁…     192",
        "乡…     375",
        "宁…     375",
    ]


@pytest.mark.parametrize(
    ("fmt", "check"),
    [
        ("csv", lambda out: out.splitlines()[0] == "label" and "宁德市" in out),
        ("tsv", lambda out: out.splitlines()[0] == "?label" and '"宁德市"@zh-hans' in out),
        ("json", lambda out: json.loads(out)["head"]["vars"] == ["label"]),
        ("xml", lambda out: out.startswith("<?xml") and "宁德市" in out),
    ],
)
def test_query_command_writes_results_formats(
    export: Path, capfd: pytest.CaptureFixture[str], fmt: str, check: object
) -> None:
    sparql = "SELECT ?label WHERE { ?e a schema:Place ; rdfs:label ?label }"
    assert run_query_command(str(export), sparql, "--format", fmt) == 0
    assert callable(check) and check(capfd.readouterr().out)


def test_query_command_prints_turtle_for_construct(
    export: Path, tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    query_file = tmp_path / "q.rq"
    query_file.write_text(
        "CONSTRUCT { ?e rdfs:label ?l } WHERE { ?e a schema:Place ; rdfs:label ?l }", "utf-8"
    )
    assert run_query_command(str(export), "--file", str(query_file)) == 0
    graph = Graph().parse(data=capfd.readouterr().out, format="turtle")
    assert (KGD["Place/宁德市"], RDFS.label, Literal("宁德市", lang="zh-Hans")) in graph


def test_query_command_errors(export: Path) -> None:
    with pytest.raises(QueryError, match="line 1, column 33: unknown prefix 'ex:'"):
        run_query_command(str(export), "SELECT ?s WHERE { ?s ?p ?o . ?s ex:p ?o }")
    with pytest.raises(InputError, match="not both or neither"):
        run_query_command(str(export))
    with pytest.raises(QueryError, match="--format turtle"):
        run_query_command(str(export), "CONSTRUCT WHERE { ?s ?p ?o }", "--format", "csv")


# --------------------------------------------------------------------------- round trips

#: Characters that stress serializers: CJK, both scripts, quotes, escapes, newlines, astral.
TRICKY = st.sampled_from(
    [*"习近平宁德市福建省四下基层習區乡村振兴abcXYZ019 ", *"\"'\\\n\r\t“”《》<>#@^_:{}😀"]
)
CJK_LABELS = st.text(
    alphabet=st.sampled_from(list("习近平宁德市福建省四下基层乡村振兴党组织部委县")),
    min_size=1,
    max_size=6,
)
KINDS = st.sampled_from(["Person", "Place", "Organization", "Campaign", "Slogan", "Concept"])


@st.composite
def export_graphs(draw: st.DrawFn) -> Graph:
    entities = draw(
        st.lists(st.tuples(KINDS, CJK_LABELS), min_size=1, max_size=5, unique_by=lambda e: e)
    )
    texts = draw(st.lists(st.text(alphabet=TRICKY, max_size=20), min_size=1, max_size=3))
    # Exports round statistics to 6 significant digits: rdflib writes xsd:double in
    # Turtle with "%e", which keeps only 7 (0.083984375 comes back as 0.08398438).
    floats = st.floats(0, 1, allow_nan=False).map(lambda x: float(f"{x:.6g}"))
    confidences = draw(st.lists(floats, min_size=1, max_size=3))
    graph = export_graph(entities, texts, confidences)
    if draw(st.booleans()):  # blank nodes too: quotes are often nodes without an IRI
        quote = BNode()
        graph.add((quote, RDF.type, KG.Quote))
        graph.add((quote, KG.text, Literal(texts[0])))
        graph.add((URIRef(KGD[f"{entities[0][0]}/{entities[0][1]}"]), KG.stated, quote))
    return graph


ROUND_TRIP = settings(
    max_examples=25, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)


@ROUND_TRIP
@given(graph=export_graphs())
@pytest.mark.parametrize("rdf_format", ["turtle", "nt", "json-ld"])
@pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")
def test_serializations_reimport_isomorphic(graph: Graph, rdf_format: str) -> None:
    text = graph.serialize(format=rdf_format)
    again = Graph().parse(data=text, format=rdf_format)
    assert isomorphic(graph, again)


@ROUND_TRIP
@given(graph=export_graphs())
def test_the_store_keeps_every_triple(graph: Graph) -> None:
    oxi = ox.Store()
    oxi.load(graph.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES)
    kb = store.KnowledgeBase(oxi, Path("generated.nt"))
    assert isomorphic(graph, kb.graph)


def test_no_temporary_folders_are_left_behind(export: Path) -> None:
    assert not [name for name in os.listdir(export) if name.startswith(".")]
