"""Fixtures shared by the test modules."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
#: Software WebGL, and no traffic of the browser's own (updates, first-run pages).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--enable-unsafe-swiftshader",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def seeds_export(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seeds built once per test session into a temporary folder, with its store."""
    import kgraph

    out = tmp_path_factory.mktemp("seeds-export")
    kgraph.build([ROOT / "seeds"], out=out)
    return out


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    """Debian's chromium, launched by Playwright once per browser-test module."""
    sync_api = pytest.importorskip("playwright.sync_api", reason="browser tests need playwright")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()
