"""SPARQL safety: no SERVICE, LOAD or update gets through, however it is written.

Every bypass is tried against a real listener on another 127.0.0.1 port, over
HTTP (the endpoint of ``kgraph serve``) and through ``kgraph query``; the
listener must receive nothing.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from kgraph.errors import QueryError
from kgraph.rdf.serve import SparqlServer, make_server
from kgraph.rdf.store import MAX_NESTING, check_query, write_store

TURTLE = """@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<https://w3id.org/kgraph/id/Place/宁德市> rdfs:label "宁德市"@zh-Hans .
"""


class Listener:
    """A TCP listener on a free 127.0.0.1 port that counts the connections it gets."""

    def __init__(self) -> None:
        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.socket.listen(16)
        self.port = self.socket.getsockname()[1]
        self.connections = 0
        self._stopping = False
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.socket.accept()
            except OSError:
                return
            if self._stopping:
                conn.close()
                return
            self.connections += 1
            conn.close()

    def close(self) -> None:
        self._stopping = True
        with socket.create_connection(("127.0.0.1", self.port), timeout=5):
            pass
        self._thread.join(5)
        self.socket.close()


@pytest.fixture()
def listener() -> Iterator[Listener]:
    ear = Listener()
    try:
        yield ear
    finally:
        ear.close()


def bypasses(port: int) -> list[str]:
    """Ways to write a SERVICE call (or a LOAD) that a text filter can miss."""
    url = f"http://127.0.0.1:{port}/"
    return [
        f"SELECT ?s WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
        # the bypass: an escaped IRI read by a text filter as a name and a comment
        "PREFIX x: <urn:x:> SELECT ?s WHERE { BIND(<x:\\u0041#> AS ?z) "
        f"SERVICE <{url}> {{ ?s ?p ?o }} }}",
        # rdflib expands escapes everywhere: \u005C would swallow SERVICE into a string for it
        f'SELECT ?s WHERE {{ BIND("\\u005C" AS ?z) SERVICE <{url}> {{ ?s ?p ?o }} }} #" AS ?y) }}',
        f"select ?s where {{ sErViCe silent <{url}> {{ ?s ?p ?o }} }}",
        f"SELECT ?s WHERE {{ VALUES ?u {{ <{url}> }} SERVICE ?u {{ ?s ?p ?o }} }}",
        f"SELECT ?s WHERE {{ ?s ?p ?o OPTIONAL {{ SERVICE <{url}> {{ ?s ?q ?r }} }} }}",
        f"SELECT ?s WHERE {{ ?s ?p ?o FILTER EXISTS {{ SERVICE <{url}> {{ ?s ?q ?r }} }} }}",
        f"SELECT * WHERE {{ {{ SELECT ?s WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }} }}",
        f"ASK {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
        f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
        f"# a comment\nSELECT ?s WHERE {{ ?s ?p 'x' . #}}\n SERVICE <{url}> {{ ?s ?p ?o }} }}",
        f"LOAD <{url}>",
        f"PREFIX x: <urn:x:> LOAD SILENT <{url}> INTO GRAPH <urn:g>",
        "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
    ]


@pytest.fixture(scope="module")
def export(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("safety-export")
    (folder / "graph.ttl").write_text(TURTLE, encoding="utf-8")
    write_store(folder / "graph.ttl", folder / "store")
    return folder


@pytest.fixture(scope="module")
def server(export: Path) -> Iterator[SparqlServer]:
    endpoint = make_server(export, port=0, timeout=10, workers=1, quiet=True)
    thread = threading.Thread(target=endpoint.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield endpoint
    finally:
        endpoint.shutdown()
        endpoint.server_close()
        thread.join(5)


def post(url: str, query: str) -> tuple[int, str]:
    request = urllib.request.Request(
        url, data=query.encode("utf-8"), headers={"Content-Type": "application/sparql-query"}
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        with error:
            return error.code, error.read().decode("utf-8")


def test_each_bypass_is_refused_by_the_checker(listener: Listener) -> None:
    for query in bypasses(listener.port):
        with pytest.raises(QueryError, match=r"SERVICE is refused|updates are refused"):
            check_query(query)
    assert listener.connections == 0


def test_each_bypass_is_refused_over_http(server: SparqlServer, listener: Listener) -> None:
    for query in bypasses(listener.port):
        status, body = post(server.url, query)
        assert status in (400, 403), (query, status, body)
        assert "refused" in body, body
        get = server.url + "?" + urllib.parse.urlencode({"query": query})
        with pytest.raises(urllib.error.HTTPError) as caught:
            urllib.request.urlopen(get, timeout=30).close()
        caught.value.close()
        assert caught.value.code in (400, 403)
    assert listener.connections == 0


def test_each_bypass_is_refused_by_kgraph_query(
    export: Path, listener: Listener, tmp_path: Path
) -> None:
    for i, query in enumerate(bypasses(listener.port)):
        file = tmp_path / f"q{i}.rq"
        file.write_text(query, encoding="utf-8")
        done = subprocess.run(
            [sys.executable, "-m", "kgraph", "query", str(export), "--file", str(file)],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode != 0, query
        assert "refused" in done.stderr, done.stderr
        assert "Traceback" not in done.stderr
    assert listener.connections == 0


def test_the_word_service_in_strings_and_names_is_not_refused(server: SparqlServer) -> None:
    query = (
        "SELECT ?service WHERE { ?s rdfs:label ?service "
        "FILTER(?service != 'SERVICE <http://127.0.0.1:9/> { }' && ?s != <urn:service:#x>) }"
    )
    status, body = post(server.url, query)
    assert status == 200, body
    assert "宁德市" in body


def test_deep_nesting_is_refused_before_the_engine(server: SparqlServer, export: Path) -> None:
    query = "SELECT * WHERE " + "{" * 5000 + " ?s ?p ?o " + "}" * 5000
    with pytest.raises(QueryError, match=f"at most {MAX_NESTING}"):
        check_query(query)
    status, body = post(server.url, query)
    assert status == 400 and f"at most {MAX_NESTING}" in body
    done = subprocess.run(
        [sys.executable, "-m", "kgraph", "query", str(export), query],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1, (done.returncode, done.stderr)
    assert f"at most {MAX_NESTING}" in done.stderr and "Traceback" not in done.stderr
    status, body = post(server.url, "ASK { ?s ?p ?o }")  # the worker survived
    assert status == 200 and "true" in body


def serve_cli(export: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kgraph", "serve", str(export), "--workers", "1", *args],
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_serve_on_a_port_in_use_or_a_bad_port_or_host_is_one_clear_line(
    export: Path, listener: Listener
) -> None:
    for args, message in [
        (["--port", str(listener.port)], "choose another --port"),
        (["--port", "70000"], "invalid port 70000"),
        (["--host", "no such host.invalid", "--port", "0"], "choose a valid --host"),
    ]:
        done = serve_cli(export, *args)
        assert done.returncode == 1, done.stderr
        assert message in done.stderr and "Traceback" not in done.stderr, done.stderr
        assert len(done.stderr.strip().splitlines()) == 1, done.stderr


def test_an_invalid_content_length_is_a_400(server: SparqlServer) -> None:
    host, port = server.server_address[:2]
    for length in ("-1", "abc"):
        with socket.create_connection((str(host), port), timeout=30) as conn:
            conn.sendall(
                b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
                + f"Content-Length: {length}\r\nConnection: close\r\n\r\n".encode()
            )
            reply = b""
            while chunk := conn.recv(4096):
                reply += chunk
        assert reply.startswith(b"HTTP/1.0 400") or reply.startswith(b"HTTP/1.1 400"), reply
        assert b"invalid Content-Length" in reply
