"""``kgraph query`` on hostile input: one clear line and exit 1, never a traceback or a crash.

The CLI runs in a subprocess on real files: folders that are not builds,
stores damaged on disk, query files that are binary or not UTF-8, and
queries the engine cannot take.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from kgraph.errors import InputError, QueryError
from kgraph.rdf.contain import run_contained
from kgraph.rdf.store import MAX_TERMS, check_query, write_store

TURTLE = """@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<https://w3id.org/kgraph/id/Place/宁德市> rdfs:label "宁德市"@zh-Hans .
<https://w3id.org/kgraph/id/Place/福建省> rdfs:label "福建省"@zh-Hans .
"""


@pytest.fixture(scope="module")
def export(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("query-errors")
    (folder / "graph.ttl").write_text(TURTLE, encoding="utf-8")
    write_store(folder / "graph.ttl", folder / "store")
    return folder


def query(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kgraph", "query", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=120,
    )


def assert_one_clear_line(done: subprocess.CompletedProcess[str], *words: str) -> None:
    assert done.returncode == 1, (done.returncode, done.stderr)
    assert "Traceback" not in done.stderr, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("kgraph: error: "), done.stderr
    for word in words:
        assert word in lines[0], done.stderr


def test_the_store_answers(export: Path) -> None:
    done = query(export, "SELECT ?l WHERE { ?e rdfs:label ?l } ORDER BY ?l")
    assert done.returncode == 0 and "宁德市" in done.stdout, done.stderr


def test_folders_and_files_that_are_not_builds(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    assert_one_clear_line(query(empty, "ASK {}"), str(empty), "kgraph build")
    stray = tmp_path / "notes.txt"
    stray.write_text("not RDF\n", encoding="utf-8")
    assert_one_clear_line(query(stray, "ASK {}"), "notes.txt")
    garbage = tmp_path / "garbage.ttl"
    garbage.write_bytes(bytes(range(256)) * 4)
    assert_one_clear_line(query(garbage, "ASK {}"), "garbage.ttl", "not valid RDF")
    assert_one_clear_line(query(tmp_path / "missing", "ASK {}"), "does not exist")


def damaged_copies(export: Path, tmp_path: Path) -> dict[str, Path]:
    """Copies of ``export`` whose store files are truncated, emptied or overwritten."""
    damage = {
        "every table truncated": lambda store: [
            os.truncate(sst, 100) for sst in store.glob("*.sst")
        ],
        "every file emptied": lambda store: [
            os.truncate(path, 0) for path in store.iterdir() if path.is_file()
        ],
        "garbage CURRENT": lambda store: (store / "CURRENT").write_bytes(b"\xff\x00garbage"),
        "garbage manifest": lambda store: [
            path.write_bytes(bytes(range(256)) * 2) for path in store.glob("MANIFEST-*")
        ],
        "tables deleted": lambda store: [sst.unlink() for sst in store.glob("*.sst")],
    }
    copies = {}
    for i, (name, spoil) in enumerate(damage.items()):
        copy = tmp_path / f"damaged{i}"
        shutil.copytree(export, copy)
        spoil(copy / "store")
        copies[name] = copy
    return copies


def test_a_damaged_store_is_named_with_how_to_fix_it(export: Path, tmp_path: Path) -> None:
    for name, copy in damaged_copies(export, tmp_path).items():
        done = query(copy, "SELECT * WHERE { ?s ?p ?o }")
        assert_one_clear_line(done, str(copy / "store"), "kgraph build")
        assert "damaged" in done.stderr, (name, done.stderr)


def test_binary_and_non_utf8_query_files(export: Path, tmp_path: Path) -> None:
    binary = tmp_path / "q.bin"
    binary.write_bytes(b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)))
    assert_one_clear_line(query(export, "--file", binary), "q.bin", "binary")
    gbk = tmp_path / "gbk.rq"
    gbk.write_bytes("SELECT ?e WHERE { ?e rdfs:label '宁德市'@zh-Hans }".encode("gbk"))
    assert_one_clear_line(query(export, "--file", gbk), "gbk.rq", "not UTF-8", "offset")
    bom = tmp_path / "bom.rq"
    bom.write_bytes("\ufeffSELECT ?l WHERE { ?e rdfs:label ?l }".encode())
    done = query(export, "--file", bom)
    assert done.returncode == 0 and "福建省" in done.stdout, done.stderr
    done = subprocess.run(
        [sys.executable, "-m", "kgraph", "query", str(export), "--file", "-"],
        input=b"ASK { \xff }",
        capture_output=True,
        timeout=120,
    )
    assert done.returncode == 1 and b"standard input is not UTF-8" in done.stderr


@pytest.mark.parametrize(
    "chain",
    [
        "ASK { FILTER(" + "!" * 20_000 + "true) }",  # Oxigraph overflowed its stack: exit 139
        "SELECT (" + "+".join(["1"] * 20_000) + " AS ?x) {}",
        "ASK { " + " UNION ".join(["{ ?s ?p ?o }"] * 3_000) + " }",
        "ASK { ?s " + "/".join(["rdfs:label"] * 20_000) + " ?o }",
    ],
    ids=["not", "plus", "union", "path"],
)
def test_chains_the_engine_cannot_take_are_refused_before_it(
    export: Path, tmp_path: Path, chain: str
) -> None:
    with pytest.raises(QueryError, match=f"more than {MAX_TERMS:,} terms"):
        check_query(chain)
    file = tmp_path / "chain.rq"
    file.write_text(chain, encoding="utf-8")
    assert_one_clear_line(query(export, "--file", file), f"more than {MAX_TERMS:,} terms")


def test_long_strings_and_many_iris_are_not_terms() -> None:
    iris = " ".join(f"<https://w3id.org/kgraph/id/Place/{i}>" for i in range(MAX_TERMS * 2))
    assert check_query(f"SELECT ?e WHERE {{ VALUES ?e {{ {iris} }} }}") == "SELECT"
    assert check_query(f"ASK {{ ?s ?p '{'长' * 100_000}' }}") == "ASK"


def test_a_crash_of_the_engine_is_one_clear_error() -> None:
    with pytest.raises(QueryError, match=r"crashed \(SIGSEGV\)"):
        run_contained(lambda: os.kill(os.getpid(), signal.SIGSEGV), memory=None)


def test_the_memory_limit_stops_a_query_with_a_clear_error() -> None:
    with pytest.raises(QueryError, match="memory limit of 256 MB"):
        run_contained(lambda: bytearray(1 << 30), memory=256 << 20)


def test_errors_raised_in_the_child_reach_the_caller() -> None:
    def refuse() -> None:
        raise InputError("no store here")

    with pytest.raises(InputError, match="no store here"):
        run_contained(refuse, memory=None)


def test_a_memory_option_too_small_is_refused(export: Path) -> None:
    assert_one_clear_line(query(export, "ASK {}", "--memory", "1"), "--memory")
