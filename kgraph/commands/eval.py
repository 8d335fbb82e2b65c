"""``kgraph eval``: precision, recall and F1 against the hand-annotated gold set."""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kgraph.evaluate import Comparison, Evaluation

__all__ = ["as_json", "register", "report", "run"]


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``eval`` subcommand."""
    parser = subparsers.add_parser(
        "eval",
        help="score entity and relation extraction against the gold set",
        description="Run the pipeline over the gold texts (entities.jsonl and relations.jsonl, "
        "see tests/data/gold/README.md) as one corpus and print precision, recall and F1 per "
        "entity type and per predicate, with micro-averages.",
        epilog="Example: kgraph eval --errors",
    )
    parser.add_argument(
        "--gold",
        type=str,
        metavar="DIR",
        default=None,
        help="folder holding entities.jsonl and relations.jsonl (default: tests/data/gold)",
    )
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument(
        "--errors", action="store_true", help="also list false positives and false negatives"
    )
    parser.add_argument(
        "--learned-vocabulary", action=argparse.BooleanOptionalAction, default=True,
        help="run the learned vocabulary tagger, as kgraph build does (default); "
        "--no-learned-vocabulary scores the rules alone",
    )  # fmt: skip
    parser.set_defaults(run=run)


def _comparison_json(comparison: Comparison, errors: bool) -> dict[str, Any]:
    out: dict[str, Any] = {"scores": {group: s.as_dict() for group, s in comparison.scores.items()}}
    if errors:
        out["false_positives"] = [item._asdict() for item in comparison.false_positives]
        out["false_negatives"] = [item._asdict() for item in comparison.false_negatives]
    return out


def as_json(evaluation: Evaluation, errors: bool = False) -> dict[str, Any]:
    """The figures of ``evaluation`` as plain JSON data."""
    return {
        "gold": str(evaluation.gold.folder),
        "documents": {
            "entities": len(evaluation.gold.entity_texts),
            "relations": len(evaluation.gold.relation_texts),
        },
        "entities": _comparison_json(evaluation.entities, errors),
        "relations": _comparison_json(evaluation.relations, errors),
    }


def _scores_table(title: str, comparison: Comparison) -> str:
    from kgraph.commands.tables import table

    rows = [
        [
            group,
            f"{s.precision:.3f}",
            f"{s.recall:.3f}",
            f"{s.f1:.3f}",
            str(s.tp),
            str(s.fp),
            str(s.fn),
        ]
        for group, s in comparison.scores.items()
    ]
    return f"{title}\n" + table([title.split()[0].lower(), "P", "R", "F1", "tp", "fp", "fn"], rows)


def _errors_table(title: str, comparison: Comparison, fields: tuple[str, ...]) -> str:
    from kgraph.commands.tables import table

    rows = [["FP", *item] for item in comparison.false_positives]
    rows += [["FN", *item] for item in comparison.false_negatives]
    rows.sort(key=lambda row: (row[1], row[2:], row[0]))
    return f"{title}\n" + (table(["", *fields], rows) if rows else "(none)")


def report(evaluation: Evaluation, errors: bool = False) -> str:
    """The readable tables of ``evaluation``."""
    gold = evaluation.gold
    parts = [
        f"gold set {gold.folder}: {len(gold.entity_texts)} entity texts "
        f"({len(gold.entities)} entities), {len(gold.relation_texts)} relation texts "
        f"({len(gold.relations)} relations)",
        _scores_table("Entities (document, label, type)", evaluation.entities),
        _scores_table("Relations (document, subject, predicate, object)", evaluation.relations),
    ]
    if errors:
        from kgraph.evaluate import EntityItem, RelationItem

        parts.append(_errors_table("Entity errors", evaluation.entities, EntityItem._fields))
        parts.append(_errors_table("Relation errors", evaluation.relations, RelationItem._fields))
    return "\n\n".join(parts)


def run(args: argparse.Namespace) -> int:
    """Evaluate and print the tables, or JSON with ``--json``."""
    from kgraph.evaluate import evaluate
    from kgraph.extract.rules import Extractor

    evaluation = evaluate(args.gold, Extractor(vocab=args.learned_vocabulary))
    if args.json:
        print(json.dumps(as_json(evaluation, errors=args.errors), ensure_ascii=False, indent=2))
    else:
        print(report(evaluation, errors=args.errors))
    return 0
