"""Builds past one machine's patience: parallel, distributed and incremental.

On a generated archive (``make_corpus.py --docs N``: 2 KB articles whose
pool of people grows with N), one run measures, side by side:

1. the extraction stage (``kgraph.pipeline.extract_files``, no cache) on the
   first ``--sample`` articles with ``--jobs 1``, ``--jobs 2`` and a local
   Dask cluster of two worker processes (``--executor dask``; its start-up
   is timed apart), in documents and characters per second;
2. the full build of all N articles, ``kgraph build ARCHIVE --out DIR``
   (``--jobs 2``, every export and the store), in a subprocess whose peak
   memory (driver and workers together) is sampled every 0.2 s, with the
   stage times the command prints;
   (the Dask figure is the extraction's time less the cluster's start-up,
   measured by starting and stopping one just before; workers also load
   jieba and the gazetteer once each, which the local figures include);
3. the same command after ``--add`` new articles were added to the
   archive, and again after they were removed, each as a share of the full
   build's time.

Builds write the default formats, which above 5,000 articles are
``graph.nq``, ``graph.graphml``, ``graph.html`` and the store.

It prints figures and asserts nothing.

Usage::

    python benchmarks/scale_bench.py                        # 10,000 articles, the README's figures
    python benchmarks/scale_bench.py --docs 2000 --sample 1000
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_corpus import OUT, make_archive

__all__ = ["main"]


def _chars(files: list[tuple[Path, str]]) -> int:
    return sum(len(path.read_text(encoding="utf-8")) for path, _ in files)


def extraction(archive: Path, sample: int) -> None:
    from kgraph.ingest.files import find_files
    from kgraph.pipeline import ExtractFiles, extract_files
    from kgraph.run.cluster import Dask

    files = find_files([archive])[:sample]
    chars = _chars(files)
    print(f"extraction stage on {len(files)} articles ({chars / 1e6:.2f} M characters)")
    seconds = {}
    for label, executor, jobs in (("--jobs 1", None, 1), ("--jobs 2", None, 2)):
        started = time.perf_counter()
        extract_files(files, executor=executor, jobs=jobs)
        seconds[label] = time.perf_counter() - started
        _rate(label, seconds[label], len(files), chars)
    started = time.perf_counter()
    Dask(ExtractFiles(), None, 2).close()
    startup = time.perf_counter() - started
    started = time.perf_counter()
    extract_files(files, executor="dask", jobs=2)
    seconds["dask"] = time.perf_counter() - started - startup
    _rate("dask, 2 workers", seconds["dask"], len(files), chars, f"(+ {startup:.1f} s start-up)")
    print(f"  --jobs 2 vs --jobs 1: {seconds['--jobs 1'] / seconds['--jobs 2']:.2f}x faster")
    print(f"  dask vs --jobs 2: {seconds['dask'] / seconds['--jobs 2']:.2f}x the time")


def _rate(label: str, seconds: float, docs: int, chars: int, note: str = "") -> None:
    print(
        f"  {label:<16} {seconds:8.1f} s  {docs / seconds:8.1f} docs/s  "
        f"{chars / seconds / 1000:8.1f} k chars/s {note}"
    )


def build(archive: Path, out: Path, jobs: int) -> tuple[float, float, str]:
    """Run ``kgraph build``; return wall seconds, peak MB of its process tree, its stage line."""
    command = [sys.executable, "-m", "kgraph", "build", str(archive), "--out", str(out)]
    started = time.perf_counter()
    process = subprocess.Popen(
        [*command, "--jobs", str(jobs)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    peak = [0.0]

    def sample() -> None:
        root = psutil.Process(process.pid)
        while process.poll() is None:
            try:
                tree = [root, *root.children(recursive=True)]
                peak[0] = max(peak[0], sum(p.memory_info().rss for p in tree) / 1e6)
            except psutil.Error:
                pass
            time.sleep(0.2)

    sampler = threading.Thread(target=sample)
    sampler.start()
    stdout, stderr = process.communicate()
    sampler.join()
    seconds = time.perf_counter() - started
    if process.returncode != 0:
        raise SystemExit(f"kgraph build failed:\n{stderr}")
    lines = {line.split()[0]: line for line in stdout.splitlines() if line.strip()}
    summary = "\n    ".join(
        lines[k] for k in ("documents", "entities", "relations", "files", "time")
    )
    return seconds, peak[0], summary


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--docs", type=int, default=10_000,
        help="articles (default 10000; 100000 needs about 60 GB, see the README's Limits)",
    )  # fmt: skip
    parser.add_argument(
        "--sample", type=int, default=4000, help="articles for the extraction stage (default 4000)"
    )
    parser.add_argument(
        "--add", type=int, default=100, help="articles added (default 100; 0 skips part 3)"
    )
    parser.add_argument("--skip-extraction", action="store_true", help="skip part 1")
    args = parser.parse_args(argv)

    archive = OUT / f"archive-{args.docs}"
    if not (archive / ".complete").exists():
        count, size = make_archive(archive, args.docs)
        (archive / ".complete").write_text(f"{count} {size}\n")
    count, size = map(int, (archive / ".complete").read_text().split())
    print(f"archive: {count} articles, {size / 1e6:.1f} MB in {archive}")
    if not args.skip_extraction:
        extraction(archive, args.sample)

    out = OUT / f"archive-{args.docs}-build"
    shutil.rmtree(out, ignore_errors=True)
    full, peak, summary = build(archive, out, jobs=2)
    print(f"full build, --jobs 2: {full:.1f} s, peak memory {peak:.0f} MB")
    print(f"    {summary}")
    print(f"  {count / full:.1f} docs/s, {size / full / 1e6:.2f} MB/s of input")

    if not args.add:
        return 0
    added = archive / "added"
    make_archive(added, args.add, seed=7)
    try:
        again, peak_again, summary = build(archive, out, jobs=2)
    finally:
        shutil.rmtree(added)
    print(f"after adding {args.add} articles: {again:.1f} s, peak memory {peak_again:.0f} MB")
    print(f"    {summary}")
    print(f"  {100 * again / full:.1f}% of the full build's time")
    back, peak_back, summary = build(archive, out, jobs=2)
    print(f"after removing them again: {back:.1f} s, peak memory {peak_back:.0f} MB")
    print(f"    {summary}")
    print(f"  {100 * back / full:.1f}% of the full build's time")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
