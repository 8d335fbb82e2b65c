"""Check an RDF export against kgraph's SHACL shapes (``shapes.ttl``).

Examples
--------
>>> from rdflib import Graph
>>> data = Graph().parse(format="turtle", data='''
...     @prefix schema: <https://schema.org/> .
...     <https://w3id.org/kgraph/id/Place/福建省> a schema:Place .''')
>>> validate(data)  # doctest: +ELLIPSIS
['kgd:Place/福建省 rdfs:label: an entity needs exactly one rdfs:label, in Simplified Chinese...']
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import TYPE_CHECKING

from kgraph.errors import InputError
from kgraph.ingest.files import missing_export
from kgraph.rdf.vocab import DATA, NS, compact_iri

if TYPE_CHECKING:
    from rdflib import Graph
    from rdflib.term import Node

__all__ = ["SHAPES", "validate"]

_IRI = re.compile(r"https?://[^\s<>\"{}|^`]+")

#: The SHACL shapes of docs/rdf.md.
SHAPES = Path(__file__).with_name("shapes.ttl")


def validate(source: str | os.PathLike[str] | Graph, shapes: Path = SHAPES) -> list[str]:
    """Return the ways an export breaks kgraph's shapes, or ``[]`` if it conforms.

    Parameters
    ----------
    source : path or rdflib.Graph
        An export (Turtle, N-Triples, JSON-LD… by extension) or a graph.
    shapes : Path
        SHACL shapes; kgraph's own by default.

    Returns
    -------
    list of str
        One line per violation, ``"<focus node> <path>: <message>"``,
        sorted; IRIs abbreviated with :data:`kgraph.rdf.vocab.PREFIXES`.

    Raises
    ------
    InputError
        If the file is missing, empty or not RDF, or holds no kgraph data
        (an IRI under ``https://w3id.org/kgraph/``), which any shapes would pass.

    Notes
    -----
    pySHACL is pure Python: about 4 s for the 14 000 triples of ``seeds/``'s
    export, roughly linear in the number of nodes.
    """
    from pyshacl import validate as shacl_validate
    from rdflib import Graph
    from rdflib.namespace import RDF, SH

    data = source if isinstance(source, Graph) else _load(Path(source))
    _check_kgraph_data(data, "the graph" if isinstance(source, Graph) else str(source))
    shapes_graph = Graph().parse(shapes, format="turtle")
    _conforms, report, _text = shacl_validate(
        data, shacl_graph=shapes_graph, inference="none", advanced=True, allow_warnings=False
    )
    assert isinstance(report, Graph)
    lines = set()
    top_level = (
        result
        for validation in report.subjects(RDF.type, SH.ValidationReport)
        for result in report.objects(validation, SH.result)
    )  # nested sh:detail results repeat what the top-level message says
    for result in top_level:
        focus = report.value(result, SH.focusNode)
        path = report.value(result, SH.resultPath)
        message = report.value(result, SH.resultMessage)
        value = report.value(result, SH.value)
        where = _show(focus) + (f" {_show(path)}" if path is not None else "")
        text = _IRI.sub(lambda m: compact_iri(m.group()), str(message or "does not conform"))
        if value is not None and value != focus and "{" not in text and _show(value) not in text:
            text += f" (found {_show(value)})"
        lines.add(f"{where}: {text}")
    return sorted(lines)


def _load(path: Path) -> Graph:
    """Parse an export, or raise :class:`InputError` saying what the file is instead."""
    from rdflib import Graph
    from rdflib.util import guess_format

    if path.is_dir():
        exports = [path / name for name in ("graph.ttl", "graph.nt", "graph.jsonld")]
        found = [export for export in exports if export.is_file()]
        if not found:
            no_build = f"{path} holds no graph.ttl, graph.nt or graph.jsonld to validate"
            names = "graph.ttl, graph.nt or graph.jsonld"
            raise InputError(missing_export(path, names, "ttl, nt or jsonld", no_build))
        path = found[0]  # an export folder: its Turtle, else its N-Triples or JSON-LD
    if not path.is_file():
        raise InputError(f"no file at {path}: give an export such as exports/graph.ttl")
    if path.stat().st_size == 0:
        raise InputError(f"{path} is empty: give an export written by `kgraph build`")
    rdf_format = guess_format(str(path)) or "turtle"
    try:
        return Graph().parse(path, format=rdf_format)
    except Exception as error:
        first = next((line.strip() for line in str(error).splitlines() if line.strip()), "")
        raise InputError(
            f"{path} is not RDF ({rdf_format}: {first[:200] or type(error).__name__}): "
            "give an export written by `kgraph build`, such as exports/graph.ttl"
        ) from None


def _check_kgraph_data(graph: Graph, name: str) -> None:
    """Raise :class:`InputError` if ``graph`` holds no kgraph IRI at all: shapes would pass it."""
    if len(graph) == 0:
        raise InputError(f"{name} holds no triples: give an export written by `kgraph build`")
    for triple in graph:
        if any(str(term).startswith((DATA, NS)) for term in triple):
            return
    raise InputError(
        f"{name} holds {len(graph):,} triples but no kgraph data (no IRI under "
        "https://w3id.org/kgraph/): give an export written by `kgraph build`"
    )


def _show(node: Node | None) -> str:
    from rdflib import Literal, URIRef

    if isinstance(node, URIRef):
        return compact_iri(str(node))
    if isinstance(node, Literal):
        return node.n3()
    return str(node)
