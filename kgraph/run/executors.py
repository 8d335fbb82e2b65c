"""Where per-document work runs: in this process, in worker processes, or on a Dask cluster.

An executor maps a :class:`Task` over batches and yields each batch's
result as it completes. It knows nothing of what the task does: the
pipeline gives it one (extraction, :class:`kgraph.pipeline.ExtractFiles`).
A task is a picklable object with two methods: ``load()`` builds the
resources a worker needs (jieba, the gazetteer), once per worker, and
``run(resources, batch)`` is a pure function of a batch. Results are
merged by the caller, so workers need no shared file system.

``--executor`` takes:

==========================  =================================================
``local`` (the default)     ``--jobs`` worker processes on this machine
``dask``                    a Dask cluster of ``--jobs`` workers started here
``dask://HOST:PORT``        an existing Dask scheduler (``tcp://`` too)
==========================  =================================================
"""

from __future__ import annotations

import multiprocessing
import os
import queue
import signal
import sys
import threading
from collections.abc import Iterable, Iterator
from typing import Any, Generic, Protocol, TypeVar

from kgraph.errors import InputError, KgraphError

__all__ = [
    "BATCH_BYTES",
    "Executor",
    "InProcess",
    "Processes",
    "Task",
    "WorkerFailed",
    "batch_files",
    "default_jobs",
    "executor_for",
    "make_batches",
]

T = TypeVar("T")
B = TypeVar("B")  # a batch
R = TypeVar("R")  # a batch's result
S = TypeVar("S")  # a worker's resources
B_in = TypeVar("B_in", contravariant=True)
R_out = TypeVar("R_out", covariant=True)

#: Bytes per batch, enough to amortize a round trip; less work than this runs in the driver.
BATCH_BYTES = 256 * 1024

_POLL_SECONDS = 0.5  # how often the driver checks that its workers are alive


class WorkerFailed(KgraphError):
    """A worker process died or its task raised an error that cannot cross processes."""


class Task(Protocol[S, B_in, R_out]):
    """Work an executor maps over batches."""

    def load(self) -> S:
        """The resources one worker needs, built once per worker."""
        ...

    def run(self, resources: S, batch: B_in) -> R_out:
        """The result of one batch; a pure function of the batch."""
        ...


class Executor(Protocol[B_in, R_out]):
    """Maps a task over batches; yields each result as it completes."""

    workers: int

    def map(self, batches: Iterable[B_in]) -> Iterator[R_out]: ...

    def close(self) -> None: ...


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


class InProcess(Generic[S, B, R]):
    """The task in this process, one batch after another; resources loaded on the first batch."""

    workers = 1

    def __init__(self, task: Task[S, B, R], resources: S | None = None) -> None:
        self.task = task
        self.resources = resources

    def map(self, batches: Iterable[B]) -> Iterator[R]:
        for batch in batches:
            if self.resources is None:
                self.resources = self.task.load()
            yield self.task.run(self.resources, batch)

    def close(self) -> None:
        pass


def _work(task: Task[Any, Any, Any], inbox: Any, outbox: Any) -> None:
    """A worker process: load the task's resources once, then run batches until told to stop."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the driver's to handle
    resources = task.load()
    for number, batch in iter(inbox.get, None):
        try:
            outbox.put((number, task.run(resources, batch), None))
        except Exception as error:  # sent back, raised in the driver
            outbox.put((number, None, _portable(error)))


def _portable(error: Exception) -> Exception:
    """``error`` if it survives pickling, else a :class:`WorkerFailed` that says what it was."""
    import pickle

    try:
        pickle.loads(pickle.dumps(error))
    except Exception:
        return WorkerFailed(f"{type(error).__name__}: {error}")
    return error


class Processes(Generic[B, R]):
    """The task in ``workers`` processes on this machine, at most two batches each in flight.

    On Linux a driver with a single thread forks its workers, which then
    share what it has loaded and need no ``if __name__ == "__main__"``
    guard in the calling script; a driver running other threads (a server,
    some notebooks), or any driver elsewhere, starts them from a fork server,
    since forking a threaded process can deadlock. A worker that dies
    (killed, out of memory) stops the map with :class:`WorkerFailed`.
    """

    def __init__(self, task: Task[Any, B, R], workers: int) -> None:
        self.task = task
        self.workers = workers
        self._processes: list[multiprocessing.process.BaseProcess] = []
        self._inbox: Any = None
        self._outbox: Any = None
        self._in_flight = 0

    def _start(self) -> None:
        context: Any
        if sys.platform == "linux" and threading.active_count() == 1:
            context = multiprocessing.get_context("fork")
        else:
            methods = multiprocessing.get_all_start_methods()
            context = multiprocessing.get_context(
                "forkserver" if "forkserver" in methods else "spawn"
            )
        self._inbox, self._outbox = context.Queue(), context.Queue()
        for _ in range(self.workers):
            process = context.Process(
                target=_work, args=(self.task, self._inbox, self._outbox), daemon=True
            )
            process.start()
            self._processes.append(process)

    def map(self, batches: Iterable[B]) -> Iterator[R]:
        if not self._processes:
            self._start()
        pending = iter(batches)
        numbers = iter(range(sys.maxsize))
        for batch in pending:
            self._inbox.put((next(numbers), batch))
            self._in_flight += 1
            if self._in_flight >= 2 * self.workers:
                break
        while self._in_flight:
            try:
                _number, result, error = self._outbox.get(timeout=_POLL_SECONDS)
            except queue.Empty:
                self._check_alive()
                continue
            self._in_flight -= 1
            if error is not None:
                raise error
            yield result
            for batch in pending:  # one more in place of the finished one
                self._inbox.put((next(numbers), batch))
                self._in_flight += 1
                break

    def _check_alive(self) -> None:
        for process in self._processes:
            if process.exitcode is not None:
                raise WorkerFailed(
                    f"a worker process stopped (exit code {process.exitcode}) "
                    "before finishing its batch: is the machine out of memory?"
                )

    def close(self) -> None:
        """Stop the workers: at once if batches are still running (an error or Ctrl-C)."""
        abort = self._in_flight > 0
        for process in self._processes:
            if abort:
                process.terminate()
            else:
                self._inbox.put(None)
        for process in self._processes:
            process.join(timeout=10)
            if process.is_alive():
                process.kill()
                process.join()
        for channel in (self._inbox, self._outbox):
            if channel is not None:
                if abort:  # what is still queued has no reader left
                    channel.cancel_join_thread()
                channel.close()
                if not abort:
                    channel.join_thread()
        self._processes, self._inbox, self._outbox, self._in_flight = [], None, None, 0


def executor_for(
    task: Task[S, B, R],
    spec: str | None,
    jobs: int | None,
    work: int,
    resources: S | None = None,
) -> Executor[B, R]:
    """The executor ``--executor spec --jobs jobs`` asks for, to run ``task`` over ``work`` bytes.

    Local work of less than one batch (:data:`BATCH_BYTES`) runs in this
    process (with ``resources`` if given): starting workers, each loading
    its resources, would cost more than it saves.

    >>> class Double:
    ...     def load(self): return 2
    ...     def run(self, factor, batch): return [factor * x for x in batch]
    >>> runner = executor_for(Double(), None, 4, work=1000)
    >>> type(runner).__name__, list(runner.map([[1, 2], [3]]))
    ('InProcess', [[2, 4], [6]])
    >>> executor_for(Double(), "spark://x", None, work=10**9)
    Traceback (most recent call last):
    ...
    kgraph.errors.InputError: unknown executor 'spark://x': use local, dask or dask://HOST:PORT
    """
    workers = jobs if jobs is not None else default_jobs()
    if workers < 1:
        raise InputError(f"--jobs must be at least 1, not {workers}")
    if spec in (None, "", "local"):
        workers = min(workers, -(-work // BATCH_BYTES))
        if workers > 1:
            return Processes(task, workers)
        return InProcess(task, resources)
    address: str | None = None
    if spec != "dask":
        for scheme in ("dask://", "tcp://"):
            if spec.startswith(scheme):
                address = "tcp://" + spec.removeprefix(scheme)
                break
        else:
            raise InputError(f"unknown executor {spec!r}: use local, dask or dask://HOST:PORT")
    from kgraph.run.cluster import Dask

    return Dask(task, address, workers)
