"""Fixtures shared by the test modules."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def seeds_export(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seeds built once per test session into a temporary folder, with its store."""
    import kgraph

    out = tmp_path_factory.mktemp("seeds-export")
    kgraph.build([ROOT / "seeds"], out=out)
    return out
