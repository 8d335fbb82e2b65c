"""The ``kgraph`` command line: a thin shell over the library.

Each subcommand lives in ``kgraph/commands/<name>.py`` and exposes
``register(subparsers)``; heavy imports happen inside the command so that
``kgraph --help`` is instant.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys

from kgraph import __version__
from kgraph.errors import KgraphError

__all__ = ["COMMANDS", "main", "parse"]

#: Subcommand modules, in the order ``--help`` lists them.
COMMANDS = ("build", "stats", "query", "serve", "push", "view", "validate", "eval")


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kgraph",
        description="Build a knowledge graph from Chinese news and commentary articles.",
        epilog="Example: kgraph build articles/ --out out/",
    )
    parser.add_argument("--version", action="version", version=f"kgraph {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        importlib.import_module(f"kgraph.commands.{name}").register(subparsers)
    return parser


def parse(parser: argparse.ArgumentParser, argv: list[str] | None) -> argparse.Namespace:
    """Parse ``argv``, letting an optional positional come after options.

    argparse matches positionals in one run, so in ``kgraph query out/ --format csv 'ASK {}'``
    the query would be left over; a command that names its optional positional in the
    ``late_positional`` default gets that one leftover word instead.
    """
    args, extra = parser.parse_known_args(argv)
    late = getattr(args, "late_positional", None)
    if late and getattr(args, late) is None and len(extra) == 1 and not extra[0].startswith("-"):
        setattr(args, late, extra[0])
        return args
    if extra:
        parser.parse_args(argv)  # reports the unrecognized arguments and exits, as argparse does
    return args


def main(argv: list[str] | None = None) -> int:
    parser = make_parser()
    args = parse(parser, argv)
    if not getattr(args, "run", None):
        parser.print_help()
        return 2
    try:
        return int(args.run(args) or 0)
    except KgraphError as error:
        print(f"kgraph: error: {error}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        # the reader of stdout stopped (kgraph stats out/ | head): stop as a Unix tool does, quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    except KeyboardInterrupt:
        print("kgraph: interrupted; the previous exports are untouched", file=sys.stderr)
        return 130
