"""Train the vocabulary scorer (``kgraph/extract/data/vocabulary_scorer.json``) on the dev half.

Two steps, so the second runs anywhere:

``rows --pages DIR``
    builds the DEV pages of ``benchmarks/devset`` (checked against the
    manifest's sha256) as one corpus, takes every campaign, slogan and
    concept each page proposes before the scorer
    (:func:`kgraph.resolve.vocabulary_rows`), labels it 1 when one of its
    strings is a gold string of that page, and writes
    ``benchmarks/devset/vocab_scorer_rows.jsonl``: features and labels only,
    no text of the pages.
``train``
    chooses the L2 penalty and the threshold by 5-fold cross-validation by
    page within the dev half (pages ``k``, ``k+5``, … form fold ``k``), the
    score being the dev scorer's untyped F1 (a page's gold strings found
    over all its gold strings), then fits every row and writes the model
    with its provenance. The same rows give the same bytes
    (``tests/test_scorer.py`` retrains and compares).

Usage::

    python scripts/train_vocab_scorer.py rows --pages DIR
    python scripts/train_vocab_scorer.py train
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import warnings
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEVSET = ROOT / "benchmarks" / "devset"
ROWS = DEVSET / "vocab_scorer_rows.jsonl"
MODEL = ROOT / "kgraph" / "extract" / "data" / "vocabulary_scorer.json"
FOLDS = 5
L2_GRID = (0.001, 0.01, 0.1)
THRESHOLDS = tuple(round(0.05 * k, 2) for k in range(1, 14))  # 0.05 … 0.65
ITERATIONS = 600
RATE = 1.0

__all__ = ["cross_validate", "main", "model_json", "write_rows"]

#: A row: page, features (by name), label, indices of the page's gold strings it meets.
Row = tuple[str, dict[str, float], int, list[int]]


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def write_rows(pages_dir: Path, out: Path = ROWS) -> int:
    """Build the dev pages, write their labelled rows; the number of rows."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from devset import gold, pages

    from kgraph.extract.gazetteer import Gazetteer
    from kgraph.pipeline import extract_files
    from kgraph.resolve import vocabulary_rows

    dev = [p for p in pages(pages_dir, DEVSET) if p.split == "dev"]
    dev_gold = {file: row for file, row in gold("vocab", DEVSET).items() if any(
        p.file == file for p in dev)}  # fmt: skip
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        done = extract_files([(p.path, p.file) for p in dev], cache=None, jobs=1)
    extractions = sorted(done.extractions, key=lambda ex: ex.document.id)
    file_of = {ex.document.id: Path(ex.document.path).name for ex in extractions}
    strings = {
        file: sorted({s for t in ("Campaign", "Slogan", "Concept") for s in row[t]})  # type: ignore[attr-defined]
        for file, row in dev_gold.items()
    }
    lines = [
        json.dumps(
            {
                "manifest_sha256": _sha256(DEVSET / "manifest.jsonl"),
                "gold_sha256": _sha256(DEVSET / "gold_vocab.jsonl"),
                "pages": {p.file: len(strings.get(p.file, [])) for p in dev},
            },
            ensure_ascii=False,
            sort_keys=True,
        )
    ]
    rows = vocabulary_rows(extractions, Gazetteer.load())
    for row in sorted(rows, key=lambda r: (file_of[r.doc_id], r.name)):
        file = file_of[row.doc_id]
        met = [k for k, s in enumerate(strings.get(file, [])) if s in row.surfaces | {row.name}]
        lines.append(
            json.dumps(
                {"page": file, "features": row.features, "label": int(bool(met)), "met": met},
                sort_keys=True,
            )
        )
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(lines) - 1


def _read_rows(path: Path = ROWS) -> tuple[dict[str, object], list[Row]]:
    header, *body = path.read_text(encoding="utf-8").splitlines()
    rows = [
        (r["page"], r["features"], r["label"], r["met"])
        for r in (json.loads(line) for line in body)
    ]
    return json.loads(header), rows


def _f1(
    rows: Sequence[Row], kept: Sequence[bool], gold_counts: dict[str, int]
) -> tuple[float, float, float]:
    """Untyped P, R, F1 of the kept rows, as the dev scorer counts them."""
    predicted = sum(kept)
    correct = sum(1 for row, k in zip(rows, kept, strict=True) if k and row[2])
    found = len({(row[0], m) for row, k in zip(rows, kept, strict=True) if k for m in row[3]})
    pages = {row[0] for row in rows}
    n_gold = sum(n for page, n in gold_counts.items() if page in pages) or 1
    p = correct / predicted if predicted else 0.0
    r = found / n_gold
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def cross_validate(
    rows: list[Row], gold_counts: dict[str, int]
) -> tuple[float, float, dict[str, object]]:
    """The (L2, threshold) with the best pooled out-of-fold F1, and the figures."""
    from kgraph.extract.scorer import FEATURES, LogisticModel, train_logistic

    pages = sorted(gold_counts)
    fold_of = {page: k % FOLDS for k, page in enumerate(pages)}
    scores: dict[tuple[float, float], tuple[float, float, float]] = {}
    for l2 in L2_GRID:
        probability = [0.0] * len(rows)
        for fold in range(FOLDS):
            train = [(f, y) for page, f, y, _ in rows if fold_of[page] != fold]
            weights, bias = train_logistic(train, l2=l2, iterations=ITERATIONS, rate=RATE)
            model = LogisticModel(dict(zip(FEATURES, weights, strict=True)), bias, 0.5)
            for n, row in enumerate(rows):
                if fold_of[row[0]] == fold:
                    probability[n] = model.probability(row[1])
        for threshold in THRESHOLDS:
            scores[(l2, threshold)] = _f1(rows, [p >= threshold for p in probability], gold_counts)
    best = max(scores, key=lambda key: (round(scores[key][2], 6), key[1], -key[0]))
    everything = _f1(rows, [True] * len(rows), gold_counts)
    figures = {
        "folds": FOLDS,
        "keep_all": [round(v, 4) for v in everything],
        "chosen": [round(v, 4) for v in scores[best]],
    }
    return best[0], best[1], figures


def model_json(header: dict[str, object], rows: list[Row]) -> str:
    """The model file's text for ``rows``: chosen by cross-validation, fitted on every row."""
    from kgraph.extract.scorer import FEATURES, train_logistic

    gold_counts: dict[str, int] = header["pages"]  # type: ignore[assignment]
    l2, threshold, figures = cross_validate(rows, gold_counts)
    weights, bias = train_logistic(
        [(f, y) for _, f, y, _ in rows], l2=l2, iterations=ITERATIONS, rate=RATE
    )
    model = {
        "model": "logistic regression over vocabulary candidates (kgraph.extract.scorer)",
        "features": list(FEATURES),
        "weights": [round(w, 6) for w in weights],
        "bias": round(bias, 6),
        "threshold": threshold,
        "trainer": {
            "script": "scripts/train_vocab_scorer.py",
            "l2": l2,
            "l2_grid": list(L2_GRID),
            "thresholds": list(THRESHOLDS),
            "iterations": ITERATIONS,
            "rate": RATE,
        },
        "cross_validation": figures,
        "data": {
            "rows": "benchmarks/devset/vocab_scorer_rows.jsonl",
            "rows_sha256": hashlib.sha256(ROWS.read_bytes() if ROWS.is_file() else b"").hexdigest(),
            "manifest_sha256": header["manifest_sha256"],
            "gold_sha256": header["gold_sha256"],
            "split": "dev",
            "pages": len(gold_counts),
            "examples": len(rows),
            "positives": sum(y for _, _, y, _ in rows),
            "date": header.get("date", ""),
        },
    }
    return json.dumps(model, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    sub = parser.add_subparsers(dest="command", required=True)
    rows_parser = sub.add_parser("rows", help="label the dev pages' candidates")
    rows_parser.add_argument("--pages", type=Path, required=True, help="folder of the set's pages")
    rows_parser.add_argument(
        "--date", required=True, help="the date recorded with the rows (YYYY-MM-DD)"
    )
    sub.add_parser("train", help="fit the scorer on the rows and write it")
    args = parser.parse_args(argv)
    if args.command == "rows":
        n = write_rows(args.pages)
        text = ROWS.read_text(encoding="utf-8").split("\n", 1)
        header = json.loads(text[0]) | {"date": args.date}
        ROWS.write_text(json.dumps(header, sort_keys=True) + "\n" + text[1], encoding="utf-8")
        print(f"{n} rows written to {ROWS.relative_to(ROOT)}")
        return 0
    header, rows = _read_rows()
    MODEL.write_text(model_json(header, rows), encoding="utf-8")
    print(json.dumps(json.loads(MODEL.read_text(encoding="utf-8"))["cross_validation"]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
