"""The cache of documents' RDF lines: reused where nothing changed, never trusted when damaged.

Every rebuild here is compared byte for byte, every export and the store,
with a clean build of the same files (``cache=False``, which writes every
line from the corpus).
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from test_incremental import ROOT, assert_same_exports, write_corpus

import kgraph
from kgraph.export import EXPORTS
from kgraph.rdf import fragments as fragments_module
from kgraph.rdf.fragments import Fragments
from kgraph.run.cache import CACHE_FOLDER, FRAGMENT_FOLDER, ExtractionCache

ALL = ("nt", "nq", "ttl", "jsonld", "graphml", "gexf", "html", "store")


def entries(out: Path) -> dict[str, bytes]:
    """The cache's entries by file name, with their bytes."""
    folder = out / CACHE_FOLDER / FRAGMENT_FOLDER
    return {path.name: path.read_bytes() for path in folder.glob("*/*/*.nq")}


def clean_build(source: Path, out: Path, formats: tuple[str, ...] = ALL) -> Path:
    kgraph.build([source], out, jobs=1, cache=False, formats=formats)
    assert not (out / CACHE_FOLDER).exists()
    return out


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = write_corpus(tmp_path_factory.mktemp("fragments") / "in", 10)
    shutil.copy(ROOT / "seeds" / "000_3f44698ef08c9b50.txt", folder)
    return folder


def test_a_rebuild_writes_only_the_changed_documents_lines_and_equals_a_clean_build(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "in"
    shutil.copytree(corpus, source)
    out = tmp_path / "out"
    kgraph.build([source], out, jobs=1, formats=ALL)
    first = entries(out)
    assert len(first) == 11  # one per document

    written: list[str] = []
    put = Fragments.put

    def spy(self: Fragments, key: str, parts: list[bytes]) -> None:
        written.append(key)
        put(self, key, parts)

    monkeypatch.setattr(Fragments, "put", spy)
    changed = source / "a005.txt"
    changed.write_text(changed.read_text(encoding="utf-8") + "县长王立新到古田县调研。\n", "utf-8")
    (source / "a007.txt").unlink()
    shutil.copy(ROOT / "seeds" / "003_26faa95fbde16b15.txt", source)  # added
    kgraph.build([source], out, jobs=1, formats=ALL)
    assert 2 <= len(written) < 11  # the changed and the added document, and those resolved anew
    now = entries(out)
    assert len(now) == 11  # the removed document's entry is pruned
    assert len(set(now) & set(first)) == 11 - len(written)
    assert_same_exports(out, clean_build(source, tmp_path / "clean"))


def test_the_large_corpus_formats_are_written_from_the_cache_the_same(
    corpus: Path, tmp_path: Path
) -> None:
    formats = ("nq", "graphml", "html", "store")  # the default above 5,000 documents
    source = tmp_path / "in"
    shutil.copytree(corpus, source)
    out = tmp_path / "out"
    kgraph.build([source], out, jobs=1, formats=formats)
    (source / "a003.txt").unlink()
    kgraph.build([source], out, jobs=1, formats=formats)
    clean = clean_build(source, tmp_path / "clean", formats)
    for name in ("graph.nq", "graph.graphml", "graph.html"):
        assert (out / name).read_bytes() == (clean / name).read_bytes(), name
    assert (out / ".kgraph-current" / ".graphs.tsv").read_bytes() == (
        clean / ".kgraph-current" / ".graphs.tsv"
    ).read_bytes()  # the store's digests, per named graph


def test_damaged_and_half_written_entries_are_ignored_and_written_again(
    corpus: Path, tmp_path: Path
) -> None:
    source = tmp_path / "in"
    shutil.copytree(corpus, source)
    out = tmp_path / "out"
    kgraph.build([source], out, jobs=1, formats=ALL)
    paths = sorted((out / CACHE_FOLDER / FRAGMENT_FOLDER).glob("*/*/*.nq"))
    good = {path: path.read_bytes() for path in paths}
    truncated, flipped, headless, emptied = paths[:4]
    truncated.write_bytes(good[truncated][: len(good[truncated]) // 2])  # a writer killed halfway
    data = bytearray(good[flipped])
    data[-20] ^= 0x01  # one bit of a line
    flipped.write_bytes(bytes(data))
    headless.write_bytes(good[headless].split(b"\n", 1)[1])
    emptied.write_bytes(b"")
    stray = paths[4].parent / f".{paths[4].name}.x1y2.tmp"  # what a kill leaves of atomic_write
    stray.write_bytes(good[paths[4]][:10])

    kgraph.build([source], out, jobs=1, formats=ALL)
    assert_same_exports(out, clean_build(source, tmp_path / "clean"))
    assert {path: path.read_bytes() for path in paths} == good  # written again, whole
    assert not stray.exists()


@pytest.mark.parametrize("part", range(3))
def test_a_damaged_part_is_not_read(tmp_path: Path, part: int) -> None:
    cache = Fragments(tmp_path)
    parts = [b"<d> <p> <o> <d> .\n", b"<s> <p> <o> <d> .\n", b"<m> <p> <o> <d> .\n"]
    cache.put("ab12", parts)
    assert [cache.part("ab12", k) for k in range(3)] == parts
    (path,) = (tmp_path / CACHE_FOLDER / FRAGMENT_FOLDER).glob("*/*/ab12.nq")
    data = path.read_bytes()
    at = data.index(parts[part])
    path.write_bytes(
        data[:at] + parts[part].replace(b"<o>", b"<x>") + data[at + len(parts[part]) :]
    )
    assert cache.part("ab12", part) is None
    assert [cache.part("ab12", k) for k in range(3) if k != part] == [
        p for k, p in enumerate(parts) if k != part
    ]


def test_a_new_format_key_starts_an_empty_cache_and_the_extraction_cache_keeps_it(
    tmp_path: Path,
) -> None:
    old = Fragments(tmp_path, key="old")
    old.put("ab12", [b"", b"", b""])
    new = Fragments(tmp_path, key="new")
    assert new.part("ab12", 0) is None
    new.put("cd34", [b"", b"", b""])
    assert new.prune() == 0
    assert [p.name for p in (tmp_path / CACHE_FOLDER / FRAGMENT_FOLDER).iterdir()] == ["new"]
    ExtractionCache(tmp_path, key="x").prune(set())  # the extraction cache's own pruning
    assert Fragments(tmp_path, key="new").part("cd34", 0) == b""


def test_the_format_key_follows_the_serializer_code() -> None:
    key = fragments_module.format_key()
    assert key == fragments_module.format_key() and len(key) == 20
    folder = Path(fragments_module.__file__).parent
    assert all((folder / name).is_file() for name in fragments_module._WRITERS)
    assert {"serialize.py", "vocab.py"} <= set(fragments_module._WRITERS)


def test_a_build_killed_after_writing_its_lines_loses_nothing(corpus: Path, tmp_path: Path) -> None:
    source = tmp_path / "in"
    shutil.copytree(corpus, source)
    out = tmp_path / "out"
    kgraph.build([source], out, jobs=1, formats=ALL)
    before = {name: (out / name).read_bytes() for name in EXPORTS}
    changed = source / "a002.txt"
    changed.write_text(changed.read_text(encoding="utf-8") + "县长王立新到古田县调研。\n", "utf-8")
    process = subprocess.Popen(
        [sys.executable, "-m", "kgraph", "build", str(source), "--out", str(out), "--jobs", "1"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "KGRAPH_PAUSE_AT": "written"},
    )
    assert process.stderr is not None
    for line in process.stderr:
        if "paused at written" in line:
            break
    else:
        pytest.fail(f"the build never reached its pause: exit {process.wait()}")
    process.send_signal(signal.SIGKILL)
    process.communicate()
    assert {name: (out / name).read_bytes() for name in EXPORTS} == before
    kgraph.build([source], out, jobs=1, formats=ALL)
    assert_same_exports(out, clean_build(source, tmp_path / "clean"))
