"""Re-run issue 16's probes of the query side against real local processes; print its table again.

Covers SPARQL ``SERVICE``/``LOAD``/update variants through ``kgraph serve``
and ``kgraph query``, the endpoint under slow clients, bad headers, deep
nesting, long chains, expensive and memory-hungry queries and a rebuild
while served, ``kgraph query`` / ``validate`` / ``push`` on hostile input and
misbehaving servers. Every server is started here on 127.0.0.1 and stopped
at the end; nothing leaves the machine.

Usage::

    ./dev bench hostile_probe          # prints a Markdown table, one row per probe

Exit status 0 when every row passes.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KGRAPH = [sys.executable, "-m", "kgraph"]
PLACES = 60


@dataclass
class Row:
    probe: str
    tried: int
    result: str
    passed: bool


def turtle(places: int) -> str:
    lines = [
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .",
        "@prefix schema: <https://schema.org/> .",
    ]
    lines += [
        f'<https://w3id.org/kgraph/id/Place/地{i}> a schema:Place ; rdfs:label "地{i}"@zh-Hans .'
        for i in range(places)
    ]
    return "\n".join(lines) + "\n"


def build(folder: Path, places: int) -> None:
    from kgraph.rdf.store import write_store

    (folder / "graph.ttl").write_text(turtle(places), encoding="utf-8")
    write_store(folder / "graph.ttl", folder / "store")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Listener:
    """Counts the connections a SERVICE or LOAD would make."""

    def __init__(self) -> None:
        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.socket.listen(16)
        self.port = self.socket.getsockname()[1]
        self.connections = 0
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.socket.accept()
            except OSError:
                return
            self.connections += 1
            conn.close()


@contextlib.contextmanager
def kgraph_serve(folder: Path, *args: str) -> Iterator[str]:
    port = free_port()
    process = subprocess.Popen(
        [*KGRAPH, "serve", str(folder), "--port", str(port), *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/sparql"
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def ask(url: str, query: str, timeout: float = 120) -> tuple[int, str]:
    request = urllib.request.Request(
        url, data=query.encode(), headers={"Content-Type": "application/sparql-query"}
    )
    request.add_header("Accept", "text/csv")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        with error:
            return error.code, error.read().decode("utf-8", "replace")
    except OSError as error:
        return 0, str(error)


def run(*args: str | Path, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([*KGRAPH, *map(str, args)], capture_output=True, input=stdin, timeout=300)


def one_clear_line(done: subprocess.CompletedProcess[bytes]) -> bool:
    lines = done.stderr.decode("utf-8", "replace").strip().splitlines()
    return done.returncode == 1 and len(lines) == 1 and lines[0].startswith("kgraph: error:")


def service_variants(port: int) -> list[str]:
    url = f"http://127.0.0.1:{port}/"
    return [
        f"SELECT ?s WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
        "PREFIX x: <urn:x:> SELECT ?s WHERE { BIND(<x:\\u0041#> AS ?z) "
        f"SERVICE <{url}> {{ ?s ?p ?o }} }}",
        f'SELECT ?s WHERE {{ BIND("\\u005C" AS ?z) SERVICE <{url}> {{ ?s ?p ?o }} }} #" ) }}',
        f"select ?s where {{ sErViCe silent <{url}> {{ ?s ?p ?o }} }}",
        f"SELECT ?s WHERE {{ VALUES ?u {{ <{url}> }} SERVICE ?u {{ ?s ?p ?o }} }}",
        f"SELECT ?s WHERE {{ ?s ?p ?o OPTIONAL {{ SERVICE <{url}> {{ ?s ?q ?r }} }} }}",
        f"SELECT ?s WHERE {{ ?s ?p ?o FILTER EXISTS {{ SERVICE <{url}> {{ ?s ?q ?r }} }} }}",
        f"SELECT * WHERE {{ {{ SELECT ?s WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }} }}",
        f"ASK {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
        f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
        f"# c\nSELECT ?s WHERE {{ ?s ?p 'x' . #}}\n SERVICE <{url}> {{ ?s ?p ?o }} }}",
        f"LOAD <{url}>",
        "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
    ]


RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n ?o }"
CHAINS = [
    "ASK { FILTER(" + "!" * 20_000 + "true) }",
    "SELECT (" + "+".join(["1"] * 20_000) + " AS ?x) {}",
    "ASK { " + " UNION ".join(["{ ?s ?p ?o }"] * 3_000) + " }",
    "SELECT * WHERE " + "{" * 5000 + " ?s ?p ?o " + "}" * 5000,
]


def probe_service(export: Path, url: str, work: Path) -> Row:
    ear = Listener()
    variants = service_variants(ear.port)
    refused_http = sum(ask(url, query)[0] in (400, 403) for query in variants)
    refused_cli = 0
    for i, query in enumerate(variants):
        file = work / f"service{i}.rq"
        file.write_text(query, encoding="utf-8")
        refused_cli += one_clear_line(run("query", export, "--file", file))
    passed = refused_http == refused_cli == len(variants) and ear.connections == 0
    result = (
        f"refused {refused_http}/{len(variants)} over HTTP, {refused_cli}/{len(variants)} by "
        f"`kgraph query`; the listener got {ear.connections} connections"
    )
    return Row(
        "SPARQL `SERVICE`/`LOAD`/update via serve and query", len(variants) * 2, result, passed
    )


def probe_expensive(url: str) -> Row:
    answers: list[int] = []
    threads = [
        threading.Thread(target=lambda: answers.append(ask(url, RUNAWAY)[0])) for _ in range(2)
    ]
    for thread in threads:
        thread.start()
    time.sleep(1)  # both hold the two workers
    cheap = [ask(url, "ASK { ?s a schema:Place }")[0] for _ in range(5)]
    running = sum(thread.is_alive() for thread in threads)
    for thread in threads:
        thread.join(120)
    passed = cheap == [200] * 5 and running == 2 and sorted(answers) == [504, 504]
    result = (
        f"5 cheap queries answered {cheap} while {running} runaway ones held both workers; "
        f"the runaways got {sorted(answers)}"
    )
    return Row("endpoint: expensive queries", 7, result, passed)


def probe_memory(url: str) -> Row:
    status, body = ask(url, RUNAWAY.replace("(COUNT(*) AS ?n)", "*") + " ORDER BY ?o ?a")
    after = ask(url, "ASK {}")[0]
    passed = status == 500 and "memory" in body and after == 200
    return Row(
        "endpoint: ORDER BY over a huge product, --memory 1024",
        1,
        f"{status}: {body.strip()[:90]}; next query {after}",
        passed,
    )


def raw(url: str, request: bytes) -> bytes:
    parts = urllib.parse.urlsplit(url)
    with socket.create_connection((parts.hostname, parts.port), timeout=60) as conn:
        conn.sendall(request)
        reply = b""
        while chunk := conn.recv(65536):
            reply += chunk
    return reply


def probe_connections(url: str) -> Row:
    parts = urllib.parse.urlsplit(url)
    held = []
    for _ in range(100):
        with contextlib.suppress(OSError):
            held.append(socket.create_connection((parts.hostname, parts.port), timeout=60))
    time.sleep(0.5)
    started = time.monotonic()
    extra = raw(url, b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: x\r\n\r\n")
    seconds = time.monotonic() - started
    for conn in held:
        conn.close()
    time.sleep(0.5)
    bad = [
        raw(
            url,
            b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
            + f"Content-Length: {length}\r\nConnection: close\r\n\r\n".encode(),
        ).split(b"\r\n", 1)[0]
        for length in ("-1", "abc")
    ]
    deep = [ask(url, chain)[0] for chain in CHAINS]
    alive = ask(url, "ASK {}")[0]
    passed = (
        extra.startswith(b"HTTP/1.1 503")
        and all(b" 400 " in line for line in bad)
        and deep == [400] * len(CHAINS)
        and alive == 200
    )
    result = (
        f"{len(held)} idle connections held, the next one got "
        f"{extra.split(b' ', 2)[1].decode() if extra else 'nothing'} in {seconds:.1f} s; "
        f"Content-Length -1/abc: {[line.decode() for line in bad]}; "
        f"5,000 braces and 3 long chains: {deep}; then {alive}"
    )
    return Row("endpoint: slow connections, bad headers, nesting, chains", 107, result, passed)


def probe_rebuild(export: Path, url: str) -> Row:
    before = {ask(url, "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }")[1] for _ in range(6)}
    build(export, PLACES + 15)
    after = [ask(url, "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }")[1].split()[-1] for _ in range(20)]
    passed = len(before) == 1 and set(after) == {str((PLACES + 15) * 2)}
    return Row(
        "rebuilding OUT while it is served",
        26,
        f"before: {len(before)} distinct count; after: counts {sorted(set(after))} over 20 queries",
        passed,
    )


def probe_query_errors(export: Path, work: Path) -> Row:
    stray = work / "notes.txt"
    stray.write_text("hello\n", encoding="utf-8")
    empty = work / "empty-dir"
    empty.mkdir()
    damaged = work / "damaged"
    shutil.copytree(export, damaged)
    for table in (damaged / "store").glob("*.sst"):
        os.truncate(table, 100)
    binary = work / "q.bin"
    binary.write_bytes(b"\x7fELF\x00" + bytes(range(256)))
    gbk = work / "gbk.rq"
    gbk.write_bytes("ASK { ?s ?p '宁德' }".encode("gbk"))
    chain = work / "chain.rq"
    chain.write_text(CHAINS[0], encoding="utf-8")
    cases = {
        "a file": run("query", stray, "ASK {}"),
        "a folder": run("query", empty, "ASK {}"),
        "a damaged store": run("query", damaged, "ASK {}"),
        "a binary --file": run("query", export, "--file", binary),
        "a GBK --file": run("query", export, "--file", gbk),
        "20,000 `!`": run("query", export, "--file", chain),
    }
    clear = [name for name, done in cases.items() if one_clear_line(done)]
    return Row(
        "`kgraph query` on a file, a folder, a corrupt store, binary/GBK `--file`, a long chain",
        len(cases),
        f"one clear line and exit 1: {len(clear)}/{len(cases)}",
        len(clear) == len(cases),
    )


def probe_validate(work: Path) -> Row:
    files = {
        "empty.ttl": b"",
        "words.ttl": "不是 RDF\n".encode(),
        "foaf.ttl": b'<http://example.org/a> <http://xmlns.com/foaf/0.1/name> "A" .\n',
    }
    reported = 0
    for name, content in files.items():
        (work / name).write_bytes(content)
        done = run("validate", work / name)
        reported += one_clear_line(done) and b"OK" not in done.stdout
    good = run("validate", ROOT / "exports" / "graph.ttl")
    passed = reported == len(files) and good.returncode == 0 and good.stdout.strip() == b"OK"
    return Row(
        "`kgraph validate` (pySHACL a runtime dependency)",
        len(files) + 1,
        f"exports/graph.ttl: {good.stdout.decode().strip() or good.stderr.decode()[:80]}; "
        f"empty, non-RDF, foreign reported: {reported}/{len(files)}",
        passed,
    )


class Misbehaving:
    """A local HTTP-ish server: HEAD gets 204, every other request ``behaviour``."""

    def __init__(self, behaviour: Callable[[socket.socket], None]) -> None:
        self.behaviour = behaviour
        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.socket.listen(8)
        self.url = f"http://127.0.0.1:{self.socket.getsockname()[1]}/store"
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.socket.accept()
            except OSError:
                return
            threading.Thread(target=self._answer, args=(conn,), daemon=True).start()

    def _answer(self, conn: socket.socket) -> None:
        with conn, contextlib.suppress(OSError):
            conn.settimeout(60)
            while True:
                data = b""
                while b"\r\n\r\n" not in data:
                    chunk = conn.recv(65536)
                    if not chunk:
                        return
                    data += chunk
                head, _, body = data.partition(b"\r\n\r\n")
                length = next(
                    (
                        int(line.split(b":", 1)[1])
                        for line in head.split(b"\r\n")
                        if line.lower().startswith(b"content-length:")
                    ),
                    0,
                )
                while len(body) < length:
                    body += conn.recv(65536)
                if head.startswith(b"HEAD"):
                    conn.sendall(b"HTTP/1.1 204 No Content\r\nContent-Length: 0\r\n\r\n")
                    continue
                self.behaviour(conn)
                return

    def close(self) -> None:
        self.socket.close()


def trickle(conn: socket.socket) -> None:
    for byte in b"HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n" + b"x" * 100_000:
        conn.sendall(bytes([byte]))
        time.sleep(0.2)


def cut(conn: socket.socket) -> None:
    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\nstored")


def huge(conn: socket.socket) -> None:
    size = 300 << 20
    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n" % size)
    block = b"x" * (1 << 20)
    for _ in range(300):
        conn.sendall(block)


PUSH_IN_A_CHILD = """
import resource, sys
from kgraph.rdf.push import push
push(sys.argv[1], sys.argv[2], timeout=120)
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)
"""


def probe_push(work: Path) -> Row:
    nt = work / "graph.nt"
    nt.write_text("".join(f'<urn:s{i}> <urn:p> "{i}" .\n' for i in range(3)), encoding="utf-8")
    servers = [Misbehaving(behaviour) for behaviour in (trickle, cut, huge)]
    try:
        started = time.monotonic()
        trickled = run("push", nt, servers[0].url, "--timeout", "3")
        seconds = time.monotonic() - started
        cut_short = run("push", nt, servers[1].url)
        child = subprocess.run(
            [sys.executable, "-c", PUSH_IN_A_CHILD, str(nt), servers[2].url],
            capture_output=True,
            text=True,
            timeout=300,
        )
    finally:
        for server in servers:
            server.close()
    peak = child.stdout.strip() or "?"
    passed = (
        one_clear_line(trickled)
        and b"within 3 s" in trickled.stderr
        and one_clear_line(cut_short)
        and b"nothing was stored" in cut_short.stderr
        and child.returncode == 0
        and peak.isdigit()
        and int(peak) < 200
    )
    result = (
        f"trickle, --timeout 3: exit {trickled.returncode} after {seconds:.0f} s; cut 200: exit "
        f"{cut_short.returncode}, {'nothing counted' if b'nothing was stored' in cut_short.stderr else 'counted'}; "
        f"300 MB body: peak {peak} MB"
    )
    return Row(
        "`kgraph push` to a server that trickles / cuts a 200 / streams 300 MB", 3, result, passed
    )


def main() -> int:
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="kgraph-probe-") as temporary:
        work = Path(temporary)
        export = work / "export"
        export.mkdir()
        build(export, PLACES)
        with kgraph_serve(export, "--workers", "2", "--timeout", "5", "--memory", "1024") as url:
            rows.append(probe_service(export, url, work))
            rows.append(probe_expensive(url))
            rows.append(probe_memory(url))
            rows.append(probe_connections(url))
            rows.append(probe_rebuild(export, url))
        rows.append(probe_query_errors(export, work))
        rows.append(probe_validate(work))
        rows.append(probe_push(work))
    print("| probe | tried | result | |")
    print("|---|---|---|---|")
    for row in rows:
        print(
            f"| {row.probe} | {row.tried} | {row.result} | {'pass' if row.passed else '**FAIL**'} |"
        )
    return 0 if all(row.passed for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
