"""``kgraph push`` into a local Virtuoso: triples per second for each protocol.

Starts Virtuoso Open Source (``virtuoso-t`` from Debian's
``virtuoso-opensource``) on free ports of 127.0.0.1 with its database in a
temporary folder, then, for each protocol, runs ``kgraph push BUILD URL
--replace`` in a fresh process (Graph Store Protocol to
``/sparql-graph-crud``, SPARQL Update to ``/sparql``), and prints the wall
time, triples per second, the peak memory (RSS) of the pushing process, and
the number of triples the server then counts in the graph. It asserts
nothing.

Usage, from the repository root with kgraph importable::

    python benchmarks/push_bench.py exports
    python benchmarks/push_bench.py /tmp/e1p --buffers 200000 --batch-gsp 100000
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from virtuoso_server import VIRTUOSO, running_virtuoso

from kgraph.rdf.push import DEFAULT_BATCH, ntriples_file

__all__ = ["main"]

GRAPH = "https://example.org/kgraph/bench/"

# One push in a fresh process: its report and its peak RSS, the memory a push needs.
CHILD = """
import json, resource, sys
from kgraph.rdf.push import push
source, url, graph, protocol, batch = sys.argv[1:]
report = push(source, url, graph=graph, protocol=protocol, batch=int(batch), replace=True)
rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"batches": report.batches, "seconds": report.seconds, "rss_mb": rss_mb}))
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("build", type=Path, help="a build folder (its graph.nt) or an .nt file")
    parser.add_argument("--batch-gsp", type=int, default=DEFAULT_BATCH["gsp"])
    parser.add_argument("--batch-update", type=int, default=DEFAULT_BATCH["update"])
    parser.add_argument(
        "--buffers", type=int, default=100_000, help="Virtuoso NumberOfBuffers, 8 KB each"
    )
    args = parser.parse_args(argv)
    if VIRTUOSO is None:
        print("virtuoso-t is not installed: apt-get install virtuoso-opensource", file=sys.stderr)
        return 2

    source = ntriples_file(args.build)
    size_mb = source.stat().st_size / 1e6
    with source.open("rb") as handle:
        lines = sum(1 for line in handle if line.strip() and not line.startswith(b"#"))
    print(f"{source}: {lines:,} triples, {size_mb:,.1f} MB")

    with (
        tempfile.TemporaryDirectory(prefix="kgraph-push-bench-") as folder,
        running_virtuoso(Path(folder), buffers=args.buffers) as virtuoso,
    ):
        print(
            f"Virtuoso {virtuoso.base}: ready in {virtuoso.startup_seconds:.1f} s "
            f"(NumberOfBuffers {args.buffers:,})\n"
        )
        print(
            f"{'protocol':9} {'batch':>7} {'batches':>7} {'seconds':>8} "
            f"{'triples/s':>10} {'MB/s':>6} {'RSS MB':>7} {'stored':>10}"
        )
        for protocol, url, batch in (
            ("gsp", virtuoso.graph_crud, args.batch_gsp),
            ("update", virtuoso.sparql, args.batch_update),
        ):
            graph = GRAPH + protocol
            command = [str(source), url, graph, protocol, str(batch)]
            child = subprocess.run(
                [sys.executable, "-c", CHILD, *command], capture_output=True, text=True
            )
            if child.returncode != 0:
                print(f"{protocol:9} failed: {child.stderr.strip()}")
                continue
            figures = json.loads(child.stdout)
            seconds = figures["seconds"]
            rows = virtuoso.select(
                f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
            )
            stored = int(rows[0]["n"]["value"])
            print(
                f"{protocol:9} {batch:>7,} {figures['batches']:>7,} {seconds:>8.1f} "
                f"{lines / seconds:>10,.0f} {size_mb / seconds:>6.1f} "
                f"{figures['rss_mb']:>7.0f} "
                f"{stored:>10,}"
            )
    print("\nseconds: from the first request to the last answer; RSS: the pushing process")
    return 0


if __name__ == "__main__":
    sys.exit(main())
