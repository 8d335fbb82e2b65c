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
        "worker process that is stopped at the time limit or its memory limit; one reserve "
        "worker answers fast queries while the others are busy; after a rebuild of DIR all "
        "workers reopen the new store together.",
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
    parser.add_argument(
        "--memory",
        type=int,
        metavar="MB",
        default=None,
        help="memory each query worker may use (default: the machine's shared, at most 4096)",
    )
    parser.add_argument(
        "--max-connections",
        type=int,
        default=64,
        help="connections served at once; more get 503 (%(default)s)",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Serve until Ctrl-C."""
    from kgraph.errors import InputError
    from kgraph.rdf.serve import serve

    if (
        args.timeout <= 0
        or args.max_rows <= 0
        or args.max_connections < 1
        or (args.workers is not None and args.workers < 1)
    ):
        raise InputError("--timeout, --max-rows, --workers and --max-connections must be positive")
    serve(
        args.dir,
        host=args.host,
        port=args.port,
        timeout=args.timeout,
        max_rows=args.max_rows,
        workers=args.workers,
        memory=None if args.memory is None else args.memory << 20,
        max_connections=args.max_connections,
    )
    return 0
