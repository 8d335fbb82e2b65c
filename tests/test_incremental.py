"""Incremental, parallel and interrupted builds, through the command line.

Every build here is ``python -m kgraph build`` in a subprocess, and every
comparison is byte for byte against a clean build of the same files.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from kgraph.errors import ExportError
from kgraph.export import BUILDS, CURRENT, EXPORTS, build_lock
from kgraph.model import Skipped
from kgraph.run.cache import CACHE_FOLDER, EXTRACTION_MODULES, ExtractionCache, _key, digest

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "tests" / "data" / "gold" / "entities.jsonl"


def kgraph(*args: str | Path, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kgraph", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def write_corpus(folder: Path, n: int) -> Path:
    """``n`` articles of about 4 KB, each forty gold texts under a headline and a source line."""
    texts = [json.loads(line)["text"] for line in GOLD.read_text(encoding="utf-8").splitlines()]
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        body = "\n".join(texts[(7 * i + 3 * k) % len(texts)] for k in range(40))
        body = f"新闻{i:03d}\n2024-{1 + i % 12:02d}-{1 + i % 28:02d} 来源：测试日报\n{body}\n"
        (folder / f"a{i:03d}.txt").write_text(body, encoding="utf-8")
    return folder


def exports_of(folder: Path) -> dict[str, bytes]:
    return {name: (folder / name).read_bytes() for name in EXPORTS}


def quads_of(store: Path) -> list[str]:
    import pyoxigraph as ox

    return sorted(map(str, ox.Store.read_only(str(store)).quads_for_pattern(None, None, None)))


def assert_same_exports(a: Path, b: Path) -> None:
    left, right = exports_of(a), exports_of(b)
    different = [name for name in EXPORTS if left[name] != right[name]]
    assert not different, f"{different} differ between {a} and {b}"
    if (a / "store").exists() and (b / "store").exists():
        assert quads_of(a / "store") == quads_of(b / "store")


def files_line(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 0, result.stderr
    return next(line for line in result.stdout.splitlines() if line.startswith("files"))


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_corpus(tmp_path_factory.mktemp("corpus") / "in", 12)


def test_rebuild_extracts_only_added_and_changed_files_and_equals_a_clean_build(
    corpus: Path, tmp_path: Path
) -> None:
    source = tmp_path / "in"
    shutil.copytree(corpus, source)
    shutil.copy(ROOT / "seeds" / "000_3f44698ef08c9b50.txt", source)
    out = tmp_path / "out"
    assert files_line(kgraph("build", source, "--out", out, "--jobs", "1")).endswith(
        "13 extracted, 0 from the cache"
    )
    removed_doc = "a004"
    (source / f"{removed_doc}.txt").unlink()
    changed = source / "a005.txt"
    changed.write_text(changed.read_text(encoding="utf-8") + "县长王立新到古田县调研。\n", "utf-8")
    shutil.copy(ROOT / "seeds" / "003_26faa95fbde16b15.txt", source)  # added

    line = files_line(kgraph("build", source, "--out", out, "--jobs", "1"))
    assert line.endswith("2 extracted, 11 from the cache"), line
    clean = tmp_path / "clean"
    assert files_line(kgraph("build", source, "--out", clean, "--no-cache")).endswith(
        "13 extracted, 0 from the cache"
    )
    assert not (clean / CACHE_FOLDER).exists()
    assert_same_exports(out, clean)
    nt = (out / "graph.nt").read_text(encoding="utf-8")
    assert f"/doc/{removed_doc}>" not in nt  # the removed file's document, mentions and evidence
    assert f"/mention/{removed_doc}/" not in nt
    assert "王立新" in nt  # the changed file was read again
    # the cache keeps exactly the files of the last build
    entries = list((out / CACHE_FOLDER).glob("*/*/*.pickle.zlib"))
    assert len(entries) == 13


def test_the_store_is_updated_graph_by_graph_and_holds_what_a_clean_build_holds(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import kgraph
    import kgraph.export
    from kgraph.rdf import store as store_module
    from kgraph.rdf.serialize import CORPUS_GRAPH, document_iri

    source = tmp_path / "in"
    shutil.copytree(corpus, source)
    out = tmp_path / "out"
    kgraph.build([source], out, jobs=1)
    replaced: list[set[str]] = []
    original = store_module._replace_graphs

    def spy(
        store: object, nquads: Path, graphs: set[str], *, diff: object, spans: object = None
    ) -> None:
        replaced.append(set(graphs))
        assert diff is not None and diff[0] == CORPUS_GRAPH  # type: ignore[index]
        assert spans is not None  # only the changed graphs' lines of graph.nq are read
        original(store, nquads, graphs, diff=diff, spans=spans)  # type: ignore[arg-type]

    monkeypatch.setattr(store_module, "_replace_graphs", spy)
    monkeypatch.setattr(kgraph.export, "REBUILD_SHARE", 1.0)  # never load afresh
    changed = source / "a005.txt"
    changed.write_text(changed.read_text(encoding="utf-8") + "县长王立新到古田县调研。\n", "utf-8")
    (source / "a007.txt").unlink()
    shutil.copy(ROOT / "seeds" / "003_26faa95fbde16b15.txt", source)  # added
    kgraph.build([source], out, jobs=1)
    assert len(replaced) == 1  # from the previous store, not loaded from scratch
    graphs = replaced[0]
    changed = {"a005", "a007", "003_26faa95fbde16b15"}
    assert {str(document_iri(doc)) for doc in changed} <= graphs
    assert len(graphs) < 12
    clean = tmp_path / "clean"
    kgraph.build([source], clean, jobs=1, cache=False)
    assert quads_of(out / "store") == quads_of(clean / "store")
    with kgraph.open(out) as kb:  # a query without GRAPH sees every graph
        rows = kb.query("SELECT (COUNT(*) AS ?n) WHERE { ?p a schema:Person }")
        assert isinstance(rows, list) and int(rows[0][0]) > 0
        rows = kb.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?d a schema:Article } }")
        assert isinstance(rows, list) and len(rows) == 12


def test_rebuild_after_removing_files_drops_what_only_they_supported(tmp_path: Path) -> None:
    source = tmp_path / "in"
    source.mkdir()
    shutil.copy(ROOT / "seeds" / "003_26faa95fbde16b15.txt", source)
    lone = "县委书记欧阳振东到玉龙纳西族自治县调研。"
    (source / "extra.txt").write_text(f"调研\n2024-02-02 来源：测试日报\n{lone}\n", "utf-8")
    out = tmp_path / "out"
    assert kgraph("build", source, "--out", out).returncode == 0
    assert "欧阳振东" in (out / "graph.nt").read_text(encoding="utf-8")
    (source / "extra.txt").unlink()
    assert files_line(kgraph("build", source, "--out", out)).endswith(
        "0 extracted, 1 from the cache"
    )
    nt = (out / "graph.nt").read_text(encoding="utf-8")
    assert "欧阳振东" not in nt and "玉龙纳西族自治县" not in nt
    clean = tmp_path / "clean"
    assert kgraph("build", source, "--out", clean, "--no-cache").returncode == 0
    assert_same_exports(out, clean)


def test_jobs_2_gives_the_same_exports_as_jobs_1(tmp_path: Path) -> None:
    source = write_corpus(tmp_path / "in", 70)  # more than one batch of 64 files
    one, two = tmp_path / "one", tmp_path / "two"
    assert files_line(kgraph("build", source, "--out", one, "--jobs", "1", "--no-store"))
    assert files_line(kgraph("build", source, "--out", two, "--jobs", "2", "--no-store"))
    assert_same_exports(one, two)


def test_unreadable_files_are_cached_as_skipped_and_still_warned_about(tmp_path: Path) -> None:
    source = tmp_path / "in"
    shutil.copytree(ROOT / "seeds", source)
    (source / "scan.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    out = tmp_path / "out"
    for cached in (0, 5):  # the counts are of documents: the skipped file is in neither
        result = kgraph("build", source, "--out", out)
        assert files_line(result).endswith(f" {5 - cached} extracted, {cached} from the cache")
        assert "warning: skipped scan.txt" in result.stderr
        assert "(1 skipped, named in the warnings)" in result.stdout
        # the scan's verdict is cached beside the five documents, so it is not read again
        assert len(list((out / CACHE_FOLDER).glob("*/*/*.pickle.zlib"))) == 6


def test_a_build_killed_during_extraction_loses_nothing_and_the_next_resumes(
    tmp_path: Path,
) -> None:
    source = write_corpus(tmp_path / "in", 60)
    first = tmp_path / "first"
    first.mkdir()
    for path in sorted(source.iterdir())[:3]:
        shutil.copy(path, first)
    out = tmp_path / "out"
    assert kgraph("build", first, "--out", out, "--jobs", "1").returncode == 0
    before = exports_of(out)

    process = subprocess.Popen(
        [sys.executable, "-m", "kgraph", "build", source, "--out", out, "--jobs", "1"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    entries = out / CACHE_FOLDER
    deadline = time.monotonic() + 120
    while len(list(entries.glob("*/*/*.pickle.zlib"))) < 10 and time.monotonic() < deadline:
        assert process.poll() is None, "the build finished before it could be killed"
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert exports_of(out) == before
    cached = len(list(entries.glob("*/*/*.pickle.zlib")))
    assert cached >= 10

    line = files_line(kgraph("build", source, "--out", out, "--jobs", "1"))
    extracted, from_cache = (int(w) for w in line.split() if w.isdigit())
    assert from_cache == cached and extracted + from_cache == 60, line
    clean = tmp_path / "clean"
    assert kgraph("build", source, "--out", clean, "--no-cache", "--no-store").returncode == 0
    assert_same_exports(out, clean)


def test_ctrl_c_stops_the_build_and_keeps_the_exports(tmp_path: Path) -> None:
    source = write_corpus(tmp_path / "in", 90)
    out = tmp_path / "out"
    shutil.copytree(ROOT / "exports", out, ignore=shutil.ignore_patterns("store", ".kgraph-*"))
    before = exports_of(out)
    process = subprocess.Popen(
        [sys.executable, "-m", "kgraph", "build", source, "--out", out, "--jobs", "2"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        # Ctrl-C as at a terminal, even when the suite runs as a background job (which ignores it)
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    deadline = time.monotonic() + 120
    while not list((out / CACHE_FOLDER).glob("*/*/*.pickle.zlib")):
        assert process.poll() is None and time.monotonic() < deadline
        time.sleep(0.05)
    process.send_signal(signal.SIGINT)
    _stdout, stderr = process.communicate(timeout=60)
    assert process.returncode == 130, stderr
    assert "interrupted" in stderr and "resume" in stderr
    assert "Traceback" not in stderr
    assert exports_of(out) == before


def test_a_swap_killed_halfway_is_undone_by_the_next_build(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "graph.nt").write_text("new\n")  # moved in before the kill
    (out / "graph.ttl").write_text("old ttl\n")  # not reached
    staging = out / ".kgraph-staging-x1"
    (staging / ".previous").mkdir(parents=True)
    (staging / ".previous" / "graph.nt").write_text("old\n")
    (staging / "graph.ttl").write_text("new ttl\n")
    (staging / ".names").write_text("graph.nt\ngraph.html\ngraph.ttl\n")
    (out / "graph.html").write_text("new, and the folder had none before\n")
    done = out / ".kgraph-staging-x2"  # a swap that finished before its cleanup
    done.mkdir()
    (done / ".names").write_text("graph.nt\n")
    (done / ".swapped").touch()
    with build_lock(out):
        assert (out / "graph.nt").read_text() == "old\n"
        assert (out / "graph.ttl").read_text() == "old ttl\n"
        assert not (out / "graph.html").exists()
        assert not list(out.glob(".kgraph-staging-*"))


def test_a_second_build_into_the_same_folder_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "out"
    with build_lock(out):
        with pytest.raises(ExportError, match="another kgraph build"), build_lock(out):
            pass
        result = kgraph("build", ROOT / "seeds", "--out", out)
    assert result.returncode != 0
    assert "another kgraph build is writing into" in result.stderr
    assert not (out / "graph.nt").exists()


def test_the_pipeline_key_follows_code_and_dependency_versions() -> None:
    sources = {"extract.py": b"rules"}
    key = _key(sources, {"jieba": "0.42.1", "python": "3.11"})
    assert key == _key(dict(sources), {"python": "3.11", "jieba": "0.42.1"})
    assert key != _key(sources, {"jieba": "0.42.2", "python": "3.11"})
    assert key != _key(sources, {"jieba": "0.42.1", "python": "3.12"})
    assert key != _key({"extract.py": b"rules!"}, {"jieba": "0.42.1", "python": "3.11"})


def test_the_pipeline_key_covers_every_module_extraction_imports() -> None:
    script = (
        "import sys\n"
        "from kgraph.pipeline import ExtractFiles\n"
        "task = ExtractFiles()\n"
        "task.run(task.load(), [('a.txt', '县长王立新到古田县调研。'.encode())])\n"
        "print(' '.join(m for m in sys.modules if m.split('.')[0] == 'kgraph'))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    imported = {m.removeprefix("kgraph").lstrip(".") or "__init__" for m in result.stdout.split()}
    assert imported <= set(EXTRACTION_MODULES)


def test_a_new_pipeline_key_starts_an_empty_cache_and_drops_the_old(tmp_path: Path) -> None:
    old = ExtractionCache(tmp_path, key="old")
    skipped = Skipped("a.txt", "empty")
    old.put(digest("a.txt", b""), skipped)
    assert old.get(digest("a.txt", b"")) == skipped
    new = ExtractionCache(tmp_path, key="new")
    assert new.get(digest("a.txt", b"")) is None
    new.put(digest("b.txt", b""), skipped)
    new.put(digest("c.txt", b""), skipped)
    assert new.prune({digest("b.txt", b"")}) == 1
    assert sorted(p.name for p in (tmp_path / CACHE_FOLDER).iterdir()) == ["new"]
    assert new.get(digest("b.txt", b"")) == skipped


def test_a_damaged_cache_entry_is_extracted_again(tmp_path: Path) -> None:
    source = tmp_path / "in"
    source.mkdir()
    shutil.copy(ROOT / "seeds" / "003_26faa95fbde16b15.txt", source)
    out = tmp_path / "out"
    assert kgraph("build", source, "--out", out).returncode == 0
    (entry,) = (out / CACHE_FOLDER).glob("*/*/*.pickle.zlib")
    entry.write_bytes(entry.read_bytes()[:100])
    assert files_line(kgraph("build", source, "--out", out)).endswith(
        "1 extracted, 0 from the cache"
    )


def test_unknown_executor_and_bad_jobs_are_clear_errors(tmp_path: Path) -> None:
    result = kgraph("build", ROOT / "seeds", "--out", tmp_path, "--executor", "spark://x:1")
    assert result.returncode != 0 and "unknown executor 'spark://x:1'" in result.stderr
    result = kgraph("build", ROOT / "seeds", "--out", tmp_path, "--jobs", "0")
    assert result.returncode == 2  # a usage error, before any file is listed
    assert "argument --jobs/-j: expected a whole number of at least 1, not '0'" in result.stderr
    assert not (tmp_path / "graph.nt").exists()


@pytest.mark.skipif(os.name != "posix", reason="signals")
def test_nothing_is_left_behind_but_the_exports_store_cache_and_lock(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert kgraph("build", ROOT / "seeds", "--out", out).returncode == 0
    names = {p.name for p in out.iterdir()}
    assert names == {*EXPORTS, "store", CACHE_FOLDER, ".kgraph-lock", CURRENT, BUILDS}
    assert len(list((out / BUILDS).iterdir())) == 1


def test_a_build_reads_each_file_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from kgraph.ingest.files import find_files
    from kgraph.pipeline import extract_files

    source = write_corpus(tmp_path / "in", 3)
    reads: Counter[str] = Counter()
    read_bytes = Path.read_bytes

    def counting(path: Path) -> bytes:
        reads[path.name] += 1
        return read_bytes(path)

    monkeypatch.setattr(Path, "read_bytes", counting)
    done = extract_files(find_files([source]), jobs=1)
    assert done.extracted == 3
    assert reads and set(reads.values()) == {1}, reads
