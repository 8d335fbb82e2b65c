"""The capped viewer against a real ``kgraph serve``: search beyond the drawing, neighbourhoods.

The seeds are built with a viewer that draws only their 15 strongest
entities, so most entities are in the page's search index only. ``kgraph
serve`` runs as a subprocess on 127.0.0.1 (a free port), started and
stopped here; the page may talk to it and to nothing else: any request to
another origin, and any console error, fails the test.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import urllib.parse
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

CHROMIUM = Path("/usr/bin/chromium")
if not CHROMIUM.exists():
    pytest.skip(
        "browser tests need Debian chromium at /usr/bin/chromium "
        "(apt-get install -y chromium fonts-noto-cjk)",
        allow_module_level=True,
    )
sync_api = pytest.importorskip("playwright.sync_api", reason="browser tests need playwright")

import kgraph  # noqa: E402
from kgraph.pipeline import BuildReport  # noqa: E402
from kgraph.rdf.serialize import entity_iri  # noqa: E402
from kgraph.viewer import strongest  # noqa: E402

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
DRAWN = 15


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, BuildReport]:
    out = tmp_path_factory.mktemp("capped") / "out"
    report = kgraph.build([ROOT / "seeds"], out=out, viewer_nodes=DRAWN)
    return out, report


@pytest.fixture(scope="module")
def server(built: tuple[Path, BuildReport]) -> Iterator[str]:
    """``kgraph serve OUT`` on a free port of 127.0.0.1; yields the page's address."""
    out, _ = built
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    process = subprocess.Popen(
        [sys.executable, "-m", "kgraph", "serve", str(out), "--port", "0", "--workers", "1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=env,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        found = re.search(r"(http://127\.0\.0\.1:\d+)/sparql", line)
        assert found, f"kgraph serve printed {line!r}"
        yield found.group(1)
    finally:
        process.terminate()
        process.wait(10)
        if process.stdout is not None:
            process.stdout.close()


def neighbours(graph: nx.MultiDiGraph, key: str) -> set[str]:
    """Entities linked to ``key`` by a typed relation or a co-occurrence, either way."""
    found = set()
    for u, v, kind in [*graph.out_edges(key, data="kind"), *graph.in_edges(key, data="kind")]:
        other = v if u == key else u
        if kind in ("relation", "cooccurrence") and graph.nodes[other].get("kind") == "entity":
            found.add(str(other))
    return found


def undrawn_entities(report: BuildReport) -> list[str]:
    drawn = set(strongest(report.graph, DRAWN))
    return sorted(
        str(node)
        for node, kind in report.graph.nodes(data="kind")
        if kind == "entity" and node not in drawn
    )


@pytest.fixture
def open_page(chromium: Any) -> Iterator[Callable[..., tuple[Any, list[str]]]]:
    """Open a page; requests to ``allowed`` go through and are listed, all others fail the test.

    With ``refused``, the browser's own console line about a failed request
    (the status it got) is no error of the page.
    """
    opened: list[tuple[Any, list[str], list[str]]] = []

    def open_(url: str, allowed: str, refused: bool = False) -> tuple[Any, list[str]]:
        context = chromium.new_context(viewport={"width": 1400, "height": 900})
        foreign: list[str] = []
        served: list[str] = []
        errors: list[str] = []

        def route(route: Any) -> None:
            request = route.request
            if allowed and request.url.startswith(allowed + "/"):
                served.append(f"{request.method} {request.url[len(allowed) :]}")
                route.continue_()
            elif request.url.startswith(("http:", "https:")):
                foreign.append(request.url)
                route.abort()
            else:
                route.continue_()

        context.route("**/*", route)
        page = context.new_page()

        def console(message: Any) -> None:
            if message.type != "error":
                return
            if refused and message.text.startswith("Failed to load resource: the server responded"):
                return
            errors.append(message.text)

        page.on("console", console)
        page.on("pageerror", lambda e: errors.append(str(e)))
        opened.append((context, foreign, errors))
        page.goto(url)
        page.wait_for_function("() => window.kgraphViewer && window.kgraphViewer.readyAt > 0")
        return page, served

    yield open_
    for context, foreign, errors in opened:
        context.close()
        assert not foreign, f"the page reached another origin: {foreign}"
        assert not errors, f"console errors: {errors}"


def test_search_finds_an_undrawn_entity_and_fetches_its_neighbourhood(
    open_page: Callable[..., tuple[Any, list[str]]],
    server: str,
    built: tuple[Path, BuildReport],
) -> None:
    out, report = built
    graph = report.graph
    key = next(
        k
        for k in undrawn_entities(report)
        if len(neighbours(graph, k)) >= 2
        and any(
            kind == "cooccurrence"
            for *_, kind in [*graph.out_edges(k, data="kind"), *graph.in_edges(k, data="kind")]
        )
    )
    label = graph.nodes[key]["label"]
    page, served = open_page(server + "/", server)
    assert page.evaluate("window.kgraphViewer.drawnCount()") == DRAWN
    assert not page.evaluate("(key) => window.kgraphViewer.isDrawn(key)", key)
    page.fill("#search", label)
    hit = page.locator(f'#results li[data-key="{key}"]')
    hit.wait_for()
    assert hit.get_attribute("data-undrawn") == "1"
    assert "not drawn" in hit.inner_text()
    hit.dispatch_event("mousedown")
    page.wait_for_function("(key) => window.kgraphViewer.isDrawn(key)", arg=key)
    page.wait_for_function("(key) => window.kgraphViewer.selected() === key", arg=key)
    assert page.locator("#panel h2").inner_text() == label
    assert "Neighbours fetched from kgraph serve" in page.locator("#panel").inner_text()
    linked = page.evaluate("(key) => window.kgraphViewer.expand(key)", key)
    assert set(linked) == neighbours(graph, key)
    for other in linked:
        assert page.evaluate("(key) => window.kgraphViewer.isVisible(key)", other)
    assert served[0] == "GET /"
    assert set(served[1:]) == {"POST /sparql"}
    # Its sentences and those of its links are in the store: the panel links to a query for them.
    assert_links_to_sentences(page, out)
    page.locator("#panel ul.cooccurrences a", has_text="LLR").first.click()
    assert "Co-occurrence" in page.locator("#panel .type").inner_text()
    assert "Fetched from kgraph serve" in page.locator("#panel").inner_text()
    assert_links_to_sentences(page, out)


def assert_links_to_sentences(page: Any, out: Path) -> None:
    """The panel's link to the query page holds a query that finds sentences in the store."""
    href = page.locator("#panel a", has_text="on the query page").get_attribute("href")
    path, _, query = href.partition("?query=")
    assert path == "/sparql"
    with kgraph.open(out) as kb:
        rows = list(kb.query(urllib.parse.unquote(query)))
    assert rows and all(str(row["text"]) for row in rows)


def test_expanding_a_drawn_entity_adds_its_undrawn_neighbours_near_it(
    open_page: Callable[..., tuple[Any, list[str]]],
    server: str,
    built: tuple[Path, BuildReport],
) -> None:
    _, report = built
    graph = report.graph
    drawn = set(map(str, strongest(graph, DRAWN)))
    key = max(sorted(drawn), key=lambda k: len(neighbours(graph, k) - drawn))
    missing = neighbours(graph, key) - drawn
    assert missing
    page, _ = open_page(server + "/", server)
    page.evaluate("(key) => window.kgraphViewer.select(key)", key)
    page.click("#expand-button")
    page.wait_for_function(
        "(n) => window.kgraphViewer.drawnCount() === n", arg=DRAWN + len(missing)
    )
    assert "Neighbours fetched from kgraph serve" in page.locator("#panel").inner_text()
    where = "(key) => window.kgraphViewer.coordinates(key)"
    centre = page.evaluate(where, key)
    spread = [page.evaluate(where, other) for other in sorted(drawn)]
    width = max(p["x"] for p in spread) - min(p["x"] for p in spread)
    for other in sorted(missing):
        assert page.evaluate("(key) => window.kgraphViewer.isVisible(key)", other)
        point = page.evaluate(where, other)
        assert abs(point["x"] - centre["x"]) + abs(point["y"] - centre["y"]) < width / 2, other
    relations = page.locator("#panel ul.relations li, #panel ul.cooccurrences li")
    assert relations.count() >= 1


def test_every_entity_iri_the_page_computes_is_the_exported_one(
    open_page: Callable[..., tuple[Any, list[str]]],
    built: tuple[Path, BuildReport],
) -> None:
    out, report = built
    page, _ = open_page((out / "graph.html").resolve().as_uri(), "")
    keys = [e.key for e in report.corpus.entities]
    computed = page.evaluate("(keys) => keys.map((k) => window.kgraphViewer.iri(k))", keys)
    assert computed == [str(entity_iri(k)) for k in keys]


def test_opened_as_a_file_the_page_says_how_to_see_neighbourhoods(
    open_page: Callable[..., tuple[Any, list[str]]],
    built: tuple[Path, BuildReport],
) -> None:
    out, report = built
    key = undrawn_entities(report)[0]
    page, _ = open_page((out / "graph.html").resolve().as_uri(), "")
    assert page.evaluate("window.kgraphViewer.live") is False
    total = sum(1 for _, kind in report.graph.nodes(data="kind") if kind == "entity")
    assert page.evaluate("window.kgraphViewer.undrawnCount()") == total - DRAWN
    page.fill("#search", report.graph.nodes[key]["label"])
    page.locator(f'#results li[data-key="{key}"]').wait_for()
    page.evaluate("(key) => window.kgraphViewer.select(key)", key)
    panel = page.locator("#panel")
    assert "Not drawn" in panel.inner_text()
    assert "kgraph serve FOLDER" in panel.inner_text()
    assert page.locator("#expand-button").count() == 0
    assert not page.evaluate("(key) => window.kgraphViewer.isDrawn(key)", key)


def test_the_documented_query_is_the_one_the_page_sends(
    open_page: Callable[..., tuple[Any, list[str]]],
    built: tuple[Path, BuildReport],
) -> None:
    out, _ = built
    documented = (ROOT / "docs" / "queries" / "19-neighbourhood-of-an-entity.rq").read_text(
        encoding="utf-8"
    )
    page, _ = open_page((out / "graph.html").resolve().as_uri(), "")
    sent = page.evaluate("window.kgraphViewer.neighbourhoodQuery('Place/宁德市')")
    assert documented.split("\n", 1)[1] == sent + "\n"


def test_a_server_without_sparql_gives_a_clear_message(
    open_page: Callable[..., tuple[Any, list[str]]],
    built: tuple[Path, BuildReport],
) -> None:
    """Served by a plain file server, the page tries /sparql and says what it got."""
    out, report = built
    key = undrawn_entities(report)[0]
    process = subprocess.Popen(
        [sys.executable, "-u", "-m", "http.server", "0", "--bind", "127.0.0.1"],
        cwd=out,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        found = re.search(r"port (\d+)", line)
        assert found, f"http.server printed {line!r}"
        origin = f"http://127.0.0.1:{found.group(1)}"
        page, served = open_page(origin + "/graph.html", origin, refused=True)
        assert page.evaluate("window.kgraphViewer.live") is True
        page.evaluate("(key) => window.kgraphViewer.select(key)", key)
        message = page.locator("#panel .notice", has_text="Could not fetch")
        message.wait_for()
        assert "/sparql answered 501" in message.inner_text()
        assert not page.evaluate("(key) => window.kgraphViewer.isDrawn(key)", key)
        assert served == ["GET /graph.html", "POST /sparql"]
    finally:
        process.terminate()
        process.wait(10)
        if process.stdout is not None:
            process.stdout.close()
