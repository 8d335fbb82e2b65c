"""A neighbourhood of the graph as a configured pyvis network, for notebooks.

The main viewer (``graph.html``) is sigma.js: pyvis cannot draw tens of
thousands of nodes, and its own templates load bootstrap or vis-network
from a CDN. For notebook users who know pyvis, :func:`to_pyvis` gives a
:class:`pyvis.network.Network` of one entity's neighbourhood (or of the
strongest entities), coloured by type, with evidence in the tooltips. Its
template is kgraph's: vis-network's script and styles from the pyvis
package are inlined, so a page it writes loads nothing from the network.
Needs ``pip install 'kgraph[pyvis]'``.

Examples
--------
>>> import networkx as nx
>>> g = nx.MultiDiGraph()
>>> g.add_node("Person/李明", kind="entity", type="Person", label="李明", pagerank=0.6)
>>> g.add_node("Place/杭州市", kind="entity", type="Place", label="杭州市", pagerank=0.4)
>>> _ = g.add_edge("Person/李明", "Place/杭州市", key="visited", kind="relation",
...                predicate="visited", evidence_count=2)
>>> net = to_pyvis(g, focus="李明")  # doctest: +SKIP
>>> sorted(n["label"] for n in net.nodes)  # doctest: +SKIP
['李明', '杭州市']
"""

from __future__ import annotations

from collections.abc import Hashable
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

import networkx as nx

from kgraph.errors import KgraphError
from kgraph.model import Corpus

if TYPE_CHECKING:
    from pyvis.network import Network

__all__ = ["COLOURS", "neighbourhood_of", "to_pyvis"]

#: Node colours by entity type (the main viewer's palette).
COLOURS = {
    "Person": "#d1495b",
    "Place": "#00798c",
    "Organization": "#edae49",
    "CreativeWork": "#8f5ba8",
    "Campaign": "#3b8b3f",
    "Slogan": "#f28e2b",
    "Concept": "#6c757d",
    "Document": "#bbbbbb",
}

_EVIDENCE_PER_TOOLTIP = 3


def neighbourhood_of(
    graph: nx.MultiDiGraph, focus: Hashable | None = None, hops: int = 1, max_nodes: int = 300
) -> nx.MultiDiGraph:
    """Entities within ``hops`` links of ``focus`` (a key or a label), or the strongest by PageRank.

    Documents are left out. The neighbourhood keeps its ``max_nodes``
    strongest nodes, the focus always among them.

    Raises
    ------
    KgraphError
        ``focus`` names no entity of ``graph``.
    """
    entities = [n for n, data in graph.nodes(data=True) if data.get("kind") == "entity"]
    view = graph.subgraph(entities)
    rank = {n: float(graph.nodes[n].get("pagerank", 0.0)) for n in entities}
    if focus is None:
        keep = sorted(entities, key=lambda n: (-rank[n], str(n)))[:max_nodes]
        return nx.MultiDiGraph(view.subgraph(keep))
    key = focus if focus in view else _by_label(graph, entities, str(focus))
    near = nx.ego_graph(view, key, radius=max(1, hops), undirected=True)
    keep = [key, *sorted((n for n in near if n != key), key=lambda n: (-rank[n], str(n)))]
    return nx.MultiDiGraph(view.subgraph(keep[:max_nodes]))


def _by_label(graph: nx.MultiDiGraph, entities: list[Hashable], label: str) -> Hashable:
    matches = sorted(
        (n for n in entities if graph.nodes[n].get("label") == label),
        key=lambda n: -float(graph.nodes[n].get("pagerank", 0.0)),
    )
    if not matches:
        raise KgraphError(
            f"no entity {label!r} in the graph; give a label or a key like 'Place/杭州市'"
        )
    return matches[0]


def to_pyvis(
    graph: nx.MultiDiGraph,
    focus: Hashable | None = None,
    hops: int = 1,
    *,
    corpus: Corpus | None = None,
    max_nodes: int = 300,
    height: str = "640px",
) -> Network:
    """A :class:`pyvis.network.Network` of the neighbourhood :func:`neighbourhood_of` gives.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
        A kgraph graph (``kgraph.build(...).graph``, or ``graph.graphml`` read back).
    focus : key or label, optional
        The entity in the middle; without it, the ``max_nodes`` strongest entities.
    hops : int
        Radius of the neighbourhood.
    corpus : Corpus, optional
        The corpus behind the graph: relation tooltips then quote evidence sentences.
    max_nodes : int
        The most nodes drawn.
    height : str
        CSS height of the drawing.

    Returns
    -------
    pyvis.network.Network
        Ready for ``net.show("x.html", notebook=True)`` or ``net.write_html(path)``;
        the page it writes loads nothing from the network.
    """
    try:
        from jinja2 import ChoiceLoader, Environment, FileSystemLoader
        from pyvis.network import Network
    except ImportError:
        raise KgraphError("to_pyvis needs pyvis: pip install 'kgraph[pyvis]'") from None
    import pyvis

    sub = neighbourhood_of(graph, focus, hops, max_nodes)
    net = Network(height=height, width="100%", directed=True, cdn_resources="in_line")
    ours = Path(str(resources.files(__package__)))
    theirs = Path(pyvis.__file__).parent / "templates"
    net.path = "pyvis.html"
    net.templateEnv = Environment(
        loader=ChoiceLoader([FileSystemLoader(str(ours)), FileSystemLoader(str(theirs))]),
        autoescape=False,
    )
    net.template = net.templateEnv.get_template(net.path)  # what show(notebook=True) renders
    evidence = _evidence_by_relation(corpus) if corpus is not None else {}
    for node, data in sorted(sub.nodes(data=True), key=lambda item: str(item[0])):
        kind = str(data.get("type", ""))
        net.add_node(
            str(node),
            label=str(data.get("label", node)),
            title=f"{data.get('label', node)} ({kind}), {data.get('doc_count', 0)} documents",
            color=COLOURS.get(kind, "#999999"),
            value=float(data.get("pagerank", 0.0)),
        )
    for a, b, key, data in sorted(
        sub.edges(keys=True, data=True), key=lambda e: (str(e[0]), str(e[1]), str(e[2]))
    ):
        if data.get("kind") == "relation":
            quotes = evidence.get((str(a), str(key), str(b)), [])
            title = "\n".join([f"{key} ({data.get('evidence_count', 0)} sentences)", *quotes])
            net.add_edge(str(a), str(b), title=title, label=str(key), arrows="to")
        elif data.get("kind") == "cooccurrence":
            net.add_edge(str(a), str(b), title=f"co-occur in {data.get('sentences', 0)} sentences",
                         color="#cccccc", arrows="")  # fmt: skip
    net.toggle_physics(len(sub) <= 300)
    return net


def _evidence_by_relation(corpus: Corpus) -> dict[tuple[str, str, str], list[str]]:
    return {
        (r.subject, r.predicate, r.object): [
            e.text.strip() for e in r.evidence[:_EVIDENCE_PER_TOOLTIP]
        ]
        for r in corpus.relations
        if not r.literal
    }
