"""kgraph: knowledge graphs from Chinese news and commentary articles.

>>> import kgraph
>>> kgraph.__version__
'0.1.0'

From Python, :func:`build` runs the pipeline (and writes exports when
given ``out``) and returns a :class:`~kgraph.pipeline.BuildReport` with the
:class:`~kgraph.model.Corpus` and its networkx graph; :func:`open` opens a
built folder for SPARQL queries. The stages are in :mod:`kgraph.pipeline`.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["__version__", "build", "open"]

if TYPE_CHECKING:
    from kgraph.pipeline import build
    from kgraph.rdf.store import KnowledgeBase


def __getattr__(name: str) -> Any:
    # build is imported on first use, so that ``import kgraph`` (and ``kgraph --help``) stays instant
    if name == "build":
        from kgraph.pipeline import build

        return build
    raise AttributeError(f"module 'kgraph' has no attribute {name!r}")


def open(path: str | Path) -> KnowledgeBase:
    """Open a built output folder for SPARQL: ``kgraph.open("exports").query(...)``."""
    from kgraph.rdf.store import open as open_store

    return open_store(path)
