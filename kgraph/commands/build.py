"""``kgraph build SOURCE... --out DIR``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from kgraph.commands import whole_number

if TYPE_CHECKING:
    from kgraph.pipeline import BuildReport

__all__ = ["register", "run", "summary"]


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "build",
        help="build the knowledge graph of files and folders",
        description="Read Chinese articles (text or HTML, any common encoding), extract entities and "
        "relations, and write the graph as RDF, GraphML/GEXF, an Oxigraph store and an offline viewer.",
        epilog="Example: kgraph build articles/ --out out/",
    )
    parser.add_argument(
        "sources", nargs="+", metavar="SOURCE", help="files or folders (read recursively)"
    )
    parser.add_argument(
        "--out", "-o", required=True, type=Path, metavar="DIR", help="output folder"
    )
    parser.add_argument(
        "--formats", type=_formats, metavar="LIST",
        help="exports to write, comma-separated: nt nq ttl jsonld graphml gexf html store, or all "
        "(default: all; above 5,000 documents nq,graphml,html,store)",
    )  # fmt: skip
    parser.add_argument("--no-store", action="store_true", help="skip the Oxigraph store")
    parser.add_argument(
        "--viewer-nodes", type=whole_number, metavar="N",
        help="most nodes graph.html draws (default 20000): past it the N strongest entities "
        "by PageRank; its search still finds every entity",
    )  # fmt: skip
    parser.add_argument(
        "--jobs", "-j", type=whole_number, metavar="N",
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
    parser.add_argument(
        "--include", action="append", default=[], metavar="GLOB",
        help="also read files matching GLOB (e.g. '*.tsv'); by default only "
        ".txt .htm .html .xhtml .md files are articles",
    )  # fmt: skip
    parser.add_argument(
        "--exclude", action="append", default=[], metavar="GLOB",
        help="leave out files matching GLOB, by base name or path under the folder (e.g. 'drafts/*')",
    )  # fmt: skip
    parser.add_argument(
        "--follow-links", action="store_true",
        help="read symbolic links that point outside the source folder (with a warning)",
    )  # fmt: skip
    parser.add_argument(
        "--learned-vocabulary", action=argparse.BooleanOptionalAction, default=True,
        help="also take the campaigns, slogans and concepts a trained tagger proposes "
        "(default; finds more of them): --no-learned-vocabulary keeps the rules alone "
        "and saves the tagger's ~40%% of extraction (cached apart)",
    )  # fmt: skip
    parser.add_argument(
        "--quiet", "-q", action="store_true",
        help="print no summary and no progress, only warnings and errors",
    )  # fmt: skip
    parser.set_defaults(run=run)


def _formats(text: str) -> tuple[str, ...]:
    from kgraph.export import parse_formats

    try:
        return parse_formats(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


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

    from kgraph import build
    from kgraph.errors import SkippedFile

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            report = build(
                args.sources, out=args.out, store=not args.no_store, formats=args.formats,
                cache=not args.no_cache,
                jobs=args.jobs, executor=args.executor, progress=_progress(not args.quiet),
                include=args.include, exclude=args.exclude, follow_links=args.follow_links,
                viewer_nodes=args.viewer_nodes, learned_vocabulary=args.learned_vocabulary,
            )  # fmt: skip
        except KeyboardInterrupt:
            print(
                f"kgraph: interrupted; the exports in {args.out} are unchanged and files "
                "extracted so far are cached: run the same command to resume",
                file=sys.stderr,
            )
            return 130
        finally:
            for warning in caught:
                print(f"kgraph: warning: {warning.message}", file=sys.stderr)
    if not args.quiet:
        left_out = sum(issubclass(warning.category, SkippedFile) for warning in caught)
        print(summary(report, args.out, skipped=left_out))
    return 0


def summary(report: BuildReport, out: Path, skipped: int | None = None) -> str:
    """The lines ``kgraph build`` prints about a finished build.

    ``skipped`` counts what the build left out (files of other types, links,
    unreadable files: its ``SkippedFile`` warnings, which name each unreadable
    file too); by default the unreadable files alone.
    """
    from kgraph.graph import graph_size

    corpus = report.corpus
    nodes, edges = graph_size(corpus, report.entities)  # report.graph would build the whole graph
    skipped = len(report.skipped) if skipped is None else skipped
    literal = sum(relation.literal for relation in corpus.relations)
    left_out = f" ({skipped} skipped, named in the warnings)" if skipped else ""
    entities = ", ".join(f"{t} {n}" for t, n in report.entity_counts().items())
    stages = ", ".join(f"{stage} {seconds:.1f} s" for stage, seconds in report.seconds.items())
    written = " ".join(path.name + ("/" if path.is_dir() else "") for path in report.outputs)
    return "\n".join(
        [
            f"documents  {len(corpus.documents)}{left_out}",
            f"sentences  {len(corpus.sentences)}",
            f"files      {report.extracted} extracted, {report.cached} from the cache",
            f"entities   {len(corpus.entities)}: {entities}",
            f"relations  {len(corpus.relations)} typed ({literal} of them to a text: "
            f"a part, a quote, a definition), {len(corpus.cooccurrences)} co-occurrence",
            f"graph      {nodes} nodes, {edges} edges",
            f"written    {out}/ ({written})",
            f"time       {sum(report.seconds.values()):.1f} s ({stages})",
        ]
    )
