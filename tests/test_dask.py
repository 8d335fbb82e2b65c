"""The Dask executor on a real local cluster: a scheduler and two workers on 127.0.0.1.

The cluster is started the way a user starts one (``dask scheduler``,
``dask worker``), and the build is the command line's.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from kgraph.export import EXPORTS

pytest.importorskip("distributed", reason="the Dask executor needs kgraph[dask]")

from test_incremental import exports_of, files_line, kgraph, write_corpus


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def dask(*args: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "distributed.cli." + args[0], *args[1:]],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    """``dask scheduler`` and ``dask worker --nworkers 2``, stopped after the module."""
    port = free_port()
    address = f"127.0.0.1:{port}"
    processes = [
        dask("dask_scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"),
    ]
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert time.monotonic() < deadline, "the Dask scheduler did not start"
                time.sleep(0.2)
        worker = ["dask_worker", f"tcp://{address}", "--nworkers", "2", "--nthreads", "1"]
        worker += ["--host", "127.0.0.1", "--no-dashboard", "--memory-limit", "0"]
        processes.append(dask(*worker))
        from distributed import Client

        with Client(f"tcp://{address}", timeout="60s") as client:
            client.wait_for_workers(2, timeout=120)
        yield address
    finally:
        for process in reversed(processes):
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()


def test_a_build_on_a_dask_cluster_equals_the_local_build(scheduler: str, tmp_path: Path) -> None:
    source = write_corpus(tmp_path / "in", 70)
    local, remote = tmp_path / "local", tmp_path / "dask"
    assert files_line(kgraph("build", source, "--out", local, "--jobs", "2", "--no-store"))
    line = files_line(
        kgraph("build", source, "--out", remote, "--executor", f"dask://{scheduler}", "--no-store")
    )
    assert line.endswith("70 extracted, 0 from the cache")
    assert exports_of(local) == exports_of(remote), "the Dask build differs from the local one"


def test_the_dask_build_uses_and_fills_the_same_cache(scheduler: str, tmp_path: Path) -> None:
    source = write_corpus(tmp_path / "in", 8)
    out = tmp_path / "out"
    assert files_line(kgraph("build", source, "--out", out, "--executor", f"dask://{scheduler}"))
    (source / "a000.txt").unlink()
    write_corpus(tmp_path / "more", 9)
    (tmp_path / "more" / "a008.txt").rename(source / "b008.txt")
    line = files_line(kgraph("build", source, "--out", out, "--executor", f"tcp://{scheduler}"))
    assert line.endswith("1 extracted, 7 from the cache")
    clean = tmp_path / "clean"
    assert files_line(kgraph("build", source, "--out", clean, "--no-cache"))
    assert all((out / n).read_bytes() == (clean / n).read_bytes() for n in EXPORTS)


def test_an_unreachable_scheduler_is_a_clear_error(tmp_path: Path) -> None:
    port = free_port()
    result = kgraph(
        "build", Path(__file__).parent.parent / "seeds", "--out", tmp_path,
        "--executor", f"dask://127.0.0.1:{port}",
    )  # fmt: skip
    assert result.returncode != 0
    assert f"cannot reach the Dask scheduler at tcp://127.0.0.1:{port}" in result.stderr
    assert "Traceback" not in result.stderr
