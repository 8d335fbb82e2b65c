"""The kg: ontology declares exactly the vocabulary, and the SHACL shapes check exports."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from kgraph.commands import validate as validate_command
from kgraph.errors import InputError
from kgraph.rdf.validate import validate
from kgraph.rdf.vocab import KG, NS

ONTOLOGY = Path(__file__).parent.parent / "kgraph" / "rdf" / "ontology.ttl"
KGD = Namespace("https://w3id.org/kgraph/id/")

#: A small export in the shape of docs/rdf.md that conforms to the shapes.
SAMPLE = """
@prefix kg: <https://w3id.org/kgraph/ns#> .
@prefix kgd: <https://w3id.org/kgraph/id/> .
@prefix schema: <https://schema.org/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

kgd:doc\\/001 a schema:Article ;
    schema:identifier "001.txt" ;
    schema:headline "四下基层在宁德" ;
    schema:datePublished "2023-07-22"^^xsd:date ;
    schema:publisher kgd:Organization\\/宁德市委组织部 ;
    kg:encoding "utf-8" ; kg:characterCount 120 ;
    schema:mentions kgd:Place\\/宁德市 .

kgd:sentence\\/001\\/0 a kg:Sentence ;
    kg:inDocument kgd:doc\\/001 ;
    kg:index 0 ; kg:begin 0 ; kg:end 14 ; kg:section "body" ;
    kg:text "习近平在宁德提出“四下基层”" ;
    kg:normalizedText "习近平在宁德提出“四下基层”" .

kgd:Person\\/习近平 a schema:Person ;
    rdfs:label "习近平"@zh-Hans ; skos:altLabel "習近平"@zh-Hant ;
    kg:role "宁德地委书记" ;
    kg:documentCount 1 ; kg:degree 3 ; kg:pageRank 4.0e-1 ; kg:community 0 ;
    kg:firstSeen "2023-07-22"^^xsd:date ; kg:lastSeen "2023-07-22"^^xsd:date ;
    kg:proposed kgd:Campaign\\/四下基层 ;
    kg:workedIn kgd:Place\\/宁德市 ;
    kg:coOccursWith kgd:Place\\/宁德市 .

kgd:Place\\/福建省 a schema:Place ; rdfs:label "福建省"@zh-Hans ; kg:adminCode "350000" .
kgd:Place\\/宁德市 a schema:Place ; rdfs:label "宁德市"@zh-Hans ; skos:altLabel "宁德"@zh-Hans ;
    kg:adminCode "350900" ; schema:containedInPlace kgd:Place\\/福建省 .
kgd:Organization\\/宁德市委组织部 a schema:Organization ; rdfs:label "宁德市委组织部"@zh-Hans ;
    kg:locatedIn kgd:Place\\/宁德市 .
kgd:Campaign\\/四下基层 a kg:Campaign ; rdfs:label "四下基层"@zh-Hans ;
    kg:definition "宣传党的路线方针政策下基层、调查研究下基层" ;
    kg:originatedIn kgd:Place\\/宁德市 .
kgd:Concept\\/乡村振兴 a skos:Concept ; rdfs:label "乡村振兴"@zh-Hans ; kg:tfidf 0.31 .

kgd:mention\\/001\\/9-13 a kg:Mention ;
    kg:refersTo kgd:Campaign\\/四下基层 ;
    kg:inDocument kgd:doc\\/001 ; kg:inSentence kgd:sentence\\/001\\/0 ;
    kg:begin 9 ; kg:end 13 ; kg:surface "四下基层" ;
    kg:extractor "campaign.quoted-formula" ; kg:confidence 0.9 .

kgd:relation\\/r1 a kg:RelationAssertion, rdf:Statement ;
    rdf:subject kgd:Person\\/习近平 ; rdf:predicate kg:proposed ;
    rdf:object kgd:Campaign\\/四下基层 ;
    kg:confidence 0.9 ; kg:evidence kgd:evidence\\/e1 .
kgd:evidence\\/e1 a kg:Evidence ;
    kg:inDocument kgd:doc\\/001 ; kg:inSentence kgd:sentence\\/001\\/0 ;
    kg:begin 0 ; kg:end 14 ; kg:text "习近平在宁德提出“四下基层”" ;
    kg:pattern "proposed.verb" ; kg:confidence 0.9 ;
    schema:datePublished "2023-07-22"^^xsd:date .

kgd:cooccurrence\\/c1 a kg:CoOccurrence ;
    kg:member kgd:Person\\/习近平, kgd:Place\\/宁德市 ;
    kg:sentenceCount 1 ; kg:documentCount 1 ; kg:pmi 2.1 ; kg:llr 18.4 ; kg:rank 1 ;
    kg:evidence kgd:evidence\\/e1 .
"""


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ONTOLOGY, format="turtle")


def sample() -> Graph:
    return Graph().parse(data=SAMPLE, format="turtle")


# --------------------------------------------------------------------------- ontology


def test_ontology_declares_exactly_the_vocabulary(ontology: Graph) -> None:
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
    declared = {
        str(term)[len(NS) :]
        for kind in kinds
        for term in ontology.subjects(RDF.type, kind)
        if isinstance(term, URIRef) and str(term).startswith(NS)
    }
    assert declared == set(KG.__annotations__)
    described = {str(s)[len(NS) :] for s in ontology.subjects() if str(s).startswith(NS)}
    assert described == set(KG.__annotations__), "ontology.ttl describes terms KG lacks"


@pytest.mark.parametrize("name", sorted(KG.__annotations__))
def test_every_term_is_labelled_and_explained_in_english_and_chinese(
    ontology: Graph, name: str
) -> None:
    term = URIRef(NS + name)
    kinds = set(ontology.objects(term, RDF.type))
    assert len(kinds & {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty}) == 1
    for annotation in (RDFS.label, RDFS.comment):
        values = [v for v in ontology.objects(term, annotation) if isinstance(v, Literal)]
        languages = sorted(str(v.language).lower() for v in values)
        assert languages == ["en", "zh-hans"], f"{name} {annotation}: {languages}"


def test_classes_are_classes_and_properties_are_properties(ontology: Graph) -> None:
    for name in KG.__annotations__:
        is_class = (URIRef(NS + name), RDF.type, OWL.Class) in ontology
        assert is_class == name[0].isupper(), name


def test_alignments(ontology: Graph) -> None:
    prov = Namespace("http://www.w3.org/ns/prov#")
    skos = Namespace("http://www.w3.org/2004/02/skos/core#")
    assert (KG.Mention, RDFS.subClassOf, prov.Entity) in ontology
    assert (KG.Evidence, RDFS.subClassOf, prov.Entity) in ontology
    assert (KG.RelationAssertion, RDFS.subClassOf, RDF.Statement) in ontology
    assert (KG.Slogan, RDFS.subClassOf, skos.Concept) in ontology
    assert (KG.inDocument, RDFS.subPropertyOf, prov.wasDerivedFrom) in ontology


# --------------------------------------------------------------------------- shapes


def test_the_sample_conforms() -> None:
    assert validate(sample()) == []


def test_every_break_of_the_shape_is_reported() -> None:
    graph = sample()
    schema = Namespace("https://schema.org/")
    mention, evidence = KGD["mention/001/9-13"], KGD["evidence/e1"]
    graph.remove((KGD["doc/001"], schema.identifier, None))
    graph.add((KGD["Place/福建省"], RDFS.label, Literal("Fujian", lang="en")))
    graph.set((KGD["Place/宁德市"], RDFS.label, Literal("宁德市")))
    graph.remove((mention, KG.refersTo, None))
    graph.set((mention, KG.end, Literal(12)))
    graph.set((KGD["sentence/001/0"], KG.begin, Literal("0")))
    graph.set((KGD["sentence/001/0"], KG.section, Literal("chrome")))
    graph.remove((KGD["relation/r1"], KG.evidence, None))
    graph.remove((KGD["Person/习近平"], KG.proposed, None))
    graph.remove((evidence, KG.pattern, None))
    graph.set((evidence, KG.confidence, Literal(1.5)))
    graph.remove((KGD["Person/习近平"], KG.coOccursWith, None))
    lonely = KGD["cooccurrence/c2"]
    for p, o in graph.predicate_objects(KGD["cooccurrence/c1"]):
        graph.add((lonely, p, o))
    graph.remove((lonely, KG.member, KGD["Person/习近平"]))

    expected = [
        "kgd:doc/001 schema:identifier: a document needs exactly one schema:identifier string",
        "kgd:Place/福建省 rdfs:label: an entity needs exactly one rdfs:label, in Simplified",
        "kgd:Place/宁德市 rdfs:label: an entity needs exactly one rdfs:label, in Simplified",
        "kgd:mention/001/9-13 kg:refersTo: a mention needs exactly one kg:refersTo, an entity IRI",
        "kgd:mention/001/9-13: the length of kg:text (or kg:surface) does not fit kg:end - kg:begin",
        "kgd:sentence/001/0 kg:begin: a sentence has at most one kg:begin, a non-negative xsd:integer",
        'kgd:sentence/001/0 kg:section: kg:section is one of "title", "body", "meta", "teaser"',
        "kgd:relation/r1 kg:evidence: a relation assertion needs at least one kg:evidence",
        "kgd:relation/r1: the relation is asserted but not stated as a direct triple",
        "kgd:evidence/e1 kg:pattern: evidence needs exactly one kg:pattern string",
        "kgd:evidence/e1 kg:confidence: evidence needs exactly one kg:confidence between 0",
        "kgd:cooccurrence/c2 kg:member: a co-occurrence needs exactly two kg:member entity IRIs",
        "kgd:cooccurrence/c1: no kg:coOccursWith triple links the two kg:member entities",
    ]
    violations = validate(graph)
    missing = [e for e in expected if not any(line.startswith(e) for line in violations)]
    assert missing == [], violations
    broken = {e.split()[0].rstrip(":") for e in expected}
    assert {line.split()[0].rstrip(":") for line in violations} == broken  # nothing else


def test_offsets_into_an_html_page_span_its_markup() -> None:
    """An HTML page's offsets may span more than their text; a text file's are its text."""
    graph = sample()
    schema = Namespace("https://schema.org/")
    mention, sentence, evidence = (
        KGD["mention/001/9-13"],
        KGD["sentence/001/0"],
        KGD["evidence/e1"],
    )
    graph.remove((evidence, KG.begin, None))  # a text file's evidence needs its offsets
    graph.remove((evidence, KG.end, None))
    assert [line.split(":")[0] for line in validate(graph)] == ["kgd"]
    assert validate(graph)[0].startswith("kgd:evidence/e1: a sentence, mention or evidence")
    graph.add((KGD["doc/001"], schema.encodingFormat, Literal("text/html")))
    graph.set((mention, KG.end, Literal(19)))  # "四下&#22522;层": longer in the markup
    graph.set((sentence, KG.end, Literal(30)))
    assert validate(graph) == []  # and a line kgraph wrote has none
    graph.set((mention, KG.end, Literal(12)))  # never shorter than the text taken from it
    assert [line.split()[0] for line in validate(graph)] == ["kgd:mention/001/9-13:"]


def test_dates_of_a_month_or_a_year_conform_and_seen_dates_keep_their_order() -> None:
    graph = sample()
    schema = Namespace("https://schema.org/")
    xsd = Namespace("http://www.w3.org/2001/XMLSchema#")
    person = KGD["Person/习近平"]
    graph.set((KGD["doc/001"], schema.datePublished, Literal("2017-11", datatype=xsd.gYearMonth)))
    graph.set((person, KG.firstSeen, Literal("2017", datatype=xsd.gYear)))
    graph.set((person, KG.lastSeen, Literal("2017-11-05", datatype=xsd.date)))
    assert validate(graph) == []
    graph.set((person, KG.firstSeen, Literal("2018-01", datatype=xsd.gYearMonth)))
    violations = validate(graph)
    assert len(violations) == 1 and violations[0].endswith("kg:firstSeen is after kg:lastSeen")
    graph.set((person, KG.firstSeen, Literal("2017-11")))  # a plain string is no date
    assert any("kg:firstSeen is one date" in line for line in validate(graph))


def test_a_page_dated_to_the_month_builds_cleanly_and_conforms(tmp_path: Path) -> None:
    import subprocess
    import sys

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(
        "某某双月刊 2017年11月号 NO.7\n\n乡村振兴座谈会召开\n\n"
        "福建省宁德市委书记李明主持召开座谈会。李明指出，宁德市要推进乡村振兴。\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "kgraph",
            "build",
            str(folder),
            "--out",
            str(out),
            "-q",
            "--formats",
            "nt,ttl",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "Traceback" not in done.stderr and "Failed to convert" not in done.stderr
    lines = (out / "graph.nt").read_text(encoding="utf-8").splitlines()
    dated = [line for line in lines if "datePublished" in line]
    assert dated and all(
        '"2017-11"^^<http://www.w3.org/2001/XMLSchema#gYearMonth>' in line for line in dated
    )
    assert validate(Graph().parse(out / "graph.ttl")) == []


def test_validate_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = tmp_path / "graph.ttl"
    good.write_text(SAMPLE, encoding="utf-8")
    bad = tmp_path / "bad.nt"
    bad.write_text(
        "<https://w3id.org/kgraph/id/Place/x> "
        "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://schema.org/Place> .\n",
        encoding="utf-8",
    )
    import argparse

    parser = argparse.ArgumentParser()
    validate_command.register(parser.add_subparsers())
    args = parser.parse_args(["validate", str(good)])
    assert args.run(args) == 0
    assert capsys.readouterr().out == "OK\n"
    args = parser.parse_args(["validate", str(bad)])
    assert args.run(args) == 1
    out = capsys.readouterr().out
    assert "kgd:Place/x rdfs:label: an entity needs exactly one rdfs:label" in out
    assert "1 violation of kgraph's shapes" in out
    args = parser.parse_args(["validate", str(tmp_path)])  # an export folder: its graph.ttl
    assert args.run(args) == 0
    assert capsys.readouterr().out == "OK\n"
    empty = tmp_path / "empty"
    empty.mkdir()
    args = parser.parse_args(["validate", str(empty)])
    with pytest.raises(InputError, match=r"holds no graph\.ttl, graph\.nt or graph\.jsonld"):
        args.run(args)


def test_validate_reports_files_that_are_not_kgraph_exports(tmp_path: Path) -> None:
    """An empty file, a file that is not RDF and RDF without kgraph data are never "OK"."""
    import subprocess
    import sys

    files = {
        "empty.ttl": (b"", "is empty"),
        "words.ttl": ("这不是 RDF\n".encode(), "is not RDF"),
        "bytes.nt": (bytes(range(256)), "is not RDF"),
        "comments.ttl": (b"# only a comment\n", "holds no triples"),
        "foaf.ttl": (
            b'@prefix foaf: <http://xmlns.com/foaf/0.1/> .\n<http://example.org/a> foaf:name "A" .\n',
            "but no kgraph data",
        ),
    }
    for name, (content, message) in files.items():
        path = tmp_path / name
        path.write_bytes(content)
        done = subprocess.run(
            [sys.executable, "-m", "kgraph", "validate", str(path)],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 1, (name, done.stdout, done.stderr)
        assert "OK" not in done.stdout and "Traceback" not in done.stderr, done.stderr
        lines = done.stderr.strip().splitlines()
        assert len(lines) == 1 and message in lines[0] and name in lines[0], done.stderr
