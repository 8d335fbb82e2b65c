"""The corpus as RDF, in the shape documented in ``docs/rdf.md``.

:func:`corpus_rdf` builds an rdflib graph; :func:`write_rdf` writes it as
Turtle, N-Triples and JSON-LD. Output is deterministic: IRIs are derived
from content, there are no blank nodes, and N-Triples lines are sorted.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import networkx as nx
from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.namespace import OWL, PROV, SDO, SKOS

from kgraph.model import Corpus, Entity, EntityType, Evidence
from kgraph.relate import relation_id
from kgraph.resolve import is_traditional
from kgraph.vocab import DATA, KG, KGD

__all__ = ["PREFIXES", "corpus_rdf", "document_iri", "entity_iri", "write_rdf"]

#: Prefixes bound in every export (and predeclared for queries).
PREFIXES = {
    "kg": str(KG._NS),
    "kgd": DATA,
    "schema": str(SDO._NS),
    "skos": str(SKOS._NS),
    "prov": str(PROV._NS),
    "rdf": str(RDF._NS),
    "rdfs": str(RDFS._NS),
    "xsd": str(XSD._NS),
    "owl": str(OWL._NS),
}

_CLASS = {
    EntityType.PERSON: SDO.Person,
    EntityType.PLACE: SDO.Place,
    EntityType.ORGANIZATION: SDO.Organization,
    EntityType.WORK: SDO.CreativeWork,
    EntityType.CAMPAIGN: KG.Campaign,
    EntityType.SLOGAN: KG.Slogan,
    EntityType.CONCEPT: SKOS.Concept,
}
_PREDICATE = {"containedInPlace": SDO.containedInPlace}


def _segment(text: str) -> str:
    """Percent-encode what may not stand in an IRI path segment; keep letters and CJK.

    >>> _segment("1+3+N 机制")
    '1%2B3%2BN%20机制'
    """
    out = []
    for ch in text:
        if ch.isalnum() or ch in "-_.":
            out.append(ch)
        else:
            out.append("".join(f"%{b:02X}" for b in ch.encode("utf-8")))
    return "".join(out)


def entity_iri(key: str) -> URIRef:
    """``Place/宁德市`` -> ``https://w3id.org/kgraph/id/Place/宁德市``."""
    type_, _, label = key.partition("/")
    return KGD[f"{type_}/{_segment(label)}"]


def document_iri(doc_id: str) -> URIRef:
    return KGD[f"doc/{'/'.join(_segment(p) for p in doc_id.split('/'))}"]


def _hash(*parts: object) -> str:
    return hashlib.sha1("|".join(map(str, parts)).encode()).hexdigest()[:16]


def _date(value: str) -> Literal:
    return Literal(value, datatype=XSD.date)


def corpus_rdf(corpus: Corpus, graph: nx.MultiDiGraph) -> Graph:
    """Build the RDF graph of ``corpus``; analytics come from ``graph``'s node attributes."""
    g = Graph()
    for prefix, namespace in PREFIXES.items():
        g.bind(prefix, namespace)
    people = {e.label for e in corpus.entities if e.type == EntityType.PERSON}
    orgs = {e.label for e in corpus.entities if e.type == EntityType.ORGANIZATION}
    sentence_iris: dict[tuple[str, int], URIRef] = {}
    texts = {d.id: d.text for d in corpus.documents}

    for d in corpus.documents:
        doc = document_iri(d.id)
        g.add((doc, RDF.type, SDO.Article))
        g.add((doc, SDO.identifier, Literal(d.path)))
        if d.title:
            g.add((doc, SDO.headline, Literal(d.title)))
        if d.date:
            g.add((doc, SDO.datePublished, _date(d.date)))
        for name in d.authors:
            if name in people:
                g.add((doc, SDO.author, entity_iri(f"Person/{name}")))
        for name in d.editors:
            if name in people:
                g.add((doc, SDO.editor, entity_iri(f"Person/{name}")))
        for name in d.sources:
            if name in orgs:
                g.add((doc, SDO.publisher, entity_iri(f"Organization/{name}")))
        g.add((doc, KG.encoding, Literal(d.encoding)))
        g.add((doc, KG.characterCount, Literal(len(d.text))))

    for s in corpus.sentences:
        node = KGD[f"sentence/{_segment(s.doc_id)}/{s.index}"]
        sentence_iris[(s.doc_id, s.index)] = node
        g.add((node, RDF.type, KG.Sentence))
        g.add((node, KG.inDocument, document_iri(s.doc_id)))
        g.add((node, KG.index, Literal(s.index)))
        g.add((node, KG.begin, Literal(s.start)))
        g.add((node, KG.end, Literal(s.end)))
        g.add((node, KG.section, Literal(s.section.value)))
        g.add((node, KG.text, Literal(texts[s.doc_id][s.start : s.end])))
        g.add((node, KG.normalizedText, Literal(s.norm)))

    sections = {(s.doc_id, s.index): s.section.value for s in corpus.sentences}
    for e in corpus.entities:
        _add_entity(g, e, graph, sentence_iris, sections)

    for r in corpus.relations:
        subject = entity_iri(r.subject)
        predicate = _PREDICATE.get(r.predicate) or KG[r.predicate]
        rid = relation_id(r.subject, r.predicate, r.object)
        if r.literal and r.predicate == "stated":
            obj: URIRef | Literal = KGD[f"quote/{rid}"]
            g.add((obj, RDF.type, KG.Quote))
            g.add((obj, KG.text, Literal(r.object)))
        elif r.literal:
            obj = Literal(r.object)
        else:
            obj = entity_iri(r.object)
        g.add((subject, predicate, obj))
        node = KGD[f"relation/{rid}"]
        g.add((node, RDF.type, KG.RelationAssertion))
        g.add((node, RDF.type, RDF.Statement))
        g.add((node, RDF.subject, subject))
        g.add((node, RDF.predicate, predicate))
        g.add((node, RDF.object, obj))
        g.add((node, KG.confidence, Literal(round(r.confidence, 4))))
        if r.role:
            g.add((node, KG.role, Literal(r.role)))
        for ev in r.evidence:
            g.add((node, KG.evidence, _add_evidence(g, ev, rid, sentence_iris)))

    for c in corpus.cooccurrences:
        a, b = entity_iri(c.a), entity_iri(c.b)
        g.add((a, KG.coOccursWith, b))
        cid = _hash(c.a, c.b)
        node = KGD[f"cooccurrence/{cid}"]
        g.add((node, RDF.type, KG.CoOccurrence))
        g.add((node, KG.member, a))
        g.add((node, KG.member, b))
        g.add((node, KG.sentenceCount, Literal(c.sentences)))
        g.add((node, KG.documentCount, Literal(c.documents)))
        g.add((node, KG.pmi, Literal(c.pmi)))
        g.add((node, KG.llr, Literal(c.llr)))
        for ev in c.evidence:
            g.add((node, KG.evidence, _add_evidence(g, ev, cid, sentence_iris)))
    return g


def _add_entity(
    g: Graph,
    e: Entity,
    graph: nx.MultiDiGraph,
    sentence_iris: dict[tuple[str, int], URIRef],
    sections: dict[tuple[str, int], str],
) -> None:
    node = entity_iri(e.key)
    g.add((node, RDF.type, _CLASS[e.type]))
    g.add((node, RDFS.label, Literal(e.label, lang="zh-Hans")))
    for alias in e.aliases:
        g.add(
            (
                node,
                SKOS.altLabel,
                Literal(alias, lang="zh-Hant" if is_traditional(alias) else "zh-Hans"),
            )
        )
    if e.code:
        g.add((node, KG.adminCode, Literal(e.code)))
    if e.parents:
        g.add((node, SDO.containedInPlace, entity_iri(e.parents[0])))
    for role in e.roles:
        g.add((node, KG.role, Literal(role)))
    if e.definition:
        g.add((node, KG.definition, Literal(e.definition)))
    if e.type == EntityType.CONCEPT:
        g.add((node, KG.tfidf, Literal(e.score)))
    attrs = graph.nodes[e.key] if e.key in graph else {}
    g.add((node, KG.documentCount, Literal(attrs.get("doc_count", 0))))
    g.add((node, KG.degree, Literal(attrs.get("degree", 0))))
    g.add((node, KG.pageRank, Literal(attrs.get("pagerank", 0.0))))
    g.add((node, KG.community, Literal(attrs.get("community", -1))))
    if attrs.get("first_seen"):
        g.add((node, KG.firstSeen, _date(attrs["first_seen"])))
        g.add((node, KG.lastSeen, _date(attrs["last_seen"])))
    for m in e.mentions:
        doc = document_iri(m.doc_id)
        if sections.get((m.doc_id, m.sentence)) != "teaser":
            g.add((doc, SDO.mentions, node))
        mention = KGD[f"mention/{_segment(m.doc_id)}/{m.start}-{m.end}"]
        g.add((mention, RDF.type, KG.Mention))
        g.add((mention, KG.refersTo, node))
        g.add((mention, KG.inDocument, doc))
        g.add((mention, KG.inSentence, sentence_iris[(m.doc_id, m.sentence)]))
        g.add((mention, KG.begin, Literal(m.start)))
        g.add((mention, KG.end, Literal(m.end)))
        g.add((mention, KG.surface, Literal(m.surface)))
        g.add((mention, KG.extractor, Literal(m.extractor)))
        g.add((mention, KG.confidence, Literal(m.confidence)))


def _add_evidence(
    g: Graph, ev: Evidence, owner: str, sentence_iris: dict[tuple[str, int], URIRef]
) -> URIRef:
    node = KGD[f"evidence/{_hash(owner, ev.doc_id, ev.sentence, ev.pattern)}"]
    g.add((node, RDF.type, KG.Evidence))
    g.add((node, KG.inDocument, document_iri(ev.doc_id)))
    g.add((node, KG.inSentence, sentence_iris[(ev.doc_id, ev.sentence)]))
    g.add((node, KG.begin, Literal(ev.start)))
    g.add((node, KG.end, Literal(ev.end)))
    g.add((node, KG.text, Literal(ev.text)))
    g.add((node, KG.pattern, Literal(ev.pattern)))
    g.add((node, KG.confidence, Literal(round(ev.confidence, 4))))
    if ev.date:
        g.add((node, SDO.datePublished, _date(ev.date)))
    return node


def write_rdf(g: Graph, folder: Path) -> list[Path]:
    """Write ``graph.nt`` (sorted lines), ``graph.ttl`` and ``graph.jsonld`` into ``folder``."""
    import pyoxigraph as ox

    nt = folder / "graph.nt"
    lines = sorted(set(g.serialize(format="nt", encoding="utf-8").decode("utf-8").splitlines()))
    data = ("\n".join(line for line in lines if line) + "\n").encode("utf-8")
    nt.write_bytes(data)
    # Oxigraph writes Turtle ten times faster than rdflib; sorted input keeps it deterministic.
    ttl = folder / "graph.ttl"
    triples = ox.parse(data, ox.RdfFormat.N_TRIPLES)
    turtle = ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES).decode("utf-8")
    # Oxigraph lower-cases language tags; write them as BCP 47 recommends (zh-Hans).
    turtle = re.sub(r'(?<!\\)"@zh-han([st])\b', lambda m: f'"@zh-Han{m.group(1)}', turtle)
    ttl.write_text(turtle, encoding="utf-8")
    jsonld = folder / "graph.jsonld"
    jsonld.write_text(
        _sorted_jsonld(g.serialize(format="json-ld", context=PREFIXES)), encoding="utf-8"
    )
    return [ttl, nt, jsonld]


def _sorted_jsonld(text: str) -> str:
    """JSON-LD with nodes and multi-valued properties in a stable order."""
    data = json.loads(text)
    nodes = data.get("@graph", [])
    for node in nodes:
        for key, value in node.items():
            if isinstance(value, list):
                node[key] = sorted(
                    value, key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False)
                )
    data["@graph"] = sorted(nodes, key=lambda n: str(n.get("@id", "")))
    return json.dumps(data, sort_keys=True, ensure_ascii=False, indent=1) + "\n"
