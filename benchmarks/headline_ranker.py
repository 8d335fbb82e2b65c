"""A learned headline choice against the rules' scored one, set by set held out.

The page model picks a page's headline among the headline-shaped lines
before its body (:class:`kgraph.ingest.clean.HeadlineCandidate`), by a
hand-weighted score (:func:`kgraph.ingest.clean._headline_score`). This
script asks whether a small logistic model over general features of a
candidate and its neighbours does better on pages it was not trained on:
for each development set in turn, it trains on the others' gold and scores
the held-out set's headlines, beside the rules on the same pages. The model
is a conditional logit (softmax over a page's candidates and a "no
headline" option), trained by plain gradient descent from zero weights, so
every run gives the same figures.

Only development pages are read (the old set's dev half and sets 5, 6, 8
and 10 when their pages are given); no test split is ever loaded.

Usage::

    python benchmarks/headline_ranker.py --set benchmarks/devset PAGES \\
        --set benchmarks/devset5 PAGES5 ...

(PAGES, PAGES5: the folders holding each set's page texts, which are not committed.)
"""

from __future__ import annotations

import argparse
import math
import re
import sys
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from devset import add_sets_argument, gold, pages

from kgraph.ingest import clean
from kgraph.ingest.clean import HeadlineCandidate, LineKind, headline_of
from kgraph.ingest.normalize import normalize
from kgraph.pipeline import read_document

__all__ = ["FEATURES", "features", "main", "train"]

FEATURES = (
    "rule_score",
    "repeated",
    "above_right",
    "above_near",
    "overlap",
    "overlap_low",
    "first",
    "last",
    "mid_length",
    "length",
    "han_share",
    "separator",
    "question",
    "digits",
    "near_body",
    "rank",
    "next_meta",
    "prev_meta",
    "prev_navigation",
    "site_suffix",
    "spaced_menu",
    "quoted",
    "shares_other",
)
_HAN = re.compile(r"[\u4e00-\u9fff]")
_SEPARATOR = re.compile(r"[|｜_]|\s[-–—]\s|[:：]")


def _nonempty(spans: list[tuple[int, int, str]], indices: range) -> list[int]:
    return [i for i in indices if spans[i][2]]


def features(
    c: HeadlineCandidate,
    found: list[HeadlineCandidate],
    spans: list[tuple[int, int, str]],
    kinds: list[LineKind],
    first_body: int,
) -> list[float]:
    """The feature vector of one candidate, each value in [0, 1] or close to it."""
    value = c.value
    before = _nonempty(spans, range(c.line))
    after = _nonempty(spans, range(c.line + 1, len(spans)))
    prev_kind = kinds[before[-1]] if before else None
    next_kind = kinds[after[0]] if after else None
    gap = len(_nonempty(spans, range(c.line + 1, first_body)))
    pairs = clean._bigrams(value)
    others = set().union(*(clean._bigrams(o.value) for o in found if o.line != c.line))
    return [
        clean._headline_score(c) / 5,
        float(c.repeated),
        float(c.above == 2),
        float(c.above == 1),
        c.overlap,
        float(c.overlap < 0.2),
        float(c.first),
        float(c.line == found[-1].line),
        float(8 <= len(value) <= 50),
        min(len(value), 80) / 80,
        len(_HAN.findall(value)) / max(len(value), 1),
        float(bool(_SEPARATOR.search(value))),
        float(value.endswith(("？", "?", "！", "!"))),
        sum(ch.isdigit() for ch in value) / max(len(value), 1),
        1 / (1 + gap),
        [o.line for o in found].index(c.line) / max(len(found) - 1, 1),
        float(next_kind == LineKind.META),
        float(prev_kind == LineKind.META),
        float(prev_kind == LineKind.NAVIGATION),
        float(headline_of(value) != value),
        float(kinds[c.line] == LineKind.NAVIGATION),
        float(bool(re.search(r"[《》“”「」]", value))),
        len(pairs & others) / len(pairs) if pairs else 0.0,
    ]


@dataclass
class Page:
    """One scored page: its candidates' features, which of them are right, the rules' result."""

    name: str
    group: str
    vectors: list[list[float]]
    right: list[bool]  # per candidate, then the "no headline" option last
    rules_right: bool
    values: list[str]  # per candidate, its text


def _norm(value: str) -> str:
    return " ".join(normalize(value).text.split())


def _title_of(value: str) -> str:
    mark = clean._BULLET_MARK.match(value)
    return " ".join(headline_of(value[mark.end() if mark else 0 :].strip()).split())


def collect(sets: list[tuple[Path, Path]], missing_ok: bool = False) -> list[Page]:
    """Every dev page of ``sets`` with its candidates, read once with the rules' choice."""
    out = []
    seen: list[tuple[list[HeadlineCandidate], list[list[float]]]] = []
    rules_pick = clean._pick_headline

    def record(found, spans, kinds, first_body):  # type: ignore[no-untyped-def]
        seen.append((found, [features(c, found, spans, kinds, first_body) for c in found]))
        return rules_pick(found, spans, kinds, first_body)

    clean._pick_headline = record  # type: ignore[assignment]
    try:
        for devset, folder in sets:
            page_gold = gold("page", devset)
            for page in pages(folder, devset, missing_ok=missing_ok):
                if page.split != "dev":
                    continue
                seen.clear()
                doc = read_document(page.path, page.file)
                headline = page_gold[page.file]["headline"]
                want = _norm(str(headline)) if headline else None
                got = " ".join(doc.title.split()) or None
                found, vectors = seen[0] if seen else ([], [])
                right = [_title_of(c.value) == want for c in found] + [want is None]
                out.append(
                    Page(
                        page.file,
                        devset.name,
                        vectors,
                        right,
                        got == want,
                        [c.value for c in found],
                    )
                )
    finally:
        clean._pick_headline = rules_pick  # type: ignore[assignment]
    return out


def _scores(weights: list[float], vectors: list[list[float]]) -> list[float]:
    """A page's option scores: each candidate's, then "no headline" (its bias, the last weight)."""
    n = len(FEATURES)
    return [sum(w * x for w, x in zip(weights[:n], v, strict=True)) for v in vectors] + [weights[n]]


def train(
    data: list[Page], *, steps: int = 400, rate: float = 0.5, l2: float = 0.01
) -> list[float]:
    """Weights of the conditional logit over pages whose right option is among the options."""
    n = len(FEATURES)
    weights = [0.0] * (n + 1)
    usable = [p for p in data if any(p.right)]
    for _ in range(steps):
        grad = [l2 * w for w in weights]
        for p in usable:
            s = _scores(weights, p.vectors)
            top = max(s)
            e = [math.exp(x - top) for x in s]
            z = sum(e)
            prob = [x / z for x in e]
            mass = sum(q for q, r in zip(prob, p.right, strict=True) if r)
            for k, (q, r) in enumerate(zip(prob, p.right, strict=True)):
                # d(-log sum_right p)/d s_k = p_k - [k right] p_k / mass
                g = (q - (q / mass if r else 0.0)) / len(usable)
                if k < len(p.vectors):
                    for j in range(n):
                        grad[j] += g * p.vectors[k][j]
                else:
                    grad[n] += g
        weights = [w - rate * g for w, g in zip(weights, grad, strict=True)]
    return weights


def ranked_first(weights: list[float], page: Page) -> int:
    """The option the weights rank first (``len(page.values)``: no headline)."""
    s = _scores(weights, page.vectors)
    return max(range(len(s)), key=lambda k: (s[k], -k))


def ranker_right(weights: list[float], page: Page) -> bool:
    """Is the option the weights rank first right (the rules' result where no choice was made)?"""
    if not page.vectors:
        return page.rules_right  # a labelled title, or no candidate: nothing to choose
    return page.right[ranked_first(weights, page)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_sets_argument(parser)
    parser.add_argument("--weights", action="store_true", help="print the weights of each fold")
    parser.add_argument(
        "--errors", action="store_true", help="name the pages where ranker and rules differ"
    )
    args = parser.parse_args(argv)
    data = collect([(devset, folder) for devset, folder in args.sets], args.allow_missing)
    groups = sorted({p.group for p in data}, key=lambda g: [p.group for p in data].index(g))
    print(f"{'held out':<10} {'pages':>5} {'rules':>6} {'ranker':>7} {'oracle':>7}")
    totals = [0, 0, 0, 0]
    for held in groups:
        train_on = [p for p in data if p.group != held]
        test = [p for p in data if p.group == held]
        weights = train(train_on)
        if args.weights:
            print(held, {f: round(w, 2) for f, w in zip((*FEATURES, "none"), weights, strict=True)})
        if args.errors:
            for p in test:
                if ranker_right(weights, p) != p.rules_right:
                    k = ranked_first(weights, p)
                    picked = p.values[k] if k < len(p.values) else None
                    print(
                        f"  {p.name}: rules {'right' if p.rules_right else 'wrong'}, ranker "
                        f"picked {picked!r} of {p.values}"
                    )
        rules = sum(p.rules_right for p in test)
        ranked = sum(ranker_right(weights, p) for p in test)
        oracle = sum(any(p.right) if p.vectors else p.rules_right for p in test)
        for k, v in enumerate((len(test), rules, ranked, oracle)):
            totals[k] += v
        print(
            f"{held:<10} {len(test):>5} {rules / len(test):>6.3f} {ranked / len(test):>7.3f}"
            f" {oracle / len(test):>7.3f}"
        )
    n = totals[0]
    print(f"{'all':<10} {n:>5} {totals[1] / n:>6.3f} {totals[2] / n:>7.3f} {totals[3] / n:>7.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
