"""``kgraph serve`` under load: bounded connections, a reserve for fast queries, a memory limit
per worker, and one store generation for all workers after a rebuild.

Every server is real, on 127.0.0.1, started and stopped by the test; nothing
asserts how long anything took, only what was answered and in which order.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from test_serve import running

from kgraph.rdf.serve import SparqlServer, make_server
from kgraph.rdf.store import write_store

#: 60 ** 6 rows: never finishes within a time limit.
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n ?o }"
#: 60 ** 4 rows: seconds of work.
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def turtle(places: int) -> str:
    lines = ["@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> ."]
    lines += [
        f'<https://w3id.org/kgraph/id/Place/地{i}> rdfs:label "地{i}"@zh-Hans .'
        for i in range(places)
    ]
    return "\n".join(lines) + "\n"


def build(folder: Path, places: int) -> None:
    (folder / "graph.ttl").write_text(turtle(places), encoding="utf-8")
    write_store(folder / "graph.ttl", folder / "store")


@pytest.fixture()
def export(tmp_path: Path) -> Path:
    build(tmp_path, 60)
    return tmp_path


#: A server run in a thread, its workers checked gone at the end (the helper of test_serve).
serving = contextlib.contextmanager(running)


def ask(server: SparqlServer, query: str) -> tuple[int, str]:
    url = server.url + "?" + urllib.parse.urlencode({"query": query})
    request = urllib.request.Request(url, headers={"Accept": "text/csv"})
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        with error:
            return error.code, error.read().decode("utf-8")


def count(server: SparqlServer) -> int:
    status, body = ask(server, COUNT)
    assert status == 200, body
    return int(body.split()[1])


def until(condition: object, seconds: float = 60) -> None:
    """Wait for ``condition()`` to hold (a bound on the test, not an assertion on speed)."""
    deadline = time.monotonic() + seconds
    while not condition():  # type: ignore[operator]
        assert time.monotonic() < deadline, "the condition never held"
        time.sleep(0.05)


def test_connections_over_the_limit_get_503_at_once(export: Path) -> None:
    server = make_server(export, port=0, workers=1, max_connections=3, quiet=True)
    with serving(server) as endpoint:
        host, port = endpoint.server_address[:2]
        held = [socket.create_connection((str(host), port), timeout=60) for _ in range(3)]
        try:
            until(lambda: endpoint._connections._value == 0)  # all three are being served
            with socket.create_connection((str(host), port), timeout=60) as extra:
                extra.sendall(b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: x\r\n\r\n")
                reply = b""
                while chunk := extra.recv(4096):
                    reply += chunk
            assert reply.startswith(b"HTTP/1.1 503"), reply
            assert b"3 connections, its limit" in reply and b"Retry-After: 1" in reply
        finally:
            for conn in held:
                conn.close()
        until(lambda: ask(endpoint, "ASK {}")[0] == 200)  # the slots come back


def test_a_fast_query_is_answered_while_an_expensive_one_holds_every_worker(
    export: Path,
) -> None:
    server = make_server(export, port=0, workers=1, timeout=10, quiet=True)
    with serving(server) as endpoint:
        outcome: dict[str, object] = {}

        def expensive() -> None:
            outcome["status"], outcome["body"] = ask(endpoint, RUNAWAY)

        thread = threading.Thread(target=expensive)
        thread.start()
        until(lambda: endpoint.workers._generation.idle.qsize() == 0)  # it holds the worker
        assert ask(endpoint, "ASK { ?s rdfs:label '地7'@zh-Hans }") == (200, "true")
        assert thread.is_alive(), "the fast query waited for the expensive one"
        thread.join(60)
        assert outcome["status"] == 504, outcome


def test_an_expensive_query_on_the_reserve_is_moved_to_a_regular_worker(
    export: Path,
) -> None:
    server = make_server(export, port=0, workers=1, timeout=120, quiet=True)
    with serving(server) as endpoint:
        answers: list[tuple[int, str]] = []
        first = threading.Thread(target=lambda: answers.append(ask(endpoint, SLOW)))
        first.start()
        until(lambda: endpoint.workers._generation.idle.qsize() == 0)
        # the second overruns the reserve's second, is stopped there and waits its turn
        second = threading.Thread(target=lambda: answers.append(ask(endpoint, SLOW)))
        second.start()
        first.join(240)
        second.join(240)
        assert answers == [(200, "n\r\n12960000\r\n")] * 2, answers
        assert ask(endpoint, "ASK {}") == (200, "true")  # the reserve was replaced


def test_a_query_over_the_memory_limit_is_stopped_with_a_clear_error(export: Path) -> None:
    server = make_server(export, port=0, workers=1, memory=1 << 30, timeout=60, quiet=True)
    with serving(server) as endpoint:
        hungry = RUNAWAY.replace("(COUNT(*) AS ?n)", "*") + " ORDER BY ?o ?a"
        status, body = ask(endpoint, hungry)
        assert status == 500, body
        assert "more than the 1,024 MB of memory a query may use" in body
        assert ask(endpoint, "ASK {}") == (200, "true")


def test_after_a_rebuild_every_worker_answers_from_the_new_store(export: Path) -> None:
    server = make_server(export, port=0, workers=2, quiet=True)
    with serving(server) as endpoint:
        assert {count(endpoint) for _ in range(6)} == {60}
        old = endpoint.workers.live()
        build(export, 75)  # the build swaps a new store folder in
        assert [count(endpoint) for _ in range(8)] == [75] * 8
        until(lambda: all(worker.process.poll() is not None for worker in old))
        assert len(endpoint.workers.live()) == 3  # two workers and the reserve, all new
