"""The graph as GraphML and GEXF, written element by element, never as a tree in memory.

networkx's writers build an ElementTree of the whole document before writing
it: at 10,000 articles that tree holds millions of elements. These writers
make two passes over the graph instead, one to declare its attribute keys and
one to write nodes and edges, in the graph's own order, so memory stays what
the graph itself takes.

The bytes are those networkx 3 writes with ``prettyprint=True``
(``nx.write_graphml``; ``GEXFWriter``) for graphs whose attributes are
``str``, ``int``, ``float`` or ``bool``, with one difference in GEXF:
networkx reads a node attribute named ``parents`` as GEXF's node hierarchy
(and writes one ``<parent>`` per character of a string), where here it is an
attribute like any other, and the names GEXF gives a meaning to in
networkx (``id``, ``pid``, ``start``, ``end``, ``spells``, ``viz``, an
edge's ``type``) are attributes too. In GEXF a node's ``label`` and an edge's ``weight``
and ``label`` are GEXF's own fields, and a multigraph's edge key is the
attribute ``networkx_key``, as networkx's reader expects.

Examples
--------
>>> import tempfile
>>> from pathlib import Path
>>> G = nx.MultiDiGraph()
>>> G.add_edge("a", "b", key="k", weight=1.5)
'k'
>>> with tempfile.TemporaryDirectory() as tmp:
...     write_graphml(G, Path(tmp) / "g.graphml")
...     write_gexf(G, Path(tmp) / "g.gexf", date="2024-01-02")
...     H = nx.read_graphml(Path(tmp) / "g.graphml", force_multigraph=True)
...     sorted(H.edges(keys=True, data=True)) == sorted(G.edges(keys=True, data=True))
True
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

import networkx as nx

from kgraph.atomic import atomic_writer

__all__ = ["GraphStream", "write_gexf", "write_graphml"]

_DECLARATION = "<?xml version='1.0' encoding='utf-8'?>\n"
_XSI = "http://www.w3.org/2001/XMLSchema-instance"
_GRAPHML_TYPES = {bool: "boolean", int: "long", float: "double", str: "string"}
_GEXF_TYPES = {bool: "boolean", int: "long", float: "double", str: "string"}
_GEXF_FLOATS = {"inf": "INF", "-inf": "-INF", "nan": "NaN"}

Node = tuple[Any, Mapping[str, Any]]
Edge = tuple[Any, Any, Any, Mapping[str, Any]]  # (u, v, key, attributes); key None without keys


@dataclass(frozen=True)
class GraphStream:
    """A graph given by its nodes and edges, produced afresh for each pass of a writer.

    The writers take one in place of a networkx graph, for a graph too large
    to hold: ``nodes()`` and ``edges()`` yield what ``G.nodes(data=True)``
    and ``G.edges(keys=True, data=True)`` would, in that order, each time
    they are called. ``attributes`` is the graph's own (``G.graph``).
    """

    nodes: Callable[[], Iterable[Node]]
    edges: Callable[[], Iterable[Edge]]
    directed: bool
    attributes: Mapping[str, Any]

    @classmethod
    def of(cls, G: nx.Graph) -> GraphStream:
        """The stream of a networkx graph's nodes and edges."""
        return cls(lambda: G.nodes(data=True), lambda: _edges(G), G.is_directed(), G.graph)


def write_graphml(G: nx.Graph | GraphStream, path: Path) -> None:
    """Write ``G`` to ``path`` as GraphML, the bytes of ``nx.write_graphml(G, path)``.

    ``G`` is a networkx graph or a :class:`GraphStream` of one.

    Notes
    -----
    Two passes over the nodes and edges; memory is one element at a time.
    """
    G = G if isinstance(G, GraphStream) else GraphStream.of(G)
    keys = _graphml_keys(G)
    with _xml_file(path) as out:
        out.write(_DECLARATION)
        out.write(
            f'<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="{_XSI}" '
            'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
            'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n'
        )
        for (name, kind, scope), (key_id, default) in reversed(keys.items()):
            head = (
                f'  <key id="{key_id}" for="{scope}" attr.name="{_attr(name)}" attr.type="{kind}"'
            )
            if default is None:
                out.write(head + " />\n")
            else:
                out.write(f"{head}>\n    <default>{_text(str(default))}</default>\n  </key>\n")
        graph_id = G.attributes.get("id")
        direction = "directed" if G.directed else "undirected"
        head = f'  <graph edgedefault="{direction}"'
        if graph_id is not None:
            head += f' id="{_attr(str(graph_id))}"'
        graph_data = _graph_data(G)
        if not _any(G.nodes()) and not _any(G.edges()) and not graph_data:
            out.write(head + " />\n</graphml>\n")
            return
        out.write(head + ">\n")
        for node, data in G.nodes():
            _graphml_element(out, f'<node id="{_attr(str(node))}"', "node", data, keys)
        for u, v, edge_key, data in G.edges():
            ends = f'<edge source="{_attr(str(u))}" target="{_attr(str(v))}"'
            if edge_key is not None:
                ends += f' id="{_attr(str(edge_key))}"'
            _graphml_element(out, ends, "edge", data, keys)
        for name, value in graph_data.items():
            out.write(_graphml_data(name, value, "graph", keys, "    "))
        out.write("  </graph>\n</graphml>\n")


def write_gexf(
    G: nx.Graph | GraphStream, path: Path, *, date: str, creator: str = "kgraph"
) -> None:
    """Write ``G`` to ``path`` as GEXF 1.2, dated ``date`` (its ``lastmodifieddate``).

    ``G`` is a networkx graph or a :class:`GraphStream` of one.

    Notes
    -----
    Two passes over the nodes and edges; memory is one element at a time.
    """
    G = G if isinstance(G, GraphStream) else GraphStream.of(G)
    node_ids, edge_ids = _gexf_attributes(G)
    with _xml_file(path) as out:
        out.write(_DECLARATION)
        out.write(
            f'<gexf xmlns="http://www.gexf.net/1.2draft" xmlns:xsi="{_XSI}" '
            'xsi:schemaLocation="http://www.gexf.net/1.2draft http://www.gexf.net/1.2draft/gexf.xsd" '
            'version="1.2">\n'
        )
        out.write(
            f'  <meta lastmodifieddate="{_attr(date)}">\n'
            f"    <creator>{_text(creator)}</creator>\n  </meta>\n"
        )
        direction = "directed" if G.directed else "undirected"
        out.write(
            f'  <graph defaultedgetype="{direction}" mode="static" '
            f'name="{_attr(str(G.attributes.get("name", "")))}">\n'
        )
        for kind, declared in (("edge", edge_ids), ("node", node_ids)):
            if declared:
                out.write(f'    <attributes mode="static" class="{kind}">\n')
                for title, (attr_id, xml_type) in declared.items():
                    out.write(
                        f'      <attribute id="{attr_id}" title="{_attr(title)}" type="{xml_type}" />\n'
                    )
                out.write("    </attributes>\n")
        if _any(G.nodes()):
            out.write("    <nodes>\n")
            for node, data in G.nodes():
                label = data.get("label", node)
                head = f'      <node id="{_attr(str(node))}" label="{_attr(str(label))}"'
                attributes = ((k, v) for k, v in data.items() if k != "label")
                _gexf_element(out, head, "node", attributes, node_ids)
            out.write("    </nodes>\n")
        else:
            out.write("    <nodes />\n")
        if _any(G.edges()):
            out.write("    <edges>\n")
            for number, (u, v, edge_key, data) in enumerate(G.edges()):
                head = (
                    f'      <edge source="{_attr(str(u))}" target="{_attr(str(v))}" id="{number}"'
                )
                for field in ("label", "weight"):
                    if field in data:
                        head += f' {field}="{_attr(str(data[field]))}"'
                values = [(k, v) for k, v in data.items() if k not in ("label", "weight")]
                if edge_key is not None:
                    values.append(("networkx_key", edge_key))
                _gexf_element(out, head, "edge", values, edge_ids)
            out.write("    </edges>\n")
        else:
            out.write("    <edges />\n")
        out.write("  </graph>\n</gexf>\n")


# --------------------------------------------------------------------------- GraphML

_Keys = dict[tuple[str, str, str], tuple[str, Any]]


def _graphml_keys(G: GraphStream) -> _Keys:
    """Every ``(name, type, scope)`` with its key id and default, in order of first use."""
    keys: _Keys = {}
    defaults = {
        "graph": {},
        "node": G.attributes.get("node_default", {}),
        "edge": G.attributes.get("edge_default", {}),
    }

    def declare(scope: str, data: Mapping[Any, Any]) -> None:
        for name, value in data.items():
            entry = (str(name), _xml_type(_GRAPHML_TYPES, value, "GraphML"), scope)
            if entry not in keys:
                keys[entry] = (f"d{len(keys)}", defaults[scope].get(name))

    declare("graph", _graph_data(G))
    for _node, data in G.nodes():
        declare("node", data)
    for *_ends, data in G.edges():
        declare("edge", data)
    return keys


def _graph_data(G: GraphStream) -> dict[Any, Any]:
    skip = ("node_default", "edge_default", "id")
    return {k: v for k, v in G.attributes.items() if k not in skip}


def _graphml_element(
    out: TextIO, head: str, scope: str, data: Mapping[Any, Any], keys: _Keys
) -> None:
    if not data:
        out.write(f"    {head} />\n")
        return
    out.write(f"    {head}>\n")
    for name, value in data.items():
        out.write(_graphml_data(name, value, scope, keys, "      "))
    out.write(f"    </{head[1:5]}>\n")


def _graphml_data(name: Any, value: Any, scope: str, keys: _Keys, indent: str) -> str:
    key_id = keys[(str(name), _xml_type(_GRAPHML_TYPES, value, "GraphML"), scope)][0]
    text = str(value)
    if not text:
        return f'{indent}<data key="{key_id}" />\n'
    return f'{indent}<data key="{key_id}">{_text(text)}</data>\n'


# --------------------------------------------------------------------------- GEXF

_Declared = dict[str, tuple[str, str]]


def _gexf_attributes(G: GraphStream) -> tuple[_Declared, _Declared]:
    """Node and edge attributes, ``title -> (id, type)``, numbered in order of first use."""
    nodes: _Declared = {}
    edges: _Declared = {}
    number = 0
    for _node, data in G.nodes():
        for title, value in data.items():
            if title != "label" and title not in nodes:
                nodes[title] = (str(number), _xml_type(_GEXF_TYPES, value, "GEXF"))
                number += 1
    for _u, _v, edge_key, data in G.edges():
        values = [(k, v) for k, v in data.items() if k not in ("label", "weight")]
        if edge_key is not None:
            values.append(("networkx_key", edge_key))
        for title, value in values:
            if title not in edges:
                edges[title] = (str(number), _xml_type(_GEXF_TYPES, value, "GEXF"))
                number += 1
    return nodes, edges


def _gexf_element(
    out: TextIO,
    head: str,
    kind: str,
    values: Iterable[tuple[str, Any]],
    declared: _Declared,
) -> None:
    lines = [
        f'          <attvalue for="{declared[title][0]}" value="{_attr(_gexf_value(value))}" />\n'
        for title, value in values
    ]
    if not lines:
        out.write(f"{head} />\n")
        return
    out.write(f"{head}>\n        <attvalues>\n")
    out.writelines(lines)
    out.write(f"        </attvalues>\n      </{kind}>\n")


def _gexf_value(value: Any) -> str:
    if isinstance(value, bool):
        return str(value).lower()
    text = str(value)
    return _GEXF_FLOATS.get(text, text) if isinstance(value, float) else text


# --------------------------------------------------------------------------- shared


def _any(items: Iterable[Any]) -> bool:
    return any(True for _ in items)


def _edges(G: nx.Graph) -> Iterator[Edge]:
    """``(u, v, key, data)`` in the graph's order; ``key`` is None for a graph without keys."""
    if G.is_multigraph():
        yield from G.edges(keys=True, data=True)
    else:
        for u, v, data in G.edges(data=True):
            yield u, v, None, data


def _xml_type(types: Mapping[type, str], value: Any, format_name: str) -> str:
    try:
        return types[type(value)]
    except KeyError:
        raise TypeError(
            f"{format_name} does not support {type(value).__name__} attribute values "
            f"({value!r}): use str, int, float or bool"
        ) from None


@contextmanager
def _xml_file(path: Path) -> Iterator[TextIO]:
    """``path`` opened for text as ElementTree writes it: UTF-8, ``\\n``, character references."""
    with atomic_writer(path) as binary:
        text = io.TextIOWrapper(binary, encoding="utf-8", errors="xmlcharrefreplace", newline="\n")
        try:
            yield text
        finally:
            text.detach()  # flushes; the binary file is closed by atomic_writer


def _text(text: str) -> str:
    """Character data escaped as ElementTree escapes it."""
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    return text


def _attr(text: str) -> str:
    """An attribute value escaped as ElementTree escapes it."""
    text = _text(text)
    if '"' in text:
        text = text.replace('"', "&quot;")
    if "\r" in text:
        text = text.replace("\r", "&#13;")
    if "\n" in text:
        text = text.replace("\n", "&#10;")
    if "\t" in text:
        text = text.replace("\t", "&#09;")
    return text
