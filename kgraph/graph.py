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

Examples
--------
>>> from kgraph.model import Corpus
>>> G = corpus_graph(Corpus((), (), (), (), (), ()))
>>> G.number_of_nodes()
0
"""

from __future__ import annotations

from collections import Counter

import networkx as nx

from kgraph.model import Corpus, SectionKind

__all__ = ["analytics_graph", "corpus_graph"]


def corpus_graph(corpus: Corpus) -> nx.MultiDiGraph:
    """Build the graph of ``corpus`` and compute its analytics.

    Notes
    -----
    PageRank and Louvain communities are near-linear in the number of edges.
    """
    G = nx.MultiDiGraph()
    dates = {d.id: d.date for d in corpus.documents}
    sections = {(s.doc_id, s.index): s.section for s in corpus.sentences}
    for d in corpus.documents:
        G.add_node(
            f"doc:{d.id}", kind="document", type="Document", label=d.title or d.path, date=d.date, path=d.path,
            source="|".join(d.sources),
        )  # fmt: skip
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
        counts = Counter(
            m.doc_id
            for m in e.mentions
            if sections.get((m.doc_id, m.sentence)) != SectionKind.TEASER
        )
        for doc_id, count in sorted(counts.items()):
            G.add_edge(f"doc:{doc_id}", e.key, key="mentions", kind="mentions", count=count)
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
