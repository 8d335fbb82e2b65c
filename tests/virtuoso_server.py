"""A throwaway Virtuoso Open Source server, for the push tests and benchmark.

:func:`start_virtuoso` writes a ``virtuoso.ini`` into a folder of its own
(database, transaction log and error log all in that folder; SQL and HTTP on
two free ports of 127.0.0.1), runs ``virtuoso-t +foreground`` there, waits
until ``/sparql`` answers, and grants Virtuoso's anonymous ``SPARQL`` user
the ``SPARQL_UPDATE`` role over SQL (``isql-vt``), so that ``/sparql`` and
``/sparql-graph-crud`` take writes without credentials; ``/sparql-auth`` and
``/sparql-graph-crud-auth`` ask for Digest authentication as ``dba``/``dba``,
the password of a new database. :meth:`Virtuoso.stop` sends SIGTERM, on
which Virtuoso shuts down in about two seconds.

Debian's package: ``apt-get install virtuoso-opensource`` (7.2.5.1 in
bookworm) installs ``/usr/bin/virtuoso-t`` and ``/usr/bin/isql-vt``; the
service it sets up is not used.
"""

from __future__ import annotations

import contextlib
import json
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = ["ISQL", "VIRTUOSO", "Virtuoso", "running_virtuoso", "start_virtuoso"]

VIRTUOSO = shutil.which("virtuoso-t")
ISQL = shutil.which("isql-vt")
DBA_PASSWORD = "dba"  # what a new Virtuoso database starts with

INI = """\
[Database]
DatabaseFile       = {folder}/virtuoso.db
ErrorLogFile       = {folder}/virtuoso.log
LockFile           = {folder}/virtuoso.lck
TransactionFile    = {folder}/virtuoso.trx
xa_persistent_file = {folder}/virtuoso.pxa
ErrorLogLevel      = 7
FileExtend         = 200
Striping           = 0
TempStorage        = TempDatabase

[TempDatabase]
DatabaseFile    = {folder}/virtuoso-temp.db
TransactionFile = {folder}/virtuoso-temp.trx
Striping        = 0

[Parameters]
ServerPort           = 127.0.0.1:{sql_port}
DisableUnixSocket    = 1
MaxClientConnections = 10
CaseMode             = 2
DirsAllowed          = ., {folder}
NumberOfBuffers      = {buffers}
MaxDirtyBuffers      = {dirty_buffers}
MaxQueryMem          = 1G

[HTTPServer]
ServerPort           = 127.0.0.1:{http_port}
ServerRoot           = {folder}
ServerThreads        = 10
MaxClientConnections = 10
Charset              = UTF-8

[SPARQL]
ResultSetMaxRows      = 100000
MaxQueryExecutionTime = 120
"""


@dataclass
class Virtuoso:
    """A running ``virtuoso-t`` and where to reach it."""

    #: The folder holding virtuoso.ini, the database and the logs.
    folder: Path
    #: Port of the HTTP server (/sparql, /sparql-graph-crud, ...).
    http_port: int
    #: Port of the SQL server (isql).
    sql_port: int
    process: subprocess.Popen[bytes]
    #: Seconds from launch until /sparql answered and the grants were made.
    startup_seconds: float = 0.0

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.http_port}"

    @property
    def sparql(self) -> str:
        """Queries, and updates from the anonymous user."""
        return f"{self.base}/sparql"

    @property
    def graph_crud(self) -> str:
        """The Graph Store Protocol, anonymous."""
        return f"{self.base}/sparql-graph-crud"

    def sql(self, statement: str) -> str:
        """Run one SQL statement as dba; its output."""
        assert ISQL, "isql-vt is missing"
        result = subprocess.run(
            [ISQL, f"127.0.0.1:{self.sql_port}", "dba", DBA_PASSWORD, f"EXEC={statement}"],
            capture_output=True,
            text=True,
            timeout=60,
        )
        if result.returncode != 0 or "*** Error" in result.stdout + result.stderr:
            raise RuntimeError(f"isql failed on {statement!r}: {result.stdout}{result.stderr}")
        return result.stdout

    def select(self, query: str) -> list[dict[str, Any]]:
        """The bindings of a SELECT query run at /sparql."""
        body = urllib.parse.urlencode({"query": query}).encode()
        request = urllib.request.Request(
            self.sparql, data=body, headers={"Accept": "application/sparql-results+json"}
        )
        with urllib.request.urlopen(request, timeout=60) as response:
            bindings: list[dict[str, Any]] = json.load(response)["results"]["bindings"]
        return bindings

    def log(self) -> str:
        path = self.folder / "virtuoso.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def stop(self) -> None:
        """SIGTERM: Virtuoso's quick shutdown; killed if it takes more than 30 s."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            response.read()
            return bool(response.status == 200)
    except (urllib.error.URLError, OSError):
        return False


def start_virtuoso(folder: Path, buffers: int = 10_000, wait: float = 90.0) -> Virtuoso:
    """Start Virtuoso on free ports with its files in ``folder``; ready to take updates.

    ``buffers`` is NumberOfBuffers, 8 KB pages of cache (10,000 = 80 MB).
    Starts again on new ports if the chosen ones were taken meanwhile.
    """
    assert VIRTUOSO and ISQL, (
        "virtuoso-t or isql-vt is missing: apt-get install virtuoso-opensource"
    )
    folder.mkdir(parents=True, exist_ok=True)
    failure = ""
    for _ in range(3):
        started = time.perf_counter()
        http_port, sql_port = free_port(), free_port()
        (folder / "virtuoso.ini").write_text(
            INI.format(
                folder=folder,
                sql_port=sql_port,
                http_port=http_port,
                buffers=buffers,
                dirty_buffers=buffers * 3 // 4,
            )
        )
        with open(folder / "stdout.log", "ab") as output:
            process = subprocess.Popen(
                [VIRTUOSO, "+foreground", "+configfile", str(folder / "virtuoso.ini")],
                cwd=folder,
                stdin=subprocess.DEVNULL,
                stdout=output,
                stderr=subprocess.STDOUT,
            )
        server = Virtuoso(folder, http_port, sql_port, process)
        ask = f"{server.sparql}?{urllib.parse.urlencode({'query': 'ASK {}'})}"
        deadline = started + wait
        while process.poll() is None and time.perf_counter() < deadline:
            if _answers(ask):
                server.sql('GRANT SPARQL_UPDATE TO "SPARQL"')
                server.startup_seconds = time.perf_counter() - started
                return server
            time.sleep(0.1)
        exited = process.poll() is not None
        server.stop()
        failure = server.log()[-2000:]
        if not (exited and "listen" in failure.splitlines()[-2]):
            break  # not a port taken by someone else between free_port() and now
    raise RuntimeError(f"Virtuoso did not start in {folder}:\n{failure}")


@contextlib.contextmanager
def running_virtuoso(folder: Path, buffers: int = 10_000) -> Iterator[Virtuoso]:
    """A Virtuoso server for the duration of a ``with`` block."""
    server = start_virtuoso(folder, buffers=buffers)
    try:
        yield server
    finally:
        server.stop()
