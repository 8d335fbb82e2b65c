"""A read-only SPARQL 1.1 Protocol endpoint over a kgraph store.

``kgraph serve DIR`` answers ``/sparql`` (GET ``?query=``, POST form or
``application/sparql-query``) with SPARQL JSON, XML, CSV or TSV results,
Turtle, N-Triples, RDF/XML or JSON-LD for CONSTRUCT and DESCRIBE, chosen
from the ``Accept`` header or a ``format=`` parameter. Opened in a browser,
``/sparql`` is a query page that works offline, and ``/`` serves the graph
viewer ``DIR/graph.html``; a viewer that draws only the strongest entities
asks ``/sparql`` for the neighbourhoods of the others (``docs/rdf.md``, "The
viewer's query").

Why pyoxigraph in-process rather than Oxigraph's own server
(``oxigraph serve-read-only``): one install (the pyoxigraph wheel kgraph
already needs, no second 22 MB binary to ship and keep in step), the same
store files that :func:`kgraph.rdf.store.write_store` writes and
:func:`kgraph.open` reads, the same predeclared prefixes and error messages
as ``kgraph query``, and time and row limits of our choosing.

Why worker processes: Oxigraph cannot cancel a running query, and a
thread left behind after a timeout keeps a core busy until its query ends,
which for a cartesian product is hours. Each query therefore runs in one of
``workers`` processes, each holding the store open read-only; at the time
limit the process is killed (its query with it), the client gets 504, and a
fresh worker takes its place. A query that cannot get a worker within the
time limit gets 503: runaway queries can hold at most every worker for one
time limit each, and never slow down the HTTP threads. Workers are plain
``python -c`` processes talking over a socket pair (POSIX ``pass_fds``), so
the caller's main module is never re-imported as multiprocessing would.

Examples
--------
Serve an export folder in a background thread and stop it::

    server = make_server("exports", port=0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    ...
    server.shutdown(); server.server_close()
"""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import queue
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kgraph.errors import InputError, QueryError
from kgraph.rdf.contain import limit_memory, physical_memory
from kgraph.rdf.store import find_store, is_update, run_query
from kgraph.rdf.vocab import PREFIXES

__all__ = [
    "QueryWorkers",
    "Reply",
    "SparqlServer",
    "answer",
    "example_queries",
    "make_server",
    "negotiate",
    "query_page",
    "serve",
]

#: Result media types for SELECT and ASK, by the names clients use.
RESULT_TYPES = {
    "application/sparql-results+json": "application/sparql-results+json",
    "application/json": "application/sparql-results+json",
    "application/sparql-results+xml": "application/sparql-results+xml",
    "application/xml": "application/sparql-results+xml",
    "text/xml": "application/sparql-results+xml",
    "text/csv": "text/csv",
    "text/tab-separated-values": "text/tab-separated-values",
}
#: Graph media types for CONSTRUCT and DESCRIBE.
GRAPH_TYPES = {
    "text/turtle": "text/turtle",
    "application/turtle": "text/turtle",
    "application/x-turtle": "text/turtle",
    "application/n-triples": "application/n-triples",
    "text/plain": "application/n-triples",
    "application/rdf+xml": "application/rdf+xml",
    "application/ld+json": "application/ld+json",
}
#: Values of the ``format``/``output`` parameters: (result type, graph type).
FORMAT_NAMES = {
    "json": ("application/sparql-results+json", "application/ld+json"),
    "xml": ("application/sparql-results+xml", "application/rdf+xml"),
    "csv": ("text/csv", None),
    "tsv": ("text/tab-separated-values", None),
    "turtle": (None, "text/turtle"),
    "ttl": (None, "text/turtle"),
    "n3": (None, "text/turtle"),
    "nt": (None, "application/n-triples"),
    "ntriples": (None, "application/n-triples"),
    "n-triples": (None, "application/n-triples"),
    "rdfxml": (None, "application/rdf+xml"),
    "rdf+xml": (None, "application/rdf+xml"),
    "json-ld": (None, "application/ld+json"),
    "jsonld": (None, "application/ld+json"),
}
_DEFAULT_RESULTS = "application/sparql-results+json"
_DEFAULT_GRAPH = "text/turtle"
_MAX_BODY = 1 << 20
# Address space a worker needs to open a store and answer small queries.
_MIN_MEMORY = 1 << 30
# Seconds a connection may stay silent while its request is read.
_SOCKET_TIMEOUT = 30
_TEXT = "text/plain; charset=utf-8"
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


@dataclass(frozen=True)
class Reply:
    """An HTTP answer: status, media type, body and extra headers."""

    status: int
    content_type: str
    body: bytes
    headers: tuple[tuple[str, str], ...] = field(default=())

    @classmethod
    def text(cls, status: int, message: str, *headers: tuple[str, str]) -> Reply:
        """A plain-text answer, such as an error message."""
        return cls(status, _TEXT, (message.rstrip("\n") + "\n").encode("utf-8"), headers)


# --------------------------------------------------------------------------- answering


def negotiate(accept: str, formats: list[str]) -> tuple[str, str]:
    """Choose the result and graph media types for a request.

    ``formats`` (``format=``/``output=`` parameters) win over ``accept``.

    >>> negotiate("text/csv;q=0.5, application/sparql-results+xml", [])
    ('application/sparql-results+xml', 'text/turtle')
    >>> negotiate("*/*", ["tsv", "text/tab-separated-values"])
    ('text/tab-separated-values', 'text/turtle')
    """
    results: str | None = None
    graph: str | None = None
    for name in formats:
        name = name.strip().lower()
        named = FORMAT_NAMES.get(name, (RESULT_TYPES.get(name), GRAPH_TYPES.get(name)))
        results = results or named[0]
        graph = graph or named[1]
    for media_type in _accepted(accept):
        results = results or RESULT_TYPES.get(media_type)
        graph = graph or GRAPH_TYPES.get(media_type)
    return results or _DEFAULT_RESULTS, graph or _DEFAULT_GRAPH


def _accepted(accept: str) -> list[str]:
    """Media types of an Accept header, most wanted first."""
    ranked = []
    for position, item in enumerate(accept.split(",")):
        media_type, *params = (part.strip() for part in item.split(";"))
        quality = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if media_type and quality > 0:
            ranked.append((-quality, position, media_type.lower()))
    return [media_type for _, _, media_type in sorted(ranked)]


def _wants_html(accept: str) -> bool:
    ranked = _accepted(accept)
    return bool(ranked) and ranked[0] in ("text/html", "application/xhtml+xml")


def answer(store: ox.Store, query: str, results_type: str, graph_type: str, max_rows: int) -> Reply:
    """Run ``query`` on a pyoxigraph ``store`` and serialize the answer.

    Rows (or triples) beyond ``max_rows`` are dropped and the header
    ``X-SPARQL-MaxRows`` says so, as Virtuoso does.
    """
    try:
        result = run_query(store, query)
        if isinstance(result, ox.QueryBoolean):
            results_format = ox.QueryResultsFormat.from_media_type(results_type)
            body = result.serialize(format=results_format) or b""
            return Reply(200, _with_charset(results_type), body)
        if isinstance(result, ox.QueryTriples):
            triples = list(itertools.islice(result, max_rows + 1))
            truncated = len(triples) > max_rows
            rdf_format = ox.RdfFormat.from_media_type(graph_type)
            assert rdf_format is not None
            body = ox.serialize(triples[:max_rows], format=rdf_format, prefixes=PREFIXES) or b""
            return Reply(200, _with_charset(graph_type), body, _truncation(truncated, max_rows))
        names = [variable.value for variable in result.variables]
        rows = list(itertools.islice(result, max_rows + 1))
        truncated = len(rows) > max_rows
        body = _results_json(names, rows[:max_rows])
        results_format = ox.QueryResultsFormat.from_media_type(results_type)
        if results_format != ox.QueryResultsFormat.JSON:
            parsed = ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)
            assert isinstance(parsed, ox.QuerySolutions)
            body = parsed.serialize(format=results_format) or b""
        return Reply(200, _with_charset(results_type), body, _truncation(truncated, max_rows))
    except QueryError as error:
        return Reply.text(400, str(error))
    except (OSError, ValueError, SyntaxError) as error:
        return Reply.text(500, f"the query failed: {error}")


def _with_charset(media_type: str) -> str:
    return f"{media_type}; charset=utf-8"


def _truncation(truncated: bool, max_rows: int) -> tuple[tuple[str, str], ...]:
    return (("X-SPARQL-MaxRows", str(max_rows)),) if truncated else ()


def _results_json(names: list[str], rows: list[Any]) -> bytes:
    """SPARQL 1.1 JSON results for pyoxigraph solutions."""
    bindings = []
    for row in rows:
        binding = {}
        for name in names:
            term = row[name]
            if term is not None:
                binding[name] = _term_json(term)
        bindings.append(binding)
    document = {"head": {"vars": names}, "results": {"bindings": bindings}}
    return json.dumps(document, ensure_ascii=False).encode("utf-8")


def _term_json(term: Any) -> dict[str, Any]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out: dict[str, Any] = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != _XSD_STRING:
            out["datatype"] = term.datatype.value
        return out
    parts = ("subject", "predicate", "object")
    return {"type": "triple", "value": {p: _term_json(getattr(term, p)) for p in parts}}


# --------------------------------------------------------------------------- workers


def _worker_main(fd: int, store_dir: str, memory: int = 0) -> None:
    """Loop of a worker process: open the store read-only, answer requests.

    ``fd`` is the worker's end of a socket pair to the server; ``memory``
    caps the process's address space (0: no cap). Each answer is sent as
    ``(reply, alive)``: a worker that ran out of memory answers and exits.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the server's to handle
    os.environ["RUST_BACKTRACE"] = "0"  # an allocation failure prints one line
    conn = Connection(fd)
    try:
        limit_memory(memory or None)
        store = ox.Store.read_only(store_dir)
    except (OSError, RuntimeError, ValueError) as error:
        conn.send(("error", str(error)))
        return
    conn.send(("ready", ""))
    while True:
        try:
            request = conn.recv()
        except (EOFError, OSError):
            return  # the server went away
        if request is None:
            return
        try:
            conn.send((answer(store, *request), True))
        except MemoryError:
            conn.send((Reply.text(500, _out_of_memory(memory)), False))
            return


def _out_of_memory(memory: int) -> str:
    return (
        f"the query needed more than the {memory >> 20:,} MB of memory a query may use and was "
        "stopped: add LIMIT or narrow its patterns"
    )


# Run with ``python -c``, not multiprocessing: spawning re-imports the caller's
# main module, which breaks callers without an ``if __name__ == "__main__"`` guard.
_WORKER_COMMAND = (
    "import sys; from kgraph.rdf.serve import _worker_main; "
    "_worker_main(int(sys.argv[1]), sys.argv[2], int(sys.argv[3]))"
)


@dataclass(eq=False)
class _Worker:
    process: subprocess.Popen[bytes]
    conn: Connection
    generation: _Generation
    reserve: bool


@dataclass(eq=False)
class _Generation:
    """Workers that all opened one store: the folder a build wrote, known by its inode."""

    store_dir: Path
    identity: tuple[int, int]
    idle: queue.SimpleQueue[_Worker] = field(default_factory=queue.SimpleQueue)
    reserve: queue.SimpleQueue[_Worker] = field(default_factory=queue.SimpleQueue)
    retired: bool = False


def _identity(store_dir: Path) -> tuple[int, int]:
    """Device and inode of a store folder: a rebuild swaps in a new folder, hence a new inode."""
    status = os.stat(store_dir)
    return status.st_dev, status.st_ino


class QueryWorkers:
    """Worker processes that run queries, each killed if it overruns the time limit.

    ``workers`` processes run queries of any length; one more, the reserve,
    takes a query only while all of them are busy, and only for ``fast``
    seconds: a query that needs longer there is stopped and waits for a
    regular worker instead. Cheap queries are so answered while expensive
    ones hold every regular worker.

    Before each query the store's folder is looked up again (``locate``); when
    a rebuild has swapped in a new one, a new set of workers opens it, and
    later queries all go to them while the old set finishes what it runs:
    every answer comes from one build, never from a mix.

    Parameters
    ----------
    store_dir : Path
        An Oxigraph store folder, opened read-only by every worker.
    workers : int
        How many queries may run at once (plus the reserve, for fast ones).
    timeout : float
        Seconds a query may run, and may wait for a free worker.
    max_rows : int
        Rows (or triples) returned at most.
    memory : int, optional
        Bytes of address space each worker may use; ``None`` for no limit.
    fast : float
        Seconds a query may run on the reserve worker.
    locate : callable, optional
        Returns the current store folder (by default ``store_dir`` itself).
    """

    def __init__(
        self,
        store_dir: Path,
        *,
        workers: int,
        timeout: float,
        max_rows: int,
        memory: int | None = None,
        fast: float = 1.0,
        locate: Callable[[], Path] | None = None,
    ) -> None:
        self.timeout = timeout
        self.max_rows = max_rows
        self.size = workers
        self.memory = memory
        self.fast = min(fast, timeout)
        self._locate = locate or (lambda: store_dir)
        self._live: set[_Worker] = set()
        self._lock = threading.Lock()
        self._switching = threading.Lock()
        self._closed = False
        self._generation = self._open(store_dir)

    @property
    def store_dir(self) -> Path:
        """The store folder the current workers opened."""
        return self._generation.store_dir

    def live(self) -> list[_Worker]:
        """Every worker process running, of every generation."""
        with self._lock:
            return list(self._live)

    def _open(self, store_dir: Path) -> _Generation:
        """Start a full set of workers on ``store_dir`` and wait until each has opened it."""
        generation = _Generation(store_dir, _identity(store_dir))
        starting = [self._start(generation, reserve=i == self.size) for i in range(self.size + 1)]
        try:
            for worker in starting:
                self._await_ready(worker)
                (generation.reserve if worker.reserve else generation.idle).put(worker)
        except BaseException:
            generation.retired = True
            for worker in starting:
                self._stop(worker)
            raise
        return generation

    def _current(self) -> _Generation:
        """The generation to answer from, after a rebuild a fresh one."""
        generation = self._generation
        try:
            store_dir = self._locate()
            changed = store_dir != generation.store_dir or _identity(store_dir) != (
                generation.identity
            )
        except (InputError, OSError):
            return generation  # mid-swap, or the folder is gone: keep the store we have
        if not changed:
            return generation
        with self._switching:  # one thread opens the new build; the others wait for it
            if self._generation is not generation:
                return self._generation
            try:
                fresh = self._open(store_dir)
            except (InputError, OSError):
                return generation
            with self._lock:
                if self._closed:
                    fresh.retired = True
                self._generation = fresh
            generation.retired = True
            for pool in (generation.idle, generation.reserve):
                while True:
                    try:
                        self._stop(pool.get_nowait())
                    except queue.Empty:
                        break
            if fresh.retired:
                self._retire(fresh)
            return fresh

    def _start(self, generation: _Generation, reserve: bool) -> _Worker:
        ours, theirs = socket.socketpair()
        package_root = str(Path(__file__).resolve().parents[2])
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [package_root, env.get("PYTHONPATH")]))
        command = [
            sys.executable,
            "-c",
            _WORKER_COMMAND,
            str(theirs.fileno()),
            str(generation.store_dir),
            str(self.memory or 0),
        ]
        with ours, theirs:
            process = subprocess.Popen(
                command, pass_fds=[theirs.fileno()], stdin=subprocess.DEVNULL, env=env
            )
            worker = _Worker(process, Connection(os.dup(ours.fileno())), generation, reserve)
        with self._lock:
            self._live.add(worker)
        return worker

    def _await_ready(self, worker: _Worker) -> None:
        store_dir = worker.generation.store_dir
        try:
            if not worker.conn.poll(60):
                raise InputError(f"a query worker did not open the store at {store_dir} in 60 s")
            status, message = worker.conn.recv()
        except (EOFError, OSError):  # the worker exited, or the pool closed it meanwhile
            status, message = "error", "the worker exited"
        if status != "ready":
            raise InputError(f"cannot open the store at {store_dir}: {message}")

    def run(self, query: str, results_type: str, graph_type: str) -> Reply:
        """Answer one query in a worker, within the time limit."""
        request = (query, results_type, graph_type, self.max_rows)
        worker = self._take(reserve=False, wait=0)
        if worker is None:
            # every regular worker is busy: the reserve, for a query that finishes fast
            reserve = self._take(reserve=True, wait=self.fast)
            if reserve is not None:
                reply = self._ask(reserve, request, self.fast)
                if reply is not None:
                    return reply
            worker = self._take(reserve=False, wait=self.timeout)
        if worker is None:
            return Reply.text(
                503,
                f"all {self.size} query workers stayed busy for {self.timeout:g} s; try again",
                ("Retry-After", str(max(1, round(self.timeout)))),
            )
        reply = self._ask(worker, request, self.timeout)
        if reply is None:
            return Reply.text(
                504,
                f"the query ran longer than the {self.timeout:g} s time limit and was stopped: "
                "narrow its patterns or add LIMIT",
            )
        return reply

    def _take(self, *, reserve: bool, wait: float) -> _Worker | None:
        """An idle worker of the current generation, waiting up to ``wait`` seconds."""
        deadline = time.monotonic() + wait
        while True:
            generation = self._current()
            pool = generation.reserve if reserve else generation.idle
            left = deadline - time.monotonic()
            try:
                # in slices: after a rebuild, wait on the new generation's workers instead
                return pool.get(timeout=min(left, 0.5)) if left > 0 else pool.get_nowait()
            except queue.Empty:
                if left <= 0:
                    return None

    def _ask(self, worker: _Worker, request: tuple[Any, ...], limit: float) -> Reply | None:
        """The worker's answer within ``limit`` seconds, or ``None`` (the worker is replaced)."""
        try:
            worker.conn.send(request)
            if worker.conn.poll(limit):
                reply, alive = worker.conn.recv()
                self._give_back(worker) if alive else self._replace(worker)
                assert isinstance(reply, Reply)
                return reply
        except (EOFError, OSError):
            self._replace(worker)
            return Reply.text(500, self._crash_message(worker))
        self._replace(worker)
        return None

    def _crash_message(self, worker: _Worker) -> str:
        with contextlib.suppress(subprocess.TimeoutExpired):
            worker.process.wait(5)
        code = worker.process.returncode
        if self.memory is not None and code == -signal.SIGABRT:  # Rust aborts when malloc fails
            return _out_of_memory(self.memory)
        return f"the query worker crashed (exit status {code}) on this query; simplify it"

    def _give_back(self, worker: _Worker) -> None:
        generation = worker.generation
        if generation.retired:
            self._stop(worker)
        else:
            (generation.reserve if worker.reserve else generation.idle).put(worker)

    def _replace(self, worker: _Worker) -> None:
        """Kill a worker (and its query); start a fresh one in the background."""
        self._stop(worker)
        with self._lock:
            if self._closed or worker.generation.retired:
                return
        threading.Thread(
            target=self._respawn, args=(worker,), name="kgraph-respawn", daemon=True
        ).start()

    def _respawn(self, dead: _Worker) -> None:
        worker = self._start(dead.generation, dead.reserve)
        try:
            self._await_ready(worker)
        except InputError:
            self._stop(worker)
            return
        with self._lock:
            closed = self._closed
        if closed:
            self._stop(worker)
        else:
            self._give_back(worker)

    def _stop(self, worker: _Worker) -> None:
        worker.process.kill()
        with contextlib.suppress(subprocess.TimeoutExpired):
            worker.process.wait(5)
        worker.conn.close()
        with self._lock:
            self._live.discard(worker)

    def _retire(self, generation: _Generation) -> None:
        generation.retired = True
        for worker in self.live():
            if worker.generation is generation:
                self._stop(worker)

    def close(self) -> None:
        """Stop every worker."""
        with self._lock:
            self._closed = True
            workers = list(self._live)
            self._generation.retired = True
        for worker in workers:
            self._stop(worker)


# --------------------------------------------------------------------------- HTTP


class SparqlServer(ThreadingHTTPServer):
    """A threaded HTTP server answering SPARQL queries with :class:`QueryWorkers`.

    At most ``max_connections`` connections are served at once, each by its
    own thread; one more is answered 503 at once and closed, without reading
    it, so slow or idle clients cannot pile up threads.
    """

    daemon_threads = True
    request_queue_size = 64  # the kernel's backlog of connections not yet accepted

    def __init__(
        self,
        address: tuple[str, int],
        workers: QueryWorkers,
        site: Path,
        quiet: bool = False,
        max_connections: int = 64,
    ) -> None:
        self.workers = workers  # set first: a failed bind calls server_close()
        self.site = site
        self.quiet = quiet
        self.max_connections = max_connections
        self._connections = threading.BoundedSemaphore(max_connections)
        super().__init__(address, _Handler)

    def process_request(self, request: Any, client_address: Any) -> None:
        if not self._connections.acquire(blocking=False):
            self._turn_away(request)
            return
        try:
            super().process_request(request, client_address)
        except BaseException:
            self._connections.release()
            raise

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self._connections.release()

    def _turn_away(self, request: socket.socket) -> None:
        """Answer 503 to a connection over the limit without reading its request."""
        body = (
            f"the server is serving {self.max_connections} connections, its limit; "
            "try again in a moment\n"
        ).encode()
        head = (
            "HTTP/1.1 503 Service Unavailable\r\n"
            f"Content-Type: {_TEXT}\r\nContent-Length: {len(body)}\r\n"
            "Retry-After: 1\r\nConnection: close\r\n\r\n"
        ).encode()
        with contextlib.suppress(OSError):
            request.settimeout(1)
            request.sendall(head + body)
        self.shutdown_request(request)

    @property
    def url(self) -> str:
        """Address of the SPARQL endpoint."""
        host, port = self.server_address[:2]
        host = host.decode() if isinstance(host, bytes) else host
        return f"http://{host}:{port}/sparql"

    def server_close(self) -> None:
        super().server_close()
        self.workers.close()


class _Handler(BaseHTTPRequestHandler):
    server: SparqlServer
    server_version = "kgraph-sparql/0.1"
    timeout = _SOCKET_TIMEOUT  # a client that stops sending is dropped

    def log_message(self, format: str, *args: Any) -> None:
        if not self.server.quiet:
            super().log_message(format, *args)

    def do_GET(self) -> None:
        url = urllib.parse.urlsplit(self.path)
        params = urllib.parse.parse_qs(url.query, keep_blank_values=True)
        if url.path == "/sparql":
            self._sparql(params)
        elif url.path in ("/", "/index.html"):
            self._home()
        else:
            self._static(url.path)

    def do_POST(self) -> None:
        url = urllib.parse.urlsplit(self.path)
        if url.path != "/sparql":
            self._send(Reply.text(404, f"nothing at {url.path}: POST queries to /sparql"))
            return
        params = urllib.parse.parse_qs(url.query, keep_blank_values=True)
        declared = (self.headers.get("Content-Length") or "0").strip()
        if not declared.isdigit():
            self._send(
                Reply.text(400, f"invalid Content-Length {declared[:40]!r}: send a byte count")
            )
            return
        length = int(declared)
        if length > _MAX_BODY:
            self._send(Reply.text(413, f"the request is over {_MAX_BODY} bytes"))
            return
        body = self.rfile.read(length).decode("utf-8", errors="replace")
        content_type = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if content_type == "application/x-www-form-urlencoded":
            for name, values in urllib.parse.parse_qs(body, keep_blank_values=True).items():
                params.setdefault(name, []).extend(values)
        elif content_type == "application/sparql-query":
            params["query"] = [body]
        elif content_type == "application/sparql-update":
            params["update"] = [body]
        else:
            self._send(
                Reply.text(
                    415,
                    "send the query as application/sparql-query "
                    "or application/x-www-form-urlencoded (query=…)",
                )
            )
            return
        self._sparql(params)

    def _sparql(self, params: dict[str, list[str]]) -> None:
        accept = self.headers.get("Accept") or "*/*"
        if "update" in params:
            self._send(_READ_ONLY)
            return
        queries = params.get("query", [])
        if not queries:
            if _wants_html(accept) or accept.startswith("*/*"):
                self._send(Reply(200, "text/html; charset=utf-8", query_page().encode("utf-8")))
            else:
                self._send(Reply.text(400, "no query: GET /sparql?query=SELECT… or POST it"))
            return
        if len(queries) > 1:
            self._send(Reply.text(400, "give one query parameter, not several"))
            return
        query = queries[0]
        if is_update(query):
            self._send(_READ_ONLY)
            return
        formats = params.get("format", []) + params.get("output", [])
        if _wants_html(accept) and not formats:  # a browser following a link: the page runs it
            self._send(Reply(200, "text/html; charset=utf-8", query_page().encode("utf-8")))
            return
        results_type, graph_type = negotiate(accept, formats)
        self._send(self.server.workers.run(query, results_type, graph_type))

    def _home(self) -> None:
        viewer = self.server.site / "graph.html"
        if viewer.is_file():
            self._send_file("text/html; charset=utf-8", viewer)
        else:
            index = resources.files(__package__).joinpath("index.html").read_bytes()
            self._send(Reply(200, "text/html; charset=utf-8", index))

    def _static(self, path: str) -> None:
        import mimetypes

        name = urllib.parse.unquote(path.lstrip("/"))
        target = self.server.site / name
        if not re.fullmatch(r"[\w\-][\w\-. ]*", name) or not target.is_file():
            self._send(Reply.text(404, f"nothing at {path}: the query page is /sparql"))
            return
        media_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
        if media_type.startswith("text/") or media_type.endswith(("json", "javascript")):
            media_type = _with_charset(media_type)
        self._send_file(media_type, target)

    def _send_file(self, media_type: str, path: Path) -> None:
        """Stream a file in chunks: an export can be larger than memory."""
        import shutil

        try:
            handle = path.open("rb")
        except OSError:
            self._send(Reply.text(404, f"nothing at /{path.name}: the query page is /sparql"))
            return
        with handle:
            self.send_response(200)
            self.send_header("Content-Type", media_type)
            self.send_header("Content-Length", str(os.fstat(handle.fileno()).st_size))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            shutil.copyfileobj(handle, self.wfile, 1 << 20)

    def _send(self, reply: Reply) -> None:
        self.send_response(reply.status)
        self.send_header("Content-Type", reply.content_type)
        self.send_header("Content-Length", str(len(reply.body)))
        self.send_header("Cache-Control", "no-store")
        for name, value in reply.headers:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(reply.body)


_READ_ONLY = Reply.text(
    403,
    "SPARQL updates are refused: this endpoint is read-only; "
    "rebuild the export with `kgraph build` to change the data",
)


def make_server(
    folder: str | os.PathLike[str],
    *,
    host: str = "127.0.0.1",
    port: int = 7878,
    timeout: float = 10.0,
    max_rows: int = 10_000,
    workers: int | None = None,
    memory: int | None = None,
    max_connections: int = 64,
    quiet: bool = False,
) -> SparqlServer:
    """Open the store of ``folder`` and bind a SPARQL server (not yet serving).

    Parameters
    ----------
    folder : path
        An export folder (with ``store/`` and maybe ``graph.html``) or a store.
    host, port : str, int
        Where to listen; port 0 picks a free port (see ``server.url``).
    timeout : float
        Seconds a query may run before it is stopped (504).
    max_rows : int
        Most rows or triples in an answer.
    workers : int, optional
        Queries run at once; by default the number of cores, at least 2. One
        more worker, the reserve, answers queries that finish within a second
        while all of these are busy.
    memory : int, optional
        Bytes of memory (address space) each worker may use; by default the
        machine's memory shared among the workers and the server, at most
        4 GB. A query that needs more is stopped with a 500 saying so.
    max_connections : int
        Connections served at once; more are answered 503 at once.

    Raises
    ------
    InputError
        If ``folder`` holds no store.
    """
    if not 0 <= port <= 65535:
        raise InputError(f"invalid port {port}: give a number from 0 to 65535 (0 = any free port)")
    site = Path(folder)
    store_dir = find_store(site)
    count = workers if workers is not None else max(2, os.cpu_count() or 2)
    if memory is None:
        memory = max(_MIN_MEMORY, min(4 << 30, physical_memory() // (count + 2)))
    if memory < _MIN_MEMORY:
        raise InputError(f"give each worker at least {_MIN_MEMORY >> 20} MB of memory")
    pool = QueryWorkers(
        store_dir,
        workers=count,
        timeout=timeout,
        max_rows=max_rows,
        memory=memory,
        locate=lambda: find_store(site),
    )
    try:
        return SparqlServer((host, port), pool, site, quiet=quiet, max_connections=max_connections)
    except (OSError, OverflowError, UnicodeError) as error:
        pool.close()
        in_use = isinstance(error, OSError) and not isinstance(error, socket.gaierror)
        what = "another --port" if in_use else "a valid --host"
        raise InputError(f"cannot listen on {host}:{port} ({error}): choose {what}") from error


def serve(folder: str | os.PathLike[str], **options: Any) -> None:
    """Serve ``folder`` until interrupted; ``options`` are those of :func:`make_server`."""
    server = make_server(folder, **options)
    print(f"kgraph: SPARQL endpoint at {server.url}  (query page: open it in a browser)")
    print(f"kgraph: graph viewer at {server.url.removesuffix('sparql')}; Ctrl-C stops")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


def example_queries() -> dict[str, str]:
    """The example queries shipped in ``queries/*.rq`` (``docs/queries``), by their first comment.

    >>> examples = example_queries()
    >>> len(examples) >= 10 and all(q.lstrip().startswith("#") for q in examples.values())
    True
    """
    folder = resources.files(__package__).joinpath("queries")
    queries = sorted((entry.name, entry.read_text(encoding="utf-8")) for entry in folder.iterdir())
    return {
        text.split("\n", 1)[0].lstrip("# ").strip(): text
        for name, text in queries
        if name.endswith(".rq")
    }


def query_page() -> str:
    """The query page: ``query.html`` with ``query.js``, the examples and the prefixes inlined."""
    package = resources.files(__package__)
    script = package.joinpath("query.js").read_text(encoding="utf-8")
    script = script.replace(
        "EXAMPLES_HERE", json.dumps(example_queries(), ensure_ascii=False).replace("</", "<\\/")
    ).replace("PREFIX_MAP_HERE", json.dumps(PREFIXES).replace("</", "<\\/"))
    page = package.joinpath("query.html").read_text(encoding="utf-8")
    return page.replace("/* query.js */", script).replace(
        "PREFIXES_HERE", " ".join(f"{p}:" for p in PREFIXES)
    )
