"""Which of the vocabulary layer's corpus-wide filters carry which development sets.

Each set's pages are extracted once and resolved as one corpus (as
``eval_vocab.py`` builds them); then each filter of :mod:`kgraph.resolve`
is switched off in turn (or a threshold of its corpus statistics moved) and
the corpus resolved again. Per filter and set it prints the gold strings the
filter drops (``gold``: found without it, missed with it) and the false
positives it drops (``noise``). A filter that drops more gold than noise on
most sets is wrong in general.

For each threshold it also picks, leaving one set out at a time, the value
with the best summed untyped F1 on the other sets and scores it on the set
left out.

Only dev splits are scored.

Usage::

    python benchmarks/ablate_vocab.py --set benchmarks/devset PAGES \\
        --set benchmarks/devset5 PAGES5 ...

(PAGES, PAGES5: the folders holding each set's page texts, which are not committed.)
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from devset import add_sets_argument, gold, pages
from eval_vocab import TYPES, predicted, score

from kgraph import resolve as resolving

__all__ = ["extraction_variants", "main", "variants"]

Counts = tuple[int, int, int, int]  # correct, predicted, found, gold


def _patched(name: str, value: object, *modules: Any) -> Callable[[], Iterator[None]]:
    """A context running with ``name`` set to ``value`` in ``modules`` (kgraph.resolve)."""

    @contextmanager
    def run() -> Iterator[None]:
        where = modules or (resolving,)
        old = [getattr(module, name) for module in where]
        for module in where:
            setattr(module, name, value)
        try:
            yield
        finally:
            for module, value_before in zip(where, old, strict=True):
                setattr(module, name, value_before)

    return run


def _without_reason(reason: str) -> Callable[[], Iterator[None]]:
    original = resolving.generic_reason

    def generic_reason(name: str, *args: Any, **kwargs: Any) -> str:
        found = original(name, *args, **kwargs)
        return "" if found == reason else found

    return _patched("generic_reason", generic_reason)


def _concept_limit(factor: float) -> Callable[[], Iterator[None]]:
    original = resolving._concepts

    def concepts(extractions: Any, taken: Any, limit: int, *args: Any) -> dict[str, float]:
        return original(extractions, taken, int(limit * factor), *args)

    return _patched("_concepts", concepts)


def variants() -> dict[str, Callable[[], Iterator[None]]]:
    """Filter or threshold -> a context that runs :func:`kgraph.resolve.resolve` without it.

    A threshold's variants are named ``NAME=VALUE``; ``NAME=`` with the current value is
    the baseline.
    """
    found: dict[str, Callable[[], Iterator[None]]] = {
        f"generic: {reason}": _without_reason(reason) for reason in resolving.GENERIC_REASONS
    }
    found["padded name (is_padded_name)"] = _patched("is_padded_name", lambda name: False)
    found["owned word (人民|共同富裕)"] = _patched("_owned_word", lambda name, specific: False)
    found["carried-out spirits"] = _patched("_carried_out_spirits", lambda extractions: set())
    found["padded by context"] = _patched("_padded_by_context", lambda extractions, names: set())
    found["concept truncations"] = _patched("_truncations", lambda tf: set())
    for factor in (0.5, 2.0):
        found[f"concept limit=x{factor}"] = _concept_limit(factor)
    for value in (1, 3, 4, 99):
        found[f"_GOAL_DOCUMENTS={value}"] = _patched("_GOAL_DOCUMENTS", value)
        found[f"_QUOTED_DOCUMENTS={value}"] = _patched("_QUOTED_DOCUMENTS", value)
        found[f"_SPECIFIC_DOCUMENTS={value}"] = _patched("_SPECIFIC_DOCUMENTS", value)
    for lift in (100.0, 300.0, 3000.0, 10000.0):
        found[f"_SPECIFIC_LIFT={lift:g}"] = _patched("_SPECIFIC_LIFT", lift)
    return found


def extraction_variants() -> dict[str, Callable[[], Iterator[None]]]:
    """Filter of :mod:`kgraph.extract.vocabulary` -> a context that extracts without it.

    These run the extraction again, so they are slower than :func:`variants`.
    """
    from kgraph.extract import rules, vocabulary

    never = lambda *args: False  # noqa: E731
    return {
        "extract: quality names (拼搏精神)": _patched("is_quality_name", never, vocabulary, rules),
        "extract: head qualifies the next noun": _patched("_modifies_next", never, vocabulary),
        "extract: open lists (…等, 的…)": _patched("_open_list", never, vocabulary),
        "extract: formulation items": _patched(
            "_formulation_items", lambda *args: True, vocabulary
        ),
        "extract: fragments (主义思想)": _patched("_is_fragment", never, vocabulary),
    }


#: The thresholds of the corpus statistics that :func:`variants` moves.
_THRESHOLDS = (
    "_GOAL_DOCUMENTS", "_QUOTED_DOCUMENTS", "_SPECIFIC_DOCUMENTS", "_SPECIFIC_LIFT", "concept limit",
)  # fmt: skip


def _thresholds() -> dict[str, list[str]]:
    """Threshold -> its variants' names, the current value's (the baseline, "") first."""
    out: dict[str, list[str]] = {name: [""] for name in _THRESHOLDS}
    for variant in variants():
        name = variant.split("=")[0]
        if name in out:
            out[name].append(variant)
    return out


def _f1(row: Counts) -> float:
    correct, n_pred, found, n_gold = row
    p = correct / n_pred if n_pred else 0.0
    r = found / n_gold if n_gold else 0.0
    return 2 * p * r / (p + r) if p + r else 0.0


def _scored(
    sets: list[tuple[Path, Path]], with_extraction: bool, missing_ok: bool = False
) -> tuple[list[str], dict[str, dict[str, Counts]]]:
    """Variant ("" for the baseline) -> set name -> untyped counts of its dev split."""
    from kgraph.extract.gazetteer import Gazetteer
    from kgraph.ingest.files import find_files
    from kgraph.pipeline import extract_files

    gazetteer = Gazetteer.load()
    names = ["", *variants()]
    extracting = extraction_variants() if with_extraction else {}
    table: dict[str, dict[str, Counts]] = {name: {} for name in [*names, *extracting]}
    set_names = []
    for devset, folder in sets:
        chosen = pages(folder, devset, missing_ok=missing_ok)
        dev = sorted(p.file for p in chosen if p.split == "dev")
        entries = gold("vocab", devset)
        truth = {f: {t: set(entries[f][t]) for t in TYPES} for f in entries}  # type: ignore[call-overload]
        with tempfile.TemporaryDirectory() as tmp, warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for page in chosen:  # the whole set is one corpus, as eval_vocab builds it
                shutil.copyfile(page.path, Path(tmp) / page.file)
            extractions = sorted(
                extract_files(find_files([tmp]), jobs=1).take(), key=lambda ex: ex.document.id
            )
            name_of = {ex.document.id: Path(ex.document.path).name for ex in extractions}
            set_names.append(devset.name)
            for variant in names:
                context = variants()[variant] if variant else nullcontext
                with context():
                    resolution = resolving.resolve(extractions, gazetteer)
                table[variant][devset.name] = score(
                    truth, predicted(resolution.entities, name_of), dev
                )["untyped"]
            for variant, context in extracting.items():
                with context():
                    again = extract_files(find_files([tmp]), jobs=1).take()
                again.sort(key=lambda ex: ex.document.id)
                resolution = resolving.resolve(again, gazetteer)
                table[variant][devset.name] = score(
                    truth, predicted(resolution.entities, name_of), dev
                )["untyped"]
    return set_names, table


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    add_sets_argument(parser)
    parser.add_argument(
        "--extraction",
        action="store_true",
        help="also switch off the extraction's filters (extracts every set again per filter)",
    )
    args = parser.parse_args(argv)
    set_names, table = _scored(
        [(Path(d), Path(p)) for d, p in args.sets], args.extraction, args.allow_missing
    )
    base = table[""]
    print("untyped F1 as it stands: " + ", ".join(f"{s} {_f1(base[s]):.3f}" for s in set_names))
    print("\nswitched off or moved: per set, gold strings / false positives the filter drops")
    print("(positive: the filter drops them; negative: the variant drops more)\n")
    print(f"| variant | {' | '.join(set_names)} | sets where gold > noise | F1 change |")
    print(f"|---|{'---|' * len(set_names)}---|---|")
    for variant, per_set in table.items():
        if not variant:
            continue
        cells, worse = [], 0
        for s in set_names:
            gold_dropped = per_set[s][2] - base[s][2]
            noise_dropped = (per_set[s][1] - per_set[s][0]) - (base[s][1] - base[s][0])
            worse += gold_dropped > noise_dropped
            cells.append(f"{gold_dropped:+d} / {noise_dropped:+d}")
        change = sum(_f1(per_set[s]) - _f1(base[s]) for s in set_names) / len(set_names)
        print(f"| {variant} | {' | '.join(cells)} | {worse} | {change:+.3f} |")
    print("\nthresholds chosen on the other sets, scored on the set left out:\n")
    for threshold, options in _thresholds().items():
        for held in set_names:
            others = [s for s in set_names if s != held]
            best = max(options, key=lambda v: (sum(_f1(table[v][s]) for s in others), v == ""))
            gain = _f1(table[best][held]) - _f1(base[held])
            print(f"{threshold}: left out {held}: chose {best or 'as it stands'}, {gain:+.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
