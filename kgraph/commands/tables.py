"""Aligned columns for the terminal, counting CJK characters as two columns."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

__all__ = ["clip", "display_width", "table"]


def display_width(text: str) -> int:
    """Columns ``text`` takes in a terminal: CJK characters take two.

    >>> display_width("宁德市 3")
    8
    """
    width = 0
    for char in text:
        if unicodedata.combining(char):
            continue
        width += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return width


def clip(text: str, max_width: int) -> str:
    """``text`` on one line, cut with an ellipsis to at most ``max_width`` columns (0: no limit).

    >>> clip("福建省宁德市", 7)
    '福建省…'
    """
    text = text.replace("\r\n", "↵").replace("\n", "↵").replace("\t", " ")
    if max_width <= 0 or display_width(text) <= max_width:
        return text
    out, width = [], 0
    for char in text:
        step = display_width(char)
        if width + step > max_width - 1:
            break
        out.append(char)
        width += step
    return "".join(out) + "…"


def table(
    headers: Sequence[str],
    rows: Sequence[Sequence[object]],
    right: Sequence[Sequence[bool]] | None = None,
) -> str:
    """Align ``rows`` under ``headers``; ``right[r][c]`` right-aligns a cell (numbers).

    >>> print(table(["名称", "n"], [["宁德市", "3"]]))
    名称    n
    ------  -
    宁德市  3
    """
    texts = [[str(cell) for cell in row] for row in rows]
    widths = [
        max(display_width(r[i]) for r in [list(headers), *texts]) for i in range(len(headers))
    ]

    def line(cells: Sequence[str], flags: Sequence[bool]) -> str:
        parts = []
        for cell, width, flag in zip(cells, widths, flags, strict=True):
            pad = " " * (width - display_width(cell))
            parts.append(pad + cell if flag else cell + pad)
        return "  ".join(parts).rstrip()

    left = [False] * len(headers)
    out = [line(headers, left), "  ".join("-" * w for w in widths)]
    out += [line(row, right[i] if right else left) for i, row in enumerate(texts)]
    return "\n".join(out)
