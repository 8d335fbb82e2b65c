"""The corpus as one networkx graph, with analytics as node attributes.

Nodes are entities (id = ``Entity.key``) and documents (id = ``"doc:" +
Document.id``). Edges of a :class:`networkx.MultiDiGraph`, keyed by kind:

- typed relations: ``kind="relation"``, key = predicate, with
  ``predicate``, ``confidence``, ``evidence_count``, ``role``;
- co-occurrence: ``kind="cooccurrence"`` (from the key that sorts first),
  with ``weight`` (log-likelihood ratio), ``sentences``, ``documents``, ``pmi``;
- mentions: document -> entity, ``kind="mentions"``, with ``count``.

Every attribute is a scalar, so the graph writes to GraphML and GEXF as is.
Analytics (``degree``, ``pagerank``, ``community``, ``doc_count``,
``first_seen``, ``last_seen``) are computed over entities and their typed
and co-occurrence links.

Both are :class:`~kgraph.graphdicts.CompactGraph`, a ``MultiDiGraph`` whose
node and edge dicts are slotted records (it reads as any other).

A build holds only the entity part in networkx (:func:`entity_graph`): the
documents and their mention edges, most of the graph's edges, are taken from
the corpus when they are needed, as a stream for the writers
(:func:`graph_stream`, in the full graph's order) or as the full graph
(:func:`corpus_graph`, which ``report.graph`` builds on first use).

Examples
--------
>>> from kgraph.model import Corpus
>>> G = corpus_graph(Corpus((), (), (), (), (), ()))
>>> G.number_of_nodes()
0
"""

from __future__ import annotations

from array import array
from collections import Counter
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import networkx as nx

from kgraph.model import Corpus, SectionKind

if TYPE_CHECKING:  # the writers are imported by an export, not by every build's workers
    from kgraph.graphxml import GraphStream

__all__ = [
    "analytics_graph",
    "corpus_graph",
    "entity_graph",
    "graph_size",
    "graph_stream",
    "has_documents",
]


def entity_graph(corpus: Corpus) -> nx.MultiDiGraph:
    """The entities of ``corpus``, their typed and co-occurrence links, and their analytics.

    :func:`corpus_graph` without the document nodes and the mention edges;
    every entity and edge it holds is the full graph's, in the same order,
    with the same attributes.

    Examples
    --------
    >>> from kgraph.model import Corpus
    >>> entity_graph(Corpus((), (), (), (), (), ())).number_of_edges()
    0

    Notes
    -----
    PageRank and Louvain communities are near-linear in the number of edges.
    The graph is a :class:`~kgraph.graphdicts.CompactGraph`, a
    ``MultiDiGraph`` whose node and edge dicts are slotted records.
    """
    from kgraph.graphdicts import CompactGraph  # not imported by the extraction workers

    G = CompactGraph()
    dates = {d.id: d.date for d in corpus.documents}
    for e in corpus.entities:
        seen = sorted({dates[m.doc_id] for m in e.mentions if dates.get(m.doc_id)})
        G.add_node(
            e.key,
            kind="entity",
            type=e.type.value,
            label=e.label,
            aliases="|".join(e.aliases),
            doc_count=len({m.doc_id for m in e.mentions}),
            mention_count=len(e.mentions),
            first_seen=seen[0] if seen else "",
            last_seen=seen[-1] if seen else "",
            code=e.code,
            parents="|".join(e.parents),
            roles="|".join(e.roles),
        )
    del dates
    contained = {r.subject for r in corpus.relations if r.predicate == "containedInPlace"}
    for e in corpus.entities:
        if e.parents and e.key not in contained:
            G.add_edge(
                e.key,
                e.parents[0],
                key="containedInPlace",
                kind="relation",
                predicate="containedInPlace",
                confidence=1.0,
                evidence_count=0,
                role="",
            )
    for r in corpus.relations:
        if r.literal:
            continue
        G.add_edge(r.subject, r.object, key=r.predicate, kind="relation", predicate=r.predicate,
                   confidence=r.confidence, evidence_count=len(r.evidence), role=r.role)  # fmt: skip
    for c in corpus.cooccurrences:
        G.add_edge(c.a, c.b, key="coOccursWith", kind="cooccurrence", weight=c.llr, sentences=c.sentences,
                   documents=c.documents, pmi=c.pmi)  # fmt: skip
    _analytics(G)
    return G


def corpus_graph(corpus: Corpus, entities: nx.MultiDiGraph | None = None) -> nx.MultiDiGraph:
    """Build the graph of ``corpus``, documents and mention edges included, with its analytics.

    ``entities`` is the corpus's :func:`entity_graph` when one was already
    built (its analytics are then not computed again).

    Notes
    -----
    PageRank and Louvain communities are near-linear in the number of edges.
    """
    if entities is None:
        entities = entity_graph(corpus)
    from kgraph.graphdicts import CompactGraph

    stream = graph_stream(corpus, entities)
    G = CompactGraph()
    G.add_nodes_from(stream.nodes())
    G.add_edges_from(stream.edges())
    return G


def has_documents(G: nx.Graph) -> bool:
    """Whether ``G`` holds document nodes (:func:`corpus_graph`), not only entities."""
    return any(kind == "document" for _, kind in G.nodes(data="kind"))


def graph_stream(corpus: Corpus, entities: nx.MultiDiGraph) -> GraphStream:
    """The full graph of ``corpus`` as a stream: documents from the corpus, entities from ``entities``.

    Nodes and edges come in the order of :func:`corpus_graph`'s graph
    (documents, then entities; each document's mention edges, then the
    entities' edges), so the GraphML and GEXF writers give the same bytes
    from either. Each pass builds one document's attributes at a time.
    """
    from kgraph.graphxml import GraphStream

    mentioned = _mentioned(corpus, entities)
    keys = list(entities)

    def nodes() -> Iterator[tuple[Any, dict[str, Any]]]:
        for d in corpus.documents:
            attrs = _document_attributes(d)
            attrs["degree"] = len(mentioned.get(d.id, ())) // 2
            attrs["pagerank"] = 0.0
            attrs["community"] = -1
            yield f"doc:{d.id}", attrs
        yield from entities.nodes(data=True)

    def edges() -> Iterator[tuple[Any, Any, Any, dict[str, Any]]]:
        for d in corpus.documents:
            node = f"doc:{d.id}"
            pairs = mentioned.get(d.id, ())
            for i in range(0, len(pairs), 2):
                yield node, keys[pairs[i]], "mentions", {"kind": "mentions", "count": pairs[i + 1]}
        yield from entities.edges(keys=True, data=True)

    return GraphStream(nodes, edges, directed=True, attributes=entities.graph)


def graph_size(corpus: Corpus, entities: nx.MultiDiGraph) -> tuple[int, int]:
    """Nodes and edges of ``corpus``'s full graph, counted without building it."""
    mentioned = _mentioned(corpus, entities)
    edges = sum(len(pairs) // 2 for pairs in mentioned.values())
    return len(corpus.documents) + entities.number_of_nodes(), edges + entities.number_of_edges()


def _document_attributes(d: Any) -> dict[str, Any]:
    return {"kind": "document", "type": "Document", "label": d.title or d.path, "date": d.date,
            "path": d.path, "source": "|".join(d.sources)}  # fmt: skip


def _mentioned(corpus: Corpus, entities: nx.MultiDiGraph) -> dict[str, array[int]]:
    """Per document id, ``[entity, count, entity, count, …]``: its mention edges, entities in order.

    An entity is its position among ``entities``' nodes; a mention in a
    teaser (a list of related articles) is not the document's.
    """
    teasers = {(s.doc_id, s.index) for s in corpus.sentences if s.section == SectionKind.TEASER}
    position = {node: i for i, node in enumerate(entities)}
    mentioned: dict[str, array[int]] = {}
    for e in corpus.entities:
        counts = Counter(m.doc_id for m in e.mentions if (m.doc_id, m.sentence) not in teasers)
        at = position[e.key]
        for doc_id, count in counts.items():
            mentioned.setdefault(doc_id, array("I")).extend((at, count))
    return mentioned


def analytics_graph(G: nx.MultiDiGraph) -> nx.Graph:
    """The undirected, weighted entity graph that analytics run on."""
    H = nx.Graph()
    H.add_nodes_from(n for n, kind in G.nodes(data="kind") if kind == "entity")
    for a, b, data in G.edges(data=True):
        if data["kind"] == "mentions" or a not in H or b not in H:
            continue
        weight = 1.0 + (data.get("weight", 0.0) if data["kind"] == "cooccurrence" else 5.0)
        if H.has_edge(a, b):
            H[a][b]["weight"] += weight
        else:
            H.add_edge(a, b, weight=weight)
    return H


def _pagerank(H: nx.Graph) -> dict[str, float]:
    """Weighted PageRank, computed by igraph (networkx's needs SciPy)."""
    import igraph

    nodes = list(H)
    if not nodes:
        return {}
    index = {n: i for i, n in enumerate(nodes)}
    ig = igraph.Graph(n=len(nodes), edges=[(index[a], index[b]) for a, b in H.edges()])
    weights = [d["weight"] for _, _, d in H.edges(data=True)]
    scores = ig.pagerank(weights=weights if weights else None, directed=False)
    return dict(zip(nodes, scores, strict=True))


def _louvain(H: nx.Graph) -> list[set[str]]:
    """Louvain communities, by igraph's C implementation, seeded for reproducible output."""
    import random

    import igraph

    if not H.number_of_edges():
        return []
    nodes = sorted(H)
    index = {n: i for i, n in enumerate(nodes)}
    edges = sorted(
        (min(index[a], index[b]), max(index[a], index[b]), d["weight"])
        for a, b, d in H.edges(data=True)
    )
    ig = igraph.Graph(n=len(nodes), edges=[(a, b) for a, b, _ in edges])
    igraph.set_random_number_generator(random.Random(7))
    try:
        clustering = ig.community_multilevel(weights=[w for _, _, w in edges])
    finally:
        igraph.set_random_number_generator(random)
    return [{nodes[i] for i in members} for members in clustering]


def _analytics(G: nx.MultiDiGraph) -> None:
    H = analytics_graph(G)
    rank = _pagerank(H)
    communities = _louvain(H)
    ordered = sorted(communities, key=lambda c: (-len(c), min(c)))
    community = {n: i for i, members in enumerate(ordered) for n in members}
    for n in H:
        G.nodes[n]["degree"] = H.degree(n)
        G.nodes[n]["pagerank"] = round(rank.get(n, 0.0), 8)
        G.nodes[n]["community"] = community.get(n, -1)
    for n, kind in G.nodes(data="kind"):
        if kind == "document":
            G.nodes[n]["degree"] = G.out_degree(n)
            G.nodes[n]["pagerank"] = 0.0
            G.nodes[n]["community"] = -1
