"""The corpus as RDF, in the shape documented in ``docs/rdf.md``, written as a stream.

:func:`ntriples` generates the N-Triples lines of a corpus as strings, one
subject at a time, without an rdflib graph; :func:`write_rdf` writes them to
``graph.nt`` and, in the same pass, ``graph.jsonld`` (one node object per
subject), then streams ``graph.nt`` through Oxigraph into ``graph.ttl``. No
file is ever held in memory whole. :func:`corpus_rdf` parses the lines into an
rdflib graph, for small corpora (tests, validation).

Output is deterministic, byte for byte: IRIs are derived from content, there
are no blank nodes, and subjects come in a fixed order: documents, sentences,
entities (with their direct relation and co-occurrence triples), mentions,
relation assertions (each followed by its quote and evidence nodes), then
co-occurrences (each followed by its evidence nodes). All triples of a subject
are consecutive lines, sorted; the file as a whole is not sorted.

Examples
--------
>>> import networkx as nx
>>> from kgraph.model import Corpus, Document
>>> doc = Document(id="a", path="a.txt", text="福建", encoding="utf-8", title="",
...     date="2024-01-02", authors=(), editors=(), sources=(), sections=())
>>> for line in ntriples(Corpus((doc,), (), (), (), (), ()), nx.MultiDiGraph()):
...     print(line.replace("https://w3id.org/kgraph/", "…/"), end="")
<…/id/doc/a> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://schema.org/Article> .
<…/id/doc/a> <https://schema.org/datePublished> "2024-01-02"^^<http://www.w3.org/2001/XMLSchema#date> .
<…/id/doc/a> <https://schema.org/identifier> "a.txt" .
<…/id/doc/a> <…/ns#characterCount> "2"^^<http://www.w3.org/2001/XMLSchema#integer> .
<…/id/doc/a> <…/ns#encoding> "utf-8" .
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import json
import re
from array import array
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import IO, Any, NamedTuple, cast

import networkx as nx
from rdflib import RDF, RDFS, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import SDO, SKOS, DefinedNamespace

from kgraph.model import Corpus, Entity, EntityType, Evidence, Relation, SectionKind, SourceMap
from kgraph.rdf.vocab import DATA, KG, PREFIXES, compact_iri
from kgraph.relate import relation_id
from kgraph.resolve import is_traditional

__all__ = [
    "CORPUS_GRAPH",
    "RDF_FILES",
    "GraphRuns",
    "corpus_rdf",
    "document_iri",
    "entity_iri",
    "nquads",
    "ntriples",
    "write_rdf",
]


class _Terms:
    """The IRIs of a namespace as N-Triples terms, each built once: ``_KG.begin == "<…#begin>"``."""

    def __init__(self, namespace: Namespace | type[DefinedNamespace]) -> None:
        self._namespace = namespace

    def __getattr__(self, name: str) -> str:
        if name.startswith("_"):
            raise AttributeError(name)
        term = f"<{self._namespace[name]}>"  # a closed namespace refuses a misspelled name
        setattr(self, name, term)  # later reads are plain attribute reads
        return term


_KG, _SDO, _SKOS, _XSD = _Terms(KG), _Terms(SDO), _Terms(SKOS), _Terms(XSD)
_A = f"<{RDF.type}>"
_LABEL = f"<{RDFS.label}>"
_STATEMENT = f"<{RDF.Statement}>"
_RDF_SUBJECT, _RDF_PREDICATE, _RDF_OBJECT = (
    f"<{RDF[t]}>" for t in ("subject", "predicate", "object")
)

_CLASS = {
    EntityType.PERSON: _SDO.Person,
    EntityType.PLACE: _SDO.Place,
    EntityType.ORGANIZATION: _SDO.Organization,
    EntityType.WORK: _SDO.CreativeWork,
    EntityType.CAMPAIGN: _KG.Campaign,
    EntityType.SLOGAN: _KG.Slogan,
    EntityType.CONCEPT: _SKOS.Concept,
}
_PREDICATE = {"containedInPlace": _SDO.containedInPlace}

_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_YEAR_MONTH = re.compile(r"[0-9]{4}-[0-9]{2}")
_YEAR = re.compile(r"[0-9]{4}")

#: The named graph of what the corpus as a whole says: entities, relations, co-occurrences.
#: Each document's own triples (the document, its sentences, mentions and evidence) are in
#: the graph named by the document's IRI, so that a changed document changes one graph.
CORPUS_GRAPH = f"{DATA}corpus"
_CORPUS = f"<{CORPUS_GRAPH}>"
_TAIL = f" {_CORPUS} .\n"


class _Subject(NamedTuple):
    """The triples of one subject and the named graph they belong to (N-Triples terms)."""

    term: str
    pairs: list[tuple[str, str]]
    graph: str
    #: ``kg:evidence`` objects whose link triple is in their document's graph, not ``graph``.
    evidence: Mapping[str, str] = {}


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
    return URIRef(_entity_iri(key))


def document_iri(doc_id: str) -> URIRef:
    return URIRef(_document_iri(doc_id))


def _entity_iri(key: str) -> str:
    type_, _, label = key.partition("/")
    return f"{DATA}{type_}/{_segment(label)}"


def _document_iri(doc_id: str) -> str:
    return f"{DATA}doc/{'/'.join(_segment(p) for p in doc_id.split('/'))}"


def _hash(*parts: object) -> str:
    return hashlib.sha1("|".join(map(str, parts)).encode()).hexdigest()[:16]


# --------------------------------------------------------------------------- literals


def _string(text: str) -> str:
    """A plain literal, escaped as canonical N-Triples (and rdflib): ``\\``, ``"``, LF, CR."""
    escaped = (
        text.replace("\\", "\\\\").replace("\n", "\\n").replace('"', '\\"').replace("\r", "\\r")
    )
    return '"' + escaped + '"'


def _tagged(text: str, language: str) -> str:
    return f"{_string(text)}@{language}"


def _label(text: str) -> str:
    return _tagged(text, "zh-Hant" if is_traditional(text) else "zh-Hans")


def _value(value: object) -> str:
    """``value`` as the literal ``rdflib.Literal(value)`` is written in N-Triples.

    >>> _value(3), _value(0.9), _value("a\\"b")
    ('"3"^^<http://www.w3.org/2001/XMLSchema#integer>', '"0.9"^^<http://www.w3.org/2001/XMLSchema#double>', '"a\\\\"b"')
    """
    kind = type(value)
    if kind is str:
        return _string(value)  # type: ignore[arg-type]
    if kind is int:
        return f'"{value}"^^{_XSD.integer}'
    if kind is float:
        return f'"{value!r}"^^{_XSD.double}'  # rdflib's lexical form is Python's repr
    literal = Literal(value)  # booleans, NumPy numbers…: whatever rdflib makes of them
    if literal.language:
        return _tagged(str(literal), literal.language)
    return _string(str(literal)) + (f"^^<{literal.datatype}>" if literal.datatype else "")


def _date(value: str) -> str:
    """A date literal typed by its precision: ``xsd:date``, ``xsd:gYearMonth`` or ``xsd:gYear``.

    A page dated only to the month or the year (an issue of a periodical)
    gives ``YYYY-MM`` or ``YYYY``, which no ``xsd:date`` can hold.

    >>> _date("2024-01-02"), _date("2017-11"), _date("2017")  # doctest: +NORMALIZE_WHITESPACE
    ('"2024-01-02"^^<http://www.w3.org/2001/XMLSchema#date>',
     '"2017-11"^^<http://www.w3.org/2001/XMLSchema#gYearMonth>',
     '"2017"^^<http://www.w3.org/2001/XMLSchema#gYear>')
    """
    if _ISO_DATE.fullmatch(value):  # rdflib keeps these as they are, valid or not
        return f'"{value}"^^{_XSD.date}'
    if _YEAR_MONTH.fullmatch(value):
        return f'"{value}"^^{_XSD.gYearMonth}'
    if _YEAR.fullmatch(value):
        return f'"{value}"^^{_XSD.gYear}'
    return _string(str(Literal(value, datatype=XSD.date))) + f"^^{_XSD.date}"


# --------------------------------------------------------------------------- subjects


class _Index:
    """What one subject's triples need from elsewhere in the corpus, built in one pass.

    Mentions are indexed per document as ``entity position << 32 | mention position``
    in an ``array`` (8 bytes a mention), so documents can list the entities they
    mention and mentions sharing a span can be written as one subject.
    """

    def __init__(self, corpus: Corpus) -> None:
        self.entity_terms = {e.key: f"<{_entity_iri(e.key)}>" for e in corpus.entities}
        self.doc_terms: dict[str, str] = {}
        self.doc_segments: dict[str, str] = {}
        self.position: dict[str, int] = {}  # of each document in ``corpus.documents``
        self.html: set[str] = set()  # documents whose offsets are mapped to their file
        for i, d in enumerate(corpus.documents):
            self.doc_terms[d.id] = f"<{_document_iri(d.id)}>"
            self.doc_segments[d.id] = _segment(d.id)
            self.position[d.id] = i
            if d.source is not None:
                self.html.add(d.id)
        self.teasers: set[tuple[str, int]] = set()
        # an HTML page's sentences in its file: begin, end per sentence index (-1: none)
        self.sentence_spans: dict[str, array[int]] = {}
        for s in corpus.sentences:
            if s.section == SectionKind.TEASER:
                self.teasers.add((s.doc_id, s.index))
            if s.doc_id in self.html:
                source = corpus.documents[self.position[s.doc_id]].source  # in order: one read
                spans = self.sentence_spans.setdefault(s.doc_id, array("q"))
                spans.extend([-1, -1] * max(0, s.index + 1 - len(spans) // 2))
                spans[2 * s.index : 2 * s.index + 2] = array("q", _span(source, s.start, s.end))
        self.mentions: dict[str, array[int]] = {}
        for i, e in enumerate(corpus.entities):
            for j, m in enumerate(e.mentions):
                self.mentions.setdefault(m.doc_id, array("q")).append(i << 32 | j)
        self.relations: dict[str, list[int]] = {}  # by subject entity key
        for i, r in enumerate(corpus.relations):
            self.relations.setdefault(r.subject, []).append(i)
        self.cooccurrences: dict[str, array[int]] = {}  # by first entity key
        for i, c in enumerate(corpus.cooccurrences):
            self.cooccurrences.setdefault(c.a, array("q")).append(i)

    def sentence_span(self, doc_id: str, index: int, start: int, end: int) -> list[tuple[str, str]]:
        """The ``kg:begin`` and ``kg:end`` pairs of sentence ``index`` spanning ``[start, end)``.

        Offsets into an HTML page's file; none for a sentence kgraph wrote
        (its headline, date and author lines).
        """
        spans = self.sentence_spans.get(doc_id)
        if spans is None:
            return [] if doc_id in self.html else _offsets(start, end)
        begin, stop = spans[2 * index : 2 * index + 2] if 2 * index < len(spans) else (-1, -1)
        return _offsets(begin, stop) if begin >= 0 else []

    def entity(self, key: str) -> str:
        return self.entity_terms.get(key) or f"<{_entity_iri(key)}>"

    def document(self, doc_id: str) -> str:
        return self.doc_terms.get(doc_id) or f"<{_document_iri(doc_id)}>"

    def sentence(self, doc_id: str, index: int) -> str:
        segment = self.doc_segments.get(doc_id) or _segment(doc_id)
        return f"<{DATA}sentence/{segment}/{index}>"


def _span(source: SourceMap | None, start: int, end: int) -> tuple[int, int]:
    """Where the text's ``[start, end)`` stands in the document's file; ``(-1, -1)`` for nowhere."""
    if source is None:
        return start, end
    return source.span(start, end) or (-1, -1)


def _offsets(begin: int, end: int) -> list[tuple[str, str]]:
    """The ``kg:begin`` and ``kg:end`` pairs of a span, none for ``begin == -1``."""
    return [(_KG.begin, _value(begin)), (_KG.end, _value(end))] if begin >= 0 else []


def _subjects(corpus: Corpus, graph: nx.MultiDiGraph) -> Iterator[_Subject]:
    """Every subject of the RDF of ``corpus`` once, with its triples sorted and unique."""
    index = _Index(corpus)
    for subject in itertools.chain(
        _documents(corpus, index),
        _sentences(corpus, index),
        _entities(corpus, graph, index),
        _mentions(corpus, index),
        _relations(corpus, index),
        _cooccurrences(corpus, index),
    ):
        yield subject._replace(pairs=sorted(set(subject.pairs)))


def _documents(corpus: Corpus, index: _Index) -> Iterator[_Subject]:
    people = {e.label for e in corpus.entities if e.type == EntityType.PERSON}
    orgs = {e.label for e in corpus.entities if e.type == EntityType.ORGANIZATION}
    for d in corpus.documents:
        pairs = [
            (_A, _SDO.Article),
            (_SDO.identifier, _string(d.path)),
            (_KG.encoding, _string(d.encoding)),
            (_KG.characterCount, _value(d.source.source_length if d.source else len(d.text))),
        ]
        if d.source is not None:
            pairs.append((_SDO.encodingFormat, _string("text/html")))
        if d.title:
            pairs.append((_SDO.headline, _string(d.title)))
        if d.date:
            pairs.append((_SDO.datePublished, _date(d.date)))
        pairs += [(_SDO.author, index.entity(f"Person/{n}")) for n in d.authors if n in people]
        pairs += [(_SDO.editor, index.entity(f"Person/{n}")) for n in d.editors if n in people]
        pairs += [
            (_SDO.publisher, index.entity(f"Organization/{n}")) for n in d.sources if n in orgs
        ]
        for code in index.mentions.get(d.id, ()):
            e = corpus.entities[code >> 32]
            if (d.id, e.mentions[code & 0xFFFFFFFF].sentence) not in index.teasers:
                pairs.append((_SDO.mentions, index.entity_terms[e.key]))
        doc = index.document(d.id)
        yield _Subject(doc, pairs, doc)


def _sentences(corpus: Corpus, index: _Index) -> Iterator[_Subject]:
    position = {d.id: i for i, d in enumerate(corpus.documents)}  # not their texts: on disk
    for s in corpus.sentences:
        text = corpus.documents[position[s.doc_id]].text
        doc = index.document(s.doc_id)
        yield _Subject(
            index.sentence(s.doc_id, s.index),
            [
                (_A, _KG.Sentence),
                (_KG.inDocument, doc),
                (_KG.index, _value(s.index)),
                *index.sentence_span(s.doc_id, s.index, s.start, s.end),
                (_KG.section, _string(s.section.value)),
                (_KG.text, _string(text[s.start : s.end])),
                (_KG.normalizedText, _string(s.norm)),
            ],
            doc,
        )


def _entities(corpus: Corpus, graph: nx.MultiDiGraph, index: _Index) -> Iterator[_Subject]:
    """Entities with their direct relation, co-occurrence and containment triples."""
    for e in corpus.entities:
        pairs = _entity_pairs(e, graph, index)
        pairs += _direct_pairs(corpus, e.key, index)
        yield _Subject(index.entity_terms[e.key], pairs, _CORPUS)
    # a relation or co-occurrence from a key that is not an entity still gets its triple
    strays = (set(index.relations) | set(index.cooccurrences)) - set(index.entity_terms)
    for key in sorted(strays):
        yield _Subject(index.entity(key), _direct_pairs(corpus, key, index), _CORPUS)


def _entity_pairs(e: Entity, graph: nx.MultiDiGraph, index: _Index) -> list[tuple[str, str]]:
    pairs = [
        (_A, _CLASS[e.type]),
        (_LABEL, _tagged(e.label, "zh-Hans")),
        *((_SKOS.altLabel, _label(alias)) for alias in e.aliases),
        *((_KG.role, _string(role)) for role in e.roles),
    ]
    if e.code:
        pairs.append((_KG.adminCode, _string(e.code)))
    if e.parents:
        pairs.append((_SDO.containedInPlace, index.entity(e.parents[0])))
    if e.definition:
        pairs.append((_KG.definition, _string(e.definition)))
    if e.type == EntityType.CONCEPT:
        pairs.append((_KG.tfidf, _value(e.score)))
    attrs = graph.nodes[e.key] if e.key in graph else {}
    pairs += [
        (_KG.documentCount, _value(attrs.get("doc_count", 0))),
        (_KG.degree, _value(attrs.get("degree", 0))),
        (_KG.pageRank, _value(attrs.get("pagerank", 0.0))),
        (_KG.community, _value(attrs.get("community", -1))),
    ]
    if attrs.get("first_seen"):
        pairs.append((_KG.firstSeen, _date(attrs["first_seen"])))
        pairs.append((_KG.lastSeen, _date(attrs["last_seen"])))
    return pairs


def _direct_pairs(corpus: Corpus, key: str, index: _Index) -> list[tuple[str, str]]:
    """The typed relations and co-occurrences whose subject is ``key``, as plain triples."""
    pairs = []
    for i in index.relations.get(key, ()):
        r = corpus.relations[i]
        rid = relation_id(r.subject, r.predicate, r.object)
        pairs.append((_predicate(r), _relation_object(r, rid, index)))
    for i in index.cooccurrences.get(key, ()):
        pairs.append((_KG.coOccursWith, index.entity(corpus.cooccurrences[i].b)))
    return pairs


def _predicate(r: Relation) -> str:
    return _PREDICATE.get(r.predicate) or getattr(_KG, r.predicate)


def _relation_object(r: Relation, rid: str, index: _Index) -> str:
    if r.literal and r.predicate == "stated":
        return f"<{DATA}quote/{rid}>"
    if r.literal:
        return _string(r.object)
    return index.entity(r.object)


def _mentions(corpus: Corpus, index: _Index) -> Iterator[_Subject]:
    """Mentions by document and span; two entities found at one span share its node."""
    for doc_id in sorted(index.mentions):
        doc, segment = index.document(doc_id), index.doc_segments.get(doc_id) or _segment(doc_id)
        source = (
            corpus.documents[index.position[doc_id]].source if doc_id in index.html else None
        )  # in document order: documents are sorted by id
        located = sorted(
            (m.start, m.end, code)
            for code in index.mentions[doc_id]
            for m in (corpus.entities[code >> 32].mentions[code & 0xFFFFFFFF],)
        )
        for (start, end), group in itertools.groupby(located, key=lambda x: (x[0], x[1])):
            pairs = _offsets(*_span(source, start, end))
            for _, _, code in group:
                e = corpus.entities[code >> 32]
                m = e.mentions[code & 0xFFFFFFFF]
                pairs += [
                    (_A, _KG.Mention),
                    (_KG.refersTo, index.entity_terms[e.key]),
                    (_KG.inDocument, doc),
                    (_KG.inSentence, index.sentence(doc_id, m.sentence)),
                    (_KG.surface, _string(m.surface)),
                    (_KG.extractor, _string(m.extractor)),
                    (_KG.confidence, _value(m.confidence)),
                ]
            yield _Subject(f"<{DATA}mention/{segment}/{start}-{end}>", pairs, doc)


def _relations(corpus: Corpus, index: _Index) -> Iterator[_Subject]:
    """Relation assertions, each followed by its quote and its evidence nodes."""
    by_id: dict[str, list[Relation]] = {}
    for r in corpus.relations:
        by_id.setdefault(relation_id(r.subject, r.predicate, r.object), []).append(r)
    for rid, relations in by_id.items():
        pairs: list[tuple[str, str]] = []
        quote: list[tuple[str, str]] = []
        evidence: list[Evidence] = []
        for r in relations:
            obj = _relation_object(r, rid, index)
            pairs += [
                (_A, _KG.RelationAssertion),
                (_A, _STATEMENT),
                (_RDF_SUBJECT, index.entity(r.subject)),
                (_RDF_PREDICATE, _predicate(r)),
                (_RDF_OBJECT, obj),
                (_KG.confidence, _value(round(r.confidence, 4))),
            ]
            if r.role:
                pairs.append((_KG.role, _string(r.role)))
            if r.literal and r.predicate == "stated":
                quote += [(_A, _KG.Quote), (_KG.text, _string(r.object))]
            evidence += r.evidence
        nodes = _evidence(evidence, rid, index)
        pairs += [(_KG.evidence, node.term) for node in nodes.values()]
        yield _Subject(f"<{DATA}relation/{rid}>", pairs, _CORPUS, _graphs(nodes))
        if quote:
            yield _Subject(f"<{DATA}quote/{rid}>", quote, _CORPUS)
        yield from nodes.values()


def _cooccurrences(corpus: Corpus, index: _Index) -> Iterator[_Subject]:
    """Co-occurrence nodes, each followed by its evidence nodes.

    ``Corpus.cooccurrences`` holds each pair once, sorted; a repeated pair
    next to itself would still be one node. Each node's ``kg:rank`` is its
    place by sentence count, then log-likelihood ratio (then keys).
    """
    order = sorted(corpus.cooccurrences, key=lambda c: (-c.sentences, -c.llr, c.a, c.b))
    rank: dict[tuple[str, str], int] = {}
    for c in order:
        rank.setdefault((c.a, c.b), len(rank) + 1)
    for (a, b), group in itertools.groupby(corpus.cooccurrences, key=lambda c: (c.a, c.b)):
        cid = _hash(a, b)
        pairs: list[tuple[str, str]] = []
        evidence: list[Evidence] = []
        for c in group:
            pairs += [
                (_A, _KG.CoOccurrence),
                (_KG.member, index.entity(a)),
                (_KG.member, index.entity(b)),
                (_KG.sentenceCount, _value(c.sentences)),
                (_KG.documentCount, _value(c.documents)),
                (_KG.pmi, _value(c.pmi)),
                (_KG.llr, _value(c.llr)),
                (_KG.rank, _value(rank[a, b])),
            ]
            evidence += c.evidence
        nodes = _evidence(evidence, cid, index)
        pairs += [(_KG.evidence, node.term) for node in nodes.values()]
        yield _Subject(f"<{DATA}cooccurrence/{cid}>", pairs, _CORPUS, _graphs(nodes))
        yield from nodes.values()


def _evidence(evidence: Iterable[Evidence], owner: str, index: _Index) -> dict[str, _Subject]:
    """The evidence nodes of one owner; two pieces in one sentence by one rule are one node.

    Each node is in the graph of its document.
    """
    nodes: dict[str, _Subject] = {}
    for ev in evidence:
        term = f"<{DATA}evidence/{_hash(owner, ev.doc_id, ev.sentence, ev.pattern)}>"
        doc = index.document(ev.doc_id)
        pairs = nodes.setdefault(term, _Subject(term, [], doc)).pairs
        pairs += [
            (_A, _KG.Evidence),
            (_KG.inDocument, doc),
            (_KG.inSentence, index.sentence(ev.doc_id, ev.sentence)),
            *index.sentence_span(ev.doc_id, ev.sentence, ev.start, ev.end),
            (_KG.text, _string(ev.text)),
            (_KG.pattern, _string(ev.pattern)),
            (_KG.confidence, _value(round(ev.confidence, 4))),
        ]
        if ev.date:
            pairs.append((_SDO.datePublished, _date(ev.date)))
    return nodes


def _graphs(nodes: Mapping[str, _Subject]) -> dict[str, str]:
    """Evidence node -> the graph of its document."""
    return {term: node.graph for term, node in nodes.items()}


# --------------------------------------------------------------------------- writing


def ntriples(corpus: Corpus, graph: nx.MultiDiGraph) -> Iterator[str]:
    """Generate the N-Triples lines (each ending in a newline) of ``corpus``'s RDF.

    Analytics (degree, PageRank, community, first and last seen) come from
    ``graph``'s node attributes. Each subject's lines are consecutive and
    sorted, and no line repeats.

    Notes
    -----
    Linear in the size of the corpus. Besides the corpus, memory holds an
    index (8 bytes a mention, an entry per document, entity, teaser sentence,
    relation and co-occurrence) and the triples of one subject at a time.
    """
    for subject in _subjects(corpus, graph):
        for predicate, obj in subject.pairs:
            yield f"{subject.term} {predicate} {obj} .\n"


def nquads(corpus: Corpus, graph: nx.MultiDiGraph) -> Iterator[str]:
    """The lines of :func:`ntriples`, in the same order, each with its named graph.

    A document's own triples (the document, its sentences, mentions and
    evidence, and the ``kg:evidence`` links to that evidence) are in the graph
    named by the document's IRI; everything else is in :data:`CORPUS_GRAPH`.
    Every triple is in exactly one graph.
    """
    for subject in _subjects(corpus, graph):
        yield from _quad_lines(subject)


def _quad_lines(subject: _Subject) -> Iterator[str]:
    for predicate, obj in subject.pairs:
        graph = subject.graph
        if subject.evidence and predicate == _KG.evidence:
            graph = subject.evidence.get(obj, graph)
        yield f"{subject.term} {predicate} {obj} {graph} .\n"


def corpus_rdf(corpus: Corpus, graph: nx.MultiDiGraph) -> Graph:
    """The RDF of ``corpus`` as an rdflib graph, with :data:`PREFIXES` bound.

    For small corpora (tests, validation): the graph holds every triple in
    memory, where :func:`write_rdf` streams them to files.
    """
    g = Graph()
    for prefix, namespace in PREFIXES.items():
        g.bind(prefix, namespace)
    return g.parse(data="".join(ntriples(corpus, graph)), format="nt")


#: The RDF files :func:`write_rdf` can write, by format name.
RDF_FILES = {"nt": "graph.nt", "nq": "graph.nq", "ttl": "graph.ttl", "jsonld": "graph.jsonld"}


def write_rdf(
    corpus: Corpus,
    graph: nx.MultiDiGraph,
    folder: Path,
    formats: Iterable[str] = ("nt", "ttl", "jsonld"),
    corpus_lines: Path | None = None,
    runs: GraphRuns | None = None,
) -> dict[str, str]:
    """Write the RDF files of ``formats`` (names of :data:`RDF_FILES`) into ``folder``.

    Returns the digest of every named graph (see :func:`nquads`): graph IRI
    -> the SHA-256 of its N-Quads lines, in the order written; empty when
    neither ``nq`` nor ``corpus_lines`` is asked for. Two builds
    whose digests for a graph agree wrote the same triples into it, which
    is how a store is updated graph by graph
    (:func:`kgraph.rdf.store.write_store`). ``corpus_lines`` names a file
    to write the N-Quads lines of :data:`CORPUS_GRAPH` into, in the same
    order, for a store's line-by-line update of that graph. ``runs``
    records where each graph's lines are in ``graph.nq``, so that a store
    can read the lines of a few graphs without reading the whole file.

    Notes
    -----
    Linear in the number of triples, in memory bounded as for :func:`ntriples`
    plus a digest per document: the lines go to ``graph.nt``, ``graph.nq``
    and ``graph.jsonld`` as they are generated, and Oxigraph turns
    ``graph.nt`` into Turtle as a stream (``graph.nt`` is written for that
    and removed again when only Turtle is asked for).
    """
    import pyoxigraph as ox

    wanted = set(formats)
    unknown = wanted - set(RDF_FILES)
    if unknown:
        raise ValueError(f"unknown RDF formats: {', '.join(sorted(unknown))}")
    nt_path, nq_path, ttl, jsonld = (folder / RDF_FILES[name] for name in RDF_FILES)
    if "ttl" in wanted and "nt" not in wanted:
        nt_path = folder / ".graph.nt"
    digests: dict[str, Any] = {}
    with contextlib.ExitStack() as files:
        nt = nq = nodes = None
        if wanted & {"nt", "ttl"}:
            nt = files.enter_context(nt_path.open("w", encoding="utf-8", newline="\n"))
        if "nq" in wanted:
            nq = files.enter_context(nq_path.open("wb"))
        runs = runs if nq is not None else None
        if "jsonld" in wanted:
            nodes = _JsonLdWriter(
                files.enter_context(jsonld.open("w", encoding="utf-8", newline="\n"))
            )
        shared = None
        if corpus_lines is not None:
            shared = files.enter_context(corpus_lines.open("w", encoding="utf-8", newline="\n"))
        for subject in _subjects(corpus, graph):
            if nt is not None:
                nt.writelines(f"{subject.term} {p} {o} .\n" for p, o in subject.pairs)
            if nodes is not None:
                nodes.write(subject.term, subject.pairs)
            if nq is None and shared is None:
                continue  # no quads asked for: no digests either
            lines = "".join(_quad_lines(subject))
            data = lines.encode()
            if nq is not None:
                nq.write(data)
            if shared is not None and subject.graph == _CORPUS:
                shared.writelines(line for line in lines.splitlines(True) if line.endswith(_TAIL))
            _digest(digests, subject, data, runs)
        if nodes is not None:
            nodes.close()
    if "ttl" in wanted:
        # Oxigraph writes Turtle ten times faster than rdflib; grouped input keeps it deterministic.
        with ttl.open("wb") as ttl_file:
            out = _LanguageTagCase(ttl_file)
            ox.serialize(
                ox.parse(path=nt_path, format=ox.RdfFormat.N_TRIPLES),
                cast("IO[bytes]", out),  # Oxigraph only calls write() and flush()
                ox.RdfFormat.TURTLE,
                prefixes=PREFIXES,
            )
            out.close()
        if "nt" not in wanted:
            nt_path.unlink()
    return {name[1:-1]: digest.hexdigest() for name, digest in sorted(digests.items())}


def _digest(
    digests: dict[str, Any], subject: _Subject, lines: bytes, runs: GraphRuns | None
) -> None:
    """Add a subject's N-Quads ``lines`` to the digests of the graphs they are in, and to ``runs``."""
    if not subject.evidence:
        _update(digests, subject.graph, lines)
        if runs is not None:
            runs.add(subject.graph, len(lines))
        return
    for line in lines.split(b"\n")[:-1]:  # a literal holds no raw line feed
        graph = line[line.rindex(b" ", 0, len(line) - 2) + 1 : -2].decode()
        _update(digests, graph, line + b"\n")
        if runs is not None:
            runs.add(graph, len(line) + 1)


class GraphRuns:
    """Where each named graph's lines are in ``graph.nq``: runs of bytes, adjacent ones merged.

    >>> runs = GraphRuns()
    >>> runs.add("<a>", 10); runs.add("<a>", 5); runs.add("<b>", 3); runs.add("<a>", 1)
    >>> runs.spans()["a"].tolist(), runs.spans()["b"].tolist()
    ([0, 15, 18, 1], [15, 3])
    """

    def __init__(self) -> None:
        self._runs: dict[str, array[int]] = {}  # graph term -> [start, size, start, size, …]
        self._offset = 0

    def add(self, graph: str, size: int) -> None:
        """The next ``size`` bytes of the file are lines of ``graph`` (an N-Quads term)."""
        runs = self._runs.get(graph)
        if runs is None:
            runs = self._runs[graph] = array("q")
        if runs and runs[-2] + runs[-1] == self._offset:
            runs[-1] += size
        else:
            runs.extend((self._offset, size))
        self._offset += size

    def spans(self) -> dict[str, array[int]]:
        """Graph IRI -> its runs, ``[start, size, start, size, …]`` in bytes."""
        return {term[1:-1]: runs for term, runs in self._runs.items()}


def _update(digests: dict[str, Any], graph: str, data: bytes) -> None:
    digest = digests.get(graph)
    if digest is None:
        digest = digests[graph] = hashlib.sha256()
    digest.update(data)


class _LanguageTagCase:
    """A binary writer that gives language tags their BCP 47 case, line by line.

    Oxigraph lower-cases language tags (``zh-hans``); the exports write them as
    BCP 47 recommends (``zh-Hans``), as in ``graph.nt``. Only whole lines are
    rewritten (Oxigraph escapes line breaks in literals), and in a line every
    string literal is matched from its opening quote, so text that merely looks
    like a tag is left alone.
    """

    _TAGGED_LINE = re.compile(rb'^[^\n]*"@[^\n]*$', re.MULTILINE)
    _LITERAL = re.compile(rb'"(?:[^"\\\n]|\\.)*"(?:@([A-Za-z]+(?:-[A-Za-z0-9]+)*))?')

    def __init__(self, out: IO[bytes]) -> None:
        from kgraph.rdf.store import bcp47_case

        self._out = out
        self._pending: list[bytes] = []  # the start of a line not yet complete
        self._case = bcp47_case

    def write(self, data: bytes) -> int:
        end = data.rfind(b"\n") + 1
        if end == 0:
            self._pending.append(data)
        else:
            self._pending.append(data[:end])
            self._out.write(self._TAGGED_LINE.sub(self._fix, b"".join(self._pending)))
            self._pending = [data[end:]]
        return len(data)

    def flush(self) -> None:
        self._out.flush()

    def close(self) -> None:
        """Write what remains of a last line without a newline."""
        self._out.write(self._TAGGED_LINE.sub(self._fix, b"".join(self._pending)))
        self._pending = []

    def _fix(self, line: re.Match[bytes]) -> bytes:
        return self._LITERAL.sub(self._recase, line.group())

    def _recase(self, literal: re.Match[bytes]) -> bytes:
        tag = literal.group(1)
        if tag is None:
            return literal.group()
        return literal.group()[: -len(tag)] + self._case(tag.decode("ascii")).encode("ascii")


class _JsonLdWriter:
    """Write ``{"@context": …, "@graph": [node, …]}``, one node object a line.

    Nodes come in the order of ``graph.nt``, keys sorted, values in the order
    of their lines. IRIs stay whole; classes, properties and datatypes are
    abbreviated with :data:`PREFIXES`. Only integers become JSON numbers;
    doubles and dates keep their lexical form as ``{"@type": …, "@value": "…"}``,
    so the JSON-LD reads back to exactly the triples of ``graph.nt``.
    """

    def __init__(self, out: IO[str]) -> None:
        self._out = out
        self._first = True
        self._names: dict[str, str] = {}  # N-Triples term -> compact IRI; few distinct
        context = json.dumps(PREFIXES, ensure_ascii=False, sort_keys=True, indent=1)
        out.write('{\n"@context": ' + context + ',\n"@graph": [\n')

    def write(self, subject: str, pairs: list[tuple[str, str]]) -> None:
        node: dict[str, Any] = {"@id": subject[1:-1]}
        for predicate, group in itertools.groupby(pairs, key=lambda pair: pair[0]):
            if predicate == _A:
                values: list[Any] = [self._name(obj) for _, obj in group]
                key = "@type"
            else:
                values = [self._value(obj) for _, obj in group]
                key = self._name(predicate)
            node[key] = values[0] if len(values) == 1 else values
        if not self._first:
            self._out.write(",\n")
        self._first = False
        self._out.write(json.dumps(node, ensure_ascii=False, sort_keys=True))

    def close(self) -> None:
        self._out.write("\n]\n}\n")

    def _name(self, term: str) -> str:
        name = self._names.get(term)
        if name is None:
            name = self._names[term] = compact_iri(term[1:-1])
        return name

    def _value(self, term: str) -> object:
        """The JSON-LD value of an N-Triples object term as :func:`_string` writes them."""
        if term[0] == "<":
            return {"@id": term[1:-1]}
        close = term.rindex('"')
        text = term[1:close]
        if "\\" in text:
            text = _ESCAPE.sub(lambda m: _UNESCAPE[m.group()], text)
        if close == len(term) - 1:
            return text
        if term[close + 1] == "@":
            return {"@language": term[close + 2 :], "@value": text}
        datatype = term[close + 3 :]
        if datatype == _XSD.integer and _JSON_INTEGER.fullmatch(text):
            return int(text)  # JSON-LD reads a JSON integer back as this same xsd:integer
        return {"@type": self._name(datatype), "@value": text}


_JSON_INTEGER = re.compile(r"-?(?:0|[1-9][0-9]{0,19})")  # below 10**21: read back as xsd:integer
_UNESCAPE = {"\\\\": "\\", "\\n": "\n", '\\"': '"', "\\r": "\r"}
_ESCAPE = re.compile(r"\\.")
