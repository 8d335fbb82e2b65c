"""Write every export of a build into a folder, all or nothing, switched as one.

Each build writes a new version folder, then switches to it with one atomic
operation, so a build killed at any moment (``kill -9``, power loss) leaves
the folder holding either the previous build or the new one, whole::

    OUT/graph.ttl -> .kgraph-current/graph.ttl    (one link per name below; made once)
    OUT/store     -> .kgraph-current/store
    OUT/.kgraph-current -> .kgraph-builds/7       (replaced with os.replace: the switch)
    OUT/.kgraph-builds/7/graph.ttl … store/       (the build; older ones deleted after it)

The names users and tools rely on (``OUT/graph.ttl``, ``OUT/store``, …)
are relative symbolic links through ``.kgraph-current``, so they all follow
the switch at once, and moving or copying OUT (``cp -r`` keeps links) keeps
them working. A store opened through ``OUT/store`` is one version
(:func:`kgraph.rdf.store.find_store` resolves the link). A build folder is
written under a temporary name and renamed when complete; one that was
never switched to is deleted by the next build into OUT (:func:`recover`,
under :func:`build_lock`). An OUT written by kgraph before versioned
folders (plain files) is converted by its next build: after the switch,
each plain file becomes a link in turn.

Windows: symbolic links need Developer Mode or administrator rights there.
Where ``os.symlink`` fails, the exports are plain files in OUT as before,
moved in one by one with the previous ones kept aside and restored if the
build fails, so a failed build leaves them as they were, but a build killed
during those moves leaves a mix until the next build undoes it.

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

__all__ = ["BUILDS", "CURRENT", "EXPORTS", "PAUSE_POINTS", "build_lock", "recover", "write_exports"]

EXPORTS = ("graph.ttl", "graph.nt", "graph.jsonld", "graph.graphml", "graph.gexf", "graph.html")
STORE = "store"
#: The link naming the current build folder, and the folder of build folders.
CURRENT = ".kgraph-current"
BUILDS = ".kgraph-builds"
_PARTIAL = ".partial-"  # a build folder being written
_STAGING = ".kgraph-staging-"  # plain-file builds (no symbolic links)
_LOCK = ".kgraph-lock"
_NAMES = ".names"  # what a swap moves, written before it starts
_SWAPPED = ".swapped"  # written once every name is in place
#: Names of the moments a build can be paused at, for tests that kill it there.
PAUSE_POINTS = ("written", "versioned", "switched", "linked")
_PAUSE = "KGRAPH_PAUSE_AT"


def write_exports(
    corpus: Corpus, graph: nx.MultiDiGraph, out: Path, *, store: bool = True
) -> list[Path]:
    """Write all exports of ``corpus`` into ``out``; return the paths written.

    A new build folder is written and switched to in one step (see the
    module's documentation); the previous build is deleted after the switch.
    """
    out = Path(out)
    try:
        out.mkdir(parents=True, exist_ok=True)
        linked = _symlinks_work(out)
        if linked:
            (out / BUILDS).mkdir(exist_ok=True)
            staging = out / BUILDS / f"{_PARTIAL}{os.getpid()}-{os.urandom(4).hex()}"
            staging.mkdir()  # not mkdtemp: the build folder gets the umask's mode, not 0700
        else:
            staging = Path(tempfile.mkdtemp(prefix=_STAGING, dir=out))
    except OSError as error:
        raise ExportError(
            f"cannot write into the output folder {out}: {error.strerror or error}"
        ) from error
    try:
        names = _write_all(corpus, graph, staging, store=store)
        _pause("written")
        if linked:
            _switch_to(staging, out)
        else:
            _swap_in(staging, out, names)
        return [out / name for name in names]
    except OSError as error:
        raise ExportError(f"could not write the exports into {out}: {error}") from error
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _write_all(corpus: Corpus, graph: nx.MultiDiGraph, folder: Path, *, store: bool) -> list[str]:
    from kgraph.rdf.serialize import write_rdf
    from kgraph.viewer import write_html

    write_rdf(corpus, graph, folder)
    nx.write_graphml(graph, folder / "graph.graphml", encoding="utf-8", prettyprint=True)
    _write_gexf(graph, folder / "graph.gexf", corpus)
    write_html(corpus, graph, folder / "graph.html")
    names = list(EXPORTS)
    if store:
        from kgraph.rdf.store import write_store

        write_store(folder / "graph.nt", folder / STORE)
        names.append(STORE)
    return names


def _switch_to(staging: Path, out: Path) -> None:
    """Name the complete build ``staging`` a version, link OUT's names, switch, delete the old."""
    builds = out / BUILDS
    version = 1 + max((int(p.name) for p in builds.iterdir() if p.name.isdigit()), default=0)
    os.rename(staging, builds / str(version))
    try:
        _link_and_switch(out, version)
    except BaseException:
        if _current_build(out) != str(version):  # failed before the switch: the old build stays
            _remove(builds / str(version))
        raise
    _delete_other_builds(out)


def _link_and_switch(out: Path, version: int) -> None:
    """Make the missing top-level links, switch `.kgraph-current` to ``version``, convert plain files."""
    builds = out / BUILDS
    _pause("versioned")
    for name in (*EXPORTS, STORE):  # links made once; dangling until a build has the name
        if not os.path.lexists(out / name):
            os.symlink(Path(CURRENT) / name, out / name)
    if os.path.lexists(out / CURRENT) and not (out / CURRENT).is_symlink():  # copied by `cp -rL`
        _remove(builds / ".old-current")
        os.rename(out / CURRENT, builds / ".old-current")
    link = out / f"{CURRENT}.{os.getpid()}"
    _remove(link)
    os.symlink(Path(BUILDS) / str(version), link)
    os.replace(link, out / CURRENT)  # the switch: one rename
    _pause("switched")
    for name in (*EXPORTS, STORE):  # a folder written before versioned builds: plain files
        path = out / name
        if path.is_symlink():
            continue
        if path.is_dir():  # a link cannot replace a folder in one step: move it aside first
            aside = builds / f".old-{name}"
            _remove(aside)
            os.rename(path, aside)
        new = out / f".{name}.{os.getpid()}"
        _remove(new)
        os.symlink(Path(CURRENT) / name, new)
        os.replace(new, path)
    _pause("linked")


def _current_build(out: Path) -> str:
    """The name of the build folder OUT's current link names, '' if none."""
    try:
        return Path(os.readlink(out / CURRENT)).name
    except OSError:
        return ""


def _delete_other_builds(out: Path) -> None:
    current = _current_build(out)
    builds = out / BUILDS
    if builds.is_dir():
        for path in builds.iterdir():
            if path.name != current:
                _remove(path)
    for name in (CURRENT, *EXPORTS, STORE):  # links of a switch killed before its rename
        for link in out.glob(f"{'' if name.startswith('.') else '.'}{name}.*[0-9]"):
            if link.is_symlink():
                link.unlink()


def _symlinks_work(out: Path) -> bool:
    """Whether symbolic links can be made in ``out`` (not on Windows without Developer Mode)."""
    if os.path.islink(out / CURRENT):
        return True
    probe = out / f".kgraph-link-probe.{os.getpid()}"
    try:
        _remove(probe)
        os.symlink(CURRENT, probe)
    except (OSError, NotImplementedError):
        return False
    probe.unlink()
    return True


def _pause(point: str) -> None:
    """Stop here for good if ``KGRAPH_PAUSE_AT`` names ``point``: tests kill the build there."""
    if os.environ.get(_PAUSE) == point:
        import sys
        import time

        print(f"kgraph: paused at {point}", file=sys.stderr, flush=True)
        time.sleep(3600)


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

    Build folders that were never switched to are deleted. A plain-file
    staging folder (:data:`_STAGING`) whose swap had not finished puts
    every previous export back (and removes exports that had none before),
    so the folder holds the last complete build; any other staging folder is
    only deleted. Call it only while holding :func:`build_lock`.
    """
    _delete_other_builds(out)
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
