"""A learned candidate generator for the political vocabulary, measured leaving one set out.

A character-level CRF (python-crfsuite) tags campaigns, slogans and concepts
with BIO labels over the body and title sentences of a page. Its features are
general, never names: the characters and their n-grams (the NER layer's
:func:`kgraph.extract.ner.char_features`), jieba's word boundaries (the
character's place in its word) and the dictionary tags of its word and the
words beside it, whether the word is a head the rules know (a policy head, a
doctrine head, a formulation noun, a verb of holding to), whether the
character is inside quotes or 《》, its distance to the punctuation on either
side, and the people, places and organizations of the extraction (the NER
layer and the gazetteer) it lies in.

Training labels are each page's gold strings (``gold_vocab.jsonl``) projected
onto every occurrence in the page's text, longest first. Each dev set is
held out in turn: the tagger is trained on the other sets' dev pages and tags
the held-out set, whose pages are then scored with ``eval_vocab``'s matching
(a document-level bag of surfaces) in four ways:

- ``rules``: the rules alone (the set extracted and resolved as one corpus);
- ``model``: the tagger's spans alone, one entity per name and document;
- ``union``: the rules, and every name of the tagger that no entity of the
  rules names in that document;
- ``filtered``: the tagger's spans as extra ``vocab.learned`` candidates of
  the extraction, resolved with the rules' corpus filters, canonical forms
  and types (a name the corpus carries elsewhere is found there too).

Each combination is also scored keeping only spans whose confidence (the
smallest marginal of their labels) reaches a threshold, and the threshold is
chosen on the other held-out sets' figures for each set left out.

The tagger kgraph ships (:mod:`kgraph.extract.vocab_tagger`, run by every
build unless ``--no-learned-vocabulary``) is this one trained on every set
(``scripts/vocab/train.py``); here the rules run without it
(``Extractor(vocab=False)``), so the held-out set is seen only by its fold's
tagger. Its training is deterministic (the sets in the order given, pages in the order of
their document ids, fixed parameters).

Only dev splits are read or scored. Extractions are cached with ``--cache``
(a folder outside the repository) so a second run skips extracting.

Usage::

    python benchmarks/vocab_tagger.py --set benchmarks/devset PAGES \\
        --set benchmarks/devset4 PAGES4 ... [--hold benchmarks/devset14] [--cache DIR]

(PAGES, PAGES4: the folders holding each set's page texts, which are not committed.)
``--hold DIR`` scores only the folds that hold out the named sets (each one still
trained on all the others).
"""

from __future__ import annotations

import argparse
import hashlib
import pickle
import sys
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import replace
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts" / "vocab"))

from devset import add_sets_argument, gold, pages
from eval_vocab import TYPES, predicted, score
from train import LABEL_OF, PARAMS, dev_extractions, projected_labels, sequences_of

from kgraph.extract.vocab_tagger import vocab_features

__all__ = ["main", "projected_labels", "vocab_features"]

TYPE_OF = {v: k for k, v in LABEL_OF.items()}


#: Confidence thresholds (the smallest marginal of a span's labels) the combinations try.
THRESHOLDS = (0.0, 0.5, 0.7, 0.9)


def _extract(
    devset: Path, folder: Path, cache: Path | None, extractor: Any, missing_ok: bool
) -> list[Any]:
    """The dev pages of a set extracted as one corpus, the tagger off (cached by the pages'
    digests)."""
    chosen = [p for p in pages(folder, devset, missing_ok=missing_ok) if p.split == "dev"]
    key = hashlib.sha256(
        "".join(sorted(hashlib.sha256(p.path.read_bytes()).hexdigest() for p in chosen)).encode()
    ).hexdigest()[:16]
    stored = cache / f"{devset.name}-{key}.pickle" if cache else None
    if stored and stored.is_file():
        return pickle.loads(stored.read_bytes())  # type: ignore[no-any-return]
    _pages, extractions = dev_extractions(devset, folder, extractor, missing_ok)
    if stored:
        stored.parent.mkdir(parents=True, exist_ok=True)
        stored.write_bytes(pickle.dumps(extractions))
    return extractions


class _Set:
    """One dev set: its extractions, gold, and per sentence its features and labels."""

    def __init__(
        self, devset: Path, folder: Path, cache: Path | None, extractor: Any, missing_ok: bool
    ) -> None:
        self.name = devset.name
        self.extractions = _extract(devset, folder, cache, extractor, missing_ok)
        entries = gold("vocab", devset)
        self.truth = {f: {t: set(entries[f][t]) for t in TYPES} for f in entries}  # type: ignore[call-overload]
        self.name_of = {ex.document.id: Path(ex.document.path).name for ex in self.extractions}
        self.files = sorted(self.name_of.values())
        self.sequences = sequences_of(self.extractions, self.truth, extractor)

    def rules(self, gazetteer: Any) -> dict[str, dict[str, list[set[str]]]]:
        from kgraph.resolve import resolve

        return predicted(resolve(self.extractions, gazetteer).entities, self.name_of)


def _train(sets: list[_Set], model: Path) -> float:
    """Train a tagger on every sequence of ``sets`` into ``model``; the CPU seconds it took."""
    import pycrfsuite

    started = time.process_time()
    trainer = pycrfsuite.Trainer(verbose=False)
    for s in sets:
        for _x, _i, feats, labels in s.sequences:
            trainer.append(feats, labels)
    trainer.set_params(dict(PARAMS))
    trainer.train(str(model))
    return time.process_time() - started


Spans = dict[int, list[tuple[int, int, int, str, float]]]


def _spans(held: _Set, model: Path) -> Spans:
    """Extraction index -> (sentence, start, end, type, confidence) of every span the tagger
    finds; the confidence is the smallest marginal of its labels."""
    import pycrfsuite

    from kgraph.extract.ner import spans_from_labels

    tagger = pycrfsuite.Tagger()
    tagger.open(str(model))
    out: Spans = defaultdict(list)
    for x, index, feats, _labels in held.sequences:
        labels = tagger.tag(feats)
        for s, e, t in spans_from_labels(labels):
            if e - s >= 2 and t in TYPE_OF:
                confidence = min(tagger.marginal(labels[k], k) for k in range(s, e))
                out[x].append((index, s, e, TYPE_OF[t], confidence))
    return out


def _above(spans: Spans, threshold: float) -> Spans:
    return {x: [sp for sp in found if sp[4] >= threshold] for x, found in spans.items()}


def _model_alone(held: _Set, spans: Spans) -> dict[str, dict[str, list[set[str]]]]:
    """One entity per (document, name) the tagger finds: its surfaces and its commonest type."""
    out: dict[str, dict[str, list[set[str]]]] = {}
    for x, found in spans.items():
        ex = held.extractions[x]
        file = held.name_of[ex.document.id]
        surfaces: dict[str, set[str]] = defaultdict(set)
        kinds: dict[str, Counter[str]] = defaultdict(Counter)
        for index, s, e, kind, _confidence in found:
            sentence = ex.sentences[index]
            a, b = sentence.original_span(s, e)
            name = sentence.norm[s:e]
            surfaces[name].add(ex.document.text[a:b])
            kinds[name][kind] += 1
        for name in sorted(surfaces):
            kind = max(sorted(kinds[name]), key=lambda k: kinds[name][k])
            out.setdefault(file, {}).setdefault(kind, []).append(surfaces[name] | {name})
    return out


def _union(
    rules: dict[str, dict[str, list[set[str]]]], model: dict[str, dict[str, list[set[str]]]]
) -> dict[str, dict[str, list[set[str]]]]:
    out = {file: {t: list(v) for t, v in types.items()} for file, types in rules.items()}
    for file, types in model.items():
        known = set().union(*(s for v in rules.get(file, {}).values() for s in v))
        for kind, entities in types.items():
            for strings in entities:
                if not strings & known:
                    out.setdefault(file, {}).setdefault(kind, []).append(strings)
    return out


def _filtered(held: _Set, spans: Spans, gazetteer: Any) -> dict[str, dict[str, list[set[str]]]]:
    """The tagger's spans as ``vocab.learned`` candidates, resolved with the rules' filters."""
    from kgraph.extract.rules import Candidate
    from kgraph.model import EntityType
    from kgraph.resolve import resolve

    extractions = list(held.extractions)
    for x, found in spans.items():
        ex = extractions[x]
        extra = tuple(
            Candidate(
                index,
                s,
                e,
                EntityType(kind),
                ex.sentences[index].norm[s:e],
                "vocab.learned",
                0.8,
            )
            for index, s, e, kind, _confidence in found
        )
        extractions[x] = replace(ex, candidates=ex.candidates + extra)
    return predicted(resolve(extractions, gazetteer).entities, held.name_of)


def _prf(row: tuple[int, int, int, int]) -> tuple[float, float, float]:
    correct, n_pred, found, n_gold = row
    p = correct / n_pred if n_pred else 0.0
    r = found / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def _oracle(held: _Set, spans: Spans) -> tuple[int, int]:
    """Gold (document, string) pairs whose exact span the tagger proposes, and all gold pairs."""
    found = total = 0
    for x, ex in enumerate(held.extractions):
        file = held.name_of[ex.document.id]
        g = set().union(*(held.truth.get(file, {}).get(t, set()) for t in TYPES))
        names = set()
        for index, s, e, _kind, _confidence in spans.get(x, ()):
            sentence = ex.sentences[index]
            a, b = sentence.original_span(s, e)
            names.add(ex.document.text[a:b])
            names.add(sentence.norm[s:e])
        total += len(g)
        found += len(g & names)
    return found, total


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    add_sets_argument(parser)
    parser.add_argument(
        "--hold", type=Path, action="append", default=[], metavar="DIR",
        help="score only the folds holding out these sets (default: every set in turn)",
    )  # fmt: skip
    parser.add_argument(
        "--cache", type=Path, default=None, help="folder to keep extractions in between runs"
    )
    args = parser.parse_args(argv)
    from kgraph.extract.gazetteer import Gazetteer
    from kgraph.extract.rules import Extractor

    gazetteer = Gazetteer.load()
    extractor = Extractor(gazetteer, vocab=False)  # the rules alone: each fold trains a tagger
    sets = []
    for devset, folder in args.sets:
        started = time.time()
        sets.append(_Set(Path(devset), Path(folder), args.cache, extractor, args.allow_missing))
        s = sets[-1]
        positive = sum(1 for *_, labels in s.sequences if any(lab != "O" for lab in labels))
        print(
            f"{s.name}: {len(s.files)} pages, {len(s.sequences)} sentences "
            f"({positive} with gold), {time.time() - started:.0f} s",
            flush=True,
        )
    held_names = {Path(h).name for h in args.hold} or {s.name for s in sets}
    print(
        "\n| held out | way | Campaign P / R | Slogan P / R | Concept P / R | untyped P / R / F1 |"
    )
    print("|---|---|---|---|---|---|")
    f1: dict[str, dict[str, float]] = {}
    for held in sets:
        if held.name not in held_names:
            continue
        others = [s for s in sets if s is not held]
        with tempfile.TemporaryDirectory() as tmp:
            model = Path(tmp) / "vocab.crfsuite"
            seconds = _train(others, model)
            spans = _spans(held, model)
            size = model.stat().st_size
        rules = held.rules(gazetteer)
        ways = {"rules": rules}
        for t in THRESHOLDS:
            kept = _above(spans, t)
            model_only = _model_alone(held, kept)
            ways[f"model@{t:g}"] = model_only
            ways[f"union@{t:g}"] = _union(rules, model_only)
            ways[f"filtered@{t:g}"] = _filtered(held, kept, gazetteer)
        f1[held.name] = {}
        for way, chosen in ways.items():
            rows = score(held.truth, chosen, held.files)
            cells = []
            for t in TYPES:
                p, r, _ = _prf(rows[t])
                cells.append(f"{p:.3f} / {r:.3f}")
            p, r, f = _prf(rows["untyped"])
            f1[held.name][way] = f
            print(
                f"| {held.name} | {way} | {' | '.join(cells)} | {p:.3f} / {r:.3f} / {f:.3f} |",
                flush=True,
            )
        found, total = _oracle(held, spans)
        print(
            f"|   | (tagger: trained in {seconds:.0f} CPU s, {size / 1e6:.1f} MB; "
            f"its spans hold {found} of {total} gold strings exactly) | | | | |",
            flush=True,
        )
    print("\nuntyped F1 against the rules alone, per held-out set:")
    for name, row in f1.items():
        print(
            f"  {name}: rules {row['rules']:.3f}; "
            + ", ".join(
                f"{way} {f - row['rules']:+.3f}" for way, f in row.items() if way != "rules"
            )
        )
    if len(f1) > 2:
        print("\nthreshold chosen on the other held-out sets' figures, scored on the set left out:")
        for combination in ("union", "filtered"):
            options = [f"{combination}@{t:g}" for t in THRESHOLDS]
            wins = 0
            for name, row in f1.items():
                rest = [other for other in f1 if other != name]
                best = max(options, key=lambda way: sum(f1[o][way] for o in rest))
                gain = row[best] - row["rules"]
                wins += gain > 0
                print(
                    f"  {combination}: left out {name}: chose {best}, {gain:+.3f} against the rules"
                )
            print(f"  {combination}: beats the rules on {wins} of {len(f1)} held-out sets")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
