"""A :class:`~kgraph.run.executors.Task` on a Dask cluster: an existing scheduler or a local one.

Each Dask worker loads the task's resources once, when the executor
registers a worker plugin that holds them; every batch then runs with
those resources. Needs ``pip install 'kgraph[dask]'`` on the driver and on
every worker.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, Generic, TypeVar

from kgraph.errors import InputError

try:
    from distributed import Client, LocalCluster, WorkerPlugin, as_completed, get_worker
except ImportError as error:  # an extra: say how to install it
    raise InputError(
        "the Dask executor needs the distributed package: pip install 'kgraph[dask]'"
    ) from error

__all__ = ["Dask"]

B = TypeVar("B")
R = TypeVar("R")

_PLUGIN = "kgraph-task-resources"


class _Resources(WorkerPlugin):
    """Holds one worker's resources for the task, built when the worker starts or joins."""

    def __init__(self, task: Any) -> None:
        self.task = task
        self.resources: Any = None

    def setup(self, worker: Any) -> None:
        self.resources = self.task.load()


def _run(batch: Any) -> Any:
    plugin: Any = get_worker().plugins[_PLUGIN]
    return plugin.task.run(plugin.resources, batch)


class Dask(Generic[B, R]):
    """The task on a Dask cluster, with at most two batches per worker in flight."""

    def __init__(self, task: Any, address: str | None, workers: int) -> None:
        self._cluster: LocalCluster | None = None
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
        self._client.register_plugin(_Resources(task), name=_PLUGIN)
        self.workers = max(1, len(self._client.scheduler_info().get("workers", {})) or workers)

    def map(self, batches: Iterable[B]) -> Iterator[R]:
        pending = iter(batches)
        running = as_completed()
        for batch in pending:
            running.add(self._client.submit(_run, batch, pure=False))
            if running.count() >= 2 * self.workers:
                break
        for future in running:
            yield future.result()
            future.release()
            for batch in pending:  # one more in place of the finished one
                running.add(self._client.submit(_run, batch, pure=False))
                break

    def close(self) -> None:
        client = getattr(self, "_client", None)
        if client is not None:
            client.close()
        if self._cluster is not None:
            self._cluster.close()
            self._cluster = None
