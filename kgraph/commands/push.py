"""``kgraph push DIR URL``: load a build's RDF into an external SPARQL store."""

from __future__ import annotations

import argparse
import os
import sys

__all__ = ["register", "run"]

#: Read when --user is given without --password, so the password stays out of `ps`.
PASSWORD_VARIABLE = "KGRAPH_PASSWORD"


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``push`` subcommand."""
    parser = subparsers.add_parser(
        "push",
        help="load a build's triples into an external SPARQL store over HTTP",
        description="Stream DIR/graph.nt (else the triples of DIR/graph.nq, which builds above "
        "5,000 documents write instead; or an .nt or .nq file) to a SPARQL store in batches, one HTTP "
        "request each: with the Graph Store Protocol (POST application/n-triples to "
        "URL?graph=IRI, the default) or SPARQL Update (INSERT DATA posted to URL). Memory "
        "stays bounded whatever the file's size. Endpoints: Oxigraph /store and /update, "
        "Fuseki /ds/data and /ds/update, Virtuoso /sparql-graph-crud(-auth) and "
        "/sparql(-auth).",
        epilog="Example: kgraph push exports http://127.0.0.1:7878/store "
        "--graph https://example.org/kgraph --replace",
    )
    parser.add_argument(
        "dir", metavar="DIR", help="a build folder, or an N-Triples or N-Quads file"
    )
    parser.add_argument("url", metavar="URL", help="the store's Graph Store or Update endpoint")
    parser.add_argument(
        "--graph", metavar="IRI", help="the named graph to write into (default: the default graph)"
    )
    parser.add_argument(
        "--replace", action="store_true", help="empty the graph first instead of adding to it"
    )
    parser.add_argument(
        "--protocol",
        choices=("gsp", "update"),
        default="gsp",
        help="gsp: SPARQL 1.1 Graph Store Protocol (default); update: SPARQL 1.1 Update",
    )
    parser.add_argument(
        "--batch",
        type=int,
        metavar="N",
        help="triples per request (50,000 for gsp, 2,000 for update)",
    )
    parser.add_argument("--user", "-u", help="user name, for Basic or Digest authentication")
    parser.add_argument(
        "--password",
        "-p",
        help=f"password (default: ${PASSWORD_VARIABLE}, or asked for on a terminal)",
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=300.0,
        help="seconds one request may take, answer included (%(default)s)",
    )
    parser.add_argument("--quiet", "-q", action="store_true", help="print nothing but errors")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Push, with a progress line on a terminal and a summary at the end."""
    from kgraph.errors import InputError
    from kgraph.rdf.push import PushReport, push

    if (args.batch is not None and args.batch < 1) or args.timeout <= 0:
        raise InputError("--batch and --timeout must be positive")
    password = args.password
    if args.user is not None and password is None:
        password = os.environ.get(PASSWORD_VARIABLE)
        if password is None and sys.stdin.isatty():
            import getpass

            password = getpass.getpass(f"password for {args.user}: ")
    if password is not None and args.user is None:
        raise InputError("--password needs --user")
    shown = False

    def progress(report: PushReport) -> None:
        nonlocal shown
        shown = True
        print(
            f"\r{report.triples:,} triples in {_batches(report.batches)}, "
            f"{report.seconds:.1f} s, {report.triples_per_second:,.0f} triples/s",
            end="",
            file=sys.stderr,
            flush=True,
        )

    try:
        report = push(
            args.dir,
            args.url,
            graph=args.graph,
            replace=args.replace,
            protocol=args.protocol,
            batch=args.batch,
            user=args.user,
            password=password,
            timeout=args.timeout,
            progress=progress if not args.quiet and sys.stderr.isatty() else None,
        )
    finally:
        if shown:
            print(file=sys.stderr)
    if not args.quiet:
        into = f"graph <{args.graph}>" if args.graph else "the default graph"
        print(
            f"pushed {report.triples:,} triples in {_batches(report.batches)} "
            f"to {into} at {args.url} "
            f"({args.protocol}) in {report.seconds:.1f} s: "
            f"{report.triples_per_second:,.0f} triples/s"
        )
    return 0


def _batches(count: int) -> str:
    return f"{count:,} batch{'es' if count != 1 else ''}"
