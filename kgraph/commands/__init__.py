"""The subcommands of ``kgraph``: one module each, registered by :mod:`kgraph.cli`."""

from __future__ import annotations

import argparse

__all__ = ["whole_number"]


def whole_number(text: str) -> int:
    """An argparse type: a whole number of at least 1, or a usage error saying so.

    >>> whole_number("3")
    3
    """
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, not {text!r}")
    return value
