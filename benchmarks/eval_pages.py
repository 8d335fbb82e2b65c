"""How often kgraph reads a real web page's headline, date, source and author right.

Scores :class:`kgraph.model.Document` ``title``, ``date``, ``sources`` and
``authors`` (what ``kgraph build`` reads from each file) against
``benchmarks/devset/gold_page.jsonl``, by exact match per page and per
field, for the "dev" and the "test" half of ``benchmarks/devset/manifest.jsonl``
separately. Every page's SHA-256 is checked against the manifest first: a
page that differs from the one annotated stops the run.

Both sides are compared after kgraph's own normalization
(:func:`kgraph.ingest.normalize.normalize`: injected pinyin removed,
Simplified script, half-width forms), because kgraph stores metadata in
that form; the gold keeps the page's script. Matching rules:

- headline: the gold headline, or no title when the gold is ``null``;
- date: the gold ``YYYY-MM-DD`` (or ``YYYY``), or no date when ``null``;
- source: the first source kgraph found equals the gold source, or none
  was found when the gold is ``null``;
- author: the set of authors equals the gold's set.

The page texts are third-party excerpts that are not committed; pass their
folder with ``--pages``. ``--errors`` prints the dev half's mismatches
(never the held-out test half's); ``--split dev`` scores the dev half alone.

``--chrome`` also extracts entities from every page and counts, per half,
the mentions whose span lies in a stretch the page model labels chrome or
teaser (navigation, spam, paywall, footer, related-article lists), which
should be none, and the headlines taken from such a stretch. It needs no
gold, so it is printed for both halves.

Usage::

    python benchmarks/eval_pages.py --pages DIR
    python benchmarks/eval_pages.py --pages DIR --errors
    python benchmarks/eval_pages.py --pages DIR --split dev
    python benchmarks/eval_pages.py --pages DIR --chrome
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from devset import add_set_argument, gold_file, pages

from kgraph.ingest.normalize import normalize
from kgraph.model import Document, SectionKind
from kgraph.pipeline import read_document

__all__ = ["FIELDS", "chrome_leaks", "main", "score_page"]

FIELDS = ("headline", "date", "source", "author")


def _norm(value: str) -> str:
    return " ".join(normalize(value).text.split())


def _predicted(doc: Document) -> dict[str, object]:
    return {
        "headline": " ".join(doc.title.split()) or None,
        "date": doc.date or None,
        "source": doc.sources[0] if doc.sources else None,
        "author": sorted(set(doc.authors)),
    }


def _expected(gold: dict[str, object]) -> dict[str, object]:
    headline, source = gold["headline"], gold["source"]
    authors = gold["author"] or []
    assert isinstance(authors, list)
    return {
        "headline": _norm(str(headline)) if headline else None,
        "date": gold["date"] or None,
        "source": _norm(str(source)) if source else None,
        "author": sorted({_norm(str(a)) for a in authors}),
    }


def score_page(doc: Document, gold: dict[str, object]) -> dict[str, tuple[bool, object, object]]:
    """Per field: (match, predicted, expected)."""
    got, want = _predicted(doc), _expected(gold)
    return {f: (got[f] == want[f], got[f], want[f]) for f in FIELDS}


_CHROME = (SectionKind.CHROME, SectionKind.TEASER)


def chrome_leaks(doc: Document, spans: list[tuple[int, int]]) -> int:
    """How many of ``spans`` (entity mentions, the headline) overlap a chrome or teaser section."""
    chrome = [s for s in doc.sections if s.kind in _CHROME]
    return sum(any(a < s.end and s.start < b for s in chrome) for a, b in spans)


def _load(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=Path, required=True, help="folder of NNN.txt pages")
    add_set_argument(parser)
    parser.add_argument("--errors", action="store_true", help="print the dev half's mismatches")
    parser.add_argument(
        "--split", choices=("dev", "test"), help="score only this half (default: both)"
    )
    parser.add_argument(
        "--chrome", action="store_true", help="count mentions and headlines taken from chrome"
    )
    args = parser.parse_args(argv)
    extractor = None
    if args.chrome:
        from kgraph.extract.rules import Extractor
        from kgraph.pipeline import extract_document

        extractor = Extractor()
    leaks: dict[str, list[int]] = {}

    gold = {str(g["file"]): g for g in _load(gold_file(args.set, "page"))}
    scores: dict[str, dict[str, list[bool]]] = {}
    for page in pages(args.pages, args.set, missing_ok=args.allow_missing):
        name, split, path = page.file, page.split, page.path
        if args.split and split != args.split:
            continue
        doc = read_document(path, name)
        result = score_page(doc, gold[name])
        if extractor is not None:
            found = extract_document(extractor, doc)
            mentions = [
                (c.offsets[x.i], c.offsets[x.j - 1] + 1)
                for x in found.candidates
                for c in (found.sentences[x.sentence],)
            ]
            titles = [(a, b) for field, a, b in doc.meta_spans if field == "title"]
            counts = leaks.setdefault(split, [0, 0, 0])
            counts[0] += len(mentions)
            counts[1] += chrome_leaks(doc, mentions)
            counts[2] += chrome_leaks(doc, titles)
        for field, (ok, got, want) in result.items():
            scores.setdefault(split, {}).setdefault(field, []).append(ok)
            if args.errors and split == "dev" and not ok:
                print(f"{name} {field}: got {got!r}, want {want!r}")

    print(f"{'split':<6} {'pages':>5} " + " ".join(f"{f:>8}" for f in FIELDS))
    for split in ("dev", "test"):
        fields = scores.get(split, {})
        scored = len(fields.get("headline", []))
        if not scored:
            continue
        cells = " ".join(f"{sum(fields[f]) / len(fields[f]):>8.3f}" for f in FIELDS)
        print(f"{split:<6} {scored:>5} {cells}")
    for split, (mentions, in_chrome, titles) in leaks.items():
        print(
            f"{split}: {in_chrome} of {mentions} entity mentions and {titles} headlines "
            "lie in chrome or teaser stretches"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
