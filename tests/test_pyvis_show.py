"""``to_pyvis(...).show(path, notebook=True)``, the call a notebook user makes, writes kgraph's offline page."""

from __future__ import annotations

import json
import re
from pathlib import Path

import networkx as nx
import pytest

pytest.importorskip("pyvis", reason="to_pyvis needs kgraph[pyvis]")

from kgraph.viewer.notebook import to_pyvis


def two_entities() -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    g.add_node("Person/李明", kind="entity", type="Person", label="李明", pagerank=0.4)
    g.add_node("Place/杭州市", kind="entity", type="Place", label="杭州市", pagerank=0.3)
    g.add_edge("Person/李明", "Place/杭州市", key="visited", kind="relation", evidence_count=2)
    return g


def test_show_in_a_notebook_writes_the_same_offline_page_as_write_html(tmp_path: Path) -> None:
    net = to_pyvis(two_entities(), focus="李明", hops=1)
    shown, written = tmp_path / "shown.html", tmp_path / "written.html"
    frame = net.show(str(shown), notebook=True)
    net.write_html(str(written))
    assert frame is not None and Path(frame.src) == shown  # the IFrame a notebook displays
    page = shown.read_text(encoding="utf-8")
    assert page == written.read_text(encoding="utf-8")
    assert all(
        json.dumps(label)[1:-1] in page for label in ("李明", "杭州市")
    )  # as pyvis writes them
    assert not re.findall(r'(?:src|href)="https?:', page), "the page loads something online"
