"""What a new user types, in the order they type it: ``python -m kgraph ...`` in a subprocess.

A build made with ``--formats`` that leaves an export out, options written
before an optional argument, numbers that make no sense, and the example
queries asked for by their repository path outside the checkout.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ARTICLE = """宁德市的乡村振兴
2023-06-12 来源：福建日报 作者：李明
李明同志在宁德市工作期间，大力倡导“四下基层”。
"""


def kgraph(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kgraph", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=180,
        cwd=cwd,
    )


@pytest.fixture(scope="module")
def nq_only(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A build that wrote graph.nq alone: no store, GraphML, viewer or Turtle."""
    source = tmp_path_factory.mktemp("articles")
    (source / "a.txt").write_text(ARTICLE, encoding="utf-8")
    out = tmp_path_factory.mktemp("nq-only")
    result = kgraph("build", source, "--out", out, "--formats", "nq", "--quiet")
    assert result.returncode == 0, result.stderr
    assert (out / "graph.nq").is_file() and not (out / "store").exists()
    return out


@pytest.mark.parametrize(
    ("command", "missing", "format_name"),
    [
        (["stats"], "graph.graphml", "graphml"),
        (["view", "--print-path"], "graph.html", "html"),
        (["validate"], "graph.ttl, graph.nt or graph.jsonld", "ttl"),
        (["query", "ASK {}"], "store", "store"),
        (["serve", "--port", "0"], "store", "store"),
    ],
)
def test_a_build_without_the_export_says_which_formats_to_ask_for(
    nq_only: Path, command: list[str], missing: str, format_name: str
) -> None:
    name, *options = command
    result = kgraph(name, nq_only, *options)
    assert result.returncode == 1, result.stdout
    assert f"the build in {nq_only} wrote no {missing}" in result.stderr
    assert "--formats all" in result.stderr and format_name in result.stderr
    assert "Traceback" not in result.stderr


def test_a_folder_never_built_is_still_told_to_build(tmp_path: Path) -> None:
    result = kgraph("stats", tmp_path)
    assert result.returncode == 1
    assert "run 'kgraph build SOURCE" in result.stderr
    assert "--formats" not in result.stderr


@pytest.mark.parametrize(
    "arguments",
    [
        ["--format", "csv", "ASK { ?s a schema:Person }"],
        ["ASK { ?s a schema:Person }", "--format", "csv"],
        ["--max-width", "20", "--format", "csv", "ASK { ?s a schema:Person }"],
    ],
)
def test_query_takes_options_before_or_after_the_query(
    seeds_export: Path, arguments: list[str]
) -> None:
    result = kgraph("query", seeds_export, *arguments)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "true\n"


def test_query_with_two_queries_is_a_usage_error(seeds_export: Path) -> None:
    result = kgraph("query", seeds_export, "--format", "csv", "ASK {}", "ASK {}")
    assert result.returncode == 2
    assert "unrecognized arguments" in result.stderr


def test_query_file_outside_the_checkout_names_the_shipped_queries(
    seeds_export: Path, tmp_path: Path
) -> None:
    result = kgraph(
        "query", seeds_export, "--file", "docs/queries/09-entities-per-type.rq", cwd=tmp_path
    )
    assert result.returncode == 1
    assert "no query file docs/queries/09-entities-per-type.rq" in result.stderr
    shipped = Path(result.stderr.rstrip().rsplit(" ", 1)[1])
    assert (shipped / "09-entities-per-type.rq").is_file()
    again = kgraph("query", seeds_export, "--file", shipped / "09-entities-per-type.rq")
    assert again.returncode == 0, again.stderr
    assert "Person" in again.stdout


@pytest.mark.parametrize(
    "command",
    [
        ["build", "SOURCE", "--out", "OUT", "--jobs", "0"],
        ["build", "SOURCE", "--out", "OUT", "-j", "-2"],
        ["stats", "OUT", "--top", "-1"],
        ["stats", "OUT", "--top", "0"],
    ],
)
def test_counts_below_one_are_usage_errors_before_any_work(
    tmp_path: Path, command: list[str]
) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    paths = {"SOURCE": str(tmp_path), "OUT": str(tmp_path / "out")}
    result = kgraph(*[paths.get(word, word) for word in command])
    assert result.returncode == 2
    assert "expected a whole number of at least 1" in result.stderr
    assert "warning" not in result.stderr  # refused before reading any file
    assert not (tmp_path / "out").exists()


def test_a_build_from_python_prints_nothing_of_jieba(tmp_path: Path) -> None:
    source = tmp_path / "src"
    source.mkdir()
    (source / "a.txt").write_text(ARTICLE, encoding="utf-8")
    code = f"import kgraph; kgraph.build([{str(source)!r}], out=None, jobs=2)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, encoding="utf-8"
    )
    assert result.returncode == 0, result.stderr
    assert "prefix dict" not in result.stderr
    assert "Loading model" not in result.stderr


def test_quiet_build_keeps_its_warnings(tmp_path: Path) -> None:
    source = tmp_path / "src"
    source.mkdir()
    (source / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (source / "empty.txt").write_bytes(b"")
    result = kgraph("build", source, "--out", tmp_path / "out", "--quiet", "--formats", "nq")
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    assert "warning: skipped empty.txt: empty file" in result.stderr
    help_text = kgraph("build", "--help").stdout
    assert "only warnings and errors" in " ".join(help_text.split())
