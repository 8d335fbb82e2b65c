"""kgraph's people, places and organizations on the MSRA NER test set (SIGHAN 2006).

The test file is character-per-line BIO (``char<TAB>tag``, sentences
separated by blank lines), e.g. ``NER/MSRA/msra_test_bio.txt`` of the
public ``OYE93/Chinese-NLP-Corpus`` repository (3,442 lines of text,
172,601 characters; sha256 recorded in ``benchmarks/devset/README.md``).
It is not redistributed here: give its path.

Each sentence is one document of one corpus, so kgraph's cross-document
resolution has no help beyond what the test text itself gives. Two scores:

- span level, as the literature reports: a mention counts when its offsets
  and type equal a gold span's;
- document level: per sentence, the set of (type, surface) against the
  gold's, micro-averaged.

Usage::

    python benchmarks/eval_msra.py PATH/msra_test_bio.txt [--limit N]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from eval_entities import TYPES, _prf

__all__ = ["main", "read_bio"]


def read_bio(path: Path) -> list[tuple[str, list[tuple[int, int, str]]]]:
    """Sentences as (text, spans) from a BIO file; spans are (start, end, PER|LOC|ORG)."""
    sentences: list[tuple[str, list[tuple[int, int, str]]]] = []
    chars: list[str] = []
    tags: list[str] = []
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        if line.strip():
            char, _, tag = line.partition("\t")
            chars.append(char or " ")
            tags.append(tag.strip() or "O")
            continue
        if chars:
            spans, start = [], None
            for i, tag in enumerate([*tags, "O"]):
                if start is not None and not tag.startswith("I-"):
                    spans.append((start, i, tags[start][2:]))
                    start = None
                if tag.startswith("B-"):
                    start = i
            sentences.append(("".join(chars), spans))
            chars, tags = [], []
    return sentences


def main(argv: list[str] | None = None) -> int:
    from kgraph.pipeline import build_corpus

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("bio", type=Path, help="MSRA test in BIO format")
    parser.add_argument("--limit", type=int, default=0, help="only the first N sentences")
    args = parser.parse_args(argv)
    sentences = read_bio(args.bio)
    if args.limit:
        sentences = sentences[: args.limit]
    with tempfile.TemporaryDirectory() as tmp:
        for n, (text, _) in enumerate(sentences):
            (Path(tmp) / f"s{n:05d}.txt").write_text(text + "\n", encoding="utf-8")
        corpus = build_corpus([tmp], jobs=2)
    found: dict[int, set[tuple[int, int, str]]] = {n: set() for n in range(len(sentences))}
    for entity in corpus.entities:
        tag = TYPES.get(entity.type.value)
        if tag:
            for m in entity.mentions:
                found[int(m.doc_id[1:])].add((m.start, m.end, tag))
    span = {t: [0, 0, 0] for t in (*TYPES.values(), "all")}
    doc = {t: [0, 0, 0] for t in (*TYPES.values(), "all")}
    for n, (text, spans) in enumerate(sentences):
        for counts, gold, got in (
            (span, set(spans), found[n]),
            (doc, {(text[i:j], t) for i, j, t in spans}, {(text[i:j], t) for i, j, t in found[n]}),
        ):
            for tag in TYPES.values():
                e = {x for x in gold if x[-1] == tag}
                g = {x for x in got if x[-1] == tag}
                for key in (tag, "all"):
                    counts[key][0] += len(e & g)
                    counts[key][1] += len(g - e)
                    counts[key][2] += len(e - g)
    chars = sum(len(text) for text, _ in sentences)
    print(f"MSRA test: {len(sentences)} sentences, {chars} characters")
    print("level  type  P      R      F1")
    for level, counts in (("span", span), ("doc", doc)):
        for tag, (tp, fp, fn) in counts.items():
            p, r, f = _prf(tp, fp, fn)
            print(f"{level:<6} {tag:<5} {p:.3f}  {r:.3f}  {f:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
