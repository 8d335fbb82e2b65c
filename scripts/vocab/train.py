"""Train kgraph's character CRF tagger of campaigns, slogans and concepts, reproducibly.

The command that made the shipped model (the pages are not redistributed: each
``PAGES`` folder holds a set's page texts, checked against its manifest)::

    python scripts/vocab/train.py --out kgraph/extract/data/vocab.crfsuite \\
        --set benchmarks/devset PAGES --set benchmarks/devset4 PAGES4 ...

Only the ``dev`` pages of each set are read. Each set's pages are extracted as
one corpus (:func:`kgraph.pipeline.extract_files`, the vocabulary tagger off),
and every body and title sentence becomes a training sequence: the features of
:func:`kgraph.extract.vocab_tagger.vocab_features` and BIO labels from the
page's gold strings (``gold_vocab.jsonl``) projected onto every occurrence in
its text, longest first. Sets are read in the order given, pages in the order
of their document ids, and the trainer's parameters are fixed, so the same
pages give the same model.

Writes the model, and beside it its stem + ``.json`` with every set's
manifest, the file name and sha256 of every training page, the sentence and
span counts, the feature set, the trainer's parameters and version, the
training seconds and the model's own sha256 (``tests/test_vocab_tagger.py``
checks the shipped file against it).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import platform
import shutil
import sys
import tempfile
import time
import warnings
from collections import Counter
from collections.abc import Mapping, Sequence
from importlib.metadata import version
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))

from devset import Page, add_sets_argument, gold, pages

__all__ = [
    "LABEL_OF",
    "PARAMS",
    "TYPES",
    "dev_extractions",
    "dev_pages",
    "main",
    "projected_labels",
    "sequences_of",
    "train",
]

TYPES = ("Campaign", "Slogan", "Concept")
#: The tagger's label of each type (after ``B-`` / ``I-``).
LABEL_OF = {"Campaign": "C", "Slogan": "S", "Concept": "K"}
#: The trainer's parameters: fixed, so a model is a function of its pages.
PARAMS: Mapping[str, object] = {
    "c1": 0.1,
    "c2": 0.01,
    "max_iterations": 100,
    "feature.minfreq": 2.0,
    "feature.possible_transitions": True,
}

Sequence_ = tuple[int, int, list[tuple[str, ...]], list[str]]  # extraction, sentence, x, y


def dev_pages(folder: Path, devset: Path, missing_ok: bool = False) -> list[Page]:
    """The dev pages of a set's manifest, each checked against its sha256 (with ``missing_ok``,
    those absent from ``folder`` left out); the test pages are not read."""
    return [p for p in pages(folder, devset, missing_ok=missing_ok) if p.split == "dev"]


def dev_extractions(
    devset: Path, folder: Path, extractor: Any, missing_ok: bool = False
) -> tuple[list[Any], list[Any]]:
    """The dev pages of a set (checked against its manifest) and their extractions as one
    corpus, in the order of their document ids."""
    from kgraph.ingest.files import find_files
    from kgraph.pipeline import extract_files

    chosen = dev_pages(folder, devset, missing_ok)
    with tempfile.TemporaryDirectory() as tmp, warnings.catch_warnings():
        warnings.simplefilter("ignore")  # skipped or odd pages are the build's to report
        for page in chosen:
            shutil.copyfile(page.path, Path(tmp) / page.file)
        extractions = extract_files(
            find_files([tmp]), jobs=1, extractor=extractor, learned_vocabulary=False
        ).take()
    return chosen, sorted(extractions, key=lambda ex: ex.document.id)


def projected_labels(sentence: Any, text: str, golds: Sequence[tuple[str, str]]) -> list[str]:
    """BIO labels of one sentence: every occurrence of a gold string in its original text.

    ``golds`` are (string, label) pairs, longest first; occurrences are found in
    the document's original ``text`` (gold strings are verbatim) and mapped to
    the sentence's normalized characters through its offsets. An occurrence
    overlapping one already labelled is skipped.
    """
    labels = ["O"] * len(sentence.norm)
    origin = {offset: k for k, offset in enumerate(sentence.offsets)}
    original = text[sentence.start : sentence.end]
    for string, label in golds:
        at = original.find(string)
        while at >= 0:
            a = sentence.start + at
            ks = sorted(origin[o] for o in range(a, a + len(string)) if o in origin)
            if ks and all(lab == "O" for lab in labels[ks[0] : ks[-1] + 1]):
                labels[ks[0]] = "B-" + label
                for k in range(ks[0] + 1, ks[-1] + 1):
                    labels[k] = "I-" + label
            at = original.find(string, at + len(string))
    return labels


def sequences_of(
    extractions: Sequence[Any], truth: Mapping[str, Mapping[str, set[str]]], extractor: Any
) -> list[Sequence_]:
    """Every body and title sentence of ``extractions`` as (extraction index, sentence index,
    features, labels); ``truth`` is file name -> type -> gold strings."""
    from kgraph.extract.vocab_tagger import vocab_features
    from kgraph.model import EntityType, SectionKind

    actors = {EntityType.PERSON: "PER", EntityType.PLACE: "LOC", EntityType.ORGANIZATION: "ORG"}
    out: list[Sequence_] = []
    for x, ex in enumerate(extractions):
        file = Path(ex.document.path).name
        golds = sorted(
            ((s, LABEL_OF[t]) for t in TYPES for s in truth.get(file, {}).get(t, ())),
            key=lambda pair: (-len(pair[0]), pair),
        )
        names: dict[int, list[tuple[int, int, str]]] = {}
        for c in ex.candidates:
            if c.type in actors:
                names.setdefault(c.sentence, []).append((c.i, c.j, actors[c.type]))
        for sentence in ex.sentences:
            if sentence.section not in (SectionKind.BODY, SectionKind.TITLE):
                continue
            if not sentence.norm.strip():
                continue
            tokens = list(extractor.tokenizer.cut(sentence.norm, HMM=True))
            features = vocab_features(
                sentence.norm, tokens, extractor._tags, names.get(sentence.index, ())
            )
            labels = projected_labels(sentence, ex.document.text, golds)
            out.append((x, sentence.index, features, labels))
    return out


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def train(
    sets: Sequence[tuple[Path, Path]],
    out: Path,
    params: Mapping[str, object] = PARAMS,
    missing_ok: bool = False,
) -> dict[str, Any]:
    """Train on the dev pages of ``sets`` ((set folder, pages folder), in order) into ``out``
    and write its provenance beside it; returns the provenance."""
    import pycrfsuite

    from kgraph.extract.rules import Extractor
    from kgraph.extract.vocab_tagger import FEATURE_SET

    extractor = Extractor(vocab=False)
    trainer = pycrfsuite.Trainer(verbose=False)
    inputs = []
    for devset, folder in sets:
        chosen, extractions = dev_extractions(devset, folder, extractor, missing_ok)
        entries = gold("vocab", devset)
        truth = {f: {t: set(entries[f][t]) for t in TYPES} for f in entries}  # type: ignore[call-overload]
        sequences = sequences_of(extractions, truth, extractor)
        spans: Counter[str] = Counter()
        for _x, _i, features, labels in sequences:
            trainer.append(features, labels)
            spans.update(lab[2:] for lab in labels if lab.startswith("B-"))
        inputs.append(
            {
                "set": devset.name,
                "manifest_sha256": _sha256(devset / "manifest.jsonl"),
                "gold_sha256": _sha256(devset / "gold_vocab.jsonl"),
                "pages": [{"file": p.file, "sha256": _sha256(p.path)} for p in chosen],
                "sequences": len(sequences),
                "chars": sum(len(labels) for *_, labels in sequences),
                "spans": dict(sorted(spans.items())),
            }
        )
        print(f"{devset.name}: {len(chosen)} pages, {len(sequences)} sentences, {dict(spans)}")
    trainer.set_params(dict(params))
    out.parent.mkdir(parents=True, exist_ok=True)
    cpu, wall = time.process_time(), time.time()
    trainer.train(str(out))
    record = {
        "model": out.name,
        "model_sha256": _sha256(out),
        "model_bytes": out.stat().st_size,
        "feature_set": FEATURE_SET,
        "labels": "BIO over C (Campaign) / S (Slogan) / K (Concept)",
        "trainer": {
            "library": "python-crfsuite",
            "version": version("python-crfsuite"),
            "algorithm": "lbfgs",
            "params": dict(params),
        },
        "inputs": inputs,
        "train_cpu_seconds": round(time.process_time() - cpu, 1),
        "train_wall_seconds": round(time.time() - wall, 1),
        "iterations": len(trainer.logparser.iterations),
        "python": platform.python_version(),
        "trained_by": "scripts/vocab/train.py (the dev pages of the sets named in inputs)",
    }
    out.with_suffix(".json").write_text(
        json.dumps(record, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    return record


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    add_sets_argument(parser)
    parser.add_argument("--out", required=True, type=Path, help="the model file to write")
    args = parser.parse_args(argv)
    record = train(
        [(Path(d), Path(p)) for d, p in args.sets], args.out, missing_ok=args.allow_missing
    )
    print(json.dumps({k: record[k] for k in ("model_sha256", "model_bytes", "train_cpu_seconds")}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
