"""``kgraph push``: the CLI in a subprocess against a real Virtuoso, and the request format.

The Virtuoso tests skip when ``virtuoso-t`` is not installed (CI installs it:
``apt-get install virtuoso-opensource``). One server runs for the module; each
test writes into graphs of its own.
"""

from __future__ import annotations

import base64
import http.server
import os
import pty
import re
import select
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

import pyoxigraph as ox
import pytest
from hypothesis import given
from hypothesis import strategies as st
from virtuoso_server import ISQL, VIRTUOSO, Virtuoso, free_port, running_virtuoso

from kgraph.errors import InputError, PushError
from kgraph.rdf.push import insert_data, push, read_batches

ROOT = Path(__file__).resolve().parent.parent
EXPORTS = ROOT / "exports"
GRAPH = "https://example.org/kgraph/"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
PLACE_LABEL = re.compile(
    r"^<(https://w3id\.org/kgraph/id/Place/[^>]+)> <http://www\.w3\.org/2000/01/rdf-schema#label> "
    r'"([^"\\]+)"@zh-Hans \.$'
)


def kgraph(*args: str | Path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kgraph", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, **env},
    )


def exported_lines() -> list[str]:
    return [line for line in (EXPORTS / "graph.nt").read_text("utf-8").splitlines() if line]


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Virtuoso]:
    if VIRTUOSO is None or ISQL is None:
        pytest.skip("Virtuoso is not installed (apt-get install virtuoso-opensource)")
    with running_virtuoso(tmp_path_factory.mktemp("virtuoso")) as server:
        yield server


def count(server: Virtuoso, graph: str) -> int:
    rows = server.select(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
    return int(rows[0]["n"]["value"])


def labels(server: Virtuoso, graph: str, iri: str) -> list[dict[str, Any]]:
    return [
        row["label"]
        for row in server.select(
            f"SELECT ?label WHERE {{ GRAPH <{graph}> {{ <{iri}> <{RDFS_LABEL}> ?label }} }}"
        )
    ]


def write_nt(path: Path, *lines: str) -> Path:
    path.write_text("".join(f"{line}\n" for line in lines), encoding="utf-8")
    return path


# --------------------------------------------------------------------------- real server


@pytest.mark.parametrize(
    ("protocol", "endpoint"), [("gsp", "/sparql-graph-crud"), ("update", "/sparql")]
)
def test_push_stores_every_triple_with_its_chinese_text(
    virtuoso: Virtuoso, protocol: str, endpoint: str
) -> None:
    graph = f"{GRAPH}{protocol}"
    lines = exported_lines()
    result = kgraph(
        "push", EXPORTS, virtuoso.base + endpoint, "--graph", graph, "--protocol", protocol
    )
    assert result.returncode == 0, result.stderr
    assert f"pushed {len(lines):,} triples" in result.stdout
    assert "triples/s" in result.stdout
    assert count(virtuoso, graph) == len(lines)

    place = next(match for line in lines if (match := PLACE_LABEL.match(line)))
    iri, label = place.groups()
    assert re.search(r"[\u4e00-\u9fff]", iri + label), "the known triple should carry Chinese"
    (stored,) = labels(virtuoso, graph, iri)
    assert stored["value"] == label
    assert stored["xml:lang"].lower() == "zh-hans"  # Virtuoso lower-cases language tags


@pytest.mark.parametrize(
    ("protocol", "endpoint"), [("gsp", "/sparql-graph-crud"), ("update", "/sparql")]
)
def test_replace_replaces_and_plain_push_adds(
    virtuoso: Virtuoso, protocol: str, endpoint: str, tmp_path: Path
) -> None:
    graph = f"{GRAPH}replace-{protocol}"
    url = virtuoso.base + endpoint
    stale = write_nt(
        tmp_path / "stale.nt",
        f'<{GRAPH}old/1> <{RDFS_LABEL}> "旧的"@zh-Hans .',
        f'<{GRAPH}old/2> <{RDFS_LABEL}> "舊的"@zh-Hant .',
    )
    exported = len(exported_lines())
    common = ["--graph", graph, "--protocol", protocol, "--batch", "4000"]
    assert kgraph("push", stale, url, *common).returncode == 0
    assert kgraph("push", EXPORTS, url, *common).returncode == 0
    assert count(virtuoso, graph) == exported + 2

    result = kgraph("push", EXPORTS, url, *common, "--replace")
    assert result.returncode == 0, result.stderr
    assert count(virtuoso, graph) == exported
    result = kgraph("push", EXPORTS, url, *common, "--replace")  # twice: no duplicates either
    assert result.returncode == 0, result.stderr
    assert count(virtuoso, graph) == exported


@pytest.mark.parametrize(
    ("protocol", "endpoint"),
    [("gsp", "/sparql-graph-crud-auth"), ("update", "/sparql-auth")],
)
def test_digest_authentication(virtuoso: Virtuoso, protocol: str, endpoint: str) -> None:
    graph = f"{GRAPH}digest-{protocol}"
    url = virtuoso.base + endpoint
    args: list[str | Path] = ["push", EXPORTS, url, "--graph", graph, "--protocol", protocol]
    batch = -(-len(exported_lines()) // 5)  # five batches, whatever the export's size
    args += ["--batch", str(batch)]

    anonymous = kgraph(*args)
    assert anonymous.returncode == 1
    assert "asks for a user name and password (Digest" in anonymous.stderr
    wrong = kgraph(*args, "--user", "dba", "--password", "not the password")
    assert wrong.returncode == 1
    assert "refused user 'dba'" in wrong.stderr

    result = kgraph(*args, "--user", "dba", KGRAPH_PASSWORD="dba")  # from the environment
    assert result.returncode == 0, result.stderr
    assert "in 5 batches" in result.stdout
    assert count(virtuoso, graph) == len(exported_lines())


def test_refused_port_is_a_clear_error() -> None:
    url = f"http://127.0.0.1:{free_port()}/store"
    result = kgraph("push", EXPORTS, url, "--graph", GRAPH)
    assert result.returncode == 1
    assert "connection refused" in result.stderr
    assert "nothing was stored" in result.stderr
    assert "Traceback" not in result.stderr


def test_wrong_path_shows_the_servers_answer_and_where_endpoints_are(virtuoso: Virtuoso) -> None:
    result = kgraph("push", EXPORTS, f"{virtuoso.base}/data", "--graph", GRAPH)
    assert result.returncode == 1
    assert "answered 404" in result.stderr
    assert "Virtuoso /sparql-graph-crud" in result.stderr


def test_a_failing_batch_says_how_much_was_stored_before(
    virtuoso: Virtuoso, tmp_path: Path
) -> None:
    graph = f"{GRAPH}broken"
    broken = write_nt(
        tmp_path / "broken.nt",
        f'<{GRAPH}a> <{RDFS_LABEL}> "甲" .',
        f'<{GRAPH}b> <{RDFS_LABEL}> "乙" .',
        f'<{GRAPH}c> <{RDFS_LABEL}> "丙 .',  # an unterminated string
    )
    result = kgraph("push", broken, virtuoso.graph_crud, "--graph", graph, "--batch", "2")
    assert result.returncode == 1
    assert "2 triples in 1 batch had been stored before this" in result.stderr
    assert count(virtuoso, graph) == 2


def test_virtuoso_without_update_rights_gets_a_hint(virtuoso: Virtuoso) -> None:
    virtuoso.sql('REVOKE SPARQL_UPDATE FROM "SPARQL"')
    try:
        result = kgraph("push", EXPORTS, virtuoso.graph_crud, "--graph", f"{GRAPH}denied")
    finally:
        virtuoso.sql('GRANT SPARQL_UPDATE TO "SPARQL"')
    assert result.returncode == 1
    assert "SECURITY" in result.stderr
    assert 'GRANT SPARQL_UPDATE TO "SPARQL"' in result.stderr


def test_blank_nodes_only_in_a_single_batch(virtuoso: Virtuoso, tmp_path: Path) -> None:
    graph = f"{GRAPH}blank"
    with_blank = write_nt(
        tmp_path / "blank.nt",
        f'<{GRAPH}a> <{RDFS_LABEL}> "甲" .',
        f"<{GRAPH}a> <{GRAPH}p> _:b1 .",
        f'_:b1 <{RDFS_LABEL}> "乙" .',
    )
    split = kgraph("push", with_blank, virtuoso.graph_crud, "--graph", graph, "--batch", "2")
    assert split.returncode == 1
    assert "blank nodes" in split.stderr
    assert count(virtuoso, graph) == 0
    whole = kgraph("push", with_blank, virtuoso.graph_crud, "--graph", graph)
    assert whole.returncode == 0, whole.stderr
    rows = virtuoso.select(
        f"SELECT ?label WHERE {{ GRAPH <{graph}> {{ <{GRAPH}a> <{GRAPH}p> ?b . "
        f"?b <{RDFS_LABEL}> ?label }} }}"
    )
    assert [row["label"]["value"] for row in rows] == ["乙"]


def test_update_keeps_escaped_quotes(virtuoso: Virtuoso, tmp_path: Path) -> None:
    graph = f"{GRAPH}escapes"
    escaped = write_nt(
        tmp_path / "escaped.nt",
        rf'<{GRAPH}a> <{RDFS_LABEL}> "\u201C\u0022两山\u0022\u201D\n\\u0022" .',
    )
    url = virtuoso.sparql
    result = kgraph("push", escaped, url, "--graph", graph, "--protocol", "update")
    assert result.returncode == 0, result.stderr
    (stored,) = labels(virtuoso, graph, f"{GRAPH}a")
    assert stored["value"] == '“"两山"”\n\\u0022'


def test_progress_line_on_a_terminal(virtuoso: Virtuoso) -> None:
    command = ["push", str(EXPORTS), virtuoso.graph_crud, "--graph", f"{GRAPH}progress"]
    batch = len(exported_lines()) // 3  # at least three batches, whatever the export's size
    controller, terminal = pty.openpty()
    try:
        process = subprocess.Popen(
            [sys.executable, "-m", "kgraph", *command, "--batch", str(batch)],
            stdout=subprocess.PIPE,
            stderr=terminal,
            text=True,
        )
        stdout, _ = process.communicate(timeout=300)
        shown = b""
        while select.select([controller], [], [], 0.5)[0]:
            shown += os.read(controller, 4096)
    finally:
        os.close(terminal)
        os.close(controller)
    assert process.returncode == 0
    assert f"\r{batch:,} triples in 1 batch".encode() in shown
    assert f"\r{2 * batch:,} triples in 2 batches".encode() in shown
    assert "pushed" in stdout


# --------------------------------------------------------------------------- no server needed


def test_not_ntriples_is_refused(tmp_path: Path) -> None:
    (tmp_path / "graph.ttl").write_text("@prefix : <urn:x#> .\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"has no graph\.nt"):
        push(tmp_path, "http://127.0.0.1:1/store")
    with pytest.raises(InputError, match="not N-Triples"):
        push(tmp_path / "graph.ttl", "http://127.0.0.1:1/store")
    with pytest.raises(InputError, match="does not exist"):
        push(tmp_path / "missing", "http://127.0.0.1:1/store")
    result = kgraph("push", tmp_path, "http://127.0.0.1:1/store")
    assert result.returncode == 1
    assert result.stderr.startswith("kgraph: error:")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["ftp://127.0.0.1/store"], "not an http"),
        (["http://127.0.0.1:1/store", "--graph", "not an iri"], "not an absolute IRI"),
        (["http://127.0.0.1:1/store", "--batch", "0"], "must be positive"),
        (["http://127.0.0.1:1/store", "--password", "x"], "--password needs --user"),
    ],
)
def test_bad_arguments(args: list[str], message: str) -> None:
    result = kgraph("push", EXPORTS, *args)
    assert result.returncode == 1
    assert message in result.stderr


def test_batches_skip_blank_lines_and_comments() -> None:
    lines = [b"# head\n", b"<urn:a> <urn:p> <urn:b> .\n", b"\n", b"  \n"] * 3 + [
        b"<urn:z> <urn:p> 1"
    ]
    assert [len(batch) for batch in read_batches(lines, 2)] == [2, 2]
    assert all(line.endswith(b"\n") for batch in read_batches(lines, 2) for line in batch)


def escaped_ntriples(text: str) -> str:
    """``text`` as an N-Triples string body, everything but plain ASCII as a UCHAR."""
    return "".join(
        char
        if " " <= char <= "~" and char not in '"\\'
        else f"\\u{ord(char):04X}"
        if ord(char) <= 0xFFFF
        else f"\\U{ord(char):08X}"
        for char in text
    )


def decode_uchars(sparql: str) -> str:
    """What the SPARQL 1.1 grammar (19.2) has a server do with UCHARs before parsing."""
    return re.sub(
        r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})",
        lambda m: chr(int(m.group(1) or m.group(2), 16)),
        sparql,
    )


@given(st.text(max_size=30))
def test_insert_data_keeps_any_literal(text: str) -> None:
    line = f'<urn:s> <urn:p> "{escaped_ntriples(text)}" .\n'.encode()
    request = insert_data([line], "urn:g").decode()
    for sparql in (request, decode_uchars(request)):
        store = ox.Store()
        store.update(sparql)
        (quad,) = store
        assert isinstance(quad.object, ox.Literal)
        assert quad.object.value == text


# --------------------------------------------------------------------------- HTTP details


class Recorder(http.server.BaseHTTPRequestHandler):
    """Records requests; asks for Basic authentication, refuses sparql-update on /form."""

    requests: ClassVar[list[tuple[str, str, str | None, bytes]]] = []
    expected = f"Basic {base64.b64encode('ann:秘密'.encode()).decode()}"

    def log_message(self, format: str, *args: object) -> None:
        pass

    def answer(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        authorization = self.headers.get("Authorization")
        self.requests.append((self.command, self.path, authorization, body))
        if self.path.startswith("/moved"):
            self.send_response(301)
            self.send_header("Location", "https://example.org/store")
        elif authorization != self.expected:
            self.send_response(401)
            self.send_header("WWW-Authenticate", 'Basic realm="store"')
        elif (
            self.path == "/form"
            and self.headers["Content-Type"] != "application/x-www-form-urlencoded"
        ):
            self.send_response(415)
        else:
            self.send_response(204)
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_HEAD = do_POST = do_PUT = answer


@pytest.fixture
def recorder() -> Iterator[str]:
    Recorder.requests = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


def test_basic_credentials_learned_before_the_first_batch(recorder: str, tmp_path: Path) -> None:
    nt = write_nt(tmp_path / "a.nt", *(f"<urn:s> <urn:p> {i} ." for i in range(5)))
    report = push(nt, f"{recorder}/store", user="ann", password="秘密", batch=2, replace=True)
    assert (report.triples, report.batches) == (5, 3)
    methods = [
        (method, authorization is not None) for method, _, authorization, _ in Recorder.requests
    ]
    assert methods == [
        ("HEAD", False),
        ("HEAD", True),
        ("PUT", True),
        ("POST", True),
        ("POST", True),
    ]
    assert all(path == "/store?default" for _, path, _, _ in Recorder.requests)


def test_update_falls_back_to_a_form_on_415(recorder: str, tmp_path: Path) -> None:
    nt = write_nt(tmp_path / "a.nt", '<urn:s> <urn:p> "两山" .')
    push(nt, f"{recorder}/form", graph="urn:g", protocol="update", user="ann", password="秘密")
    posts = [(body, auth) for method, _, auth, body in Recorder.requests if method == "POST"]
    assert len(posts) == 2
    assert posts[0][0].startswith(b"INSERT DATA { GRAPH <urn:g> {")
    assert posts[1][0].startswith(b"update=INSERT+DATA")


def test_redirects_are_errors_not_silent_gets(recorder: str, tmp_path: Path) -> None:
    nt = write_nt(tmp_path / "a.nt", '<urn:s> <urn:p> "x" .')
    with pytest.raises(PushError, match=r"to https://example\.org/store: give that URL"):
        push(nt, f"{recorder}/moved")


def test_a_build_of_nquads_alone_is_pushed_as_its_triples(recorder: str, tmp_path: Path) -> None:
    source = tmp_path / "articles"
    source.mkdir()
    (source / "a.txt").write_text("宁德市的春天\n李明同志在宁德市工作。\n", encoding="utf-8")
    out = tmp_path / "out"
    built = subprocess.run(
        [sys.executable, "-m", "kgraph", "build", source, "--out", out, "--formats", "nq", "-q"],
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert built.returncode == 0, built.stderr
    assert not (out / "graph.nt").exists()
    quads = [line for line in (out / "graph.nq").read_bytes().splitlines() if line]
    for target in (out, out / "graph.nq"):
        Recorder.requests = []
        result = kgraph("push", target, f"{recorder}/store", "--user", "ann", "--password", "秘密")
        assert result.returncode == 0, result.stderr
        posted = b"".join(body for method, _, _, body in Recorder.requests if method == "POST")
        triples = ox.parse(posted, format=ox.RdfFormat.N_TRIPLES)
        assert len(list(triples)) == len(quads)
