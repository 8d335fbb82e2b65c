"""Which of the page model's rules carry which development sets.

Each rule of :mod:`kgraph.ingest.clean` and :mod:`kgraph.ingest.dates` that
is a module-level pattern (or an entry of the field and site-line tables) is
switched off in turn (replaced by a pattern that never matches), every dev
page of the given sets is read again, and the pages whose headline, date,
source or author moved are counted per set: ``+n`` pages a rule makes right,
``-n`` pages it makes wrong. A rule that moves one set only was fitted to
that set's pages; one that moves several sets reads a general shape.

Only dev splits are read.

Usage::

    python benchmarks/ablate_pages.py --set benchmarks/devset PAGES \\
        --set benchmarks/devset5 PAGES5 ...

(PAGES, PAGES5: the folders holding each set's page texts, which are not committed.)
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from devset import add_sets_argument, gold, pages
from eval_pages import FIELDS, score_page

from kgraph.ingest import clean, dates
from kgraph.pipeline import read_document

__all__ = ["main", "rules"]

_NEVER = re.compile(r"(?!x)x")


def rules() -> list[str]:
    """The names of the rules that can be switched off, as ``module.NAME`` or ``NAME[i]``."""
    names = [
        f"{module.__name__.rsplit('.', 1)[1]}.{name}"
        for module in (clean, dates)
        for name, value in vars(module).items()
        if isinstance(value, re.Pattern)
    ]
    names += [f"clean._FIELDS[{i}]" for i in range(len(clean._FIELDS))]
    names += [f"clean._SITE_LINES[{i}]" for i in range(len(clean._SITE_LINES))]
    return names


@contextmanager
def switched_off(rule: str) -> Iterator[None]:
    """Run with ``rule`` never matching."""
    module_name, name = rule.split(".", 1)
    module = {"clean": clean, "dates": dates}[module_name]
    table = re.match(r"(\w+)\[(\d+)\]$", name)
    if table:
        attr, index = table.group(1), int(table.group(2))
        saved = getattr(module, attr)
        entries = list(saved)
        entries[index] = (entries[index][0], _NEVER)
        setattr(module, attr, tuple(entries))
    else:
        attr, saved = name, getattr(module, name)
        setattr(module, attr, _NEVER)
    try:
        yield
    finally:
        setattr(module, attr, saved)


def _results(sets: list[tuple[Path, list[tuple[Path, str, dict[str, object]]]]]) -> dict:
    out = {}
    for devset, items in sets:
        for path, name, expected in items:
            result = score_page(read_document(path, name), expected)
            out[devset.name, name] = {f: result[f][0] for f in FIELDS}
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_sets_argument(parser)
    parser.add_argument("--only", nargs="*", help="rules to switch off (default: all)")
    args = parser.parse_args(argv)
    sets = []
    for devset, folder in args.sets:
        page_gold = gold("page", devset)
        items = [
            (p.path, p.file, page_gold[p.file])
            for p in pages(folder, devset, missing_ok=args.allow_missing)
            if p.split == "dev"
        ]
        sets.append((devset, items))
    names = [devset.name for devset, _ in sets]
    base = _results(sets)
    print("rule".ljust(28) + "".join(f"{n:>22}" for n in names))
    for rule in args.only or rules():
        with switched_off(rule):
            now = _results(sets)
        cells = []
        moved = False
        for n in names:
            parts = []
            for f in FIELDS:
                keys = [k for k in base if k[0] == n]
                helps = sum(base[k][f] and not now[k][f] for k in keys)
                hurts = sum(now[k][f] and not base[k][f] for k in keys)
                if helps or hurts:
                    moved = True
                    parts.append(
                        f"{f[0]}{'+' + str(helps) if helps else ''}{'-' + str(hurts) if hurts else ''}"
                    )
            cells.append(" ".join(parts) or ".")
        if moved:
            print(rule.ljust(28) + "".join(f"{c:>22}" for c in cells), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
