"""kgraph: knowledge graphs from Chinese news and commentary articles.

>>> import kgraph
>>> kgraph.__version__
'0.1.0'

From Python, :func:`build` runs the pipeline (and writes exports when
given ``out``) and returns the :class:`~kgraph.model.Corpus` and its
networkx graph; :func:`open` opens a built folder for SPARQL queries.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
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
    progress: Callable[[Iterable[tuple[Path, str]]], Iterable[tuple[Path, str]]] | None = None,
) -> tuple[Corpus, nx.MultiDiGraph]:
    """Build the knowledge graph of ``sources`` (files or folders).

    Returns the corpus (documents, sentences, entities, relations) and the
    networkx graph with analytics; writes every export into ``out`` if given.
    """
    from kgraph.export import write_exports
    from kgraph.graph import corpus_graph
    from kgraph.pipeline import build_corpus

    corpus = build_corpus(sources, progress=progress)
    graph = corpus_graph(corpus)
    if out is not None:
        write_exports(corpus, graph, Path(out), store=store)
    return corpus, graph


def open(path: str | Path) -> KnowledgeBase:
    """Open a built output folder for SPARQL: ``kgraph.open("exports").query(...)``."""
    from kgraph.store import open as open_store

    return open_store(path)
