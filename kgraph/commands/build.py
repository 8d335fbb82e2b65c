"""``kgraph build SOURCE... --out DIR``."""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from collections.abc import Iterable, Iterator
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
    parser.add_argument("--quiet", "-q", action="store_true", help="print nothing but errors")
    parser.set_defaults(run=run)


def _progress(files: Iterable[tuple[Path, str]], enabled: bool) -> Iterator[tuple[Path, str]]:
    items = list(files)
    show = enabled and len(items) >= 20 and sys.stderr.isatty()
    for n, item in enumerate(items, 1):
        if show:
            width = 30
            done = width * n // len(items)
            print(
                f"\r[{'#' * done}{'.' * (width - done)}] {n}/{len(items)} {item[1][:40]:40}",
                end="",
                file=sys.stderr,
            )
        yield item
    if show:
        print(file=sys.stderr)


def run(args: argparse.Namespace) -> int:
    import warnings

    import jieba

    from kgraph import build

    jieba.setLogLevel(60)  # jieba announces its dictionary loading on stderr
    started = time.perf_counter()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        corpus, graph = build(
            args.sources, out=args.out, store=not args.no_store,
            progress=lambda files: _progress(files, not args.quiet),
        )  # fmt: skip
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
    print(f"time       {elapsed:.1f} s")
    return 0
