"""``kgraph query DIR 'SELECT …'``: run a SPARQL query on a build's store."""

from __future__ import annotations

import argparse
import sys
import unicodedata
from collections.abc import Iterable, Sequence
from typing import Any

__all__ = ["display_width", "format_table", "register", "run"]

_FORMATS = ("table", "csv", "tsv", "json", "xml", "turtle", "ntriples")


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``query`` subcommand."""
    parser = subparsers.add_parser(
        "query",
        help="run a SPARQL query on a build's store",
        description="Run a SPARQL 1.1 query on DIR's store. The prefixes kg: kgd: schema: "
        "skos: rdfs: rdf: prov: xsd: owl: are predeclared. SELECT prints a table (or "
        "CSV, TSV, JSON, XML results), ASK prints true or false, CONSTRUCT and DESCRIBE "
        "print Turtle.",
        epilog="Example: kgraph query exports "
        "'SELECT ?p ?label WHERE { ?p a schema:Person ; rdfs:label ?label }'",
    )
    parser.add_argument("dir", metavar="DIR", help="an export folder written by `kgraph build`")
    parser.add_argument("query", nargs="?", help="the query (or use --file)")
    parser.add_argument("--file", "-f", help="read the query from this file ('-' = stdin)")
    parser.add_argument(
        "--format",
        choices=_FORMATS,
        default="table",
        help="output: an aligned table (default), SPARQL results formats, or RDF for CONSTRUCT",
    )
    parser.add_argument(
        "--max-width",
        type=int,
        default=60,
        help="cut table cells at this many columns (%(default)s; 0 = never)",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Run the query and print its answer."""
    import pyoxigraph as ox

    from kgraph.errors import InputError, QueryError
    from kgraph.store import PREFIXES, open

    if (args.query is None) == (args.file is None):
        raise InputError("give the query as an argument or with --file, not both or neither")
    if args.file == "-":
        sparql = sys.stdin.read()
    elif args.file is not None:
        try:
            with builtins_open(args.file) as handle:
                sparql = handle.read()
        except OSError as error:
            raise InputError(f"cannot read the query file: {error}") from error
    else:
        sparql = args.query

    with open(args.dir) as kb:
        result = kb.execute(sparql)
        out = sys.stdout.buffer
        try:
            if isinstance(result, ox.QueryTriples):
                if args.format not in ("table", "turtle", "ntriples"):
                    raise QueryError(
                        "CONSTRUCT and DESCRIBE give triples: use --format turtle or ntriples"
                    )
                rdf_format = (
                    ox.RdfFormat.N_TRIPLES if args.format == "ntriples" else ox.RdfFormat.TURTLE
                )
                out.write(ox.serialize(result, format=rdf_format, prefixes=PREFIXES) or b"")
            elif args.format in ("turtle", "ntriples"):
                raise QueryError(
                    "only CONSTRUCT and DESCRIBE give triples: choose another --format"
                )
            elif args.format != "table":
                results_format = getattr(ox.QueryResultsFormat, args.format.upper())
                out.write(result.serialize(format=results_format) or b"")
                if args.format == "json":
                    out.write(b"\n")
            elif isinstance(result, ox.QueryBoolean):
                print("true" if bool(result) else "false")
            else:
                header = [variable.value for variable in result.variables]
                rows = [[solution[name] for name in header] for solution in result]
                print(format_table(header, rows, max_width=args.max_width))
                print(f"{len(rows)} row{'s' if len(rows) != 1 else ''}", file=sys.stderr)
        except OSError as error:
            raise QueryError(f"the query failed: {error}") from error
        out.flush()
    return 0


def builtins_open(path: str) -> Any:
    """``open()`` for a query file (``kgraph.store.open`` shadows the builtin here)."""
    import builtins

    return builtins.open(path, encoding="utf-8")


def display_width(text: str) -> int:
    """Columns ``text`` takes in a terminal: CJK characters take two.

    >>> display_width("宁德市 3")
    8
    """
    width = 0
    for char in text:
        if unicodedata.combining(char):
            continue
        width += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return width


def _clip(text: str, max_width: int) -> str:
    text = text.replace("\r\n", "↵").replace("\n", "↵").replace("\t", " ")
    if max_width <= 0 or display_width(text) <= max_width:
        return text
    out, width = [], 0
    for char in text:
        step = display_width(char)
        if width + step > max_width - 1:
            break
        out.append(char)
        width += step
    return "".join(out) + "…"


def _show(term: Any) -> tuple[str, bool]:
    """Text of a pyoxigraph term for a table, and whether it is a number."""
    import pyoxigraph as ox

    from kgraph.store import compact_iri

    if term is None:
        return "", False
    if isinstance(term, ox.NamedNode):
        return compact_iri(term.value), False
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}", False
    if isinstance(term, ox.Literal):
        numeric = term.datatype.value.rsplit("#", 1)[-1] in (
            "integer",
            "decimal",
            "double",
            "float",
            "int",
            "long",
            "nonNegativeInteger",
        )
        return term.value, numeric
    return str(term), False


def format_table(header: Sequence[str], rows: Iterable[Sequence[Any]], max_width: int = 60) -> str:
    """Lay out query results as aligned columns; numbers are right-aligned.

    Cells are pyoxigraph terms (or ``None`` for unbound); IRIs are shortened
    with the predeclared prefixes.

    >>> import pyoxigraph as ox
    >>> place = "https://w3id.org/kgraph/id/Place/"
    >>> integer = ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")
    >>> print(format_table(["place", "n"], [
    ...     [ox.NamedNode(place + "宁德市"), ox.Literal("12", datatype=integer)],
    ...     [ox.NamedNode(place + "下党乡"), None]]))
    place             n
    ----------------  --
    kgd:Place/宁德市  12
    kgd:Place/下党乡
    """
    cells = [[_show(term) for term in row] for row in rows]
    texts = [[_clip(text, max_width) for text, _ in row] for row in cells]
    widths = [display_width(name) for name in header]
    for row in texts:
        for i, text in enumerate(row):
            widths[i] = max(widths[i], display_width(text))

    def line(values: Sequence[str], numeric: Sequence[bool]) -> str:
        parts = []
        for value, width, right in zip(values, widths, numeric, strict=True):
            pad = " " * (width - display_width(value))
            parts.append(pad + value if right else value + pad)
        return "  ".join(parts).rstrip()

    out = [line(list(header), [False] * len(header)), "  ".join("-" * w for w in widths)]
    for row_texts, row_cells in zip(texts, cells, strict=True):
        out.append(line(row_texts, [numeric for _, numeric in row_cells]))
    return "\n".join(out)
