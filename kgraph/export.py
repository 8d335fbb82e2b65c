"""Write every export of a build into a folder, all or nothing.

Everything is written into a staging folder inside the output folder first.
Only when every file (and the store) is complete are they swapped in, the
previous versions moved aside and restored if any step fails or the build
is interrupted, so a failed build leaves the previous exports as they were.
A build killed outright (``kill -9``, power loss) leaves its staging folder
behind; the next build into the folder (:func:`build_lock`) finishes or
undoes the swap it records, then deletes it.

==================  ==========================================================
``graph.ttl``       RDF, Turtle (the shape of ``docs/rdf.md``)
``graph.nt``        RDF, N-Triples, one triple per line, grouped by subject (streams)
``graph.jsonld``    RDF, JSON-LD with kgraph's prefixes as its context
``graph.graphml``   the networkx graph with analytics, for Gephi and notebooks
``graph.gexf``      the same for Gephi
``graph.html``      the interactive viewer, one offline file
``store/``          an Oxigraph store of the RDF, for ``kgraph query``/``serve``
==================  ==========================================================
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import networkx as nx

from kgraph.atomic import atomic_writer
from kgraph.errors import ExportError
from kgraph.model import Corpus

__all__ = ["EXPORTS", "build_lock", "recover", "write_exports"]

EXPORTS = ("graph.ttl", "graph.nt", "graph.jsonld", "graph.graphml", "graph.gexf", "graph.html")
STORE = "store"
_STAGING = ".kgraph-staging-"
_LOCK = ".kgraph-lock"
_NAMES = ".names"  # what a swap moves, written before it starts
_SWAPPED = ".swapped"  # written once every name is in place


def write_exports(
    corpus: Corpus, graph: nx.MultiDiGraph, out: Path, *, store: bool = True
) -> list[Path]:
    """Write all exports of ``corpus`` into ``out``; return the paths written."""
    from kgraph.rdf.serialize import write_rdf
    from kgraph.viewer import write_html

    out = Path(out)
    try:
        out.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=_STAGING, dir=out))
    except OSError as error:
        raise ExportError(
            f"cannot write into the output folder {out}: {error.strerror or error}"
        ) from error
    try:
        write_rdf(corpus, graph, staging)
        nx.write_graphml(graph, staging / "graph.graphml", encoding="utf-8", prettyprint=True)
        _write_gexf(graph, staging / "graph.gexf", corpus)
        write_html(corpus, graph, staging / "graph.html")
        names = list(EXPORTS)
        if store:
            from kgraph.rdf.store import write_store

            write_store(staging / "graph.nt", staging / STORE)
            names.append(STORE)
        _swap_in(staging, out, names)
        return [out / name for name in names]
    except OSError as error:
        raise ExportError(f"could not write the exports into {out}: {error}") from error
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _swap_in(staging: Path, out: Path, names: list[str]) -> None:
    """Move staged files into ``out``; on any failure put the previous ones back."""
    previous = staging / ".previous"
    previous.mkdir()
    (staging / _NAMES).write_text("\n".join(names) + "\n", encoding="utf-8")
    moved: list[str] = []
    try:
        for name in names:
            if (out / name).exists():
                os.replace(out / name, previous / name)
            moved.append(name)
            os.replace(staging / name, out / name)
        (staging / _SWAPPED).touch()
    except BaseException:
        for name in reversed(moved):
            try:
                if (previous / name).exists():
                    _remove(out / name)
                    os.rename(previous / name, out / name)
                elif not (staging / name).exists():  # new in this build: the folder had none
                    _remove(out / name)
            except OSError:
                continue  # keep restoring the others
        raise


@contextmanager
def build_lock(out: str | os.PathLike[str]) -> Iterator[Path]:
    """Hold ``out`` for one build: a second build into it fails at once.

    Taking the lock also repairs what a killed build left (:func:`recover`).
    The lock is the operating system's (``flock``), so it dies with its
    process; on systems without ``fcntl`` there is no lock.
    """
    folder = Path(out)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle = open(folder / _LOCK, "a+b")  # noqa: SIM115 - held for the whole build
    except OSError as error:
        raise ExportError(
            f"cannot write into the output folder {folder}: {error.strerror or error}"
        ) from error
    with handle:
        try:
            import fcntl
        except ImportError:  # Windows
            fcntl = None  # type: ignore[assignment]
        if fcntl is not None:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise ExportError(f"another kgraph build is writing into {folder}") from None
        recover(folder)
        yield folder


def recover(out: Path) -> list[str]:
    """Undo the half-done swaps of builds that were killed; return the names restored.

    A staging folder whose swap had not finished puts every previous export
    back (and removes exports that had none before), so the folder holds the
    last complete build; any other staging folder is only deleted. Call it
    only while holding :func:`build_lock`.
    """
    restored: list[str] = []
    for staging in sorted(out.glob(_STAGING + "*")):
        previous = staging / ".previous"
        if (staging / _NAMES).exists() and not (staging / _SWAPPED).exists():
            for name in (staging / _NAMES).read_text(encoding="utf-8").split():
                if (previous / name).exists():
                    _remove(out / name)
                    os.replace(previous / name, out / name)
                    restored.append(name)
                elif not (staging / name).exists():  # new in that build and already moved in
                    _remove(out / name)
                    restored.append(name)
        shutil.rmtree(staging, ignore_errors=True)
    return restored


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif path.exists() or path.is_symlink():
        path.unlink()


def _write_gexf(graph: nx.MultiDiGraph, path: Path, corpus: Corpus) -> None:
    """GEXF with a reproducible header: the date is the corpus's latest, not today's."""
    from networkx.readwrite.gexf import GEXFWriter

    writer = GEXFWriter(encoding="utf-8", prettyprint=True)
    writer.add_graph(graph)
    meta = writer.xml.find("meta")
    if meta is not None:
        meta.set(
            "lastmodifieddate",
            max((d.date for d in corpus.documents if d.date), default="1970-01-01"),
        )
        creator = meta.find("creator")
        if creator is not None:
            creator.text = "kgraph"
    with atomic_writer(path) as handle:
        writer.write(handle)
