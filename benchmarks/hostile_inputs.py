"""Re-run issue 16's probes of bounded work and of the export switch; print figures and pass/fail.

Usage::

    ./dev bench hostile_inputs            # every row (the 50 MB file takes minutes)
    ./dev bench hostile_inputs --mb 5     # a smaller big file
    ./dev bench hostile_inputs --only run,quote,formula

Rows: a run of one character jieba can only split into single characters,
a quote never closed, a sentence repeating a formula name, one big file
(wall time and peak memory of a `kgraph build` subprocess), files of
10,000 one-character sentences, and builds killed with SIGKILL at each
step of the export switch and after delays (the folder must hold the old
build or the new one, every export and the store from the same build).
A row passes when it finishes within its limit (the big file: under 1 GB
of peak memory; kills: no folder mixed); the limits are the probe's, not
targets.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ARTICLE = (
    "宁德市推进乡村振兴，县长李强到寿宁县下党乡调研，察看茶园。习近平同志“三进下党”，传为佳话。"
)


def per_document(text: str) -> tuple[float, str]:
    """Seconds to extract one document of ``text`` and analyse it, and a note."""
    from kgraph.extract.rules import Extractor
    from kgraph.pipeline import analyse, document_from_text, extract_document

    extractor = _extractor(Extractor)
    start = time.perf_counter()
    extraction = extract_document(extractor, document_from_text("probe.txt", text))
    corpus = analyse([extraction], extractor.gazetteer)
    seconds = time.perf_counter() - start
    longest = max((len(s.norm) for s in extraction.sentences), default=0)
    return (
        seconds,
        f"{len(extraction.sentences)} sentences, longest {longest}, {len(corpus.relations)} relations",
    )


_LOADED: dict[str, object] = {}


def _extractor(cls: Callable[[], object]) -> object:
    if "extractor" not in _LOADED:
        _LOADED["extractor"] = cls()
    return _LOADED["extractor"]  # type: ignore[return-value]


def cli_build(
    source: Path, out: Path, *extra: str, env: dict[str, str] | None = None
) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "kgraph",
            "build",
            str(source),
            "--out",
            str(out),
            "--jobs",
            "1",
            *extra,
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, **(env or {})},
    )


def build_figures(source: Path, out: Path) -> tuple[float, float, int]:
    """Wall seconds, peak MB of the build process tree, exit code."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    process = cli_build(source, out, "--no-store", "--quiet")
    process.communicate()
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return seconds, max(peak, before) / 1024, process.returncode


def big_file(work: Path, mb: int) -> tuple[bool, str]:
    source = work / "big"
    source.mkdir()
    line = (ARTICLE * 1000 + "\n").encode()
    with (source / "big.txt").open("wb") as handle:
        for _ in range(mb * 2**20 // len(line) + 1):
            handle.write(line)
    seconds, peak, code = build_figures(source, work / "big-out")
    return code == 0 and peak < 1024 * max(
        1, mb / 5
    ), f"{mb} MB: {seconds:.1f} s, peak {peak:.0f} MB, exit {code}"


def short_sentences(work: Path) -> tuple[bool, str]:
    source = work / "short"
    source.mkdir()
    for i in range(30):
        (source / f"s{i}.txt").write_text("好。" * 10_000 + "\n", encoding="utf-8")
    seconds, peak, code = build_figures(source, work / "short-out")
    return (
        code == 0 and seconds < 300,
        f"30 files x 10,000: {seconds:.1f} s, peak {peak:.0f} MB, exit {code}",
    )


def state(out: Path) -> tuple[tuple[bytes, ...], int] | None:
    """Every export's bytes and the store's triple count, or None if anything is missing."""
    import kgraph
    from kgraph.export import EXPORTS

    try:
        exports = tuple((out / name).read_bytes() for name in EXPORTS)
        with kgraph.open(out) as kb:
            count = int(kb.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")[0].n)  # type: ignore[index]
    except Exception:  # a missing or broken export is the failure counted
        return None
    return exports, count


def kills(work: Path, rounds: int) -> tuple[bool, str]:
    from kgraph.export import PAUSE_POINTS

    old_src, new_src = work / "k-old", work / "k-new"
    for folder, n in ((old_src, 3), (new_src, 6)):
        folder.mkdir()
        for i in range(n):
            (folder / f"a{i}.txt").write_text(f"第{i}篇\n{ARTICLE}\n", encoding="utf-8")
    old_out, new_out = work / "k-old-out", work / "k-new-out"
    for src, out in ((old_src, old_out), (new_src, new_out)):
        cli_build(src, out).communicate()
    old, new = state(old_out), state(new_out)
    outcomes = {"old": 0, "new": 0, "mixed": 0}
    plans = [("pause", p) for p in PAUSE_POINTS] + [("delay", 1.0 + 0.5 * i) for i in range(rounds)]
    for kind, when in plans:
        out = work / f"k-{kind}-{when}"
        shutil.copytree(old_out, out, symlinks=True)
        env = {"KGRAPH_PAUSE_AT": str(when)} if kind == "pause" else {}
        process = cli_build(new_src, out, env=env)
        if kind == "pause":
            assert process.stderr is not None
            for line in process.stderr:
                if "paused at" in line:
                    break
        else:
            time.sleep(float(when))
        process.send_signal(signal.SIGKILL)
        process.communicate()
        got = state(out)
        outcomes["old" if got == old else "new" if got == new else "mixed"] += 1
    note = ", ".join(f"{k} {v}" for k, v in outcomes.items())
    return outcomes["mixed"] == 0, f"{len(plans)} kills: {note}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--mb", type=int, default=50, help="size of the big file (default 50)")
    parser.add_argument("--kills", type=int, default=8, help="kills after delays (default 8)")
    parser.add_argument(
        "--only", default="", help="comma-separated rows: run,quote,formula,big,short,kill"
    )
    args = parser.parse_args()
    import logging

    logging.getLogger("jieba").setLevel(logging.WARNING)
    only = set(filter(None, args.only.split(",")))

    def timed(text: str, limit: float) -> Callable[[Path], tuple[bool, str]]:
        def row(_work: Path) -> tuple[bool, str]:
            seconds, note = per_document(text)
            return seconds < limit, f"{seconds:.1f} s, {note}"

        return row

    rows: list[tuple[str, str, Callable[[Path], tuple[bool, str]]]] = [
        ("run", "600 KB run of one character", timed("很" * 200_000, 30)),
        (
            "quote",
            "a quote of 100,000 characters never closed",
            timed("他说：“" + "长" * 100_000, 30),
        ),
        (
            "formula",
            "one sentence repeating “三进下党” 32,000 times",
            timed("习近平同志到寿宁县下党乡，" + "“三进下党”" * 32_000 + "。", 60),
        ),
        ("big", f"one {args.mb} MB file (kgraph build)", lambda work: big_file(work, args.mb)),
        ("short", "30 files of 10,000 one-character sentences", short_sentences),
        ("kill", "kill -9 during the export switch", lambda work: kills(work, args.kills)),
    ]
    print(f"{'probe':<48} {'result':<6} figures")
    failed = 0
    with tempfile.TemporaryDirectory(prefix="kgraph-hostile-") as tmp:
        for key, label, row in rows:
            if only and key not in only:
                continue
            work = Path(tmp) / key
            work.mkdir()
            ok, note = row(work)
            failed += not ok
            print(f"{label:<48} {'pass' if ok else 'FAIL':<6} {note}", flush=True)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
