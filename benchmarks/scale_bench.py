"""Builds past one machine's patience: parallel, distributed and incremental.

On a generated archive (``make_corpus.py --docs N``: 2 KB articles whose
pool of people grows with N), one run measures, side by side:

1. the extraction stage (``kgraph.pipeline.extract_files``, no cache) on the
   first ``--sample`` articles with ``--jobs 1``, ``--jobs 2`` and a local
   Dask cluster of two worker processes (``--executor dask``; its start-up
   is timed apart), in documents and characters per second;
2. the full build of all N articles, ``kgraph build ARCHIVE --out DIR``
   (``--jobs 2``, every export and the store), in a subprocess whose peak
   memory is sampled every 0.1 s (the driver and its worker processes apart)
   and attributed to the stage that was running, so each stage has its
   seconds and its peak;
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
    python benchmarks/scale_bench.py --docs 2000 --skip-extraction --cached --add 0
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_corpus import OUT, make_archive

__all__ = ["Build", "Sample", "build", "main"]


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


@dataclass
class Sample:
    """The build's processes at one moment: seconds since the epoch, resident MB, workers."""

    at: float
    driver_mb: float
    workers_mb: float
    workers: int


@dataclass
class Build:
    """One ``kgraph build``: wall seconds, its summary lines, memory samples and stage ends."""

    seconds: float
    summary: str
    samples: list[Sample] = field(default_factory=list)
    laps: list[tuple[str, float]] = field(default_factory=list)  # (stage, when it ended)

    @property
    def peak(self) -> float:
        return max((s.driver_mb + s.workers_mb for s in self.samples), default=0.0)

    def stages(self) -> Iterator[tuple[str, float, list[Sample]]]:
        """``(stage, seconds, samples)``; the first stage includes start-up, ``exit`` follows the last."""
        previous = self.samples[0].at if self.samples else 0.0
        for stage, end in [*self.laps, ("exit", float("inf"))]:
            inside = [s for s in self.samples if previous <= s.at < end]
            if stage == "exit":
                end = max(previous, self.samples[-1].at if self.samples else previous)
            yield stage, end - previous, inside
            previous = end


def build(archive: Path, out: Path, jobs: int) -> Build:
    """Run ``kgraph build`` (this file's ``--child``), sampling its process tree every 0.1 s."""
    command = [sys.executable, __file__, "--child", str(archive), str(out), str(jobs)]
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    result = Build(0.0, "")

    def sample() -> None:
        root = psutil.Process(process.pid)
        while process.poll() is None:
            try:
                driver = root.memory_info().rss / 1e6
                workers = [p.memory_info().rss / 1e6 for p in root.children(recursive=True)]
            except psutil.Error:
                time.sleep(0.1)
                continue
            result.samples.append(Sample(time.time(), driver, sum(workers), len(workers)))
            time.sleep(0.1)

    sampler = threading.Thread(target=sample)
    sampler.start()
    stdout, stderr = process.communicate()
    sampler.join()
    result.seconds = time.perf_counter() - started
    if process.returncode != 0:
        raise SystemExit(f"kgraph build failed:\n{stderr}")
    lines = stdout.splitlines()
    result.laps = [
        (line.split()[1], float(line.split()[2])) for line in lines if line.startswith("@lap ")
    ]
    named = {line.split()[0]: line for line in lines if line.strip() and not line.startswith("@")}
    result.summary = "\n    ".join(
        named[k] for k in ("documents", "entities", "relations", "files", "time")
    )
    return result


def child(archive: Path, out: Path, jobs: int) -> int:
    """The measured process: ``kgraph build ARCHIVE --out OUT --jobs N``, printing each stage's end."""
    import warnings

    from kgraph.commands.build import summary
    from kgraph.pipeline import build as build_graph

    def lap(stage: str) -> None:
        print(f"@lap {stage} {time.time():.3f}", flush=True)

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        report = build_graph([archive], out=out, jobs=jobs, lap=lap)
    print(summary(report, out), flush=True)
    return 0


def report(label: str, result: Build, clean: float | None = None) -> None:
    share = f", {100 * result.seconds / clean:.1f}% of the clean build's time" if clean else ""
    print(f"{label}: {result.seconds:.1f} s, peak memory {result.peak:.0f} MB{share}")
    print(f"    {result.summary}")
    print(f"    {'stage':<9}{'seconds':>9}{'peak MB':>9}{'driver':>9}{'workers':>9}  processes")
    for stage, seconds, inside in result.stages():
        if not inside:
            print(f"    {stage:<9}{seconds:9.1f}{'(no sample)':>18}")
            continue
        peak = max(inside, key=lambda s: s.driver_mb + s.workers_mb)
        driver = max(s.driver_mb for s in inside)
        workers = max(s.workers_mb for s in inside)
        count = max(s.workers for s in inside)
        print(
            f"    {stage:<9}{seconds:9.1f}{peak.driver_mb + peak.workers_mb:9.0f}"
            f"{driver:9.0f}{workers:9.0f}  1 + {count}"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--docs", type=int, default=10_000,
        help="articles (default 10000; 100000 would need about 12.7 GB, see the README's Limits)",
    )  # fmt: skip
    parser.add_argument(
        "--sample", type=int, default=4000, help="articles for the extraction stage (default 4000)"
    )
    parser.add_argument(
        "--add", type=int, default=100, help="articles added (default 100; 0 skips part 3)"
    )
    parser.add_argument("--skip-extraction", action="store_true", help="skip part 1")
    parser.add_argument(
        "--cached", action="store_true",
        help="keep the previous run's extraction cache: the clean build extracts nothing "
        "(for measuring the corpus-wide stages)",
    )  # fmt: skip
    parser.add_argument(
        "--child", nargs=3, metavar=("ARCHIVE", "OUT", "JOBS"), help=argparse.SUPPRESS
    )
    args = parser.parse_args(argv)
    if args.child:
        return child(Path(args.child[0]), Path(args.child[1]), int(args.child[2]))

    archive = OUT / f"archive-{args.docs}"
    if not (archive / ".complete").exists():
        count, size = make_archive(archive, args.docs)
        (archive / ".complete").write_text(f"{count} {size}\n")
    count, size = map(int, (archive / ".complete").read_text().split())
    print(f"archive: {count} articles, {size / 1e6:.1f} MB in {archive}")
    if not args.skip_extraction:
        extraction(archive, args.sample)

    out = OUT / f"archive-{args.docs}-build"
    if args.cached and (out / ".kgraph-cache").is_dir():
        for path in out.iterdir():
            if path.name != ".kgraph-cache":
                shutil.rmtree(path) if path.is_dir() and not path.is_symlink() else path.unlink()
    else:
        shutil.rmtree(out, ignore_errors=True)
    full = build(archive, out, jobs=2)
    report("clean build, --jobs 2" + (" (extraction cached)" if args.cached else ""), full)
    print(f"  {count / full.seconds:.1f} docs/s, {size / full.seconds / 1e6:.2f} MB/s of input")

    if not args.add:
        return 0
    added = archive / "added"
    make_archive(added, args.add, seed=7)
    try:
        again = build(archive, out, jobs=2)
    finally:
        shutil.rmtree(added)
    report(f"after adding {args.add} articles", again, full.seconds)
    back = build(archive, out, jobs=2)
    report("after removing them again", back, full.seconds)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
