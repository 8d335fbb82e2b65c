"""Where extraction runs: in this process, in worker processes, or on a Dask cluster.

The unit of work is a batch of files, each as ``(name, bytes)``, and
:func:`extract_batch` is a pure function from a batch to its results, so an
executor only maps batches; merging the results (resolution, relations,
exports) stays on the driver. Files travel as bytes, so workers need no
shared file system, only kgraph installed.

``--executor`` takes:

==========================  =================================================
``local`` (the default)     ``--jobs`` worker processes on this machine
``dask``                    a Dask cluster of ``--jobs`` workers started here
``dask://HOST:PORT``        an existing Dask scheduler (``tcp://`` too)
==========================  =================================================

Each worker process loads its resources (jieba, the gazetteer) once, on
its first batch.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from typing import TYPE_CHECKING, Protocol, TypeVar

from kgraph.errors import InputError
from kgraph.load import UnreadableFile, decode_text
from kgraph.model import Skipped

if TYPE_CHECKING:
    from kgraph.cache import Result
    from kgraph.extract import Extractor

__all__ = [
    "BATCH_BYTES",
    "Batch",
    "Executor",
    "batch_files",
    "default_jobs",
    "executor_for",
    "extract_batch",
    "make_batches",
]

T = TypeVar("T")

#: Files as ``(name, bytes)``, extracted together by one worker.
Batch = list[tuple[str, bytes]]

#: Bytes per batch, enough to amortize a round trip; less work than this runs in the driver.
BATCH_BYTES = 256 * 1024

_extractor: Extractor | None = None


def _local_extractor() -> Extractor:
    """This process's extractor, loaded on first use."""
    global _extractor
    if _extractor is None:
        import jieba

        from kgraph.extract import Extractor

        jieba.setLogLevel(60)  # it announces its dictionary on stderr, once per worker
        _extractor = Extractor()
    return _extractor


def extract_batch(batch: Batch, extractor: Extractor | None = None) -> list[Result]:
    """Decode, clean, segment and extract each file of ``batch``, in order."""
    from kgraph.pipeline import document_from_text, extract_document

    extractor = extractor or _local_extractor()
    results: list[Result] = []
    for name, data in batch:
        try:
            text, encoding = decode_text(data, name)
        except UnreadableFile as error:
            results.append(Skipped(name, str(error)))
            continue
        results.append(extract_document(extractor, document_from_text(name, text, encoding)))
    return results


def make_batches(items: Iterable[tuple[T, int]], max_files: int = 64) -> Iterator[list[T]]:
    """Group ``(item, size in bytes)`` into batches of at most ``max_files`` items or about 256 KB.

    >>> [len(b) for b in make_batches([("a", 200_000), ("b", 100_000), ("c", 1)])]
    [2, 1]
    """
    batch: list[T] = []
    size = 0
    for item, n in items:
        batch.append(item)
        size += n
        if size >= BATCH_BYTES or len(batch) >= max_files:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch


def batch_files(files: int, workers: int) -> int:
    """Files per batch: about four batches per worker, so that they finish together.

    >>> batch_files(5, 2), batch_files(100, 2), batch_files(100_000, 8)
    (1, 13, 64)
    """
    return max(1, min(64, -(-files // (4 * workers))))


def default_jobs() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


class Executor(Protocol):
    """Maps :func:`extract_batch` over batches; yields each result list as it completes."""

    workers: int

    def map(self, batches: Iterable[Batch]) -> Iterator[list[Result]]: ...

    def close(self) -> None: ...


class InProcess:
    """Extraction in this process, one batch after another."""

    workers = 1

    def __init__(self, extractor: Extractor | None = None) -> None:
        self.extractor = extractor

    def map(self, batches: Iterable[Batch]) -> Iterator[list[Result]]:
        for batch in batches:
            yield extract_batch(batch, self.extractor)

    def close(self) -> None:
        pass


def _ignore_interrupt() -> None:
    """Workers leave Ctrl-C to the driver, which stops them."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


class Processes:
    """Extraction in ``workers`` processes on this machine.

    On Linux a driver with a single thread forks its workers, which then
    share what it has loaded and need no ``if __name__ == "__main__"``
    guard in the calling script; a driver running other threads (a server,
    some notebooks), or any driver elsewhere, starts them from a fork server,
    since forking a threaded process can deadlock.
    """

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self._pool: ProcessPoolExecutor | None = None

    def map(self, batches: Iterable[Batch]) -> Iterator[list[Result]]:
        if self._pool is None:
            methods = multiprocessing.get_all_start_methods()
            context: multiprocessing.context.BaseContext
            if sys.platform == "linux" and threading.active_count() == 1:
                context = multiprocessing.get_context("fork")
            else:
                context = multiprocessing.get_context(
                    "forkserver" if "forkserver" in methods else "spawn"
                )
            self._pool = ProcessPoolExecutor(
                self.workers, mp_context=context, initializer=_ignore_interrupt
            )
        yield from _bounded(self._pool.submit, batches, 2 * self.workers)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


def _bounded(
    submit: Callable[..., Future[list[Result]]], batches: Iterable[Batch], limit: int
) -> Iterator[list[Result]]:
    """Keep at most ``limit`` batches in flight, so the driver holds few files' bytes."""
    pending: set[Future[list[Result]]] = set()
    queue = iter(batches)
    try:
        while True:
            for batch in queue:
                pending.add(submit(extract_batch, batch))
                if len(pending) >= limit:
                    break
            if not pending:
                return
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in sorted(done, key=id):
                yield future.result()
    finally:
        for future in pending:
            future.cancel()


class Dask:
    """Extraction on a Dask cluster: an existing scheduler, or local workers started here."""

    def __init__(self, address: str | None, workers: int) -> None:
        try:
            from distributed import Client, LocalCluster
        except ImportError as error:
            raise InputError(
                "the Dask executor needs the distributed package: pip install 'kgraph[dask]'"
            ) from error
        self._cluster = None
        if address is None:
            self._cluster = LocalCluster(
                n_workers=workers,
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
                host="127.0.0.1",
            )
            address = self._cluster.scheduler_address
        try:
            self._client = Client(address, timeout="10s")
        except OSError as error:
            self.close()
            raise InputError(f"cannot reach the Dask scheduler at {address}: {error}") from error
        self.workers = max(1, len(self._client.scheduler_info().get("workers", {})) or workers)

    def map(self, batches: Iterable[Batch]) -> Iterator[list[Result]]:
        from distributed import as_completed

        queue = iter(batches)
        running = as_completed()
        for batch in queue:
            running.add(self._client.submit(extract_batch, batch, pure=False))
            if running.count() >= 2 * self.workers:
                break
        for future in running:
            yield future.result()
            future.release()
            for batch in queue:  # one more in place of the finished one
                running.add(self._client.submit(extract_batch, batch, pure=False))
                break

    def close(self) -> None:
        client = getattr(self, "_client", None)
        if client is not None:
            client.close()
        if self._cluster is not None:
            self._cluster.close()
            self._cluster = None


def executor_for(
    spec: str | None, jobs: int | None, work: int, extractor: Extractor | None = None
) -> Executor:
    """The executor ``--executor spec --jobs jobs`` asks for, for ``work`` bytes of files.

    Local work of less than one batch (:data:`BATCH_BYTES`) runs in this
    process: starting workers, each loading jieba and the gazetteer, would
    cost more than it saves.

    >>> type(executor_for(None, 4, work=1000)).__name__
    'InProcess'
    >>> executor_for("spark://x", None, work=10**9)
    Traceback (most recent call last):
    ...
    kgraph.errors.InputError: unknown executor 'spark://x': use local, dask or dask://HOST:PORT
    """
    workers = jobs if jobs is not None else default_jobs()
    if workers < 1:
        raise InputError(f"--jobs must be at least 1, not {workers}")
    if spec in (None, "", "local"):
        workers = min(workers, -(-work // BATCH_BYTES))
        return Processes(workers) if workers > 1 else InProcess(extractor)
    if spec == "dask":
        return Dask(None, workers)
    for scheme in ("dask://", "tcp://"):
        if spec.startswith(scheme):
            return Dask("tcp://" + spec.removeprefix(scheme), workers)
    raise InputError(f"unknown executor {spec!r}: use local, dask or dask://HOST:PORT")
