"""People, places and organizations on the real-page development set: document-level P/R/F1.

For each page, the gold is the set of (type, string) the annotators listed
(``benchmarks/devset/gold_entities.jsonl``: names as written on the page,
titles stripped, places that only open an organization's name not listed).
kgraph's prediction is the set of (type, original-text surface) of its
Person, Place and Organization mentions in that page, leaving out mentions
that lie inside one of its own organization mentions (古田县 in 古田县委),
which the gold does not list. Pages are built together as one corpus, each
half (dev, test) on its own, and scored per type and micro-averaged.

Usage::

    python benchmarks/eval_entities.py --pages DIR [--errors]
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from devset import SPLITS, add_set_argument, built_corpus, gold, pages

__all__ = ["main", "predicted"]

TYPES = {"Person": "PER", "Place": "LOC", "Organization": "ORG"}


def predicted(corpus: object) -> dict[str, set[tuple[str, str]]]:
    """Per page file, the (type, surface) kgraph found, without mentions inside its organizations."""
    by_doc: dict[str, list[tuple[str, int, int, str]]] = defaultdict(list)
    for entity in corpus.entities:  # type: ignore[attr-defined]
        tag = TYPES.get(entity.type.value)
        if tag:
            for m in entity.mentions:
                by_doc[m.doc_id].append((tag, m.start, m.end, m.surface))
    out: dict[str, set[tuple[str, str]]] = {}
    for doc_id, mentions in by_doc.items():
        orgs = [(i, j) for tag, i, j, _ in mentions if tag == "ORG"]
        out[doc_id + ".txt"] = {
            (tag, surface)
            for tag, i, j, surface in mentions
            if not any(a <= i and j <= b and (a, b) != (i, j) for a, b in orgs)
        }
    return out


def score(gold_sets: dict[str, set[tuple[str, str]]], found: dict[str, set[tuple[str, str]]]):
    counts = {t: [0, 0, 0] for t in (*TYPES.values(), "all")}
    errors: list[str] = []
    for file, expected in gold_sets.items():
        got = found.get(file, set())
        for tag in TYPES.values():
            e = {s for t, s in expected if t == tag}
            g = {s for t, s in got if t == tag}
            for key in (tag, "all"):
                counts[key][0] += len(e & g)
                counts[key][1] += len(g - e)
                counts[key][2] += len(e - g)
            errors += [f"{file} {tag} missed {s}" for s in sorted(e - g)]
            errors += [f"{file} {tag} wrong  {s}" for s in sorted(g - e)]
    return counts, errors


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=Path, required=True, help="folder of the set's pages")
    add_set_argument(parser)
    parser.add_argument(
        "--errors", action="store_true", help="list misses and wrong finds (dev only)"
    )
    args = parser.parse_args(argv)
    annotations = gold("entities", args.set)
    every = pages(args.pages, args.set, missing_ok=args.allow_missing)
    print("half  type  P      R      F1     tp   fp   fn")
    for split in SPLITS:
        selected = [p for p in every if p.split == split]
        if not selected:
            continue
        with built_corpus(selected) as corpus:
            found = predicted(corpus)
        expected = {
            p.file: {(t, s) for t in TYPES.values() for s in annotations[p.file][t]}  # type: ignore[attr-defined]
            for p in selected
        }
        counts, errors = score(expected, found)
        for tag, (tp, fp, fn) in counts.items():
            p, r, f = _prf(tp, fp, fn)
            print(f"{split:<5} {tag:<5} {p:.3f}  {r:.3f}  {f:.3f}  {tp:<4} {fp:<4} {fn:<4}")
        if args.errors and split == "dev":
            print("\n".join(errors))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
