"""A small page showing one node's neighbourhood.

Why not pyvis: the design card suggested pyvis for this small view, but
pyvis cannot make an offline page by itself (its ``in_line`` template still
loads bootstrap from a CDN, its ``local`` mode gives a blank page offline),
so it would need our own template inlining vis-network's standalone build.
That build is 654 KB minified (vis-network 10.1.5), two and a half times
sigma.js and graphology together, and would be a second renderer to vendor,
test and keep safe. The neighbourhood is drawn instead with the same page,
bundle and escaping as the main viewer, opened focused on the node.

Examples
--------
>>> import networkx as nx
>>> g = nx.MultiDiGraph()
>>> for key in ("Person/李明", "Place/杭州市", "Place/浙江省"):
...     g.add_node(key, kind="entity", type=key.split("/")[0], label=key.split("/")[1])
>>> _ = g.add_edge("Person/李明", "Place/杭州市", key="visited", kind="relation")
>>> _ = g.add_edge("Place/杭州市", "Place/浙江省", key="containedInPlace", kind="relation")
>>> page = neighbourhood_html(g, "Person/李明")
>>> "杭州市" in page, "浙江省" in page
(True, False)
"""

from __future__ import annotations

from collections.abc import Hashable

import networkx as nx

from kgraph.errors import KgraphError
from kgraph.model import Corpus
from kgraph.viewer import layout, render_html

__all__ = ["neighbourhood", "neighbourhood_html"]


def neighbourhood(graph: nx.MultiDiGraph, key: Hashable, hops: int = 1) -> nx.MultiDiGraph:
    """The subgraph of nodes within ``hops`` links of ``key``, either direction.

    Raises
    ------
    KgraphError
        ``key`` is not a node of ``graph``.

    Notes
    -----
    Breadth-first: linear in the size of the neighbourhood.
    """
    if key not in graph:
        raise KgraphError(f"no node {key!r} in the graph; keys look like 'Place/杭州市'")
    sub: nx.MultiDiGraph = nx.ego_graph(graph, key, radius=hops, undirected=True)
    return sub


def neighbourhood_html(
    graph: nx.MultiDiGraph, key: Hashable, hops: int = 1, corpus: Corpus | None = None
) -> str:
    """A self-contained page drawing the ``hops``-neighbourhood of ``key``.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
        The full graph.
    key : node
        The node in the middle, e.g. ``"Place/杭州市"``.
    hops : int
        Radius, 1 to 3.
    corpus : Corpus, optional
        The corpus behind the graph, for evidence in the side panel.

    Returns
    -------
    str
        The page, laid out afresh for the neighbourhood, opened on ``key``.
    """
    hops = max(1, min(3, hops))
    sub = neighbourhood(graph, key, hops)
    label = sub.nodes[key].get("label", key)
    return render_html(
        sub,
        corpus,
        positions=layout(sub),
        title=f"kgraph · {label} · {hops} hop{'s' if hops > 1 else ''}",
        focus=key,
        hops=hops,
    )
