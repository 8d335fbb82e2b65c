"""``kgraph push`` against real local servers that misbehave.

Each server is a TCP listener on 127.0.0.1 that reads the request and then
answers badly: a byte at a time, a 200 whose body stops halfway, an endless
body. The CLI runs in a subprocess bounded by its own timeout; nothing
asserts how long a push took.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import threading
import time
import tracemalloc
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from kgraph.errors import PushError
from kgraph.rdf.push import push

Behaviour = Callable[[str, socket.socket], None]


class Misbehaving:
    """A listener answering HEAD normally and every other request with ``behaviour``."""

    def __init__(self, behaviour: Behaviour, probe_too: bool = False) -> None:
        self.behaviour = behaviour
        self.probe_too = probe_too
        self.methods: list[str] = []
        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.socket.listen(8)
        self.url = f"http://127.0.0.1:{self.socket.getsockname()[1]}/store"
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.socket.accept()
            except OSError:
                return
            threading.Thread(target=self._answer, args=(conn,), daemon=True).start()

    def _answer(self, conn: socket.socket) -> None:
        with conn:
            conn.settimeout(30)
            try:
                while True:
                    method = self._read_request(conn)
                    if method is None:
                        return
                    self.methods.append(method)
                    if method == "HEAD" and not self.probe_too:
                        conn.sendall(b"HTTP/1.1 204 No Content\r\nContent-Length: 0\r\n\r\n")
                        continue
                    self.behaviour(method, conn)
                    return
            except OSError:
                return

    @staticmethod
    def _read_request(conn: socket.socket) -> str | None:
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = conn.recv(65536)
            if not chunk:
                return None
            data += chunk
        head, _, body = data.partition(b"\r\n\r\n")
        length = 0
        for line in head.split(b"\r\n")[1:]:
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value)
        while len(body) < length:
            chunk = conn.recv(65536)
            if not chunk:
                return None
            body += chunk
        return head.split(b" ", 1)[0].decode()

    def close(self) -> None:
        self._stop.set()
        self.socket.close()
        self._thread.join(5)


@pytest.fixture
def serve() -> Iterator[Callable[..., Misbehaving]]:
    servers: list[Misbehaving] = []

    def start(behaviour: Behaviour, probe_too: bool = False) -> Misbehaving:
        servers.append(Misbehaving(behaviour, probe_too))
        return servers[-1]

    yield start
    for server in servers:
        server.close()


def trickle(data: bytes) -> Behaviour:
    def behaviour(method: str, conn: socket.socket) -> None:
        for byte in data:
            conn.sendall(bytes([byte]))
            time.sleep(0.2)

    return behaviour


def ok(method: str, conn: socket.socket) -> None:
    conn.sendall(b"HTTP/1.1 204 No Content\r\nContent-Length: 0\r\n\r\n")


def cut_body(method: str, conn: socket.socket) -> None:
    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n" + b"stored" * 10)


def endless(size: int) -> Behaviour:
    def behaviour(method: str, conn: socket.socket) -> None:
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n" % size)
        block = b"x" * 65536
        for _ in range(size // len(block)):
            conn.sendall(block)

    return behaviour


def nt_file(tmp_path: Path, triples: int) -> Path:
    path = tmp_path / "graph.nt"
    path.write_text(
        "".join(f'<urn:s{i}> <urn:p> "{i}" .\n' for i in range(triples)), encoding="utf-8"
    )
    return path


def kgraph_push(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kgraph", "push", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    ("behaviour", "probe_too"),
    [
        (trickle(b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n" * 100), False),
        (trickle(b"HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n" + b"x" * 100_000), False),
        (trickle(b"HTTP/1.1 500 Oops\r\nContent-Length: 9000\r\n\r\n" + b"e" * 9000), False),
        (trickle(b"HTTP/1.1 204 No Content\r\nContent-Length: 0\r\n\r\n" * 100), True),
        (trickle(b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"), False),
    ],
    ids=["headers", "body", "error-body", "probe", "status-line"],
)
def test_a_server_that_trickles_bytes_is_cut_off_at_the_timeout(
    serve: Callable[..., Misbehaving], tmp_path: Path, behaviour: Behaviour, probe_too: bool
) -> None:
    server = serve(behaviour, probe_too)
    # 3 s at 0.2 s a byte ends inside "HTTP/1.1 200 OK", which http.client takes as complete
    done = kgraph_push(nt_file(tmp_path, 3), server.url, "--timeout", "3")
    assert done.returncode == 1, done.stderr
    assert "did not finish answering within 3 s" in done.stderr, done.stderr
    assert "Traceback" not in done.stderr


def test_a_200_cut_halfway_is_a_failure_and_not_counted(
    serve: Callable[..., Misbehaving], tmp_path: Path
) -> None:
    answers = iter([ok, cut_body])
    server = serve(lambda method, conn: next(answers)(method, conn))
    with pytest.raises(PushError, match="cut its answer short after 60 bytes") as caught:
        push(nt_file(tmp_path, 4), server.url, batch=2, timeout=30)
    assert (caught.value.triples, caught.value.batches) == (2, 1)
    assert "2 triples in 1 batch had been stored before this" in str(caught.value)
    done = kgraph_push(nt_file(tmp_path, 4), serve(cut_body).url, "--batch", "2")
    assert done.returncode == 1 and "nothing was stored" in done.stderr, done.stderr


def test_a_huge_reply_body_is_never_held_in_memory(
    serve: Callable[..., Misbehaving], tmp_path: Path
) -> None:
    server = serve(endless(64 << 20))
    tracemalloc.start()
    try:
        report = push(nt_file(tmp_path, 3), server.url, timeout=60)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert report.triples == 3
    assert peak < 8 << 20, f"{peak:,} bytes held at once"
