"""``kgraph.viewer.to_pyvis`` in a real browser: the page pyvis writes with kgraph's template is offline.

Every http(s) request is refused and fails the test. The graph is written here
by hand, with markup in a label that would run script if drawn as HTML.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import networkx as nx
import pytest

CHROMIUM = Path("/usr/bin/chromium")
if not CHROMIUM.exists():
    pytest.skip("browser tests need Debian chromium at /usr/bin/chromium", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="browser tests need playwright")
pytest.importorskip("pyvis", reason="to_pyvis needs kgraph[pyvis]")

from kgraph.viewer.notebook import to_pyvis  # noqa: E402

pytestmark = pytest.mark.browser
ARGS = ["--no-sandbox", "--enable-unsafe-swiftshader", "--disable-background-networking"]


def small_graph() -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    people = {"Person/李明": 0.4, "Person/王芳": 0.2}
    places = {
        "Place/杭州市": 0.3,
        "Place/湖州市": 0.05,
        "Place/<img src=x onerror=window.__pwned=1>": 0.05,
    }
    for key, rank in {**people, **places}.items():
        g.add_node(
            key, kind="entity", type=key.split("/")[0], label=key.split("/", 1)[1], pagerank=rank
        )
    g.add_node("doc:a", kind="document", type="Document", label="某文")
    g.add_edge("Person/李明", "Place/杭州市", key="visited", kind="relation", evidence_count=2)
    g.add_edge("Person/王芳", "Place/湖州市", key="workedIn", kind="relation", evidence_count=1)
    g.add_edge("Person/李明", "Person/王芳", key="coOccursWith", kind="cooccurrence", sentences=3)
    g.add_edge("Place/<img src=x onerror=window.__pwned=1>", "Place/杭州市", key="containedInPlace",
               kind="relation", evidence_count=0)  # fmt: skip
    g.add_edge("doc:a", "Person/李明", key="mentions", kind="mentions", count=1)
    return g


def test_a_focused_neighbourhood_draws_offline(tmp_path: Path) -> None:
    net = to_pyvis(small_graph(), focus="李明", hops=1)
    assert {n["label"] for n in net.nodes} == {"李明", "杭州市", "王芳"}
    assert all(n["color"] for n in net.nodes)
    path = tmp_path / "net.html"
    net.write_html(str(path))
    requests: list[str] = []
    errors: list[str] = []
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            context = browser.new_context()

            def refuse(route: Any) -> None:
                if route.request.url.startswith(("http:", "https:")):
                    requests.append(route.request.url)
                    route.abort()
                else:
                    route.continue_()

            context.route("**/*", refuse)
            page = context.new_page()
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(path.as_uri())
            page.wait_for_function("() => window.network && network.body.nodeIndices.length > 0")
            assert page.evaluate("network.body.nodeIndices.length") == 3
            assert page.evaluate("network.body.edgeIndices.length") == 2
            assert page.locator("canvas").count() == 1
            assert page.evaluate("window.__pwned") is None
        finally:
            browser.close()
    assert not requests, f"the page reached for the network: {requests}"
    assert not errors, errors


def test_without_a_focus_the_strongest_entities_are_drawn(tmp_path: Path) -> None:
    net = to_pyvis(small_graph(), max_nodes=2)
    assert sorted(n["label"] for n in net.nodes) == ["李明", "杭州市"]
    page = tmp_path / "x.html"
    net.write_html(str(page))
    html = page.read_text(encoding="utf-8")
    assert "<script src" not in html and "<link" not in html and "cdn." not in html


def test_an_unknown_focus_is_a_clear_error() -> None:
    from kgraph.errors import KgraphError

    with pytest.raises(KgraphError, match="no entity '不存在'"):
        to_pyvis(small_graph(), focus="不存在")
