"""kgraph: knowledge graphs from Chinese news and commentary articles.

>>> import kgraph
>>> kgraph.__version__
'0.1.0'

From Python, :func:`build` runs the pipeline (and writes exports when
given ``out``) and returns the :class:`~kgraph.model.Corpus` and its
networkx graph; :func:`open` opens a built folder for SPARQL queries.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from contextlib import nullcontext
from pathlib import Path
from typing import TYPE_CHECKING

__version__ = "0.1.0"
__all__ = ["__version__", "build", "open"]

if TYPE_CHECKING:
    import networkx as nx

    from kgraph.model import Corpus
    from kgraph.store import KnowledgeBase


def build(
    sources: Sequence[str | Path],
    out: str | Path | None = None,
    *,
    store: bool = True,
    cache: bool = True,
    jobs: int | None = None,
    executor: str | None = None,
    progress: Callable[[int, int], None] | None = None,
    log: Callable[[str], None] | None = None,
) -> tuple[Corpus, nx.MultiDiGraph]:
    """Build the knowledge graph of ``sources`` (files or folders).

    Returns the corpus (documents, sentences, entities, relations) and the
    networkx graph with analytics; writes every export into ``out`` if given.

    With ``out``, per-file results are cached in ``out/.kgraph-cache`` (unless
    ``cache`` is false), so a rebuild extracts only new and changed files.
    ``jobs`` worker processes extract (default: every core); ``executor``
    names another engine (``"dask"``, ``"dask://HOST:PORT"``, see
    :mod:`kgraph.execute`). ``progress(done, total)`` follows the files;
    ``log`` receives one-line reports for people.
    """
    from kgraph.cache import ExtractionCache
    from kgraph.errors import InputError
    from kgraph.export import build_lock, write_exports
    from kgraph.gazetteer import Gazetteer
    from kgraph.graph import corpus_graph
    from kgraph.load import find_files
    from kgraph.pipeline import analyse, extract_files

    files = find_files(sources)
    if not files:
        raise InputError(f"no files found in {', '.join(map(str, sources))}")
    clock = _Clock()
    with build_lock(out) if out is not None else nullcontext():
        files_cache = ExtractionCache(Path(out)) if out is not None and cache else None
        done = extract_files(
            files, cache=files_cache, executor=executor, jobs=jobs, progress=progress
        )
        extracting = clock.lap()
        corpus = analyse(done.extractions, Gazetteer.load(), done.skipped)
        done.extractions.clear()  # frees candidates and token boundaries: the corpus has the rest
        graph = corpus_graph(corpus)
        analysing = clock.lap()
        if out is not None:
            write_exports(corpus, graph, Path(out), store=store)
            if files_cache is not None:
                files_cache.prune(done.digests)
        if log:
            log(f"{done.extracted} extracted, {done.cached} from the cache")
            log(
                f"stages: extract {extracting:.1f} s, resolve+relate+graph {analysing:.1f} s"
                + (f", export {clock.lap():.1f} s" if out is not None else "")
            )
    return corpus, graph


class _Clock:
    def __init__(self) -> None:
        self.last = time.perf_counter()

    def lap(self) -> float:
        now = time.perf_counter()
        elapsed, self.last = now - self.last, now
        return elapsed


def open(path: str | Path) -> KnowledgeBase:
    """Open a built output folder for SPARQL: ``kgraph.open("exports").query(...)``."""
    from kgraph.store import open as open_store

    return open_store(path)
