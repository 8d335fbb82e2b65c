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
``graph.nq``        the same triples as N-Quads, each document's in a graph of its own
``graph.jsonld``    RDF, JSON-LD with kgraph's prefixes as its context
``graph.graphml``   the networkx graph with analytics, for Gephi and notebooks
``graph.gexf``      the same for Gephi
``graph.html``      the interactive viewer, one offline file
``store/``          an Oxigraph store of the RDF, for ``kgraph query``/``serve``
==================  ==========================================================

Which of them a build writes is its ``formats`` (:data:`FORMATS`); by default
all of them, and for a corpus of more than :data:`LARGE_CORPUS` documents
only ``nq``, ``graphml``, ``html`` and ``store`` (:func:`default_formats`).

The store is updated graph by graph: each build folder records the digest of
every named graph (``.graphs.tsv``), and the next build starts its store from
a copy of the previous one (hard links, see
:func:`kgraph.rdf.store.write_store`) and replaces only the graphs whose
digest changed: the corpus graph and the documents added, changed or
removed, or whose entities were resolved differently. The result holds the
same quads as a store loaded from scratch.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path

import networkx as nx

from kgraph.atomic import atomic_write
from kgraph.errors import ExportError
from kgraph.model import Corpus

__all__ = [
    "BUILDS",
    "CURRENT",
    "EXPORTS",
    "FORMATS",
    "LARGE_CORPUS",
    "PAUSE_POINTS",
    "REBUILD_SHARE",
    "build_lock",
    "default_formats",
    "parse_formats",
    "recover",
    "write_exports",
]

EXPORTS = (
    "graph.nt",
    "graph.nq",
    "graph.ttl",
    "graph.jsonld",
    "graph.graphml",
    "graph.gexf",
    "graph.html",
)
STORE = "store"
#: Every format a build can write: its name (for ``--formats``) and its name in OUT.
FORMATS = {
    "nt": "graph.nt",
    "nq": "graph.nq",
    "ttl": "graph.ttl",
    "jsonld": "graph.jsonld",
    "graphml": "graph.graphml",
    "gexf": "graph.gexf",
    "html": "graph.html",
    "store": STORE,
}
#: Above this many documents, the default formats leave out the ones that repeat
#: the same triples (nt, ttl, jsonld) or the same graph (gexf): each is hours and
#: gigabytes at 100,000 articles.
LARGE_CORPUS = 5_000
_LARGE_DEFAULT = ("nq", "graphml", "html", "store")
_GRAPHS = ".graphs.tsv"  # in a build folder: each named graph's digest
#: A store is loaded afresh, not updated, when more than this share of its documents changed.
REBUILD_SHARE = 0.25
_CORPUS_LINES = ".corpus.nq"  # in a build folder: the corpus graph's lines, for the next store
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


def default_formats(documents: int) -> tuple[str, ...]:
    """The formats a build of ``documents`` documents writes when none are asked for.

    >>> default_formats(10)
    ('nt', 'nq', 'ttl', 'jsonld', 'graphml', 'gexf', 'html', 'store')
    >>> default_formats(100_000)
    ('nq', 'graphml', 'html', 'store')
    """
    return tuple(FORMATS) if documents <= LARGE_CORPUS else _LARGE_DEFAULT


def parse_formats(text: str) -> tuple[str, ...]:
    """``"ttl, html"`` -> ``('ttl', 'html')``, in :data:`FORMATS` order; ``all`` is every one.

    >>> parse_formats("html,nt")
    ('nt', 'html')
    >>> parse_formats("svg")
    Traceback (most recent call last):
    ...
    ValueError: unknown format 'svg': choose from nt, nq, ttl, jsonld, graphml, gexf, html, store, all
    """
    names = {name.strip().lower() for name in text.split(",") if name.strip()}
    if "all" in names:
        return tuple(FORMATS)
    for name in sorted(names):
        if name not in FORMATS:
            known = ", ".join((*FORMATS, "all"))
            raise ValueError(f"unknown format {name!r}: choose from {known}")
    if not names:
        raise ValueError("no format named: give one or more of " + ", ".join(FORMATS))
    return tuple(name for name in FORMATS if name in names)


def write_exports(
    corpus: Corpus,
    graph: nx.MultiDiGraph,
    out: Path,
    *,
    store: bool = True,
    formats: tuple[str, ...] | None = None,
    lap: Callable[[str], None] = lambda step: None,
    viewer_nodes: int | None = None,
) -> list[Path]:
    """Write the exports of ``corpus`` into ``out``; return the paths written.

    ``graph`` is the corpus's graph (:func:`kgraph.graph.corpus_graph`) or
    only its entities (:func:`kgraph.graph.entity_graph`), whose documents and
    mention edges are then written from the corpus. ``formats`` names the
    exports (:data:`FORMATS`; default :func:`default_formats`);
    ``store=False`` leaves out the store. A new
    build folder is written and switched to in one step (see the module's
    documentation); the previous build is deleted after the switch.
    ``lap(step)`` is called after each step (``rdf``, ``graphml``, ``gexf``,
    ``html``, ``store``; ``switch`` last). ``viewer_nodes`` caps the nodes
    ``graph.html`` draws (default :data:`kgraph.viewer.MAX_NODES`).
    """
    out = Path(out)
    if formats is None:
        formats = default_formats(len(corpus.documents))
    if not store:
        formats = tuple(name for name in formats if name != STORE)
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
        previous = out / CURRENT if linked and (out / CURRENT).is_dir() else None
        names = _write_all(corpus, graph, staging, formats, previous, lap, viewer_nodes)
        _pause("written")
        if linked:
            _switch_to(staging, out)
        else:
            _swap_in(staging, out, names)
        lap("switch")
        return [out / name for name in names]
    except OSError as error:
        raise ExportError(f"could not write the exports into {out}: {error}") from error
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _write_all(
    corpus: Corpus,
    graph: nx.MultiDiGraph,
    folder: Path,
    formats: tuple[str, ...],
    previous: Path | None,
    lap: Callable[[str], None],
    viewer_nodes: int | None = None,
) -> list[str]:
    from kgraph.graph import graph_stream, has_documents
    from kgraph.graphxml import GraphStream, write_gexf, write_graphml
    from kgraph.rdf.serialize import RDF_FILES, GraphRuns, write_rdf
    from kgraph.viewer import MAX_NODES, write_html

    rdf = [name for name in formats if name in RDF_FILES]
    if STORE in formats and "nq" not in rdf:
        rdf.append("nq")  # the store is loaded from it
    lines = folder / _CORPUS_LINES if STORE in formats else None
    runs = GraphRuns()  # where each graph's lines are in graph.nq, for the store
    digests = write_rdf(corpus, graph, folder, rdf, corpus_lines=lines, runs=runs)
    lap("rdf")
    if "graphml" in formats or "gexf" in formats:
        # documents and mention edges from the corpus, one at a time, when the graph has none
        full = GraphStream.of(graph) if has_documents(graph) else graph_stream(corpus, graph)
        if "graphml" in formats:
            write_graphml(full, folder / "graph.graphml")
            lap("graphml")
        if "gexf" in formats:
            latest = max((d.date for d in corpus.documents if d.date), default="1970-01-01")
            write_gexf(full, folder / "graph.gexf", date=latest)  # the corpus's date, not today's
            lap("gexf")
        del full
    if "html" in formats:
        write_html(corpus, graph, folder / "graph.html", max_nodes=viewer_nodes or MAX_NODES)
        lap("html")
    if STORE in formats:
        _write_store(folder, digests, previous, runs.spans())
        lap("store")
    if "nq" not in formats:
        (folder / "graph.nq").unlink(missing_ok=True)
    return [FORMATS[name] for name in formats]


def _write_store(
    folder: Path,
    digests: dict[str, str],
    previous: Path | None,
    spans: Mapping[str, Sequence[int]] | None = None,
) -> None:
    """Write ``folder/store`` from ``folder/graph.nq``, from the previous build's store if it helps.

    The documents' graphs that changed are replaced whole; the corpus graph,
    which changes a little everywhere (every entity's PageRank), is updated
    line by line against the previous build's ``.corpus.nq``. ``spans`` says
    where each graph's lines are in ``graph.nq``, so only the changed
    graphs' lines are read.
    """
    from kgraph.rdf.serialize import CORPUS_GRAPH
    from kgraph.rdf.store import write_store

    atomic_write(folder / _GRAPHS, "".join(f"{i}\t{d}\n" for i, d in digests.items()).encode())
    old = _read_digests(previous / _GRAPHS) if previous is not None else None
    if (
        previous is None
        or old is None
        or not (previous / STORE).is_dir()
        or not (previous / _CORPUS_LINES).is_file()
    ):
        write_store(folder / "graph.nq", folder / STORE)
        return
    changed = {iri for iri, digest in digests.items() if old.get(iri) != digest}
    changed |= old.keys() - digests.keys()
    changed.discard(CORPUS_GRAPH)
    if len(changed) > REBUILD_SHARE * len(digests):  # much of it: loading afresh is faster
        write_store(folder / "graph.nq", folder / STORE)
        return
    write_store(
        folder / "graph.nq",
        folder / STORE,
        previous=previous / STORE,
        replace=changed,
        diff=(CORPUS_GRAPH, previous / _CORPUS_LINES, folder / _CORPUS_LINES)
        if old.get(CORPUS_GRAPH) != digests.get(CORPUS_GRAPH)
        else None,
        spans=spans,
    )


def _read_digests(path: Path) -> dict[str, str] | None:
    """The graph digests a build folder recorded, or None if it has none readable."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    pairs = [line.split("\t") for line in lines]
    if any(len(pair) != 2 for pair in pairs):
        return None
    return dict((iri, digest) for iri, digest in pairs)


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
    written = {p.name for p in (builds / str(version)).iterdir()}
    for name in (*EXPORTS, STORE):  # links made once, for the names this build has
        if name in written and not os.path.lexists(out / name):
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
    for name in (*EXPORTS, STORE):  # a format this build did not write: no dangling link
        if name not in written and (out / name).is_symlink():
            (out / name).unlink()
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
