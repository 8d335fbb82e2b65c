"""The development set of real web pages: its manifest, gold files and page texts, checked.

The manifest and the gold files are in ``benchmarks/devset/``; the page
texts are not redistributed, so scorers take their folder (``--pages DIR``)
and every file is checked against the sha256 the manifest records. A page
that can no longer be had (its stored copy gone or changed) stops the scorer,
unless ``--allow-missing`` is given: then it is left out, named on stderr, and
its gold with it, so the figures are over the pages present. Pages
are scored in two halves: ``dev`` (rules may be studied on it) and
``test`` (held out: nothing is tuned on it).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "DEVSET",
    "Page",
    "add_set_argument",
    "add_sets_argument",
    "built_corpus",
    "gold",
    "gold_file",
    "pages",
]

DEVSET = Path(__file__).resolve().parent / "devset"
SPLITS = ("dev", "test")


def _set_folder(value: str) -> Path:
    folder = Path(value)
    if not (folder / "manifest.jsonl").is_file():
        raise argparse.ArgumentTypeError(f"{folder} holds no manifest.jsonl: pass a set's folder")
    return folder


def add_set_argument(parser: argparse.ArgumentParser) -> None:
    """``--set DIR``: the folder of a set's manifest and gold files (default: this set)."""
    parser.add_argument(
        "--set", type=_set_folder, default=DEVSET, metavar="DIR",
        help="folder of the manifest and gold files (default benchmarks/devset; "
        "benchmarks/devset3 is the set collected after the rules were written, "
        "benchmarks/devset5 and benchmarks/devset6 thirty further development pages each)",
    )  # fmt: skip
    _add_missing_argument(parser)


def _add_missing_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--allow-missing", action="store_true",
        help="leave out (and name) pages missing from the pages folder instead of stopping",
    )  # fmt: skip


def add_sets_argument(parser: argparse.ArgumentParser) -> None:
    """``--set DIR PAGES``, repeated: each set's folder and the folder of its page texts."""
    parser.add_argument(
        "--set", nargs=2, action="append", metavar=("DIR", "PAGES"), required=True,
        type=Path, dest="sets",
        help="a dev set's folder and the folder of its pages (repeat per set)",
    )  # fmt: skip
    _add_missing_argument(parser)


def gold_file(devset: Path, name: str) -> Path:
    """The path of a set's ``gold_{name}.jsonl``; a clear stop when the set has none."""
    path = devset / f"gold_{name}.jsonl"
    if not path.is_file():
        raise SystemExit(f"{devset} has no gold_{name}.jsonl: that set is not annotated for {name}")
    return path


@dataclass(frozen=True)
class Page:
    file: str  # NNN.txt
    split: str  # dev or test
    script: str  # simplified or traditional
    kind: str
    path: Path


def pages(folder: Path, devset: Path = DEVSET, *, missing_ok: bool = False) -> list[Page]:
    """Every page of the manifest, its text found in ``folder`` and checked against its sha256;
    with ``missing_ok`` a page absent from ``folder`` is left out and named on stderr."""
    out = []
    for line in (devset / "manifest.jsonl").read_text(encoding="utf-8").splitlines():
        entry = json.loads(line)
        path = folder / entry["file"]
        if not path.is_file():
            if missing_ok:
                print(f"{devset.name}: {entry['file']} is missing, left out", file=sys.stderr)
                continue
            raise SystemExit(f"{path} is missing: --pages must be the folder of the set's pages")
        if hashlib.sha256(path.read_bytes()).hexdigest() != entry["sha256"]:
            raise SystemExit(f"{path} differs from the page the manifest records (sha256)")
        out.append(Page(entry["file"], entry["split"], entry["script"], entry["kind"], path))
    return out


def gold(name: str, devset: Path = DEVSET) -> dict[str, dict[str, object]]:
    """A gold file of the set (``page``, ``entities``, ``vocab``), by page file."""
    text = gold_file(devset, name).read_text(encoding="utf-8")
    return {entry["file"]: entry for entry in map(json.loads, text.splitlines())}


@contextmanager
def built_corpus(selected: list[Page]) -> Iterator[object]:
    """The kgraph corpus of ``selected`` pages, built together as one corpus."""
    from kgraph.pipeline import build_corpus

    with tempfile.TemporaryDirectory() as tmp:
        for page in selected:
            shutil.copyfile(page.path, Path(tmp) / page.file)
        yield build_corpus([tmp], jobs=1)
