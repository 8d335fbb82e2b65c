"""``kgraph validate FILE``: check an export against kgraph's SHACL shapes."""

from __future__ import annotations

import argparse

__all__ = ["register", "run"]


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``validate`` subcommand."""
    parser = subparsers.add_parser(
        "validate",
        help="check an RDF export against kgraph's SHACL shapes",
        description="Check an RDF export against the SHACL shapes of docs/rdf.md "
        "(kgraph/rdf/shapes.ttl). Prints OK, or one line per violation and exits 1.",
        epilog="Example: kgraph validate exports/graph.ttl",
    )
    parser.add_argument(
        "file", help="an export (.ttl, .nt or .jsonld), or an export folder (its graph.ttl)"
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Validate ``args.file``; 0 when it conforms, 1 otherwise."""
    from kgraph.rdf.validate import validate

    violations = validate(args.file)
    if not violations:
        print("OK")
        return 0
    for line in violations:
        print(line)
    noun = "violation" if len(violations) == 1 else "violations"
    print(f"{len(violations)} {noun} of kgraph's shapes in {args.file}")
    return 1
