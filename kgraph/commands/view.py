"""``kgraph view DIR``: open the graph viewer a build wrote."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kgraph.errors import InputError
from kgraph.ingest.files import missing_export

__all__ = ["register", "run", "viewer_path"]

PAGE = "graph.html"


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``view`` subcommand."""
    parser = subparsers.add_parser(
        "view",
        help="open the interactive graph viewer in a browser",
        description=(
            f"Open DIR/{PAGE}, the offline graph viewer written by 'kgraph build', "
            "in the default web browser."
        ),
        epilog="Example: kgraph view exports",
    )
    parser.add_argument("dir", metavar="DIR", type=Path, help=f"an export directory holding {PAGE}")
    parser.add_argument(
        "--print-path", action="store_true", help="print the page's path instead of opening it"
    )
    parser.set_defaults(run=run)


def viewer_path(directory: Path) -> Path:
    """The viewer page of an export directory (or the page itself, if given).

    The path is made absolute but not resolved: ``OUT/graph.html`` is a link that each
    build points at its new page, so a bookmark or a reload keeps working.

    Raises
    ------
    InputError
        There is no page there.
    """
    page = directory if directory.suffix == ".html" else directory / PAGE
    if not page.is_file():
        no_build = (
            f"no graph viewer at {page}; "
            f"build one first with 'kgraph build SOURCE --out {directory}'"
        )
        raise InputError(missing_export(page.parent, PAGE, "html", no_build))
    return page.absolute()


def run(args: argparse.Namespace) -> int:
    """Open (or print) the viewer page."""
    page = viewer_path(args.dir)
    if args.print_path:
        print(page)
        return 0
    import webbrowser

    if not webbrowser.open(page.as_uri()):
        print(f"kgraph: could not start a browser; open {page} yourself", file=sys.stderr)
        return 1
    return 0
