"""``kgraph serve DIR``: a read-only SPARQL endpoint and the graph viewer."""

from __future__ import annotations

import argparse

__all__ = ["register", "run"]


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``serve`` subcommand."""
    parser = subparsers.add_parser(
        "serve",
        help="serve a SPARQL endpoint, a query page and the graph viewer",
        description="Serve DIR's store as a read-only SPARQL 1.1 endpoint at /sparql "
        "(JSON, XML, CSV, TSV results; Turtle for CONSTRUCT), with a query page for "
        "browsers at the same address and DIR/graph.html at /. Each query runs in a "
        "worker process that is stopped at the time limit.",
        epilog="Example: kgraph serve exports --port 7878, then open http://127.0.0.1:7878/sparql",
    )
    parser.add_argument("dir", metavar="DIR", help="an export folder written by `kgraph build`")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (%(default)s)")
    parser.add_argument("--port", type=int, default=7878, help="port (%(default)s; 0 = any free)")
    parser.add_argument(
        "--timeout", type=float, default=10.0, help="seconds a query may run (%(default)s)"
    )
    parser.add_argument(
        "--max-rows", type=int, default=10_000, help="most rows in an answer (%(default)s)"
    )
    parser.add_argument(
        "--workers", type=int, default=None, help="queries run at once (default: cores, >= 2)"
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Serve until Ctrl-C."""
    from kgraph.errors import InputError
    from kgraph.rdf.serve import serve

    if args.timeout <= 0 or args.max_rows <= 0 or (args.workers is not None and args.workers < 1):
        raise InputError("--timeout, --max-rows and --workers must be positive")
    serve(
        args.dir,
        host=args.host,
        port=args.port,
        timeout=args.timeout,
        max_rows=args.max_rows,
        workers=args.workers,
    )
    return 0
