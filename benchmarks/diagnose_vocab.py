"""Where the vocabulary layer loses its dev-half figures: candidate generation, filters, boundaries.

Builds the pages of a set (``benchmarks/devset`` unless ``--set DIR``) as one
corpus (as ``eval_vocab.py`` does) and, for the DEV half only, counts:

- the oracle recall of candidate generation: the share of gold strings that
  are among a page's candidates before any filtering or typing (every
  ``vocab.*`` rule's span, every quoted phrase, every noun phrase counted
  for key concepts), compared after normalization (script, pinyin);
- each miss by cause: predicted with other boundaries (a prediction of the
  page holds the gold string or lies inside it), generated but filtered, or
  never generated, the last by shape (a clause or enumeration, a headed
  name, a numbered formula, a headless name of four to eight characters,
  a short word);
- each false positive by the family that proposed it and whether it only
  has the wrong boundaries.

The test half is never looked at.

Usage::

    python benchmarks/diagnose_vocab.py --pages DIR
    python benchmarks/diagnose_vocab.py --set benchmarks/devset5 --pages DIR
"""

from __future__ import annotations

import argparse
import sys
import warnings
from collections import Counter, defaultdict
from pathlib import Path
from typing import TYPE_CHECKING

sys.path.insert(0, str(Path(__file__).resolve().parent))

from devset import add_set_argument, gold, pages

if TYPE_CHECKING:
    from kgraph.extract.rules import DocumentExtraction, Extractor

__all__ = ["main"]

TYPES = ("Campaign", "Slogan", "Concept")


def _normal(text: str) -> str:
    from kgraph.ingest.normalize import normalize

    return normalize(text).text


def _shape(name: str) -> str:
    from kgraph.extract.rules import is_formula
    from kgraph.extract.vocabulary import CAMPAIGN_HEADS, CONCEPT_HEADS

    if "、" in name or "，" in name or "," in name or len(name) >= 9:
        return "clause or enumeration"
    if name.endswith(CAMPAIGN_HEADS + CONCEPT_HEADS):
        return "headed name"
    if is_formula(name):
        return "numbered formula"
    if len(name) >= 4:
        return "headless name (4-8 chars)"
    return "short word (2-3 chars)"


def _noun_phrases(extractor: Extractor, ex: DocumentExtraction) -> set[str]:
    """Every noun phrase of the body and title sentences, the ones without a concept's head too.

    An extraction keeps only the phrases that can become concepts; the
    oracle counts all the candidates the rules generate.
    """
    from kgraph.model import SectionKind

    return {
        phrase
        for s in ex.sentences
        if s.section in (SectionKind.BODY, SectionKind.TITLE)
        for phrase in extractor._phrases(list(extractor.tokenizer.cut(s.norm, HMM=True)))
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--pages", type=Path, required=True, help="folder of the set's pages")
    parser.add_argument(
        "--list", action="store_true", help="also print each dev miss and its cause"
    )
    add_set_argument(parser)
    args = parser.parse_args(argv)
    everything = pages(args.pages, args.set, missing_ok=args.allow_missing)
    dev = {p.file for p in everything if p.split == "dev"}
    dev_gold = {f: row for f, row in gold("vocab", args.set).items() if f in dev}

    from kgraph.extract.gazetteer import Gazetteer
    from kgraph.extract.rules import Extractor
    from kgraph.model import EntityType
    from kgraph.pipeline import analyse, extract_files

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        done = extract_files([(p.path, p.file) for p in everything], cache=None, jobs=1)
    extractions = sorted(done.extractions, key=lambda ex: ex.document.id)
    extractor = Extractor()
    vocabulary = (EntityType.CAMPAIGN, EntityType.SLOGAN, EntityType.CONCEPT)
    raw: dict[str, set[str]] = {}
    families: dict[str, dict[str, set[str]]] = {}
    for ex in extractions:
        file = Path(ex.document.path).name
        if file not in dev:
            continue
        found = {c.norm for c in ex.candidates if c.type in vocabulary}
        found |= {
            ex.sentences[c.sentence].norm[c.i : c.j] for c in ex.candidates if c.type in vocabulary
        }
        found |= {q.text for q in ex.quoted} | _noun_phrases(extractor, ex)
        raw[file] = found
        per: dict[str, set[str]] = defaultdict(set)
        for c in ex.candidates:
            if c.type in vocabulary:
                per[c.norm].add(c.extractor)
        families[file] = per
    corpus = analyse(list(extractions), Gazetteer.load(), ())
    path_of = {d.id: Path(d.path).name for d in corpus.documents}
    predicted: dict[str, list[tuple[str, set[str], str]]] = defaultdict(list)
    for e in corpus.entities:
        if e.type not in vocabulary:
            continue
        per_doc: dict[str, set[str]] = defaultdict(set)
        how: dict[str, set[str]] = defaultdict(set)
        for m in e.mentions:
            per_doc[path_of[m.doc_id]].add(m.surface)
            how[path_of[m.doc_id]].add(m.extractor)
        for file, surfaces in per_doc.items():
            if file in dev:
                predicted[file].append((e.label, surfaces | {e.label}, "/".join(sorted(how[file]))))

    n_gold = oracle = hit = 0
    misses: Counter[str] = Counter()
    listed: list[str] = []
    wrong: Counter[str] = Counter()
    n_pred = 0
    for file in sorted(dev):
        strings = {s for t in TYPES for s in dev_gold.get(file, {}).get(t, [])}  # type: ignore[union-attr]
        preds = predicted.get(file, [])
        normal_preds = [{_normal(s) for s in strings_} for _, strings_, _ in preds]
        for g in sorted(strings):
            n_gold += 1
            ng = _normal(g)
            generated = ng in raw.get(file, set())
            oracle += generated
            if any(g in s for _, s, _ in preds):
                hit += 1
                continue
            if any(any(ng in p or p in ng for p in ps if len(p) >= 2) for ps in normal_preds):
                cause = "predicted with other boundaries"
            elif generated:
                cause = "generated, then filtered"
            else:
                cause = "not generated: " + _shape(ng)
            misses[cause] += 1
            listed.append(f"{file}\t{cause}\t{g}")
        for label, strings_, how in preds:
            n_pred += 1
            if strings_ & strings:
                continue
            if any(any(_normal(g) in s or s in _normal(g) for s in strings_) for g in strings):
                wrong["other boundaries than a gold string"] += 1
                continue
            rules = families[file].get(label, set())
            family = sorted(r for r in rules if r.startswith("vocab."))
            if family:
                wrong[f"{family[0]} (no gold string near)"] += 1
            else:
                wrong[f"{how.split('/')[0]} (no gold string near)"] += 1
    print(f"dev half: {len(dev)} pages, {n_gold} gold strings, {n_pred} predictions")
    print(f"oracle recall of candidate generation: {oracle}/{n_gold} = {oracle / n_gold:.3f}")
    print(f"recall: {hit}/{n_gold} = {hit / n_gold:.3f}")
    print("\n| misses by cause | n | share of misses |\n|---|---|---|")
    total = sum(misses.values())
    for cause, n in misses.most_common():
        print(f"| {cause} | {n} | {n / total:.2f} |")
    print("\n| false positives by cause | n | share of FPs |\n|---|---|---|")
    total = sum(wrong.values())
    for cause, n in wrong.most_common():
        print(f"| {cause} | {n} | {n / total:.2f} |")
    if args.list:
        print("\ndev misses:\n" + "\n".join(sorted(listed, key=lambda line: line.split("\t")[1])))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
