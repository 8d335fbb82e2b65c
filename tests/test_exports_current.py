"""The committed exports/ folder is what the current code builds from seeds/.

Reads seeds/ as build input only. The store (a RocksDB folder) is not
byte-reproducible and is checked by tests/test_store.py; every other export is.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kgraph.export import EXPORTS

ROOT = Path(__file__).resolve().parent.parent
COMMITTED = ROOT / "exports"
REFRESH = "the committed exports are stale: run `./dev build` and commit exports/"


@pytest.mark.parametrize("name", EXPORTS)
def test_committed_export_matches_a_fresh_build(seeds_export: Path, name: str) -> None:
    fresh = (seeds_export / name).read_bytes()
    committed = COMMITTED / name
    assert committed.exists(), f"exports/{name} is missing: {REFRESH}"
    old = committed.read_bytes()
    if old != fresh:
        lines = zip(old.splitlines(), fresh.splitlines(), strict=False)
        line = next(
            (n for n, (a, b) in enumerate(lines, 1) if a != b),
            min(old.count(b"\n"), fresh.count(b"\n")) + 1,
        )
        pytest.fail(f"exports/{name} differs from a fresh build from line {line} on: {REFRESH}")


def test_exports_folder_holds_only_the_exports() -> None:
    # store/, the cache and the lock are rebuilt by every build and not committed; nothing else (no staging leftovers) may be there
    names = {p.name for p in COMMITTED.iterdir()} - {"store", ".kgraph-cache", ".kgraph-lock"}
    assert names == set(EXPORTS), REFRESH
