"""GraphML and GEXF of one graph: networkx's writers against kgraph's streaming ones.

Reads a build's ``graph.graphml`` (by default the 10,000-article build of
``scale_bench.py``) and then, for each writer in a fresh process, loads the
graph, writes it once and records the seconds and how far the resident set
the most memory Python allocated while writing beyond the loaded graph
(``tracemalloc``, in a second write of the same file, as tracing slows it):

- ``nx.write_graphml`` (an ElementTree of the document, then written) and
  ``kgraph.graphxml.write_graphml``;
- networkx's ``GEXFWriter`` and ``kgraph.graphxml.write_gexf``.

It also says whether the two GraphML files are the same bytes. It prints
figures and asserts nothing.

Usage::

    python benchmarks/graphxml_bench.py
    python benchmarks/graphxml_bench.py --graph out/graph.graphml
"""

from __future__ import annotations

import argparse
import gc
import json
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_corpus import OUT

__all__ = ["main"]

WRITERS = ("networkx GraphML", "kgraph GraphML", "networkx GEXF", "kgraph GEXF")


def _write(writer: str, graph_path: Path, out: Path) -> dict[str, float]:
    import networkx as nx

    from kgraph.graphxml import write_gexf, write_graphml

    G = nx.read_graphml(graph_path, force_multigraph=True)
    gc.collect()

    def write() -> None:
        if writer == "networkx GraphML":
            nx.write_graphml(G, out, encoding="utf-8", prettyprint=True)
        elif writer == "kgraph GraphML":
            write_graphml(G, out)
        elif writer == "networkx GEXF":
            from networkx.readwrite.gexf import GEXFWriter

            gexf = GEXFWriter(encoding="utf-8", prettyprint=True)
            gexf.add_graph(G)
            with open(out, "wb") as handle:
                gexf.write(handle)
        else:
            write_gexf(G, out, date="2024-01-01")

    started = time.perf_counter()
    write()
    seconds = time.perf_counter() - started
    gc.collect()
    tracemalloc.start()
    write()
    added = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return {
        "seconds": seconds,
        "graph_mb": psutil.Process().memory_info().rss / 1e6,
        "added_mb": added / 1e6,
        "file_mb": out.stat().st_size / 1e6,
        "nodes": G.number_of_nodes(),
        "edges": G.number_of_edges(),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--graph", type=Path, default=OUT / "archive-10000-build" / "graph.graphml",
        help="a build's graph.graphml (default: scale_bench.py's 10,000-article build)",
    )  # fmt: skip
    parser.add_argument("--writer", choices=WRITERS, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.writer:  # a child process measuring one writer
        print(json.dumps(_write(args.writer, args.graph, args.out)))
        return 0
    if not args.graph.is_file():
        raise SystemExit(f"no graph at {args.graph}: run scale_bench.py first or give --graph")

    with tempfile.TemporaryDirectory(prefix="kgraph-graphxml-bench-") as tmp:
        results = {}
        for n, writer in enumerate(WRITERS):
            out = Path(tmp) / f"{n}.{'graphml' if 'GraphML' in writer else 'gexf'}"
            child = subprocess.run(
                [sys.executable, __file__, "--graph", str(args.graph), "--writer", writer,
                 "--out", str(out)],
                check=True, capture_output=True, text=True,
            )  # fmt: skip
            results[writer] = json.loads(child.stdout)
        same = (Path(tmp) / "0.graphml").read_bytes() == (Path(tmp) / "1.graphml").read_bytes()
    first = results[WRITERS[0]]
    print(
        f"{args.graph}: {first['nodes']:,} nodes, {first['edges']:,} edges "
        f"(the process after loading it: {first['graph_mb']:,.0f} MB resident)"
    )
    print(f"{'writer':<18}{'seconds':>9}{'memory added':>14}{'file':>10}")
    for writer in WRITERS:
        r = results[writer]
        print(f"{writer:<18}{r['seconds']:9.1f}{r['added_mb']:11,.2f} MB{r['file_mb']:7,.0f} MB")
    for kind in ("GraphML", "GEXF"):
        old, new = results[f"networkx {kind}"], results[f"kgraph {kind}"]
        print(
            f"{kind}: {old['seconds'] / new['seconds']:.1f}x faster, "
            f"{old['added_mb'] - new['added_mb']:,.0f} MB less memory added"
        )
    print(f"GraphML files byte-identical: {same}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
