"""Push a build's N-Triples into an external SPARQL store, in batches over HTTP.

``kgraph push DIR URL`` reads ``DIR/graph.nt`` line by line and sends every
``batch`` triples as one HTTP request, so memory is bounded by two batches
(the one being sent and the one read ahead) whatever the size of the file.
Two protocols:

``gsp``
    SPARQL 1.1 Graph Store HTTP Protocol: POST ``application/n-triples`` to
    ``URL?graph=IRI`` (``URL?default`` without a graph). With ``replace`` the
    first batch is a PUT, which replaces what the graph held.
``update``
    SPARQL 1.1 Update: POST ``INSERT DATA { GRAPH <IRI> { ... } }`` as
    ``application/sparql-update`` (as a form field ``update=`` if the server
    answers 415). With ``replace``, ``CLEAR SILENT GRAPH <IRI>`` goes first.

Where the endpoints are: Oxigraph ``/store`` (gsp) and ``/update``; Fuseki
``/ds/data`` and ``/ds/update``; Virtuoso ``/sparql-graph-crud`` and
``/sparql`` (anonymous, once its SPARQL user may update) or
``/sparql-graph-crud-auth`` and ``/sparql-auth`` (Digest authentication).

Each batch is its own request, hence its own transaction on the server: a
failed push leaves the batches before it in the store, and the error says how
many triples they held. For the same reason blank nodes, whose labels mean
something only within one request, are refused when the file takes more than
one batch (kgraph's builds have none).

Credentials are sent as HTTP Basic or Digest authentication, whichever the
server asks for. A HEAD request before the first batch learns the server's
challenge, so that no batch is sent twice, or sent without credentials to a
server that would close the connection halfway through it.

Examples
--------
Push a build into a graph of an Oxigraph server (``oxigraph serve``)::

    report = push("exports", "http://127.0.0.1:7878/store",
                  graph="https://example.org/kgraph", replace=True)
    print(report.triples, report.triples_per_second)

Notes
-----
Time is linear in the size of the file; memory is proportional to ``batch``.
"""

from __future__ import annotations

import base64
import contextlib
import html
import http.client
import os
import re
import socket
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from email.message import Message
from pathlib import Path

from kgraph.errors import InputError, PushError

__all__ = [
    "DEFAULT_BATCH",
    "PROTOCOLS",
    "PushReport",
    "graph_store_url",
    "insert_data",
    "ntriples_file",
    "push",
    "read_batches",
    "triple_lines",
]

#: The ways of writing into a store: Graph Store Protocol, SPARQL Update.
PROTOCOLS = ("gsp", "update")

#: Triples per request, by protocol. 50,000 of kgraph's triples are about 8 MB;
#: Virtuoso 7.2's SPARQL parser runs out of stack on an INSERT DATA of 5,000.
DEFAULT_BATCH = {"gsp": 50_000, "update": 2_000}

_NTRIPLES = "application/n-triples"
_SPARQL_UPDATE = "application/sparql-update"
_FORM = "application/x-www-form-urlencoded"
_IRI_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
_NOT_IN_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\]')
# An escape sequence (a UCHAR's hex digits captured), and a "u" or "U" right after it.
_ESCAPE = re.compile(rb"\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|.)([uU]?)")
# Characters SPARQL would decode from a UCHAR before parsing, breaking the string they are in.
_ECHAR = {0x22: b'\\"', 0x5C: b"\\\\", 0x0A: b"\\n", 0x0D: b"\\r"}
_SERVER_MESSAGE_CHARS = 400
# A success's body is read (and dropped) up to this size; the rest is never read.
_MAX_REPLY = 1 << 20
_CHUNK = 64 * 1024


@dataclass(frozen=True)
class PushReport:
    """What a push sent."""

    #: Triples sent: the non-blank, non-comment lines of the file.
    triples: int
    #: Requests that carried triples.
    batches: int
    #: Wall time from the first request to the last answer.
    seconds: float

    @property
    def triples_per_second(self) -> float:
        """Throughput over the whole push."""
        return self.triples / self.seconds if self.seconds > 0 else 0.0


def ntriples_file(path: str | os.PathLike[str]) -> Path:
    """The file to push: ``graph.nt`` (else ``graph.nq``) in a build folder, or an ``.nt``/``.nq`` file.

    Of an N-Quads file (a large build's default), the triples are pushed
    without their graph names (:func:`triple_lines`).
    """
    given = Path(path)
    if given.is_dir():
        for name in ("graph.nt", "graph.nq"):
            if (given / name).is_file():
                return given / name
        raise InputError(
            f"{given} has no graph.nt or graph.nq: give a folder written by `kgraph build`, "
            "or an .nt or .nq file"
        )
    if not given.is_file():
        raise InputError(f"{given} does not exist: give a build folder or an .nt or .nq file")
    if given.suffix.lower() not in (".nt", ".ntriples", ".nq"):
        raise InputError(
            f"{given} is not N-Triples or N-Quads (.nt, .nq): push the graph.nt or graph.nq "
            "that `kgraph build` writes"
        )
    return given


def triple_lines(lines: Iterable[bytes]) -> Iterator[bytes]:
    """N-Quads lines as kgraph writes them, each without its graph name.

    >>> list(triple_lines([b"<urn:s> <urn:p> <urn:o> <urn:g> .\\n"]))
    [b'<urn:s> <urn:p> <urn:o> .\\n']
    """
    for line in lines:
        end = line.rstrip()
        if end.endswith(b"> ."):  # a quad: the last term is its graph
            yield end[: end.rfind(b" <", 0, len(end) - 2)] + b" .\n"
        else:
            yield line  # blank or a comment


def read_batches(lines: Iterable[bytes], size: int) -> Iterator[list[bytes]]:
    """Group N-Triples lines into lists of at most ``size`` triples.

    Blank lines and comment lines are dropped, and every line kept ends in a
    newline, so that a batch can be joined into a request body as it is.

    >>> nt = [b"<urn:s> <urn:p> <urn:o> .\\n", b"\\n", b"# note\\n", b'<urn:s> <urn:p> "x" .']
    >>> list(read_batches(nt, 1))
    [[b'<urn:s> <urn:p> <urn:o> .\\n'], [b'<urn:s> <urn:p> "x" .\\n']]
    """
    batch: list[bytes] = []
    for line in lines:
        stripped = line.strip()
        if not stripped or stripped.startswith(b"#"):
            continue
        batch.append(line if line.endswith(b"\n") else line + b"\n")
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def graph_store_url(url: str, graph: str | None) -> str:
    """The Graph Store Protocol address of ``graph`` (the default graph if ``None``).

    >>> graph_store_url("http://127.0.0.1:7878/store", "https://example.org/图")
    'http://127.0.0.1:7878/store?graph=https%3A%2F%2Fexample.org%2F%E5%9B%BE'
    >>> graph_store_url("http://localhost:3030/ds/data?x=1", None)
    'http://localhost:3030/ds/data?x=1&default'
    """
    target = f"graph={urllib.parse.quote(graph, safe='')}" if graph is not None else "default"
    return f"{url}{'&' if '?' in url else '?'}{target}"


def insert_data(lines: Iterable[bytes], graph: str | None) -> bytes:
    r"""A SPARQL 1.1 ``INSERT DATA`` request holding N-Triples ``lines``.

    N-Triples lines are valid SPARQL triples, except that SPARQL decodes
    ``\uXXXX`` escapes before parsing: escapes of a quote, a backslash or a
    line break are rewritten as the escapes SPARQL keeps inside strings, and
    a ``u`` right after an escaped backslash as ``\u0075``.

    >>> line = '<urn:s> <urn:p> "\\u0022图\\u0022" .\n'.encode()
    >>> print(insert_data([line], "urn:g").decode(), end="")
    INSERT DATA { GRAPH <urn:g> {
    <urn:s> <urn:p> "\"图\"" .
    } }
    """
    head = f"INSERT DATA {{ GRAPH <{graph}> {{\n" if graph is not None else "INSERT DATA {\n"
    tail = b"} }\n" if graph is not None else b"}\n"
    return head.encode() + b"".join(map(_sparql_escapes, lines)) + tail


def _sparql_escapes(line: bytes) -> bytes:
    if b"\\u" not in line and b"\\U" not in line:
        return line

    def rewrite(escape: re.Match[bytes]) -> bytes:
        digits = escape.group(1) or escape.group(2)
        after = escape.group(3)
        kept = escape.group(0)[: len(escape.group(0)) - len(after)]
        written = _ECHAR.get(int(digits, 16), kept) if digits else kept
        if written == b"\\\\" and after:  # "\\u..." would read as a UCHAR once "\\" is decoded
            after = b"\\u0075" if after == b"u" else b"\\u0055"
        return written + after

    return _ESCAPE.sub(rewrite, line)


def _has_blank_node(line: bytes) -> bool:
    """Whether an N-Triples line has a blank node as subject or object."""
    if b"_:" not in line:
        return False
    if line.lstrip().startswith(b"_:"):
        return True
    subject_end = line.find(b">")
    predicate_end = line.find(b">", subject_end + 1)
    return (
        subject_end >= 0
        and predicate_end >= 0
        and line[predicate_end + 1 :].lstrip().startswith(b"_:")
    )


def _check_iri(iri: str, what: str) -> None:
    if not _IRI_SCHEME.match(iri) or _NOT_IN_IRI.search(iri):
        raise InputError(
            f"{what} {iri!r} is not an absolute IRI, such as https://example.org/kgraph"
        )


def push(
    source: str | os.PathLike[str],
    url: str,
    *,
    graph: str | None = None,
    replace: bool = False,
    protocol: str = "gsp",
    batch: int | None = None,
    user: str | None = None,
    password: str | None = None,
    timeout: float = 300.0,
    progress: Callable[[PushReport], None] | None = None,
) -> PushReport:
    """Send the N-Triples of ``source`` to the SPARQL store at ``url``.

    Parameters
    ----------
    source
        A build folder (its ``graph.nt`` is sent) or an N-Triples file.
    url
        The store's Graph Store Protocol endpoint (``protocol="gsp"``) or its
        SPARQL Update endpoint (``protocol="update"``).
    graph
        The IRI of the named graph to write into; ``None`` for the default graph.
    replace
        Empty the graph first, so that it ends up holding exactly the file.
    batch
        Triples per request; ``None`` for the protocol's :data:`DEFAULT_BATCH`.
    user, password
        Credentials, sent with Basic or Digest authentication as the server asks.
    timeout
        Seconds one request may take, from sending it to the end of the
        answer: a server that answers a byte at a time is cut off too.
    progress
        Called after each batch with the figures so far.

    Returns
    -------
    PushReport
        Triples and batches sent, and the time it took.

    Raises
    ------
    InputError
        The source is not N-Triples, or an argument is malformed.
    PushError
        The server could not be reached or refused a request; the error's
        ``triples`` and ``batches`` count what it had accepted before.
    """
    if protocol not in PROTOCOLS:
        raise InputError(f"unknown protocol {protocol!r}: choose one of {', '.join(PROTOCOLS)}")
    if batch is None:
        batch = DEFAULT_BATCH[protocol]
    if batch < 1:
        raise InputError("the batch size must be at least 1 triple")
    if urllib.parse.urlsplit(url).scheme not in ("http", "https"):
        raise InputError(f"{url!r} is not an http:// or https:// URL")
    if graph is not None:
        _check_iri(graph, "the graph")
    if password is not None and user is None:
        raise InputError("a password needs a user name")
    path = ntriples_file(source)
    client = _Client(url, user, password or "", timeout)
    target = graph_store_url(url, graph) if protocol == "gsp" else url
    started = time.perf_counter()
    triples = batches = 0
    emptied = False

    def report() -> PushReport:
        return PushReport(triples, batches, time.perf_counter() - started)

    try:
        client.probe(target)
        if replace and protocol == "update":
            clear = f"CLEAR SILENT GRAPH <{graph}>" if graph is not None else "CLEAR SILENT DEFAULT"
            client.update(clear.encode())
            emptied = True
        with path.open("rb") as handle:
            source_lines = triple_lines(handle) if path.suffix.lower() == ".nq" else handle
            pending = read_batches(source_lines, batch)
            lines = next(pending, None)
            if lines is None and replace and protocol == "gsp":
                client.send("PUT", target, b"", _NTRIPLES)
            while lines is not None:
                following = next(pending, None)
                if (batches or following is not None) and any(map(_has_blank_node, lines)):
                    raise PushError(
                        f"{path} has blank nodes and takes more than one batch: each batch "
                        "is a separate request, in which the server would make one blank "
                        "node into several. Push it with a --batch larger than its line "
                        "count, or replace its blank nodes by IRIs first"
                    )
                if protocol == "gsp":
                    method = "PUT" if replace and not batches else "POST"
                    client.send(method, target, b"".join(lines), _NTRIPLES)
                else:
                    client.update(insert_data(lines, graph))
                triples += len(lines)
                batches += 1
                if progress is not None:
                    progress(report())
                lines = following
    except PushError as error:
        if batches:
            plural = "es" if batches != 1 else ""
            sent = f"{triples:,} triples in {batches:,} batch{plural} had been stored before this"
        else:
            sent = (
                "the graph had been emptied; nothing was stored"
                if emptied
                else "nothing was stored"
            )
        raise PushError(f"{error} ({sent})", triples, batches) from error.__cause__
    except OSError as error:
        raise InputError(f"cannot read {path}: {error}") from error
    return report()


class _Watched:
    """Sockets of the requests under way, so that a deadline can cut them."""

    def __init__(self) -> None:
        self.sockets: list[socket.socket] = []
        self.expired = False
        self._lock = threading.Lock()

    def add(self, sock: socket.socket) -> None:
        with self._lock:
            self.sockets.append(sock)
            if self.expired:
                _cut(sock)

    def expire(self) -> None:
        with self._lock:
            self.expired = True
            for sock in self.sockets:
                _cut(sock)

    def reset(self) -> None:
        with self._lock:
            self.sockets.clear()
            self.expired = False


def _cut(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)


def _watched_handlers(watched: _Watched) -> list[urllib.request.BaseHandler]:
    """HTTP and HTTPS handlers whose connections report their sockets to ``watched``."""

    def watching(base: type[http.client.HTTPConnection]) -> type[http.client.HTTPConnection]:
        class Watching(base):  # type: ignore[valid-type,misc]
            def connect(self) -> None:
                super().connect()
                watched.add(self.sock)

        return Watching

    plain, secure = watching(http.client.HTTPConnection), watching(http.client.HTTPSConnection)

    class HTTP(urllib.request.HTTPHandler):
        def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
            return self.do_open(plain, req)

    class HTTPS(urllib.request.HTTPSHandler):
        def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
            return self.do_open(secure, req, context=self._context)  # type: ignore[attr-defined]

    return [HTTP(), HTTPS()]


class _RefuseRedirects(urllib.request.HTTPRedirectHandler):
    """Turns a redirect into an error: urllib would resend a POST as a GET without its body."""

    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


class _Client:
    """HTTP requests to one store, with the credentials its challenge asks for."""

    def __init__(self, url: str, user: str | None, password: str, timeout: float) -> None:
        self.url = url
        self.host = urllib.parse.urlsplit(url).netloc
        self.user = user
        self.password = password
        self.timeout = timeout
        self.watched = _Watched()
        self.opener = urllib.request.build_opener(
            _RefuseRedirects, *_watched_handlers(self.watched)
        )
        self.scheme: str | None = None  # "basic" or "digest", once the server has asked
        self.challenge: dict[str, str] = {}
        passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        if user is not None:
            passwords.add_password(None, url, user, password)
        # Computes Digest answers (and counts nonces); never installed in the opener.
        self.digest = urllib.request.HTTPDigestAuthHandler(passwords)
        self.form = False  # whether updates go as a form, the server having refused the media type

    def probe(self, url: str) -> None:
        """A HEAD request: it fails early if the server is unreachable, and learns its challenge."""
        for attempt in (1, 2):
            try:
                self._open(urllib.request.Request(url, method="HEAD"))
                return
            except urllib.error.HTTPError as error:
                with error:
                    if error.code != 401:
                        return  # many endpoints answer HEAD with 404, 405 or 501
                    if attempt == 2 or not self._learn(error.headers):
                        raise self._refusal(error) from None

    def update(self, sparql: bytes) -> None:
        """Send a SPARQL Update request to the store's URL."""
        if not self.form:
            try:
                self.send("POST", self.url, sparql, _SPARQL_UPDATE)
                return
            except _UnsupportedMediaType:
                self.form = True
        self.send("POST", self.url, urllib.parse.urlencode({"update": sparql}).encode(), _FORM)

    def send(self, method: str, url: str, body: bytes, content_type: str) -> None:
        """Send one request and read its answer; raise PushError if it fails."""
        for attempt in (1, 2):
            request = urllib.request.Request(
                url, data=body, method=method, headers={"Content-Type": content_type}
            )
            try:
                self._open(request)
                return
            except urllib.error.HTTPError as error:
                with error:
                    if error.code == 401 and attempt == 1 and self._learn(error.headers):
                        continue
                    if error.code == 415 and content_type == _SPARQL_UPDATE:
                        raise _UnsupportedMediaType from None
                    raise self._refusal(error, len(body)) from None

    def _open(self, request: urllib.request.Request) -> None:
        """Send ``request`` and read its answer, all within ``timeout`` seconds.

        A success's body is read in chunks and dropped, up to
        :data:`_MAX_REPLY` bytes; one that ends before its announced length
        is a failure, since the server may not have finished the request.
        """
        request.add_header("User-Agent", "kgraph-push")
        self._authorize(request)
        size = len(request.data) if isinstance(request.data, bytes) else 0
        self.watched.reset()
        deadline = threading.Timer(self.timeout, self.watched.expire)
        deadline.daemon = True
        deadline.start()
        try:
            with self.opener.open(request, timeout=self.timeout) as response:
                read = 0
                while read < _MAX_REPLY and (chunk := response.read(_CHUNK)):
                    read += len(chunk)
                missing = getattr(response, "length", None)
                if read < _MAX_REPLY and missing:  # the body ended before its Content-Length
                    raise http.client.IncompleteRead(b"x" * read, missing)
            if self.watched.expired:  # cut at the deadline, maybe inside the status line
                raise TimeoutError
        except urllib.error.HTTPError as error:
            try:  # the message is read now, within the deadline, and at most its first 64 KB
                error.kgraph_message = _server_message(error)  # type: ignore[attr-defined]
            except (OSError, http.client.HTTPException):
                error.kgraph_message = ""  # type: ignore[attr-defined]
            if self.watched.expired:
                raise PushError(
                    f"{self._unreachable(TimeoutError(), size)} (it had begun an answer "
                    f"{error.code})"
                ) from None
            raise
        except urllib.error.URLError as error:
            reason = error.reason
            if self.watched.expired:
                reason = TimeoutError()
            raise PushError(self._unreachable(reason, size)) from (
                reason if isinstance(reason, BaseException) else error
            )
        except http.client.IncompleteRead as error:
            if self.watched.expired:
                raise PushError(self._unreachable(TimeoutError(), size)) from error
            raise PushError(
                f"{self.host} accepted the request but cut its answer short after "
                f"{len(error.partial):,} bytes, {error.expected:,} missing: the server may not "
                "have stored this batch; check it and push again"
            ) from error
        except (OSError, http.client.HTTPException) as error:
            reason = TimeoutError() if self.watched.expired else error
            raise PushError(self._unreachable(reason, size)) from error
        finally:
            deadline.cancel()

    def _unreachable(self, reason: object, size: int) -> str:
        if isinstance(reason, ConnectionRefusedError):
            return (
                f"cannot connect to {self.host}: connection refused. "
                "Is the server running, on that port?"
            )
        if isinstance(reason, socket.gaierror):
            return f"cannot connect to {self.host}: unknown host ({reason.strerror})"
        if isinstance(reason, TimeoutError):
            return (
                f"{self.host} did not finish answering within {self.timeout:g} s: "
                "raise --timeout or lower --batch"
            )
        if isinstance(reason, (ConnectionResetError, BrokenPipeError, http.client.HTTPException)):
            return (
                f"{self.host} closed the connection during a request of {size / 1e6:.1f} MB: "
                "it may limit the size of requests (lower --batch), or have stopped"
            )
        return f"cannot reach {self.host}: {reason}"

    def _learn(self, headers: Message) -> bool:
        """Take a 401's challenge; whether answering it is worth a retry."""
        if self.user is None:
            return False
        offers = {}
        for offer in headers.get_all("WWW-Authenticate") or []:
            scheme, _, params = offer.strip().partition(" ")
            offers[scheme.lower()] = params
        if "digest" in offers:
            challenge = urllib.request.parse_keqv_list(
                [item for item in urllib.request.parse_http_list(offers["digest"]) if item]
            )
            fresh = self.scheme != "digest" or challenge.get("nonce") != self.challenge.get("nonce")
            self.scheme, self.challenge = "digest", challenge
            return fresh
        if "basic" in offers:
            fresh = self.scheme != "basic"
            self.scheme = "basic"
            return fresh
        return False

    def _authorize(self, request: urllib.request.Request) -> None:
        if self.scheme == "basic":
            token = base64.b64encode(f"{self.user}:{self.password}".encode()).decode("ascii")
            request.add_unredirected_header("Authorization", f"Basic {token}")
        elif self.scheme == "digest":
            try:
                answer = self.digest.get_authorization(request, self.challenge)
            except ValueError as error:  # an algorithm other than MD5 or SHA, a non-ASCII password
                raise PushError(f"cannot answer the server's Digest challenge: {error}") from error
            if answer:
                request.add_unredirected_header("Authorization", f"Digest {answer}")

    def _refusal(self, error: urllib.error.HTTPError, size: int = 0) -> PushError:
        """The PushError for an HTTP error answer, with the server's own message."""
        status = f"{error.url} answered {error.code} {error.reason}"
        message = getattr(error, "kgraph_message", None)
        if message is None:
            message = _server_message(error)
        if error.code == 401:
            offer = (error.headers.get("WWW-Authenticate") or "").split(" ")[0] or "HTTP"
            if self.user is None:
                return PushError(
                    f"{status}: it asks for a user name and password ({offer} authentication): "
                    "give --user and --password"
                )
            return PushError(
                f"{status}: it refused user {self.user!r}; check the user name and password"
            )
        if error.code in (301, 302, 303, 307, 308):
            return PushError(f"{status}, to {error.headers.get('Location')}: give that URL instead")
        hint = ""
        virtuoso = "virtuoso" in (error.headers.get("Server") or "").lower()
        if virtuoso and "memory exhausted" in message:
            hint = (
                ". Virtuoso's SPARQL parser takes fewer than 5,000 triples at once: lower --batch"
            )
        elif virtuoso and (error.code == 403 or "SECURITY" in message):
            hint = (
                ". Virtuoso: grant its anonymous user update rights "
                '(isql: GRANT SPARQL_UPDATE TO "SPARQL";), or push to /sparql-auth or '
                "/sparql-graph-crud-auth with --user and --password"
            )
        elif error.code in (404, 405):
            hint = (
                ". Is this the store's endpoint? Graph Store Protocol: Oxigraph /store, "
                "Fuseki /ds/data, Virtuoso /sparql-graph-crud; SPARQL Update: /update, "
                "/ds/update, /sparql"
            )
        elif error.code == 413:
            hint = f". The request held {size / 1e6:.1f} MB: lower --batch"
        return PushError(f"{status}: {message or '(no message)'}{hint}")


class _UnsupportedMediaType(Exception):
    """The server does not take application/sparql-update; updates go as a form instead."""


def _server_message(error: urllib.error.HTTPError) -> str:
    """The text of an error answer, without markup or the echo of our own request."""
    raw = error.read(64 * 1024).decode("utf-8", errors="replace")
    if "html" in (error.headers.get("Content-Type") or "").lower() or raw.lstrip().startswith("<"):
        raw = html.unescape(re.sub(r"(?is)<head>.*?</head>|<[^>]+>", " ", raw))
    raw = raw.split("SPARQL query:", 1)[0]  # Virtuoso repeats the whole request after its message
    text = " ".join(raw.split())
    if len(text) > _SERVER_MESSAGE_CHARS:
        text = text[: _SERVER_MESSAGE_CHARS - 1] + "…"
    return text
