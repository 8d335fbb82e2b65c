"""The exports of a build are switched as one: a kill at any moment leaves one whole build.

Every test runs ``kgraph build`` in a subprocess on real files. Builds are
killed with SIGKILL at each named moment of the switch (the
``KGRAPH_PAUSE_AT`` hook of :mod:`kgraph.export` stops the build there) and
after delays, and the folder must then hold the old build or the new one,
every export and the store from the same build.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import kgraph
from kgraph.export import BUILDS, CURRENT, EXPORTS, PAUSE_POINTS

OLD = {
    "a.txt": "宁德市推进乡村振兴\n2023-07-01 来源：闽东日报\n县长李强到寿宁县下党乡调研，察看茶园。\n",
}
NEW = {
    **OLD,
    "b.txt": "安吉县发展竹产业\n2024-03-04 来源：湖州日报\n县长赵强到安吉县天荒坪镇调研竹林碳汇项目。\n",
}


def write(folder: Path, texts: dict[str, str]) -> Path:
    folder.mkdir(parents=True)
    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def kgraph_build(source: Path, out: Path, **env: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "kgraph", "build", str(source), "--out", str(out), "--jobs", "1"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, **env},
    )


def finished(source: Path, out: Path) -> None:
    process = kgraph_build(source, out)
    _stdout, stderr = process.communicate(timeout=300)
    assert process.returncode == 0, stderr


def state(out: Path) -> tuple[dict[str, bytes], int]:
    """Every export's bytes and the store's triple count, read through OUT's top-level names."""
    exports = {name: (out / name).read_bytes() for name in EXPORTS}
    with kgraph.open(out) as kb:
        count = int(kb.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")[0].n)  # type: ignore[index]
    return exports, count


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """An OUT holding the old build, and the states of the old and new builds."""
    root = tmp_path_factory.mktemp("versioned")
    old_source, new_source = write(root / "old", OLD), write(root / "new", NEW)
    old_out, new_out = root / "old-out", root / "new-out"
    finished(old_source, old_out)
    finished(new_source, new_out)
    old, new = state(old_out), state(new_out)
    assert old != new
    return {"old_out": old_out, "new_source": new_source, "old": old, "new": new}


def killed_copy(builds: dict[str, object], tmp_path: Path) -> Path:
    out = tmp_path / "out"
    shutil.copytree(builds["old_out"], out, symlinks=True)  # type: ignore[arg-type]
    return out


def test_top_level_names_are_links_into_the_current_build(builds: dict[str, object]) -> None:
    out = builds["old_out"]
    assert isinstance(out, Path)
    current = os.readlink(out / CURRENT)
    assert Path(current).parent == Path(BUILDS)
    assert [p.name for p in (out / BUILDS).iterdir()] == [Path(current).name]
    for name in (*EXPORTS, "store"):
        assert os.readlink(out / name) == str(Path(CURRENT) / name)
    assert (out / "store").is_dir()


@pytest.mark.parametrize("point", PAUSE_POINTS)
def test_a_build_killed_at_each_moment_leaves_one_whole_build(
    builds: dict[str, object], tmp_path: Path, point: str
) -> None:
    out = killed_copy(builds, tmp_path)
    process = kgraph_build(builds["new_source"], out, KGRAPH_PAUSE_AT=point)  # type: ignore[arg-type]
    assert process.stderr is not None
    for line in process.stderr:
        if f"paused at {point}" in line:
            break
    else:
        pytest.fail(f"the build never reached {point}: exit {process.wait()}")
    process.send_signal(signal.SIGKILL)
    process.communicate()
    expected = builds["old"] if point in ("written", "versioned") else builds["new"]
    assert state(out) == expected
    finished(builds["new_source"], out)  # type: ignore[arg-type]
    assert state(out) == builds["new"]
    assert len(list((out / BUILDS).iterdir())) == 1  # leftovers of the killed build deleted


@pytest.mark.parametrize("delay", [1.5, 3.0, 4.5])
def test_a_build_killed_after_a_delay_leaves_one_whole_build(
    builds: dict[str, object], tmp_path: Path, delay: float
) -> None:
    out = killed_copy(builds, tmp_path)
    process = kgraph_build(builds["new_source"], out)  # type: ignore[arg-type]
    time.sleep(delay)
    process.send_signal(signal.SIGKILL)
    process.communicate()
    assert state(out) in (builds["old"], builds["new"])


def test_a_folder_of_plain_exports_is_converted(builds: dict[str, object], tmp_path: Path) -> None:
    out = tmp_path / "out"
    shutil.copytree(builds["old_out"], out)  # links followed: plain files and a store folder
    assert not (out / "graph.nt").is_symlink()
    shutil.rmtree(out / CURRENT)
    shutil.rmtree(out / BUILDS)
    finished(builds["new_source"], out)  # type: ignore[arg-type]
    assert state(out) == builds["new"]
    assert all((out / name).is_symlink() for name in (*EXPORTS, "store"))
    assert len(list((out / BUILDS).iterdir())) == 1


def test_without_symbolic_links_the_exports_are_plain_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refused(*args: object, **kwargs: object) -> None:
        raise OSError("symbolic links are not allowed here")

    monkeypatch.setattr(os, "symlink", refused)  # as on Windows without Developer Mode
    source = write(tmp_path / "src", OLD)
    report = kgraph.build([source], out=tmp_path / "out", jobs=1)
    assert [p.name for p in report.outputs] == [*EXPORTS, "store"]
    assert not any((tmp_path / "out" / name).is_symlink() for name in EXPORTS)
    assert not (tmp_path / "out" / CURRENT).exists()
    assert "宁德市" in (tmp_path / "out" / "graph.ttl").read_text(encoding="utf-8")


def test_formats_choose_the_exports_and_leave_no_link_to_one_not_written(tmp_path: Path) -> None:
    source, out = write(tmp_path / "in", NEW), tmp_path / "out"
    run = [sys.executable, "-m", "kgraph", "build", str(source), "--out", str(out), "--jobs", "1"]
    done = subprocess.run([*run, "--formats", "ttl,html"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "(graph.ttl graph.html)" in done.stdout
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == [
        "graph.html",
        "graph.ttl",
    ]
    assert sorted(p.name for p in (out / CURRENT).iterdir()) == ["graph.html", "graph.ttl"]
    done = subprocess.run([*run, "--formats", "nq,store"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == [
        "graph.nq",
        "store",
    ]
    with kgraph.open(out) as kb:
        assert kb.query("ASK { ?p a schema:Person ; rdfs:label '赵强'@zh-Hans }") is True
    done = subprocess.run([*run, "--formats", "svg"], capture_output=True, text=True)
    assert done.returncode == 2
    assert "unknown format 'svg': choose from nt, nq, ttl" in done.stderr


def test_a_large_corpus_gets_the_large_default_formats(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import kgraph.export

    monkeypatch.setattr(kgraph.export, "LARGE_CORPUS", 1)  # the two documents of NEW are "large"
    report = kgraph.build([write(tmp_path / "in", NEW)], tmp_path / "out", jobs=1)
    assert [p.name for p in report.outputs] == ["graph.nq", "graph.graphml", "graph.html", "store"]
