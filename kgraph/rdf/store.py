"""A persistent SPARQL store over an export, and the knowledge-base API.

:func:`write_store` bulk-loads an export (Turtle or N-Triples in the shape of
``docs/rdf.md``) into an Oxigraph store on disk; :func:`open` opens it
read-only as a :class:`KnowledgeBase` that answers SPARQL 1.1 queries::

    kb = open("exports")            # exports/store, written by write_store
    for row in kb.query("SELECT ?p WHERE { ?p a schema:Person }"):
        print(row.p)

Queries may use the prefixes of :data:`PREFIXES` without declaring them. A
malformed query raises :class:`~kgraph.errors.QueryError` naming the line and
column and how to fix it; SPARQL updates and ``SERVICE`` are refused: the
store is read-only and never reaches the network.

Examples
--------
>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "graph.nt").write_text(
...     '<https://w3id.org/kgraph/id/Place/福建省> '
...     '<http://www.w3.org/2000/01/rdf-schema#label> "福建省"@zh-Hans .\\n',
...     encoding="utf-8")
>>> _ = write_store(folder / "graph.nt", folder / "store")
>>> with open(folder) as kb:
...     [str(row.label) for row in kb.query("SELECT ?label WHERE { ?e rdfs:label ?label }")]
['福建省']
>>> with open(folder) as kb:
...     kb.query("SELECT ?x WHERE { ?x foo:bar ?y }")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
kgraph.errors.QueryError: line 1, column 22: unknown prefix 'foo:': add PREFIX foo: <…> ...
"""

from __future__ import annotations

import ctypes
import ctypes.util
import difflib
import hashlib
import itertools
import os
import re
import shutil
import tempfile
from collections.abc import Collection, Iterator, Mapping, Sequence
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Literal, TypeAlias

import pyoxigraph as ox

from kgraph.errors import ExportError, InputError, QueryError
from kgraph.ingest.files import missing_export
from kgraph.rdf.vocab import PREFIXES

if TYPE_CHECKING:
    from rdflib import Graph
    from rdflib.query import ResultRow
    from rdflib.term import Identifier

__all__ = [
    "MAX_NESTING",
    "MAX_TERMS",
    "STORE_DIRNAME",
    "KnowledgeBase",
    "QueryForm",
    "RawResult",
    "Rows",
    "bcp47_case",
    "check_query",
    "explain_syntax_error",
    "find_store",
    "is_update",
    "open",
    "refuse_unsafe",
    "run_query",
    "to_rdflib",
    "write_store",
]

#: Name of the store folder inside an export folder.
STORE_DIRNAME = "store"

#: What pyoxigraph returns for SELECT, ASK and CONSTRUCT/DESCRIBE queries.
RawResult: TypeAlias = "ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples"

QueryForm = Literal["SELECT", "ASK", "CONSTRUCT", "DESCRIBE"]

_RDF_FORMATS = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".nq": ox.RdfFormat.N_QUADS,
    ".trig": ox.RdfFormat.TRIG,
    ".jsonld": ox.RdfFormat.JSON_LD,
    ".rdf": ox.RdfFormat.RDF_XML,
    ".owl": ox.RdfFormat.RDF_XML,
}

#: Formats of one statement per line, loaded in batches of lines (N-Triples lines are N-Quads).
_LINE_FORMATS = (ox.RdfFormat.N_TRIPLES, ox.RdfFormat.N_QUADS)

#: Bytes of N-Quads lines parsed and given to the store at once: Oxigraph holds a batch's quads
#: while it loads them (4.1 M quads: the process grew by 80 MB in batches of 4 MB, 155-174 MB of 16).
_BATCH_BYTES = 4 << 20

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


# --------------------------------------------------------------------------- building


def write_store(
    export: str | os.PathLike[str],
    store_dir: str | os.PathLike[str],
    *,
    previous: str | os.PathLike[str] | None = None,
    replace: Collection[str] = (),
    diff: tuple[str, Path, Path] | None = None,
    spans: Mapping[str, Sequence[int]] | None = None,
) -> Path:
    """Bulk-load an RDF export into a persistent Oxigraph store at ``store_dir``.

    The store is built in a temporary folder beside ``store_dir`` and then
    swapped in with one rename, so a failed or interrupted build leaves the
    previous store untouched and readers never see a half-written one.

    With ``previous`` (a store folder), the store is instead a copy of that
    store in which only the named graphs ``replace`` are replaced: each is
    emptied, then given the lines of ``export`` (N-Quads) in that graph.
    ``diff``, ``(graph, old, new)``, names a graph to update line by line
    instead, from the file ``old`` of its lines in ``previous`` to the file
    ``new`` of its lines now. ``spans`` gives where each graph's lines are
    in ``export`` (IRI -> ``[start, size, …]`` in bytes, as
    :class:`kgraph.rdf.serialize.GraphRuns` records them), so only those
    bytes are read; without it the whole file is.
    The copy is an Oxigraph backup, which hard-links the previous store's
    immutable files, so it costs little whatever the store's size, and the
    previous store (possibly being served) is only read.

    Parameters
    ----------
    export : path
        A Turtle (``.ttl``) or N-Triples (``.nt``) file; N-Quads, TriG,
        JSON-LD and RDF/XML are accepted too, by extension. With
        ``previous``, N-Quads.
    store_dir : path
        Folder of the store; replaced if it exists.
    previous : path, optional
        A store to start from.
    replace : collection of str
        IRIs of the named graphs to replace when starting from ``previous``.
    diff : (str, path, path), optional
        A graph's IRI and two N-Quads files of its lines, before and now.

    Returns
    -------
    Path
        ``store_dir``.

    Raises
    ------
    InputError
        If ``export`` is missing or has an unknown extension.
    ExportError
        If the file is not valid RDF or the store cannot be written.

    Notes
    -----
    Linear in the size of the export. N-Triples and N-Quads are read as
    lines and given to Oxigraph in batches of about 4 MB, so memory stays
    near 80 MB whatever the file's size (4.1 M quads: 43-80 s and 80 MB on
    a busy two-core machine; 57-105 s and 155-174 MB in batches of 16 MB;
    Oxigraph's own bulk loader took 1.6 GB for 2.7 M quads). Other formats go to the bulk loader, whose memory levels
    off at about 1.5 GB on two cores.
    """
    source = Path(export)
    target = Path(store_dir)
    if not source.is_file():
        raise InputError(f"no export at {source}: run `kgraph build` first")
    rdf_format = _RDF_FORMATS.get(source.suffix.lower())
    if rdf_format is None:
        known = ", ".join(sorted(_RDF_FORMATS))
        raise InputError(f"cannot tell the RDF format of {source.name}: name it {known}")
    target.parent.mkdir(parents=True, exist_ok=True)
    building = Path(tempfile.mkdtemp(prefix=f".{target.name}.building-", dir=target.parent))
    try:
        if previous is not None:
            os.rmdir(building)  # a backup makes its own folder
            ox.Store.read_only(str(previous)).backup(str(building))
        store = ox.Store(str(building))
        try:
            if previous is None and rdf_format in _LINE_FORMATS:
                _load_lines(store, source)
            elif previous is None:
                store.bulk_load(path=str(source), format=rdf_format)
            else:
                _replace_graphs(store, source, replace, diff=diff, spans=spans)
            store.flush()
        finally:
            del store  # closes RocksDB before its folder is renamed
    except SyntaxError as error:
        shutil.rmtree(building, ignore_errors=True)
        raise ExportError(f"{source} is not valid RDF ({error}); rebuild the export") from error
    except BaseException:
        shutil.rmtree(building, ignore_errors=True)
        raise
    try:
        _swap_in(building, target)
    except OSError as error:
        shutil.rmtree(building, ignore_errors=True)
        raise ExportError(f"could not replace the store at {target}: {error}") from error
    return target


def _replace_graphs(
    store: ox.Store,
    nquads: Path,
    graphs: Collection[str],
    *,
    diff: tuple[str, Path, Path] | None,
    spans: Mapping[str, Sequence[int]] | None = None,
) -> None:
    """Update ``store`` to the N-Quads file ``nquads``, graph by graph.

    Each graph of ``graphs`` is emptied and given its lines of ``nquads``.
    ``diff`` is ``(graph, old, new)``: that graph is updated line by line
    from the file ``old`` of its previous lines to the file ``new`` of its
    lines now, removing the quads ``new`` lacks and adding those ``old``
    lacked, so a big graph of which a little changed costs that little.
    Files are read as streams; lines go to Oxigraph in batches of about 4 MB.
    With ``spans`` (see :func:`write_store`), only the graphs' own runs of
    ``nquads`` are read.
    """
    for iri in sorted(graphs):
        store.remove_graph(ox.NamedNode(iri))
    if diff is not None:
        _, old, new = diff
        with new.open("rb") as lines:
            now = {_line_digest(line) for line in lines}
        before: set[bytes] = set()
        with old.open("rb") as lines, _Batches(store, remove=True) as removals:
            for line in lines:
                digest = _line_digest(line)
                before.add(digest)
                if digest not in now:
                    removals.add(line)
        del now
        with new.open("rb") as lines, _Batches(store, remove=False) as additions:
            for line in lines:
                if _line_digest(line) not in before:
                    additions.add(line)
    if graphs and spans is not None:
        with nquads.open("rb") as lines, _Batches(store, remove=False) as additions:
            for iri in sorted(graphs):
                at = spans.get(iri, ())
                for k in range(0, len(at), 2):
                    lines.seek(at[k])
                    additions.add(lines.read(at[k + 1]))  # whole lines
    elif graphs:
        wanted = {f" <{iri}> .\n".encode() for iri in graphs}
        with nquads.open("rb") as lines, _Batches(store, remove=False) as additions:
            for line in lines:
                if line[line.rfind(b" ", 0, len(line) - 3) :] in wanted:
                    additions.add(line)


def _load_lines(store: ox.Store, source: Path) -> None:
    """Load an N-Triples or N-Quads file in batches of about 4 MB of lines.

    Oxigraph's bulk loader holds a million quads per thread (about 1.4 GB
    on two cores); batches of lines hold one batch, for about 10% more time.
    """
    with source.open("rb") as lines, _Batches(store, remove=False) as additions:
        for line in lines:
            additions.add(line)


def _line_digest(line: bytes) -> bytes:
    return hashlib.blake2b(line, digest_size=16).digest()


class _Batches:
    """N-Quads lines added to or removed from a store in batches of about 4 MB."""

    def __init__(self, store: ox.Store, *, remove: bool) -> None:
        self._store, self._remove = store, remove
        self._lines: list[bytes] = []
        self._size = 0

    def add(self, line: bytes) -> None:
        self._lines.append(line)
        self._size += len(line)
        if self._size > _BATCH_BYTES:
            self._flush()

    def _flush(self) -> None:
        if self._lines:
            quads = ox.parse(b"".join(self._lines), format=ox.RdfFormat.N_QUADS)
            if self._remove:
                for quad in quads:
                    self._store.remove(quad)
            else:
                self._store.bulk_extend(quads)
        self._lines, self._size = [], 0

    def __enter__(self) -> _Batches:
        return self

    def __exit__(self, *exc: object) -> None:
        if exc[0] is None:
            self._flush()


def _swap_in(new: Path, target: Path) -> None:
    """Move ``new`` to ``target``, replacing it atomically where the OS allows."""
    if not target.exists():
        os.rename(new, target)
        return
    if _exchange(new, target):
        shutil.rmtree(new, ignore_errors=True)  # now holds the old store
        return
    # Without renameat2 there is an instant with no store at ``target``; never a partial one.
    old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old-", dir=target.parent))
    os.rename(target, old / "store")
    try:
        os.rename(new, target)
    except OSError:
        os.rename(old / "store", target)
        raise
    finally:
        shutil.rmtree(old, ignore_errors=True)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step with Linux ``renameat2(RENAME_EXCHANGE)``."""
    libc_name = ctypes.util.find_library("c")
    if not libc_name:
        return False
    try:
        renameat2 = ctypes.CDLL(libc_name, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    result = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange)
    return bool(result == 0)


def find_store(path: str | os.PathLike[str]) -> Path:
    """Return the store folder of ``path``: an export folder or a store itself.

    A store reached through symbolic links (``OUT/store`` links to the
    current build's store, see :mod:`kgraph.export`) is returned resolved,
    so what opens it reads one build even if a new build is switched to.

    Raises
    ------
    InputError
        If neither ``path/store`` nor ``path`` holds a store.
    """
    folder = Path(path)
    for candidate in (folder / STORE_DIRNAME, folder):
        if (candidate / "CURRENT").is_file():
            return candidate.resolve() if candidate.resolve() != candidate.absolute() else candidate
    if not folder.exists():
        raise InputError(
            f"{folder} does not exist: give an export folder written by `kgraph build`"
        )
    hint = f"build one with `kgraph build SOURCES --out {folder}` (with --formats, name store too)"
    no_build = f"no SPARQL store in {folder}: {hint}"
    raise InputError(missing_export(folder, "store", "store", no_build))


# --------------------------------------------------------------------------- opening


def open(path: str | os.PathLike[str]) -> KnowledgeBase:
    """Open a knowledge base for SPARQL queries.

    Parameters
    ----------
    path : path
        An export folder holding ``store/`` (see :func:`write_store`), a
        store folder, or an RDF file (``.ttl``, ``.nt``…), which is loaded
        into memory.

    Returns
    -------
    KnowledgeBase
        Read-only; close it (or use ``with``) when done.
    """
    location = Path(path)
    if location.is_file():
        rdf_format = _RDF_FORMATS.get(location.suffix.lower())
        if rdf_format is None:
            raise InputError(f"cannot tell the RDF format of {location.name}")
        store = ox.Store()
        try:
            store.load(path=str(location), format=rdf_format)
        except SyntaxError as error:
            raise InputError(f"{location} is not valid RDF: {error}") from error
        return KnowledgeBase(store, location)
    folder = find_store(location)
    try:
        return KnowledgeBase(ox.Store.read_only(str(folder)), folder)
    except OSError as error:
        raise InputError(f"cannot open the store at {folder}: {error}") from error
    except RuntimeError as error:  # RocksDB's "Corruption: …"
        first = str(error).strip().splitlines()[0] if str(error).strip() else "unreadable"
        raise InputError(
            f"the store at {folder} is damaged ({first}): rebuild it with `kgraph build`"
        ) from None


class Rows(list["ResultRow"]):
    """Rows of a SELECT query; ``variables`` names the columns, even when empty."""

    variables: tuple[str, ...]

    def __init__(self, rows: list[ResultRow], variables: tuple[str, ...]) -> None:
        super().__init__(rows)
        self.variables = variables


class KnowledgeBase:
    """A read-only knowledge base answering SPARQL 1.1 queries with Oxigraph.

    Use :func:`open` to get one. Rows are rdflib ``ResultRow`` objects, as
    ``kb.graph.query(...)`` would give, so both engines can be mixed.
    """

    def __init__(self, store: ox.Store, location: Path) -> None:
        self._store: ox.Store | None = store
        self._graph: Graph | None = None
        #: Where the data came from: a store folder or an RDF file.
        self.location = location

    @property
    def store(self) -> ox.Store:
        """The underlying pyoxigraph store."""
        if self._store is None:
            raise QueryError("this knowledge base is closed: open it again with kgraph.open()")
        return self._store

    def execute(self, sparql: str) -> RawResult:
        """Run a query and return pyoxigraph's own result (see :func:`run_query`)."""
        return run_query(self.store, sparql)

    def query(self, sparql: str) -> Rows | bool | Graph:
        """Run a SPARQL query.

        Parameters
        ----------
        sparql : str
            A SELECT, ASK, CONSTRUCT or DESCRIBE query; the prefixes of
            :data:`PREFIXES` need no declaration.

        Returns
        -------
        Rows or bool or rdflib.Graph
            Rows for SELECT (rdflib terms; ``row.name`` or ``row["name"]``),
            a bool for ASK, a graph for CONSTRUCT and DESCRIBE.

        Raises
        ------
        QueryError
            If the query is malformed (with line, column and a fix), is an
            update, or fails.
        """
        from rdflib import Graph
        from rdflib.query import ResultRow
        from rdflib.term import Variable

        result = self.execute(sparql)
        try:
            if isinstance(result, ox.QueryBoolean):
                return bool(result)
            if isinstance(result, ox.QueryTriples):
                graph = Graph()
                _bind_prefixes(graph)
                for triple in result:
                    graph.add((to_rdflib(triple[0]), to_rdflib(triple[1]), to_rdflib(triple[2])))
                return graph
            names = tuple(v.value for v in result.variables)
            labels = [Variable(name) for name in names]
            rows = []
            for solution in result:
                values = {}
                for name, label in zip(names, labels, strict=True):
                    term = solution[name]
                    if term is not None:
                        values[label] = to_rdflib(term)
                rows.append(ResultRow(values, labels))
            return Rows(rows, names)
        except (OSError, RuntimeError) as error:
            raise QueryError(f"the query failed: {error}") from error

    @property
    def graph(self) -> Graph:
        """An rdflib Graph of the same triples, loaded on first use.

        Notes
        -----
        rdflib holds about 1 KB per triple; prefer :meth:`query` on big graphs.
        """
        if self._graph is None:
            from rdflib import Graph

            graph = Graph()
            _bind_prefixes(graph)
            for quad in self.store.quads_for_pattern(None, None, None):  # every graph
                graph.add((to_rdflib(quad[0]), to_rdflib(quad[1]), to_rdflib(quad[2])))
            self._graph = graph
        return self._graph

    def close(self) -> None:
        """Release the store; later queries raise :class:`QueryError`."""
        self._store = None
        self._graph = None

    def __enter__(self) -> KnowledgeBase:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        state = "closed" if self._store is None else "open"
        return f"<KnowledgeBase {self.location} ({state})>"


def _bind_prefixes(graph: Graph) -> None:
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, iri, replace=True)


def to_rdflib(term: object) -> Identifier:
    """Convert a pyoxigraph term to the equal rdflib term.

    Oxigraph lower-cases language tags; they get back their BCP 47 case
    (``zh-hans`` -> ``zh-Hans``), which rdflib's graph comparison needs.

    >>> import pyoxigraph as ox
    >>> to_rdflib(ox.Literal("下党", language="zh-Hans")).n3()
    '"下党"@zh-Hans'
    """
    from rdflib import BNode, URIRef
    from rdflib import Literal as RdfLiteral

    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return RdfLiteral(term.value, lang=bcp47_case(term.language))
        datatype = term.datatype.value
        return RdfLiteral(term.value, datatype=None if datatype == _XSD_STRING else datatype)
    return RdfLiteral(str(term))  # an RDF-star triple term: rdflib has no equivalent


def bcp47_case(tag: str) -> str:
    """Give a language tag its conventional case: script Title, region UPPER.

    >>> bcp47_case("zh-hant-tw"), bcp47_case("EN-us"), bcp47_case("de-x-phonebk")
    ('zh-Hant-TW', 'en-US', 'de-x-phonebk')
    """
    parts = tag.lower().split("-")
    for i, part in enumerate(parts[1:], start=1):
        if len(parts[i - 1]) == 1:  # after a singleton (x-, u-…) subtags keep lower case
            break
        if len(part) == 4 and part.isalpha():
            parts[i] = part.title()
        elif len(part) == 2 and part.isalpha():
            parts[i] = part.upper()
    return "-".join(parts)


# --------------------------------------------------------------------------- queries


def run_query(store: ox.Store, sparql: str) -> RawResult:
    """Check ``sparql`` with :func:`check_query` and run it on ``store``.

    The evaluation is lazy: SELECT rows and CONSTRUCT triples are computed
    while the result is iterated. The default graph is the union of all
    graphs (a build keeps each document's triples in a graph of its own), so
    a query without ``GRAPH`` sees every triple; ``GRAPH ?g { … }`` names
    the graph a triple is in.

    Raises
    ------
    QueryError
        If the query is malformed, is an update, uses ``SERVICE`` or fails.
    """
    check_query(sparql)
    try:
        return store.query(sparql, prefixes=PREFIXES, use_default_graph_as_union=True)
    except SyntaxError as error:
        raise explain_syntax_error(sparql, str(error)) from None
    except (OSError, RuntimeError) as error:
        raise QueryError(f"the query failed: {error}") from error


_UPDATE_FORMS = frozenset(
    ("INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH")
)
_QUERY_FORMS = frozenset(("SELECT", "ASK", "CONSTRUCT", "DESCRIBE"))
_IRIREF = re.compile(r'<[^<>"{}|^`\\\x00-\x20]*>')
_PN_PREFIX = r"(?:[^\W\d_](?:[\w.\-]*[\w\-])?)?"
_PREFIXED_NAME = re.compile(rf"(?<![\w?$:.\-]){_PN_PREFIX}:")
_PREFIX_DECL = re.compile(rf"(?i)\bPREFIX\s+({_PN_PREFIX}):")
_WORD = re.compile(r"(?<![?$:\w@])[A-Za-z]+\b(?!:)")
_WELL_KNOWN = {
    "dct": "http://purl.org/dc/terms/",
    "dcterms": "http://purl.org/dc/terms/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "sh": "http://www.w3.org/ns/shacl#",
    "geo": "http://www.opengis.net/ont/geosparql#",
}


def _blank(sparql: str) -> str:
    """``sparql`` with strings, IRIs and comments replaced by spaces (newlines kept)."""
    out = list(sparql)
    i, n = 0, len(sparql)

    def blank(start: int, stop: int) -> None:
        for k in range(start, stop):
            if out[k] != "\n":
                out[k] = " "

    while i < n:
        char = sparql[i]
        if char == "#":
            stop = sparql.find("\n", i)
            stop = n if stop < 0 else stop
            blank(i, stop)
            i = stop
        elif char in "\"'":
            delimiter = char * 3 if sparql.startswith(char * 3, i) else char
            j = i + len(delimiter)
            while j < n:
                if sparql[j] == "\\":
                    j += 2
                elif sparql.startswith(delimiter, j):
                    j += len(delimiter)
                    break
                elif len(delimiter) == 1 and sparql[j] == "\n":
                    break
                else:
                    j += 1
            blank(i, min(j, n))
            i = j
        elif char == "<" and (match := _IRIREF.match(sparql, i)):
            blank(i, match.end())
            i = match.end()
        else:
            i += 1
    return "".join(out)


def _position(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of ``offset`` in ``text``."""
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, column


def _first_form(blanked: str) -> str | None:
    """The first query or update keyword of a blanked query, upper-cased."""
    for match in _WORD.finditer(blanked):
        word = match.group().upper()
        if word in _UPDATE_FORMS or word in _QUERY_FORMS:
            return word
    return None


def is_update(sparql: str) -> bool:
    """Tell whether ``sparql`` is a SPARQL update (INSERT, DELETE, LOAD…).

    >>> is_update("PREFIX ex: <http://example.org/select> DELETE WHERE { ?s ?p ?o }")
    True
    """
    return _first_form(_blank(sparql)) in _UPDATE_FORMS


#: Most brackets (``{``, ``(``, ``[``) open at once in a query: deeper ones are refused unread.
MAX_NESTING = 64
#: Most terms (names, variables, numbers, operator characters; strings and IRIs are free) in a
#: query. Oxigraph's parser recurses along chains such as ``!!!…``, ``1+1+…`` or ``{…} UNION
#: {…} UNION …`` and overflowed its stack from about 10,000 terms (``!`` repeated); rdflib's
#: parser, which checks queries first, takes seconds per thousand terms of such chains.
MAX_TERMS = 5_000
_TERM = re.compile(r"[\w:\\]+|\S")
_CODEPOINT_ESCAPE = re.compile(r"\\(?:u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)", re.DOTALL)
_SERVICE_WORD = re.compile(r"(?i)service")
_READ_ONLY = (
    "SPARQL updates are refused: this knowledge base is read-only; "
    "rebuild the export with `kgraph build` to change it"
)
_NO_SERVICE = "SERVICE is refused: kgraph queries only its own store, never the network"


def _nesting(sparql: str) -> int:
    """The deepest bracket nesting of ``sparql``, counting brackets in strings too."""
    depth = deepest = 0
    for char in sparql:
        if char in "{([":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "})]" and depth:
            depth -= 1
    return deepest


def _neutral_escapes(sparql: str) -> str:
    r"""``sparql`` with each ``\uXXXX``/``\UXXXXXXXX`` escape replaced by the letter ``x``.

    Oxigraph reads codepoint escapes only inside strings and IRIs, after it
    has found where they end, so an escape never changes the structure it
    sees; rdflib expands them in the whole text first, which would let
    ``"\u005C"`` swallow the rest of a line. Replacing them by a plain letter
    gives rdflib the structure Oxigraph parses.

    >>> _neutral_escapes(r"SELECT ('\u005C' AS ?a) { <x:\U00000041> ?p '\\u0041' }")
    "SELECT ('x' AS ?a) { <x:x> ?p '\\\\u0041' }"
    """

    def neutral(match: re.Match[str]) -> str:
        return "x" if match.group()[1] in "uU" else match.group()

    return _CODEPOINT_ESCAPE.sub(neutral, sparql)


def _names(tree: object) -> Iterator[str]:
    """Names of the grammar rules in an rdflib parse tree, depth first."""
    from rdflib.plugins.sparql.parserutils import CompValue

    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, CompValue):
            yield node.name
            stack.extend(node.values())
        elif isinstance(node, dict):
            stack.extend(node.values())
        elif isinstance(node, (list, tuple)) or type(node).__name__ == "ParseResults":
            stack.extend(node)  # type: ignore[arg-type]


def refuse_unsafe(sparql: str) -> None:
    """Raise :class:`QueryError` for a query that could write, load or reach the network.

    The query is parsed with rdflib's SPARQL grammar (on the structure
    Oxigraph sees, see :func:`_neutral_escapes`) and refused if the parse
    tree holds a ``SERVICE`` pattern, or if it parses only as an update
    (``INSERT``, ``DELETE``, ``LOAD``…). A query rdflib cannot parse is
    refused if the word ``service`` occurs anywhere in it, since Oxigraph
    recognises that keyword only as written; otherwise Oxigraph reports the
    syntax error. Queries nested more than :data:`MAX_NESTING` brackets deep,
    or longer than :data:`MAX_TERMS` terms, are refused before any parser reads
    them.

    >>> refuse_unsafe("SELECT ?s WHERE { ?s ?p 'SERVICE <http://x/>' }")
    >>> refuse_unsafe(r"PREFIX x: <urn:x:> SELECT ?s WHERE { BIND(<x:\u0041#> AS ?z) "
    ...               "SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    kgraph.errors.QueryError: SERVICE is refused: ...

    Notes
    -----
    Linear in the length of the query for the nesting check; parsing takes
    about 10 ms for the example queries in ``docs/queries``.
    """
    deepest = _nesting(sparql)
    if deepest > MAX_NESTING:
        raise QueryError(
            f"the query nests brackets {deepest} deep; at most {MAX_NESTING} are allowed: "
            "flatten it (UNION and FILTER need no extra braces)"
        )
    terms = sum(1 for _ in itertools.islice(_TERM.finditer(_blank(sparql)), MAX_TERMS + 1))
    if terms > MAX_TERMS:
        raise QueryError(
            f"the query has more than {MAX_TERMS:,} terms outside its strings and IRIs: "
            "split it into smaller queries (long chains of operators, UNION, OPTIONAL or BIND "
            "are what the engine cannot take)"
        )
    from pyparsing import ParseBaseException
    from rdflib.plugins.sparql.parser import Query, UpdateUnit

    neutral = _neutral_escapes(sparql)
    try:
        tree = Query.parse_string(neutral, parse_all=True)
    except RecursionError:
        raise QueryError(
            "the query is nested too deeply to be checked: flatten its brackets"
        ) from None
    except ParseBaseException:
        tree = None
    if tree is not None:
        if "ServiceGraphPattern" in set(_names(tree)):
            raise QueryError(_NO_SERVICE)
        return
    try:
        UpdateUnit.parse_string(neutral, parse_all=True)
    except (ParseBaseException, RecursionError):
        pass
    else:
        raise QueryError(_READ_ONLY)
    if _SERVICE_WORD.search(sparql):
        raise QueryError(_NO_SERVICE + " (and this query could not be checked for it)")


def check_query(sparql: str) -> QueryForm:
    """Return the form of a read-only query, or raise :class:`QueryError`.

    Refuses updates and ``SERVICE``, and finds undeclared prefixes with their
    position (Oxigraph's own message for them points elsewhere).

    >>> check_query("PREFIX ex: <http://example.org/> ASK { ex:a ?p ?o }")
    'ASK'
    >>> check_query("INSERT DATA { kgd:a kg:b kgd:c }")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    kgraph.errors.QueryError: SPARQL updates are refused: this knowledge base is read-only; ...
    """
    refuse_unsafe(sparql)
    blanked = _blank(sparql)
    declared = {m.group(1) for m in _PREFIX_DECL.finditer(blanked)}
    declaration_ends = {m.end() for m in _PREFIX_DECL.finditer(blanked)}
    form = _first_form(blanked)
    if form in _UPDATE_FORMS:
        raise QueryError(_READ_ONLY)
    if re.search(r"(?i)(?<![?$:\w])SERVICE\b", blanked):
        raise QueryError(_NO_SERVICE)
    for match in _PREFIXED_NAME.finditer(blanked):
        if match.end() in declaration_ends:
            continue
        prefix = match.group()[:-1]
        if prefix in declared or prefix in PREFIXES:
            continue
        line, column = _position(sparql, match.start())
        iri = _WELL_KNOWN.get(prefix, "…")
        raise QueryError(
            f"line {line}, column {column}: unknown prefix '{prefix}:': "
            f"add PREFIX {prefix}: <{iri}> before {form or 'the query'}"
        )
    if form is None:
        first = _WORD.search(blanked)
        if first is None:
            raise QueryError("the query is empty: write SELECT, ASK, CONSTRUCT or DESCRIBE")
        line, column = _position(sparql, first.start())
        close = difflib.get_close_matches(first.group().upper(), sorted(_QUERY_FORMS), n=1)
        fix = (
            f"did you mean {close[0]}?"
            if close
            else "start it with SELECT, ASK, CONSTRUCT or DESCRIBE"
        )
        raise QueryError(
            f"line {line}, column {column}: '{first.group()}' does not start a SPARQL query: {fix}"
        )
    return form  # type: ignore[return-value]


# fmt: off
_KEYWORDS = (
    "SELECT", "DISTINCT", "REDUCED", "WHERE", "FILTER", "OPTIONAL", "UNION", "MINUS", "GRAPH",
    "BIND", "VALUES", "GROUP", "BY", "HAVING", "ORDER", "ASC", "DESC", "LIMIT", "OFFSET",
    "PREFIX", "BASE", "CONSTRUCT", "DESCRIBE", "ASK", "FROM", "NAMED", "NOT", "EXISTS", "IN",
    "AS", "COUNT", "SUM", "MIN", "MAX", "AVG", "SAMPLE", "GROUP_CONCAT", "SEPARATOR",
    "CONTAINS", "STRSTARTS", "STRENDS", "REGEX", "LANG", "LANGMATCHES", "STR", "DATATYPE",
    "BOUND", "IF", "COALESCE", "YEAR", "MONTH", "DAY",
)
# fmt: on
_CHAR_CLASS = re.compile(r"\[(?:[^\[\]]|\n)*\]")


def explain_syntax_error(sparql: str, message: str) -> QueryError:
    """Turn Oxigraph's syntax error into one naming line, column and a fix.

    Oxigraph's parser often reports the end of the query; rdflib's parser,
    tried second, points at the token where the query stops making sense.
    """
    match = re.match(r"error at (\d+):(\d+): (.*)", message, re.DOTALL)
    line, column = (int(match.group(1)), int(match.group(2))) if match else (1, 1)
    detail = match.group(3) if match else message
    expected = [
        item.strip().removeprefix("expected one of ").removeprefix("expected ").strip()
        for item in _CHAR_CLASS.sub("", detail).split(",")
    ]
    phrases = [item for item in expected if " " in item]
    tokens = [item for item in expected if item and " " not in item and item != "[_]"]
    found = ""
    try:
        from pyparsing import ParseException
        from rdflib.plugins.sparql.parser import parseQuery

        parseQuery(sparql)
    except ParseException as error:
        line, column = error.lineno, error.col
        token = re.search(r"found '([^']*)'", str(error))
        found = token.group(1) if token else ""
    except Exception:
        pass
    lines = sparql.split("\n")
    line = max(1, min(line, len(lines)))
    source = lines[line - 1]
    column = max(1, min(column, len(source) + 1))
    if phrases:
        what = phrases[0]
    elif found:
        what = f"unexpected '{found}'"
    elif tokens:
        what = "expected " + " or ".join(tokens[:5])
    else:
        what = "syntax error"
    gutter = f"{line:>4} | "
    text = (
        f"line {line}, column {column}: {what}\n"
        f"{gutter}{source}\n{' ' * (len(gutter) - 2)}| {' ' * (column - 1)}^\n"
        f"hint: {_hint(sparql, found, what)}"
    )
    return QueryError(text)


def _hint(sparql: str, found: str, what: str) -> str:
    blanked = _blank(sparql)
    for opening, closing in ("()", "{}", "[]"):
        opened, closed = blanked.count(opening), blanked.count(closing)
        if opened != closed:
            return (
                f"unbalanced brackets: {opened} '{opening}' but {closed} '{closing}'; "
                f"close every '{opening}'"
            )
    word = found.split()[0].upper() if found.split() else ""
    if word.isalpha() and word not in _KEYWORDS:
        close = difflib.get_close_matches(word, _KEYWORDS, n=1)
        if close:
            return f"did you mean {close[0]}?"
    if "unbound" in what:
        return "with GROUP BY, select grouped variables or aggregates such as (SAMPLE(?x) AS ?x)"
    if "IRI" in what:
        return "write IRIs in full, e.g. <https://w3id.org/kgraph/id/Place/福建省>"
    slashed = re.search(r"(?<![\w<])(kgd?):([^\s/;,.]+/[^\s;,]+)", sparql)
    if slashed:
        prefix, local = slashed.groups()
        return (
            f"a prefixed name cannot contain an unescaped '/': "
            f"write <{PREFIXES[prefix]}{local}> or {prefix}:{local.replace('/', chr(92) + '/')}"
        )
    return "compare with docs/rdf.md: a triple pattern is subject, predicate, object and '.'"
