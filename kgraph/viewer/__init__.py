"""The offline graph viewer: one self-contained ``graph.html``.

The page draws the graph with sigma.js 3 on WebGL over a graphology graph;
both are vendored as pinned, minified UMD builds in ``vendor/`` (MIT,
262 KB, refreshed by ``scripts/vendor_js.sh``) and inlined with the page's
own ``viewer.js`` and the data, so the page loads nothing from the network.
A Content-Security-Policy allows only those three scripts (by hash) and no
image but ``data:``; it allows no connection, except that a page drawing only
the strongest entities of a corpus may query ``/sparql`` on the origin that
served it (``connect-src 'self'``), which is how ``kgraph serve`` shows the
neighbourhood of an entity the page does not draw.

sigma.js rather than pyvis (vis-network): with positions precomputed, sigma
draws 20,000 nodes in about 2 s and redraws 10-25 times a second while
panning (``benchmarks/viewer_bench.py``), where vis-network needed 4.5 s,
redrew 4 times a second and piled labels up.

Positions are computed here, in Python, with igraph's Fruchterman-Reingold
layout and a fixed seed (see :func:`layout`): the browser never runs a
layout, and the same graph always gives the same page, byte for byte.

Every string of a document reaches the page inside a JSON block, with ``<``,
``>`` and ``&`` escaped, and ``viewer.js`` puts it in the DOM with
``textContent`` only. The data's layout is described in
:mod:`kgraph.viewer.payload`; the page's own behaviour, and its
``window.kgraphViewer`` API for tests, in ``viewer.js``.

Examples
--------
>>> import networkx as nx
>>> g = nx.MultiDiGraph()
>>> g.add_node("Place/杭州市", kind="entity", type="Place", label="杭州市")
>>> html = render_html(g, None)
>>> html.startswith("<!DOCTYPE html>") and "杭州市" in html and "https://" not in html
True
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import math
import random
import re
from collections.abc import Hashable, Iterable, Iterator, Mapping
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import networkx as nx

from kgraph.atomic import atomic_writer
from kgraph.errors import ExportError
from kgraph.model import Corpus
from kgraph.viewer.notebook import to_pyvis
from kgraph.viewer.payload import viewer_payload

__all__ = [
    "MAX_NODES",
    "embed_json",
    "layout",
    "render_html",
    "strongest",
    "to_pyvis",
    "write_html",
]

#: Vendored scripts, in load order, then the viewer's own.
SCRIPTS = ("vendor/graphology.umd.min.js", "vendor/sigma.min.js", "viewer.js")

_MARKER = re.compile(r"%%([A-Z]+)%%")


def layout(
    graph: nx.Graph, *, seed: int = 20240601, iterations: int = 500
) -> dict[Hashable, tuple[float, float]]:
    """Node positions from igraph's Fruchterman-Reingold layout, seeded.

    Each connected component is laid out on its own; the largest sits in the
    middle and the others are set around it in rings, largest first, so that
    small fragments and isolated nodes neither drift far away nor squeeze
    the main component into a corner of the view.

    Parameters
    ----------
    graph : networkx.Graph
        Any networkx graph; edge directions, keys and multiplicity are ignored.
    seed : int
        Seed of the layout's random start: the same graph and seed give the
        same positions.
    iterations : int
        Iterations of the force simulation.

    Returns
    -------
    dict
        Node -> (x, y), in igraph's units (neighbours about 1 to 5 apart).

    Examples
    --------
    >>> import networkx as nx
    >>> pos = layout(nx.path_graph(3))
    >>> sorted(pos), pos == layout(nx.path_graph(3))
    ([0, 1, 2], True)

    Notes
    -----
    Fruchterman-Reingold with igraph's grid approximation for large graphs:
    about 2 s for 20,000 nodes and 60,000 edges. Placing the components is
    linear in their number.
    """
    import igraph

    nodes = sorted(graph.nodes, key=str)
    if not nodes:
        return {}
    index = {node: i for i, node in enumerate(nodes)}
    pairs = sorted({(min(index[u], index[v]), max(index[u], index[v])) for u, v in graph.edges()})
    simple = igraph.Graph(n=len(nodes), edges=[p for p in pairs if p[0] != p[1]])
    components = sorted(simple.connected_components(), key=lambda c: (-len(c), c[0]))
    coords: list[tuple[float, float]] = [(0.0, 0.0)] * len(nodes)
    # igraph draws from a process-wide generator: lend it a seeded one, then give back the default.
    igraph.set_random_number_generator(random.Random(seed))
    try:
        shapes = [_component_shape(simple, members, iterations) for members in components]
    finally:
        igraph.set_random_number_generator(random)
    centres = _ring_centres([radius for _, radius in shapes])
    for members, (points, _), (cx, cy) in zip(components, shapes, centres, strict=True):
        for node, (x, y) in zip(members, points, strict=True):
            coords[node] = (cx + x, cy + y)
    return {node: coords[i] for i, node in enumerate(nodes)}


def _component_shape(
    graph: Any, members: list[int], iterations: int
) -> tuple[list[tuple[float, float]], float]:
    """A component laid out around (0, 0), and the radius of the circle holding it."""
    if len(members) == 1:
        return [(0.0, 0.0)], 0.5
    found = graph.induced_subgraph(members).layout_fruchterman_reingold(
        niter=iterations, grid="auto"
    )
    points = [(float(x), float(y)) for x, y in found.coords]
    cx = sum(x for x, _ in points) / len(points)
    cy = sum(y for _, y in points) / len(points)
    points = [(x - cx, y - cy) for x, y in points]
    if len(points) <= 10:  # labels are drawn to the right: stand small fragments upright
        sxx = sum(x * x for x, _ in points)
        syy = sum(y * y for _, y in points)
        sxy = sum(x * y for x, y in points)
        turn = math.pi / 2 - 0.5 * math.atan2(2 * sxy, sxx - syy)
        cos, sin = math.cos(turn), math.sin(turn)
        points = [(x * cos - y * sin, x * sin + y * cos) for x, y in points]
    return points, max(math.hypot(x, y) for x, y in points) + 0.5


def _ring_centres(radii: list[float], gap: float = 1.5) -> list[tuple[float, float]]:
    """Centres for circles of ``radii`` (largest first): the first in the middle, the rest in rings.

    Each ring takes as many circles as fit around it and spreads them over
    the whole turn.

    Examples
    --------
    >>> _ring_centres([2.0, 1.0, 1.0])
    [(0.0, 0.0), (4.5, 0.0), (-4.5, 0.0)]
    """
    if not radii:
        return []
    centres = [(0.0, 0.0)]
    inner, i = radii[0], 1
    while i < len(radii):
        thickness = radii[i]  # the largest circle of this ring
        ring = inner + gap + thickness
        room = 2 * math.pi * ring
        members: list[float] = []
        arc = 0.0
        while i < len(radii) and (not members or arc + 2 * radii[i] + gap <= room):
            members.append(radii[i])
            arc += 2 * radii[i] + gap
            i += 1
        at = 0.0
        for radius in members:
            angle = at / ring
            centres.append((round(ring * math.cos(angle), 9), round(ring * math.sin(angle), 9)))
            at += (2 * radius + gap) * room / arc
        inner = ring + thickness
    return centres


def embed_json(value: Any) -> str:
    """JSON that is safe inside a ``<script>`` element.

    ``<``, ``>`` and ``&`` only occur inside JSON strings, where their
    ``\\uXXXX`` escapes mean the same; so no text can close the element or
    open a comment. U+2028 and U+2029 are escaped too.

    Examples
    --------
    >>> embed_json({"t": "</script><b>&"})
    '{"t":"\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e\\\\u0026"}'
    """
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    for char in "<>&\u2028\u2029":
        text = text.replace(char, f"\\u{ord(char):04x}")
    return text


@cache
def _asset(name: str) -> str:
    """A file of this package, as text."""
    text = resources.files(__package__).joinpath(name).read_text(encoding="utf-8")
    if name.endswith(".js") and re.search(r"</script|<!--", text, re.IGNORECASE):
        raise ExportError(f"{name} contains '</script' or '<!--' and cannot be inlined in a page")
    return text


def _script_hash(source: str) -> str:
    digest = hashlib.sha256(source.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


#: Most nodes :func:`write_html` draws: past this, the strongest entities.
MAX_NODES = 20_000


def strongest(graph: nx.MultiDiGraph, n: int) -> nx.MultiDiGraph:
    """The subgraph of the ``n`` entities of highest PageRank (ties by key); no documents.

    >>> G = nx.MultiDiGraph()
    >>> G.add_node("doc:a", kind="document", pagerank=0.0)
    >>> for key, rank in [("Person/甲", 0.5), ("Person/乙", 0.2), ("Place/丙", 0.3)]:
    ...     G.add_node(key, kind="entity", pagerank=rank)
    >>> G.add_edge("Person/甲", "Place/丙", key="visited")
    'visited'
    >>> sorted(strongest(G, 2).edges(keys=True))
    [('Person/甲', 'Place/丙', 'visited')]
    """
    return nx.MultiDiGraph(graph.subgraph(_strongest_nodes(graph, n)))


def _strongest_nodes(graph: nx.MultiDiGraph, n: int) -> list[Hashable]:
    """The ``n`` entities of highest PageRank, ties by key."""
    entities = [
        (-attrs.get("pagerank", 0.0), str(node), node)
        for node, attrs in graph.nodes(data=True)
        if attrs.get("kind") == "entity"
    ]
    return [node for *_, node in sorted(entities, key=lambda e: e[:2])[:n]]


def render_html(
    graph: nx.MultiDiGraph,
    corpus: Corpus | None,
    *,
    positions: Mapping[Hashable, tuple[float, float]] | None = None,
    title: str | None = None,
    focus: Hashable | None = None,
    hops: int = 1,
    max_evidence: int = 20,
    evidence_chars: int = 500_000,
    undrawn: Iterable[tuple[Hashable, Mapping[str, Any]]] = (),
) -> str:
    """The viewer page for ``graph``, as one self-contained HTML string.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
        The graph built by ``kgraph.graph``.
    corpus : Corpus or None
        The corpus behind the graph: documents and evidence sentences for
        the side panel. ``None`` draws the graph alone.
    positions : mapping, optional
        Node -> (x, y); computed with :func:`layout` when left out.
    title : str, optional
        The page's title; by default it counts entities and documents.
    focus : node, optional
        Open the page focused on this node's neighbourhood.
    hops : int
        Radius of that neighbourhood, 1 to 3.
    max_evidence : int
        Most evidence sentences embedded per node or edge.
    evidence_chars : int
        Most characters of evidence text embedded in the whole page.
    undrawn : iterable of (node, attributes)
        Entities of the corpus that ``graph`` leaves out. The page's search
        finds them too, and when ``kgraph serve`` serves the page it fetches
        their neighbourhoods from ``/sparql``; only then does the page's
        policy allow a connection, to its own origin.

    Returns
    -------
    str
        The page. The same arguments always give the same string.
    """
    return "".join(
        _page(
            graph,
            corpus,
            positions=positions,
            title=title,
            focus=focus,
            hops=hops,
            max_evidence=max_evidence,
            evidence_chars=evidence_chars,
            undrawn=undrawn,
        )
    )


def _page(
    graph: nx.MultiDiGraph,
    corpus: Corpus | None,
    *,
    positions: Mapping[Hashable, tuple[float, float]] | None = None,
    title: str | None = None,
    focus: Hashable | None = None,
    hops: int = 1,
    max_evidence: int = 20,
    evidence_chars: int = 500_000,
    undrawn: Iterable[tuple[Hashable, Mapping[str, Any]]] = (),
) -> Iterator[str]:
    """The page of :func:`render_html`, in pieces: the data one top-level field at a time.

    Each field of the payload is dropped once written, so the page is never
    held whole beside the payload it came from.
    """
    if positions is None:
        positions = layout(graph)
    if title is None:
        documents = sum(1 for _, kind in graph.nodes(data="kind") if kind == "document")
        entities = graph.number_of_nodes() - documents
        title = f"kgraph · {entities:,} entities · {documents:,} documents"
    payload = viewer_payload(
        graph,
        corpus,
        positions,
        title=title,
        focus=focus,
        hops=hops,
        max_evidence=max_evidence,
        evidence_chars=evidence_chars,
        undrawn=undrawn,
    )
    search = payload.pop("index")
    sources = [_asset(name) for name in SCRIPTS]
    policy = [
        "default-src 'none'",
        "script-src " + " ".join(_script_hash(s) for s in sources),
        "style-src 'unsafe-inline'",
        "img-src data:",
        "base-uri 'none'",
        "form-action 'none'",
    ]
    if search["label"]:  # neighbourhoods of undrawn entities, from the serving origin only
        policy.insert(1, "connect-src 'self'")
    csp = "; ".join(policy)
    values = {
        "TITLE": html.escape(title),
        "CSP": html.escape(csp, quote=False),  # the attribute is in double quotes; csp has none
        "SCRIPTS": "\n".join(f"<script>{s}</script>" for s in sources),
    }
    # parsed at the first search, not at load
    objects = {"DATA": payload, "INDEX": search}
    # One pass, so that no inserted text is searched for markers in turn.
    for i, part in enumerate(_MARKER.split(_asset("template.html"))):
        if i % 2 == 0:
            yield part
        elif part in objects:
            yield from _embed_fields(objects.pop(part))
        else:
            yield values[part]


def _embed_fields(value: dict[str, Any]) -> Iterator[str]:
    """``embed_json(value)`` in pieces, one field at a time, each dropped from ``value`` once out.

    >>> "".join(_embed_fields({"a": 1, "b": "<"})) == embed_json({"a": 1, "b": "<"})
    True
    """
    yield "{"
    for i, key in enumerate(list(value)):
        yield ("," if i else "") + embed_json(key) + ":" + embed_json(value.pop(key))
    yield "}"


def write_html(
    corpus: Corpus,
    graph: nx.MultiDiGraph,
    path: Path,
    *,
    max_nodes: int = MAX_NODES,
    **options: Any,
) -> None:
    """Write the viewer page for ``graph`` and ``corpus`` to ``path``, atomically.

    The page is written to a temporary file beside ``path``, a field of its
    data at a time, and moved over it, so a reader never sees half a page. Options are those of
    :func:`render_html`. A graph of more than ``max_nodes`` nodes is drawn
    as its ``max_nodes`` strongest entities (:func:`strongest`), so the page
    stays small and quick to open whatever the corpus; its title says so.
    Every other entity is in the page's search index (label, aliases, type,
    PageRank), and served by ``kgraph serve`` the page fetches its
    neighbourhood on demand.

    Parameters
    ----------
    corpus : Corpus
        The corpus the graph was built from.
    graph : networkx.MultiDiGraph
        The graph built by ``kgraph.graph``: the whole graph
        (:func:`~kgraph.graph.corpus_graph`) or its entities alone
        (:func:`~kgraph.graph.entity_graph`), to which a page that draws
        every node adds the corpus's documents and mention edges.
    path : pathlib.Path
        Where to write the page, usually ``<out>/graph.html``.
    max_nodes : int
        Most nodes drawn.

    Raises
    ------
    ExportError
        The file could not be written.
    """
    from kgraph.graph import corpus_graph, has_documents

    documents = 0 if has_documents(graph) else len(corpus.documents)  # the nodes still to add
    if graph.number_of_nodes() + documents > max_nodes:
        full = graph
        entities = sum(1 for _, kind in graph.nodes(data="kind") if kind == "entity")
        graph = graph.subgraph(_strongest_nodes(graph, max_nodes))  # strongest(), not copied
        options["undrawn"] = [
            (node, attrs)
            for node, attrs in full.nodes(data=True)
            if attrs.get("kind") == "entity" and node not in graph
        ]
        if options.get("title") is None:
            options["title"] = (
                f"kgraph · the {graph.number_of_nodes():,} strongest of {entities:,} entities "
                f"(PageRank) · {len(corpus.documents):,} documents"
            )
    elif documents:
        graph = corpus_graph(corpus, graph)
    path = Path(path)
    try:
        with atomic_writer(path) as out:
            for piece in _page(graph, corpus, **options):
                # Lone surrogates (from undecodable input) become \\udcXX escapes, valid in JSON strings.
                out.write(piece.encode("utf-8", errors="backslashreplace"))
    except OSError as error:
        raise ExportError(
            f"cannot write the graph viewer to {path}: {error.strerror or error}; "
            "check that the directory exists and is writable"
        ) from error
