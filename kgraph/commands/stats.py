"""``kgraph stats DIR``: what a built graph holds, as readable tables."""

from __future__ import annotations

import argparse
from collections import defaultdict
from pathlib import Path

from kgraph.commands import whole_number
from kgraph.commands.tables import table

__all__ = ["register", "run"]


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "stats",
        help="print the top entities, communities and relations of a built graph",
        description="Read DIR/graph.graphml and print the top entities by type (PageRank), the largest "
        "communities with their top members, and the strongest typed relations.",
        epilog="Example: kgraph stats exports --top 5",
    )
    parser.add_argument("folder", type=Path, metavar="DIR", help="a folder written by kgraph build")
    parser.add_argument("--top", type=whole_number, default=8, help="rows per table (default 8)")
    parser.set_defaults(run=run)


def _number(value: object) -> float:
    """A graph attribute as a number (GraphML gives them back as numbers or strings)."""
    return float(value) if isinstance(value, int | float | str) else 0.0


def run(args: argparse.Namespace) -> int:
    import networkx as nx

    from kgraph.errors import InputError
    from kgraph.ingest.files import missing_export

    path = args.folder / "graph.graphml"
    if not path.exists():
        no_build = f"{path} not found: run 'kgraph build SOURCE --out {args.folder}' first"
        raise InputError(missing_export(args.folder, "graph.graphml", "graphml", no_build))
    G = nx.read_graphml(path, force_multigraph=True)
    entities = [(n, d) for n, d in G.nodes(data=True) if d.get("kind") == "entity"]
    by_type: dict[str, list[tuple[str, dict[str, object]]]] = defaultdict(list)
    for n, d in entities:
        by_type[str(d["type"])].append((n, d))
    print(f"{len(entities)} entities, {sum(1 for _ in G.edges())} edges\n")
    rows = []
    for type_ in sorted(by_type):
        ranked = sorted(by_type[type_], key=lambda nd: (-_number(nd[1]["pagerank"]), nd[0]))[
            : args.top
        ]
        for _n, d in ranked:
            rows.append(
                [
                    type_,
                    str(d["label"]),
                    f"{_number(d['pagerank']):.4f}",
                    str(d["doc_count"]),
                    str(d["degree"]),
                ]
            )
    print(
        "Top entities by type\n"
        + table(["type", "entity", "pagerank", "docs", "degree"], rows)
        + "\n"
    )
    communities: dict[int, list[tuple[str, dict[str, object]]]] = defaultdict(list)
    for n, d in entities:
        if int(d.get("community", -1)) >= 0:
            communities[int(d["community"])].append((n, d))
    rows = []
    for c, members in sorted(communities.items(), key=lambda kv: (-len(kv[1]), kv[0]))[: args.top]:
        top = sorted(members, key=lambda nd: -_number(nd[1]["pagerank"]))[:5]
        rows.append([str(c), str(len(members)), "、".join(str(d["label"]) for _, d in top)])
    print("Largest communities\n" + table(["community", "size", "top members"], rows) + "\n")
    relations = [
        (a, b, d)
        for a, b, d in G.edges(data=True)
        if d.get("kind") == "relation" and int(d.get("evidence_count", 0)) > 0
    ]
    relations.sort(
        key=lambda abd: (
            -int(abd[2]["evidence_count"]),
            -float(abd[2]["confidence"]),
            abd[0],
            abd[1],
        )
    )
    rows = [
        [str(G.nodes[a]["label"]), str(d["predicate"]), str(G.nodes[b]["label"]), str(d.get("role", "")),
         str(d["evidence_count"]), f"{float(d['confidence']):.2f}"]
        for a, b, d in relations[: args.top * 2]
    ]  # fmt: skip
    print(
        "Strongest typed relations\n"
        + table(["subject", "predicate", "object", "role", "evidence", "conf"], rows)
    )
    return 0
