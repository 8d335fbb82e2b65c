"""The command line as a user meets it: ``python -m kgraph ...`` in a subprocess.

The failing-build tests run in-process, to make one stage of the export fail.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import networkx as nx
import pytest

from kgraph.cli import COMMANDS
from kgraph.errors import ExportError, KgraphError
from kgraph.export import EXPORTS, write_exports
from kgraph.graph import corpus_graph
from kgraph.model import Corpus
from kgraph.pipeline import document_from_text

ARTICLE = """余村的绿色答卷
2023-06-12 来源：浙江日报 作者：李明
李明同志在安吉县工作期间，大力倡导“两山”理念。
"""
GBK_ARTICLE = """杭州市推进数字政府建设
2023-07-01 来源：杭州日报
县长李强到天荒坪镇调研，察看竹林。
"""
BIG5_ARTICLE = """安吉縣的春天
2023年8月2日 來源：湖州日報
習近平總書記來到湖州市安吉縣考察。
"""
HTML_PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>温州市乡村振兴</title></head>
<body><nav>首页 | 新闻 | 评论 | 视频 | 图片</nav><h1>温州市乡村振兴示范带</h1>
<p>2023-09-09 来源：温州日报</p><p>市委书记张伟到永嘉县调研，走访农户。</p>
<footer>版权所有 未经授权不得转载</footer></body></html>"""
CorpusAndGraph = tuple[Corpus, nx.MultiDiGraph]
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4


def kgraph(*args: str | Path, timeout: float = 180) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kgraph", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def write_articles(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "utf8.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "gbk.txt").write_bytes(GBK_ARTICLE.encode("gbk"))
    (folder / "big5.txt").write_bytes(BIG5_ARTICLE.encode("big5"))
    (folder / "page.html").write_text(HTML_PAGE, encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "logo.png").write_bytes(PNG)
    return folder


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` (the store too), by relative path."""
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def changed(folder: Path, before: dict[str, bytes]) -> list[str]:
    """Files under ``folder`` added, removed or rewritten since ``before`` was taken."""
    after = snapshot(folder)
    return sorted(
        name for name in before.keys() | after.keys() if before.get(name) != after.get(name)
    )


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_articles(tmp_path_factory.mktemp("articles"))


@pytest.fixture(scope="module")
def builds(
    tmp_path_factory: pytest.TempPathFactory, source: Path
) -> list[tuple[subprocess.CompletedProcess[str], Path]]:
    """The same folder built twice, by two processes running side by side.

    The second build skips the store, which no other export depends on.
    """
    outs = [tmp_path_factory.mktemp("out") / "graph" for _ in range(2)]
    command = [sys.executable, "-m", "kgraph", "build", str(source), "--out"]
    processes = [
        subprocess.Popen(
            [*command, str(out), *extra], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        for out, extra in zip(outs, ([], ["--no-store"]), strict=True)
    ]
    results = []
    for process, out in zip(processes, outs, strict=True):
        stdout, stderr = process.communicate(timeout=180)
        results.append(
            (subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr), out)
        )
    return results


# --- help -------------------------------------------------------------------------------------


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_an_example(command: str) -> None:
    result = kgraph(command, "--help")
    assert result.returncode == 0, result.stderr
    assert "Example" in result.stdout
    assert result.stderr == ""


def test_top_level_help_lists_every_command() -> None:
    result = kgraph("--help")
    assert result.returncode == 0
    assert "Example" in result.stdout
    assert all(command in result.stdout for command in COMMANDS)


def test_python_m_kgraph_reports_its_version() -> None:
    import kgraph as package

    result = kgraph("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"kgraph {package.__version__}"


# --- build ------------------------------------------------------------------------------------


def test_build_skips_bad_files_with_a_warning_naming_them(
    builds: list[tuple[subprocess.CompletedProcess[str], Path]],
) -> None:
    result, _ = builds[0]
    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if "warning" in line]
    assert len(warnings) == 2
    assert any("empty.txt" in line for line in warnings)
    assert any("logo.png" in line for line in warnings)
    assert "Traceback" not in result.stderr


def test_build_prints_a_summary(
    builds: list[tuple[subprocess.CompletedProcess[str], Path]],
) -> None:
    result, out = builds[0]
    lines = {line.split()[0]: line for line in result.stdout.splitlines() if line.strip()}
    # empty.txt is unreadable and logo.png not an article type: both warned, both counted
    assert lines["documents"] == "documents  4 (2 skipped, named in the warnings)"
    assert (
        lines["files"] == "files      4 extracted, 0 from the cache"
    )  # the skipped not among them
    assert {"sentences", "entities", "relations", "graph", "written", "time"} <= set(lines)
    typed, literal = map(
        int,
        re.match(r"relations  (\d+) typed \((\d+) of them to a text", lines["relations"]).groups(),
    )
    assert 0 <= literal <= typed
    assert str(out) in lines["written"]


def test_build_writes_every_export(
    builds: list[tuple[subprocess.CompletedProcess[str], Path]],
) -> None:
    _, out = builds[0]
    for name in EXPORTS:
        assert (out / name).stat().st_size > 0, name
    assert (out / "store").is_dir()
    hidden = {p.name for p in out.iterdir() if p.name.startswith(".")}
    assert hidden == {".kgraph-cache", ".kgraph-lock", ".kgraph-current", ".kgraph-builds"}
    assert len(list((out / ".kgraph-builds").iterdir())) == 1  # no staging or old build left


def test_each_encoding_is_decoded(
    builds: list[tuple[subprocess.CompletedProcess[str], Path]],
) -> None:
    _, out = builds[0]
    ntriples = (out / "graph.nt").read_text(encoding="utf-8")
    for encoding in ("utf-8", "gb18030", "big5"):
        assert f'"{encoding}"' in ntriples
    for name in ("习近平", "李强", "天荒坪镇", "永嘉县", "张伟"):
        assert name in ntriples


def test_building_twice_gives_identical_files(
    builds: list[tuple[subprocess.CompletedProcess[str], Path]],
) -> None:
    (_, first), (second_result, second) = builds
    assert second_result.returncode == 0, second_result.stderr
    for name in EXPORTS:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


def test_missing_source_is_a_clear_error(tmp_path: Path) -> None:
    result = kgraph("build", tmp_path / "no-such-folder", "--out", tmp_path / "out")
    assert result.returncode != 0
    assert "no-such-folder" in result.stderr
    assert result.stderr.startswith("kgraph: error:")
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


def test_a_folder_without_articles_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    result = kgraph("build", tmp_path / "empty", "--out", tmp_path / "out")
    assert result.returncode != 0
    assert result.stderr.startswith("kgraph: error:")
    assert "Traceback" not in result.stderr


# --- a build that fails midway ---------------------------------------------------------------


@pytest.fixture(scope="module")
def new_corpus() -> CorpusAndGraph:
    """A corpus other than the one already built (its exports differ), made without extraction."""
    document = document_from_text(
        "new.txt", "宁波市出台新举措\n2024-01-05 来源：宁波日报\n正文。\n"
    )
    corpus = Corpus((document,), (), (), (), (), ())
    return corpus, corpus_graph(corpus)


@pytest.fixture
def previous(builds: list[tuple[subprocess.CompletedProcess[str], Path]], tmp_path: Path) -> Path:
    out = tmp_path / "exports"
    shutil.copytree(builds[0][1], out, symlinks=True)  # as `cp -a` copies: the links kept
    return out


def failing_move_of(name: str, out: Path) -> Callable[[str | Path, str | Path], None]:
    """``os.replace`` that fails (disk full) when moving ``name`` into ``out``."""
    real = os.replace

    def replace(src: str | Path, dst: str | Path) -> None:
        if Path(dst) == out / name:
            raise OSError(28, "No space left on device", str(dst))
        real(src, dst)

    return replace


def boom(*args: object, **kwargs: object) -> None:
    raise ExportError("simulated failure")


FAILURES = {
    "RDF writer": ("kgraph.rdf.serialize.write_rdf", boom),
    "viewer": ("kgraph.viewer.write_html", boom),
    "store": ("kgraph.rdf.store.write_store", boom),
}


@pytest.mark.parametrize("stage", FAILURES)
def test_a_failed_build_leaves_the_previous_exports_intact(
    stage: str, previous: Path, new_corpus: CorpusAndGraph, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = snapshot(previous)
    target, replacement = FAILURES[stage]
    monkeypatch.setattr(target, replacement)
    with pytest.raises(KgraphError):
        write_exports(*new_corpus, previous)
    assert changed(previous, before) == []
    names = {p.name for p in previous.iterdir()} - {".kgraph-cache", ".kgraph-lock"}
    assert names == {*EXPORTS, "store", ".kgraph-current", ".kgraph-builds"}
    assert len(list((previous / ".kgraph-builds").iterdir())) == 1  # no staging folder left


def test_a_build_failing_at_the_switch_leaves_the_previous_exports(
    previous: Path, new_corpus: CorpusAndGraph, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the new build folder is complete when the link to it cannot be renamed into place
    before = snapshot(previous)
    monkeypatch.setattr("kgraph.export.os.replace", failing_move_of(".kgraph-current", previous))
    with pytest.raises((KgraphError, OSError)):
        write_exports(*new_corpus, previous)
    assert changed(previous, before) == []


def test_an_output_folder_that_cannot_be_written_is_an_export_error(
    previous: Path, new_corpus: CorpusAndGraph, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The CLI prints a KgraphError as one line; any other exception is a traceback.
    def denied(*args: object, **kwargs: object) -> str:
        raise PermissionError(13, "Permission denied", str(previous / ".kgraph-x"))

    before = snapshot(previous)
    monkeypatch.setattr(os, "mkdir", denied)
    with pytest.raises(ExportError, match=re.escape(str(previous))):
        write_exports(*new_corpus, previous)
    assert changed(previous, before) == []


# --- stats ------------------------------------------------------------------------------------


def test_stats_prints_its_three_tables(
    builds: list[tuple[subprocess.CompletedProcess[str], Path]],
) -> None:
    _, out = builds[0]
    result = kgraph("stats", out, "--top", "3")
    assert result.returncode == 0, result.stderr
    blocks = [block.splitlines() for block in result.stdout.split("\n\n") if block.strip()]
    tables = {block[0]: block[1:] for block in blocks}
    for title, first_column in (
        ("Top entities by type", "type"),
        ("Largest communities", "community"),
        ("Strongest typed relations", "subject"),
    ):
        header, rule, *rows = tables[title]
        assert header.split()[0] == first_column
        assert set(rule.replace(" ", "")) == {"-"}
        assert rows
    assert "习近平" in result.stdout


def test_stats_on_a_folder_that_was_never_built(tmp_path: Path) -> None:
    result = kgraph("stats", tmp_path)
    assert result.returncode != 0
    assert "kgraph build" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_build_with_no_readable_file_fails_and_keeps_the_previous_exports(
    tmp_path: Path,
) -> None:
    good, bad, out = tmp_path / "good", tmp_path / "bad", tmp_path / "out"
    good.mkdir()
    bad.mkdir()
    (good / "a.txt").write_text("新闻标题\n县长王立新到古田县调研。\n", encoding="utf-8")
    (bad / "x.txt").write_bytes(b"\x7fELF\x02\x01\x01" + bytes(range(256)) * 8)
    assert kgraph("build", good, "--out", out).returncode == 0
    before = (out / "graph.nt").read_bytes()
    result = kgraph("build", bad, "--out", out)
    assert result.returncode == 1
    assert "none of the 1 files could be read" in result.stderr
    assert "skipped x.txt" in result.stderr and "previous exports are unchanged" in result.stderr
    assert (out / "graph.nt").read_bytes() == before


@pytest.mark.parametrize(
    "command",
    [("stats",), ("query", "--max-width", "40"), ("query", "--format", "tsv")],
    ids=["stats", "query table", "query tsv"],
)
def test_a_reader_that_stops_reading_ends_the_command_quietly(
    seeds_export: Path, command: tuple[str, ...]
) -> None:
    """``kgraph stats out/ | head -1``: the reader closes the pipe before kgraph writes."""
    args = (
        [seeds_export] if command[0] == "stats" else [seeds_export, "SELECT * WHERE { ?s ?p ?o }"]
    )
    with subprocess.Popen(
        [sys.executable, "-m", "kgraph", command[0], *map(str, args), *command[1:]],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    ) as process:
        assert process.stdout is not None and process.stderr is not None
        process.stdout.close()  # before the interpreter has even started: no write finds a reader
        stderr = process.stderr.read()
        status = process.wait(timeout=180)
    assert status == 141, stderr  # what a shell reports for SIGPIPE
    assert "Traceback" not in stderr and "error" not in stderr, stderr


def test_an_earlier_builds_output_inside_the_sources_is_never_read_as_articles(
    tmp_path: Path,
) -> None:
    articles = write_articles(tmp_path / "articles")
    first = kgraph("build", articles, "--out", articles / "out")
    assert first.returncode == 0, first.stderr
    second = kgraph("build", articles, "--out", tmp_path / "elsewhere")
    assert second.returncode == 0, second.stderr
    assert "skipped out: the output folder of a kgraph build" in second.stderr
    documents = (tmp_path / "elsewhere" / "graph.nt").read_text(encoding="utf-8")
    assert "doc/out/" not in documents and "graph.html" not in documents
    assert (articles / "out" / "graph.html").is_file()  # left as it was
