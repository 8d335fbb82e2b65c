"""``kgraph build SOURCE... --out DIR``."""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

__all__ = ["register"]


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "build",
        help="build the knowledge graph of files and folders",
        description="Read Chinese articles (text or HTML, any common encoding), extract entities and "
        "relations, and write the graph as RDF, GraphML/GEXF, an Oxigraph store and an offline viewer.",
        epilog="Example: kgraph build seeds --out exports",
    )
    parser.add_argument(
        "sources", nargs="+", metavar="SOURCE", help="files or folders (read recursively)"
    )
    parser.add_argument(
        "--out", "-o", required=True, type=Path, metavar="DIR", help="output folder"
    )
    parser.add_argument("--no-store", action="store_true", help="skip the Oxigraph store")
    parser.add_argument(
        "--jobs", "-j", type=int, metavar="N",
        help="worker processes for extraction (default: every core; small builds run in one)",
    )  # fmt: skip
    parser.add_argument(
        "--executor", metavar="ENGINE",
        help="where extraction runs: local (default), dask (a local Dask cluster of --jobs "
        "workers) or dask://HOST:PORT (an existing Dask scheduler)",
    )  # fmt: skip
    parser.add_argument(
        "--no-cache", action="store_true",
        help="extract every file again, ignoring and not writing DIR/.kgraph-cache",
    )  # fmt: skip
    parser.add_argument("--quiet", "-q", action="store_true", help="print nothing but errors")
    parser.set_defaults(run=run)


def _progress(enabled: bool) -> Callable[[int, int], None]:
    """A progress bar on stderr, for 20 files or more on a terminal."""

    def show(done: int, total: int) -> None:
        if enabled and total >= 20 and sys.stderr.isatty():
            width = 30
            filled = width * done // total
            end = "\n" if done == total else ""
            print(
                f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total}",
                end=end,
                file=sys.stderr,
            )

    return show


def run(args: argparse.Namespace) -> int:
    import warnings

    import jieba

    from kgraph import build

    jieba.setLogLevel(60)  # jieba announces its dictionary loading on stderr
    started = time.perf_counter()
    reports: list[str] = []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            corpus, graph = build(
                args.sources, out=args.out, store=not args.no_store, cache=not args.no_cache,
                jobs=args.jobs, executor=args.executor, progress=_progress(not args.quiet),
                log=None if args.quiet else reports.append,
            )  # fmt: skip
        except KeyboardInterrupt:
            print(
                f"kgraph: interrupted; the exports in {args.out} are unchanged and files "
                "extracted so far are cached: run the same command to resume",
                file=sys.stderr,
            )
            return 130
    for warning in caught:
        print(f"kgraph: warning: {warning.message}", file=sys.stderr)
    if args.quiet:
        return 0
    elapsed = time.perf_counter() - started
    types = Counter(e.type.value for e in corpus.entities)
    typed = sum(1 for r in corpus.relations)
    print(
        f"documents  {len(corpus.documents)}"
        + (f" ({len(corpus.skipped)} skipped)" if corpus.skipped else "")
    )
    print(f"sentences  {len(corpus.sentences)}")
    files, stages = reports
    print(f"files      {files}")
    print(
        f"entities   {len(corpus.entities)}: "
        + ", ".join(f"{t} {n}" for t, n in sorted(types.items()))
    )
    print(f"relations  {typed} typed, {len(corpus.cooccurrences)} co-occurrence")
    print(f"graph      {graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges")
    print(
        f"written    {args.out}/ (graph.ttl .nt .jsonld .graphml .gexf .html"
        + ("" if args.no_store else ", store/")
        + ")"
    )
    print(f"time       {elapsed:.1f} s ({stages})")
    return 0
