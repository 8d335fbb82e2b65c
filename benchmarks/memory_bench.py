"""What the build's driver holds, by record type and field, after each corpus-wide stage.

On a generated archive (``make_corpus.py --docs N``), this runs the stages of
:func:`kgraph.pipeline.build` one by one in this process (extraction with
``--jobs`` workers and no cache) and after each walks what the driver keeps
alive at that point, the way :func:`kgraph.pipeline.build` keeps it:

- ``extract``: the per-document results (``DocumentExtraction``);
- ``resolve + relate``: the :class:`~kgraph.model.Corpus` (entities with
  their mentions, relations and co-occurrences with their evidence; the
  documents and sentences are on disk, and their file's size is printed),
  the extractions handed over and freed as :func:`kgraph.pipeline.build` does;
- ``graph``: plus the networkx graph the build holds
  (:func:`kgraph.graph.entity_graph`; with ``--full``, the whole
  :func:`kgraph.graph.corpus_graph` that ``report.graph`` builds), its
  nodes and edges counted by kind: each node's attribute dict and adjacency
  dicts under the node's kind, each edge's attribute dict and key dict under
  the edge's kind.

Every object is counted once, in the first place the walk meets it: under
the record type and field that holds it (``Sentence.offsets``), nested
containers and scalars under their holder's field, records under their own
type. Small ints and enum members are shared by the interpreter and not
counted. Sizes are ``sys.getsizeof`` (a dataclass without ``__slots__``
adds its ``__dict__``). Mentions kept as columns (``Entity.mentions``, a
:class:`~kgraph.mentions.MentionRun`) count as their run, and their
table's arrays (``MentionTable (columns)``) and strings once. The resident
memory of the process is printed beside each stage.

It prints figures and asserts nothing.

Usage::

    python benchmarks/memory_bench.py --docs 2000
    python benchmarks/memory_bench.py --docs 2000 --top 25
    python benchmarks/memory_bench.py --docs 2000 --full    # the graph with documents
"""

from __future__ import annotations

import argparse
import dataclasses
import gc
import sys
import warnings
from collections import defaultdict
from collections.abc import Iterable
from enum import Enum
from pathlib import Path
from typing import Any

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_corpus import OUT, make_archive

from kgraph.graphdicts import EdgeAttributes, NodeAttributes, SmallDict
from kgraph.mentions import MentionRun

__all__ = ["Tally", "main"]


class Tally:
    """Bytes and objects per holder (``Type.field``), each object counted once."""

    def __init__(self) -> None:
        self.seen: set[int] = set()
        self.bytes: dict[str, int] = defaultdict(int)
        self.objects: dict[str, int] = defaultdict(int)

    def walk(self, root: object, label: str) -> None:
        """Count ``root`` and everything it reaches that no earlier walk counted."""
        stack: list[tuple[object, str]] = [(root, label)]
        while stack:
            obj, where = stack.pop()
            if isinstance(obj, _Shell):
                if id(obj.table) not in self.seen:
                    self.seen.add(id(obj.table))
                    self._add(where, sys.getsizeof(obj.table))
                    if isinstance(obj.table, SmallDict) and isinstance(obj.table._value, dict):
                        self.seen.add(id(obj.table._value))  # its entries, past the first
                        self._add(where, sys.getsizeof(obj.table._value))
                continue
            if id(obj) in self.seen or _shared(obj):
                continue
            self.seen.add(id(obj))
            if isinstance(obj, MentionRun):  # a run of rows: its table's columns, counted once
                self._add(where, sys.getsizeof(obj))
                if id(obj.table) not in self.seen:
                    self.seen.add(id(obj.table))
                    self._add("MentionTable (columns)", obj.table.nbytes)
                    stack.append((obj.table.strings.strings, "MentionTable.strings"))
                continue
            if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
                kind = type(obj).__name__
                self._add(kind, sys.getsizeof(obj))
                if hasattr(obj, "__dict__"):
                    self.seen.add(id(obj.__dict__))
                    self._add(kind, sys.getsizeof(obj.__dict__))
                for f in dataclasses.fields(obj):
                    stack.append((getattr(obj, f.name), f"{kind}.{f.name}"))
                continue
            self._add(where, sys.getsizeof(obj))
            if isinstance(obj, NodeAttributes | EdgeAttributes):  # slots, and keys or a dict
                stack.append((obj._keys, where))
                if not isinstance(obj._keys, dict):
                    stack.extend((value, where) for value in obj.values())
            elif isinstance(obj, SmallDict):
                stack.extend(((obj._key, where), (obj._value, where)))
            elif isinstance(obj, dict):
                for key, value in obj.items():
                    stack.append((key, where))
                    stack.append((value, where))
            elif isinstance(obj, list | tuple | set | frozenset):
                stack.extend((item, where) for item in obj)

    def _add(self, where: str, size: int) -> None:
        self.bytes[where] += size
        self.objects[where] += 1

    def total(self) -> int:
        return sum(self.bytes.values())


def _shared(obj: object) -> bool:
    """Objects the interpreter holds once for everyone: small ints, None, booleans, enum members."""
    if obj is None or isinstance(obj, bool | Enum | type):
        return True
    return isinstance(obj, int) and -5 <= obj <= 256


def _graph_parts(graph: Any) -> Iterable[tuple[object, str]]:
    """The networkx graph's dicts, labelled by the kind of node or edge that holds them.

    A node's attribute dict, its entry in the node table and its successor
    and predecessor dicts count under ``graph.nodes (KIND)``; an edge's
    attribute dict, and the dict of keys it opens, under ``graph.edges (KIND)``.
    The dicts of a :class:`~kgraph.graphdicts.CompactGraph` count with what
    their slots hold (a tuple of keys shared by many records, once).
    The graph's own tables (one dict each) count under ``graph``.
    """
    yield graph.graph, "graph"
    for table in (graph._node, graph._adj, graph._pred):
        yield _Shell(table), "graph"
    kinds = {node: attrs.get("kind", "other") for node, attrs in graph._node.items()}
    for node, attrs in graph._node.items():
        yield node, f"graph.nodes ({kinds[node]})"
        yield attrs, f"graph.nodes ({kinds[node]})"
        for table in (graph._adj, graph._pred):
            yield _Shell(table[node]), f"graph.nodes ({kinds[node]})"
    for targets in graph._adj.values():
        for keyed in targets.values():
            first = next(iter(keyed.values()), {})
            yield _Shell(keyed), f"graph.edges ({first.get('kind', 'other')})"
            for key, attrs in keyed.items():
                yield key, f"graph.edges ({attrs.get('kind', 'other')})"
                yield attrs, f"graph.edges ({attrs.get('kind', 'other')})"


class _Shell:
    """A dict to count alone, without walking into what it holds (counted apart)."""

    def __init__(self, table: dict[Any, Any]) -> None:
        self.table = table


def _rss() -> float:
    return psutil.Process().memory_info().rss / 1e6


def _print(stage: str, tally: Tally, before: int, docs: int) -> None:
    added = tally.total() - before
    print(
        f"\n{stage}: the walk adds {added / 1e6:,.1f} MB ({added / docs / 1000:,.1f} KB per article),"
        f" {tally.total() / 1e6:,.1f} MB in all; process resident {_rss():,.0f} MB"
    )


def _table(tally: Tally, docs: int, top: int) -> None:
    print(f"\n{'held by':<34}{'objects':>12}{'MB':>10}{'KB/article':>12}")
    rows = sorted(tally.bytes.items(), key=lambda kv: -kv[1])
    for where, size in rows[:top]:
        print(
            f"{where:<34}{tally.objects[where]:>12,}{size / 1e6:>10.1f}{size / docs / 1000:>12.1f}"
        )
    rest = sum(size for _, size in rows[top:])
    print(f"{'(the rest)':<34}{'':>12}{rest / 1e6:>10.1f}{rest / docs / 1000:>12.1f}")
    print(f"{'total':<34}{'':>12}{tally.total() / 1e6:>10.1f}{tally.total() / docs / 1000:>12.1f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=2000, help="articles (default 2000)")
    parser.add_argument("--jobs", type=int, default=2, help="extraction workers (default 2)")
    parser.add_argument("--top", type=int, default=30, help="rows of the table (default 30)")
    parser.add_argument(
        "--full", action="store_true",
        help="walk the whole graph (documents and mention edges too), as report.graph builds it",
    )  # fmt: skip
    args = parser.parse_args(argv)

    from kgraph import graph as graphs
    from kgraph.extract.gazetteer import Gazetteer
    from kgraph.ingest.files import find_files
    from kgraph.ondisk import DiskSequence
    from kgraph.pipeline import analyse, extract_files

    archive = OUT / f"archive-{args.docs}"
    if not (archive / ".complete").exists():
        count, size = make_archive(archive, args.docs)
        (archive / ".complete").write_text(f"{count} {size}\n")
    files = find_files([archive])
    docs = len(files)
    print(f"{docs} articles in {archive}; process resident {_rss():,.0f} MB before extraction")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        done = extract_files(files, jobs=args.jobs)
    gc.collect()
    tally = Tally()
    tally.walk(done.extractions, "extractions")
    _print("extract", tally, 0, docs)
    _table(tally, docs, args.top)

    corpus = analyse(done.take(), Gazetteer.load(), done.skipped)  # as kgraph.pipeline.build
    gc.collect()
    after = Tally()
    after.walk(corpus, "corpus")
    _print("resolve + relate (the corpus)", after, 0, docs)
    _table(after, docs, args.top)
    for name in ("documents", "sentences"):
        held = getattr(corpus, name)
        if isinstance(held, DiskSequence):  # not on the heap: the walk counts only its shell
            print(f"Corpus.{name} on disk: {held.nbytes / 1e6:,.1f} MB in a temporary file")

    graph = graphs.corpus_graph(corpus) if args.full else graphs.entity_graph(corpus)
    gc.collect()
    before_graph = after.total()
    for part, label in _graph_parts(graph):
        after.walk(part, label)
    _print("graph", after, before_graph, docs)
    _table(after, docs, args.top)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
