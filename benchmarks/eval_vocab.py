"""Score the political-vocabulary layer (campaigns, slogans, concepts) on real web pages.

The pages of ``benchmarks/devset`` are not committed (their licences do not
allow it): pass the folder that holds them. Every page is checked against the
sha256 in ``benchmarks/devset/manifest.jsonl`` before anything is scored, and
a mismatch stops the run.

The pages are built as ONE corpus (``kgraph.build`` without exports), so
cross-document evidence (recurrence, the corpus dictionary, concept
statistics) works as it would on a user's folder. The score is then taken
for the "dev" and the "test" half of the manifest separately.

Matching rule (a document-level bag of surfaces): in each document, a
predicted entity of type Campaign, Slogan or Concept *counts* when one of
its mentions in that document has an original-text surface, or the entity's
label, equal to a gold string of that document (``gold_vocab.jsonl``).

- precision of type T = predicted (document, entity) pairs of type T whose
  strings meet a gold string of type T in that document, over all predicted
  pairs of type T;
- recall of type T = gold (document, string) pairs of type T met by a
  predicted entity of type T in that document, over all gold pairs of type T;
- "untyped" does the same with the three types pooled: a campaign predicted
  as a slogan counts.

It also prints the top 20 concepts of the corpus by their TF-IDF score.

With ``--errors`` it also prints, for the DEV half only, every false
positive (a predicted entity meeting no gold string of its document, with
its type) and every miss (a gold string met by no prediction). The test
half is only ever scored in aggregate.

Usage::

    python benchmarks/eval_vocab.py --pages DIR
    python benchmarks/eval_vocab.py --pages DIR --errors --split dev
    python benchmarks/eval_vocab.py --set benchmarks/devset5 --pages DIR
"""

from __future__ import annotations

import argparse
import json
import sys
import warnings
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from devset import DEVSET, add_set_argument, gold_file, pages

__all__ = ["errors", "main", "score"]

TYPES = ("Campaign", "Slogan", "Concept")


def _verified_pages(
    folder: Path, devset: Path = DEVSET, missing_ok: bool = False
) -> dict[str, str]:
    """file -> split, after checking every page's sha256 against the manifest."""
    return {page.file: page.split for page in pages(folder, devset, missing_ok=missing_ok)}


def _gold(devset: Path = DEVSET) -> dict[str, dict[str, set[str]]]:
    gold: dict[str, dict[str, set[str]]] = {}
    for line in gold_file(devset, "vocab").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        gold[row["file"]] = {t: set(row[t]) for t in TYPES}
    return gold


def predicted(entities, name_of: dict[str, str]) -> dict[str, dict[str, list[set[str]]]]:  # type: ignore[no-untyped-def]
    """file -> type -> one set of strings (surfaces in that file + label) per entity.

    ``entities`` are resolved entities, ``name_of`` maps a document id to its file name.
    """
    out: dict[str, dict[str, list[set[str]]]] = defaultdict(lambda: defaultdict(list))
    for e in entities:
        if e.type.value not in TYPES:
            continue
        per_doc: dict[str, set[str]] = defaultdict(set)
        for m in e.mentions:
            per_doc[name_of[m.doc_id]].add(m.surface)
        for file, surfaces in per_doc.items():
            out[file][e.type.value].append(surfaces | {e.label})
    return out


def _predicted(corpus) -> dict[str, dict[str, list[set[str]]]]:  # type: ignore[no-untyped-def]
    """:func:`predicted` of a built corpus's entities."""
    return predicted(corpus.entities, {d.id: Path(d.path).name for d in corpus.documents})


def score(
    gold: dict[str, dict[str, set[str]]],
    predicted: dict[str, dict[str, list[set[str]]]],
    files: list[str],
) -> dict[str, tuple[int, int, int, int]]:
    """Per type and untyped: (correct predictions, predictions, gold found, gold)."""
    rows: dict[str, tuple[int, int, int, int]] = {}
    for name, types in [(t, (t,)) for t in TYPES] + [("untyped", TYPES)]:
        correct = n_pred = found = n_gold = 0
        for file in files:
            g = set().union(*(gold.get(file, {}).get(t, set()) for t in types))
            p = [s for t in types for s in predicted.get(file, {}).get(t, [])]
            n_pred += len(p)
            correct += sum(1 for strings in p if strings & g)
            n_gold += len(g)
            found += sum(1 for item in g if any(item in strings for strings in p))
        rows[name] = (correct, n_pred, found, n_gold)
    return rows


def errors(
    gold: dict[str, dict[str, set[str]]],
    predicted: dict[str, dict[str, list[set[str]]]],
    files: list[str],
) -> list[str]:
    """Lines naming each file's untyped false positives (``+``) and misses (``-``)."""
    lines = []
    for file in files:
        g = set().union(*(gold.get(file, {}).get(t, set()) for t in TYPES))
        typed = [(t, s) for t in TYPES for s in predicted.get(file, {}).get(t, [])]
        for t, strings in sorted(typed, key=lambda ts: (ts[0], sorted(ts[1]))):
            if not strings & g:
                lines.append(f"{file}\t+ {t}\t{' | '.join(sorted(strings))}")
        for item in sorted(g):
            if not any(item in strings for _, strings in typed):
                kind = next(t for t in TYPES if item in gold[file][t])
                lines.append(f"{file}\t- {kind}\t{item}")
    return lines


def _prf(row: tuple[int, int, int, int]) -> tuple[float, float, float]:
    correct, n_pred, found, n_gold = row
    p = correct / n_pred if n_pred else 0.0
    r = found / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument(
        "--pages", type=Path, required=True, help="folder holding 000.txt … 059.txt"
    )
    add_set_argument(parser)
    parser.add_argument(
        "--errors",
        action="store_true",
        help="also print the dev half's false positives (+) and misses (-)",
    )
    parser.add_argument(
        "--split",
        choices=("dev", "test", "both"),
        default="both",
        help="score only this half (default both; a set of dev pages only has no test half)",
    )
    parser.add_argument(
        "--learned-vocabulary",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="build with the learned vocabulary tagger (default, as kgraph build); "
        "--no-learned-vocabulary scores the rules alone",
    )
    args = parser.parse_args(argv)
    splits = _verified_pages(args.pages, args.set, args.allow_missing)
    import kgraph

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # skipped or odd pages are reported by the build itself
        report = kgraph.build(
            [args.pages], out=None, jobs=1, learned_vocabulary=args.learned_vocabulary
        )
    corpus = report.corpus
    print("built with", "rules + learned tagger" if args.learned_vocabulary else "rules alone")
    gold, predicted = _gold(args.set), _predicted(corpus)
    for split in ("dev", "test"):
        files = sorted(f for f, s in splits.items() if s == split)
        if args.split not in (split, "both"):
            continue
        if not files:
            continue
        print(f"\n{split} ({len(files)} pages)")
        print(f"{'type':10} {'P':>6} {'R':>6} {'F1':>6}   correct/predicted  found/gold")
        for name, row in score(gold, predicted, files).items():
            p, r, f = _prf(row)
            print(
                f"{name:10} {p:6.3f} {r:6.3f} {f:6.3f}   {row[0]:>4}/{row[1]:<8}   {row[2]:>4}/{row[3]}"
            )
    if args.errors:
        dev = sorted(f for f, s in splits.items() if s == "dev")
        print("\ndev errors (+ false positive, - miss):")
        print("\n".join(errors(gold, predicted, dev)))
    concepts = sorted(
        (e for e in corpus.entities if e.type.value == "Concept"), key=lambda e: (-e.score, e.label)
    )
    print("\ntop 20 concepts:", "、".join(e.label for e in concepts[:20]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
