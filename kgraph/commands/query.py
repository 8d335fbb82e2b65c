"""``kgraph query DIR 'SELECT …'``: run a SPARQL query on a build's store."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterable, Sequence
from importlib import resources
from typing import Any

from kgraph.commands.tables import clip, table

__all__ = ["format_table", "query_text", "register", "run"]

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
    parser.add_argument(
        "--memory",
        type=int,
        metavar="MB",
        help="memory the query may use (default: half the machine's)",
    )
    parser.set_defaults(run=run, late_positional="query")


def run(args: argparse.Namespace) -> int:
    """Run the query and print its answer.

    The engine runs in a child process with a memory limit, so a query that
    crashes it or a damaged store that makes it allocate without end ends in
    a one-line error (see :mod:`kgraph.rdf.contain`).
    """
    from kgraph.errors import InputError
    from kgraph.rdf.contain import physical_memory, run_contained

    if (args.query is None) == (args.file is None):
        raise InputError("give the query as an argument or with --file, not both or neither")
    if args.memory is not None and args.memory < 64:
        raise InputError("--memory must be at least 64 (MB)")
    if args.file == "-":
        sparql = query_text(sys.stdin.buffer.read(), "the standard input")
    elif args.file is not None:
        try:
            with builtins_open(args.file) as handle:
                data = handle.read()
        except FileNotFoundError as error:
            shipped = resources.files("kgraph.rdf").joinpath("queries")
            raise InputError(
                f"no query file {args.file}; the example queries are in {shipped}"
            ) from error
        except OSError as error:
            raise InputError(f"cannot read the query file: {error}") from error
        sparql = query_text(data, args.file)
    else:
        sparql = query_text(os.fsencode(args.query), "the query")
    if args.memory is not None:
        memory: int | None = args.memory << 20
    else:
        memory = physical_memory() // 2 or None
    run_contained(lambda: _answer(args, sparql), memory)
    return 0


def query_text(data: bytes, name: str) -> str:
    """The text of a query given as bytes, or an :class:`InputError` naming ``name``.

    >>> query_text(b"\\xef\\xbb\\xbfASK {}", "q.rq")
    'ASK {}'
    >>> query_text(b"ASK { \\xff }", "q.rq")
    Traceback (most recent call last):
    ...
    kgraph.errors.InputError: q.rq is not UTF-8 text (byte 0xff at offset 6): save the query as UTF-8
    """
    from kgraph.errors import InputError

    if b"\0" in data:
        raise InputError(f"{name} is a binary file, not a SPARQL query: give a text file (.rq)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InputError(
            f"{name} is not UTF-8 text (byte 0x{data[error.start]:02x} at offset "
            f"{error.start}): save the query as UTF-8"
        ) from None


def _answer(args: argparse.Namespace, sparql: str) -> None:
    """Open the store, run the query and print the answer (in the child process)."""
    import pyoxigraph as ox

    from kgraph.errors import QueryError
    from kgraph.rdf.store import open
    from kgraph.rdf.vocab import PREFIXES

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
                answer = result.serialize(format=results_format) or b""
                out.write(answer if answer.endswith(b"\n") else answer + b"\n")  # ASK, JSON
            elif isinstance(result, ox.QueryBoolean):
                print("true" if bool(result) else "false")
            else:
                header = [variable.value for variable in result.variables]
                rows = [[solution[name] for name in header] for solution in result]
                print(format_table(header, rows, max_width=args.max_width))
                print(f"{len(rows)} row{'s' if len(rows) != 1 else ''}", file=sys.stderr)
        except BrokenPipeError:
            raise  # the reader stopped reading (| head): kgraph.cli ends quietly
        except (OSError, RuntimeError) as error:
            raise QueryError(f"the query failed: {error}") from None
        sys.stdout.flush()
        out.flush()


def builtins_open(path: str) -> Any:
    """``open()`` in binary for a query file (``kgraph.rdf.store.open`` shadows the builtin)."""
    import builtins

    return builtins.open(path, "rb")


def _show(term: Any) -> tuple[str, bool]:
    """Text of a pyoxigraph term for a table, and whether it is a number."""
    import pyoxigraph as ox

    from kgraph.rdf.vocab import compact_iri

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
    texts = [[clip(text, max_width) for text, _ in row] for row in cells]
    return table(header, texts, right=[[numeric for _, numeric in row] for row in cells])
