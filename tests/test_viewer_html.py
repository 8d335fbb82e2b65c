"""The viewer page as a file: deterministic, offline, escaped; and ``kgraph view``.

How the page behaves is tested in a browser, in ``tests/browser/test_viewer.py``.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import re
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from kgraph.commands import view
from kgraph.errors import ExportError, InputError
from kgraph.graph import corpus_graph, entity_graph
from kgraph.model import (
    Corpus,
    Document,
    Entity,
    EntityType,
    Evidence,
    Mention,
    Relation,
    Section,
    SectionKind,
    Sentence,
)
from kgraph.viewer import layout, render_html, write_html
from kgraph.viewer.payload import clip_sentence, viewer_payload

VENDOR = Path(__file__).resolve().parent.parent / "kgraph" / "viewer" / "vendor"

TEXT = "李明到杭州市调研。</script><script>alert(1)</script>杭州市发布通知。"


def small_corpus() -> Corpus:
    """One article: a person visits a city; its second sentence carries markup."""
    first, second = "李明到杭州市调研。", "</script><script>alert(1)</script>杭州市发布通知。"
    text = first + second
    doc = Document(
        "d1",
        "news/d1.txt",
        text,
        "utf-8",
        "",
        "2024-05-01",
        (),
        (),
        ("杭州日报",),
        (Section(0, len(text), SectionKind.BODY),),
    )
    sentences = (
        Sentence("d1", 0, 0, len(first), SectionKind.BODY, first, tuple(range(len(first)))),
        Sentence(
            "d1",
            1,
            len(first),
            len(text),
            SectionKind.BODY,
            second,
            tuple(range(len(first), len(text))),
        ),
    )
    city = text.index("杭州市")
    later = text.index("杭州市", city + 1)
    li = Entity(
        "Person/李明",
        EntityType.PERSON,
        "李明",
        (),
        (Mention("d1", 0, 0, 2, "李明", "李明", EntityType.PERSON, "t", 1.0),),
    )
    hz = Entity(
        "Place/杭州市",
        EntityType.PLACE,
        "杭州市",
        ("杭州",),
        (
            Mention("d1", 0, city, city + 3, "杭州市", "杭州市", EntityType.PLACE, "t", 1.0),
            Mention("d1", 1, later, later + 3, "杭州市", "杭州市", EntityType.PLACE, "t", 1.0),
        ),
    )
    evidence = Evidence("d1", 0, 0, len(first), first, "visited.verb", 0.9, "2024-05-01")
    relation = Relation("Person/李明", "visited", "Place/杭州市", (evidence,), confidence=0.9)
    return Corpus((doc,), sentences, (li, hz), (relation,), (), ())


@pytest.fixture
def corpus() -> Corpus:
    return small_corpus()


@pytest.fixture
def graph(corpus: Corpus) -> nx.MultiDiGraph:
    return corpus_graph(corpus)


def embedded_data(page: str) -> dict[str, object]:
    block = re.search(
        r'<script type="application/json" id="kgraph-data">(.*?)</script>', page, re.S
    )
    assert block is not None
    data: dict[str, object] = json.loads(block.group(1))
    return data


def test_write_html_is_deterministic(
    corpus: Corpus, graph: nx.MultiDiGraph, tmp_path: Path
) -> None:
    write_html(corpus, graph, tmp_path / "a.html")
    write_html(corpus, corpus_graph(corpus), tmp_path / "b.html")
    assert (tmp_path / "a.html").read_bytes() == (tmp_path / "b.html").read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.html", "b.html"]  # no temporary left


@pytest.mark.parametrize("max_nodes", [1, 20_000])
def test_the_entities_alone_give_the_page_of_the_whole_graph(
    corpus: Corpus, graph: nx.MultiDiGraph, tmp_path: Path, max_nodes: int
) -> None:
    # a page that draws every node adds the documents; a capped one draws entities only
    write_html(corpus, graph, tmp_path / "whole.html", max_nodes=max_nodes)
    write_html(corpus, entity_graph(corpus), tmp_path / "entities.html", max_nodes=max_nodes)
    page = (tmp_path / "entities.html").read_bytes()
    assert page == (tmp_path / "whole.html").read_bytes()
    if max_nodes > graph.number_of_nodes():  # the page written a field at a time is the string
        assert page == render_html(graph, corpus).encode("utf-8")


@pytest.mark.parametrize("title", [None, "my corpus"])
def test_a_graph_over_the_cap_is_drawn_as_its_strongest_entities(
    corpus: Corpus, graph: nx.MultiDiGraph, tmp_path: Path, title: str | None
) -> None:
    assert graph.number_of_nodes() > 1
    write_html(corpus, graph, tmp_path / "capped.html", max_nodes=1, title=title)
    data = embedded_data((tmp_path / "capped.html").read_text(encoding="utf-8"))
    nodes = data["nodes"]
    assert isinstance(nodes, dict) and len(nodes["label"]) == 1
    strongest = max(
        (n for n, kind in graph.nodes(data="kind") if kind == "entity"),
        key=lambda n: graph.nodes[n]["pagerank"],
    )
    assert nodes["label"] == [graph.nodes[strongest]["label"]]
    expected = "kgraph · the 1 strongest of 2 entities" if title is None else title
    assert str(data["title"]).startswith(expected)


def test_layout_is_seeded() -> None:
    g = nx.les_miserables_graph()
    assert layout(g) == layout(g)
    assert layout(g) != layout(g, seed=1)


def test_page_loads_nothing_from_the_network(corpus: Corpus, graph: nx.MultiDiGraph) -> None:
    page = render_html(graph, corpus)
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", page, re.I)
    assert not re.search(r"url\(\s*['\"]?(https?:)?//|@import", page, re.I)
    assert "http://" not in page and "https://" not in page


def test_every_script_is_inline_and_allowed_by_hash(corpus: Corpus, graph: nx.MultiDiGraph) -> None:
    page = render_html(graph, corpus)
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', page)
    assert policy is not None
    assert "default-src 'none'" in policy.group(1)
    scripts = re.findall(r"<script>(.*?)</script>", page, re.S)
    assert len(scripts) == 3
    for script in scripts:
        digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in policy.group(1)
    assert "<script src" not in page


def test_document_text_cannot_close_the_data_block(corpus: Corpus, graph: nx.MultiDiGraph) -> None:
    page = render_html(graph, corpus)
    assert "<script>alert(1)" not in page
    assert page.count("</script>") == 5  # the data and index blocks and the three scripts
    data = embedded_data(page)
    assert any("</script><script>alert(1)</script>" in text for _, text in data["sents"])  # type: ignore[attr-defined]


def test_evidence_marks_the_mention_in_the_original_sentence(
    corpus: Corpus, graph: nx.MultiDiGraph
) -> None:
    data = viewer_payload(graph, corpus, layout(graph))
    node = data["nodes"]["label"].index("杭州市")
    sentences = data["sents"]
    marked = [
        sentences[s][1][a:b]
        for s, marks in data["ent"]["ev"][node]
        for a, b in zip(marks[::2], marks[1::2], strict=True)
    ]
    assert marked == ["杭州市", "杭州市"]
    assert data["ent"]["docs"][node] == [0]
    relation = data["edge"]["ev"][0]
    text, marks = sentences[relation[0][0]][1], relation[0][1]
    assert [text[a:b] for a, b in zip(marks[::2], marks[1::2], strict=True)] == ["李明", "杭州市"]
    assert data["pats"][relation[0][3]] == "visited.verb"


def test_evidence_is_capped_and_counted(corpus: Corpus, graph: nx.MultiDiGraph) -> None:
    data = viewer_payload(graph, corpus, layout(graph), max_evidence=1)
    node = data["nodes"]["label"].index("杭州市")
    assert len(data["ent"]["ev"][node]) == 1
    assert data["ent"]["more"][node] == 1
    data = viewer_payload(graph, corpus, layout(graph), evidence_chars=0)
    assert data["sents"] == []
    assert data["ent"]["more"][node] == 2


def test_search_map_covers_traditional_forms(corpus: Corpus, graph: nx.MultiDiGraph) -> None:
    pairs = viewer_payload(graph, corpus, layout(graph))["t2s"]
    assert "門门" not in pairs  # only characters of the graph's names
    assert "州州" not in pairs


def test_unwritable_path_raises_export_error(
    corpus: Corpus, graph: nx.MultiDiGraph, tmp_path: Path
) -> None:
    with pytest.raises(ExportError, match="cannot write the graph viewer"):
        write_html(corpus, graph, tmp_path / "missing" / "graph.html")


def test_vendored_files_match_their_recorded_checksums() -> None:
    sums = {}
    for line in (VENDOR / "VERSIONS").read_text().splitlines():
        if re.fullmatch(r"[0-9a-f]{64}  \S+", line):
            digest, name = line.split("  ")
            sums[name] = digest
    assert set(sums) == {
        "sigma.min.js",
        "graphology.umd.min.js",
        "LICENSE-sigma.txt",
        "LICENSE-graphology.txt",
    }
    for name, digest in sums.items():
        assert hashlib.sha256((VENDOR / name).read_bytes()).hexdigest() == digest, name


@given(
    st.text(max_size=300),
    st.lists(st.tuples(st.integers(0, 300), st.integers(1, 40)), max_size=4),
    st.integers(5, 120),
)
def test_clipped_marks_still_cover_the_original_characters(
    text: str, spans: list[tuple[int, int]], width: int
) -> None:
    marks = [(a, min(a + n, len(text))) for a, n in spans if a < len(text)]
    clipped, flat = clip_sentence(text, marks, width)
    assert len(clipped) <= width + 2
    covered = "".join(text[a:b] for a, b in marks)
    for a, b in zip(flat[::2], flat[1::2], strict=True):
        assert 0 <= a < b <= len(clipped)
        assert clipped[a:b] in text and set(clipped[a:b]) <= set(covered)


def run_view(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    view.register(parser.add_subparsers())
    args = parser.parse_args(["view", *argv])
    result: int = args.run(args)
    return result


def test_view_prints_the_page_path(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "graph.html").write_text("<!DOCTYPE html>", encoding="utf-8")
    assert run_view([str(tmp_path), "--print-path"]) == 0
    assert capsys.readouterr().out.strip() == str((tmp_path / "graph.html").absolute())


def test_view_gives_the_link_a_rebuild_keeps_not_the_build_it_points_at(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import kgraph

    (tmp_path / "a.txt").write_text("福建省宁德市召开会议。", encoding="utf-8")
    kgraph.build([tmp_path / "a.txt"], out=tmp_path / "out", formats=["html"], store=False)
    assert run_view([str(tmp_path / "out"), "--print-path"]) == 0
    page = Path(capsys.readouterr().out.strip())
    assert page == (tmp_path / "out" / "graph.html").absolute()
    kgraph.build(
        [tmp_path / "a.txt"], out=tmp_path / "out", formats=["html"], store=False, cache=False
    )
    assert page.is_file()  # still the page after the rebuild swapped a new build in


def test_view_without_a_page_says_how_to_make_one(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="kgraph build"):
        run_view([str(tmp_path), "--print-path"])


def test_a_graph_alone_draws_with_its_own_document_labels(graph: nx.MultiDiGraph) -> None:
    page = render_html(graph, None, title="没有语料")
    assert "<title>没有语料</title>" in page
    data = embedded_data(page)
    assert data["title"] == "没有语料"
    assert data["docs"] == [["d1", "news/d1.txt", "2024-05-01", "", "news/d1.txt", "", ""]]
    assert data["sents"] == []


def embedded_index(page: str) -> dict[str, Any]:
    block = re.search(
        r'<script type="application/json" id="kgraph-index">(.*?)</script>', page, re.S
    )
    assert block is not None
    index: dict[str, Any] = json.loads(block.group(1))
    return index


def csp(page: str) -> str:
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', page)
    assert policy is not None
    return policy.group(1)


def test_a_capped_page_indexes_every_entity_it_does_not_draw(
    corpus: Corpus, graph: nx.MultiDiGraph, tmp_path: Path
) -> None:
    write_html(corpus, graph, tmp_path / "capped.html", max_nodes=1)
    page = (tmp_path / "capped.html").read_text(encoding="utf-8")
    drawn = embedded_data(page)["nodes"]["label"]  # type: ignore[index]
    index = embedded_index(page)
    entities = {attrs["label"] for _, attrs in graph.nodes(data=True) if attrs["kind"] == "entity"}
    assert set(drawn) | set(index["label"]) == entities
    assert not set(drawn) & set(index["label"])
    assert len(index["type"]) == len(index["pr"]) == len(index["dc"]) == len(index["label"])
    assert index["pr"] == sorted(index["pr"], reverse=True)
    assert "connect-src 'self'" in csp(page)
    assert "connect-src" not in csp(render_html(graph, corpus))  # nothing to fetch: no connection
    assert embedded_index(render_html(graph, corpus))["label"] == []


def test_two_builds_give_identical_capped_pages(tmp_path: Path) -> None:
    import kgraph

    root = Path(__file__).resolve().parent.parent
    pages = []
    for name in ("a", "b"):
        kgraph.build([root / "seeds"], out=tmp_path / name, formats=["html"], viewer_nodes=15)
        pages.append((tmp_path / name / "graph.html").read_bytes())
    assert pages[0] == pages[1]
    page = pages[0].decode("utf-8")
    assert len(embedded_data(page)["nodes"]["label"]) == 15  # type: ignore[index]
    assert len(embedded_index(page)["label"]) > 15


def test_build_refuses_a_viewer_that_draws_nothing(tmp_path: Path) -> None:
    import kgraph

    root = Path(__file__).resolve().parent.parent
    with pytest.raises(InputError, match="at least one node"):
        kgraph.build([root / "seeds"], out=tmp_path / "out", viewer_nodes=0)
    assert not (tmp_path / "out").exists()


@pytest.fixture(scope="module")
def seeds_report() -> Any:
    import kgraph

    return kgraph.build([Path(__file__).resolve().parent.parent / "seeds"], out=None, jobs=1)


@pytest.mark.parametrize("budget", [0, 700, 5_000, 500_000])
def test_evidence_read_in_batches_is_the_evidence_read_in_one_pass(
    seeds_report: Any, budget: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kgraph.viewer import payload

    graph, corpus = seeds_report.graph, seeds_report.corpus
    positions = {node: (0.0, 0.0) for node in graph}
    reads: list[list[tuple[str, int, int, int]]] = []
    read = payload._Evidence.read

    def recorded(self: Any, wanted: Any) -> Any:
        wanted = list(wanted)
        reads.append(wanted)
        return read(self, wanted)

    monkeypatch.setattr(payload._Evidence, "read", recorded)
    whole = viewer_payload(graph, corpus, positions, evidence_chars=budget)
    passes = len(reads)
    monkeypatch.setattr(payload, "_BATCH", 1)
    for ranked in (payload._EntitySentences, payload._EdgeSentences):  # a read per sentence
        monkeypatch.setattr(ranked, "cost", lambda self, rank: 10**9)
    assert viewer_payload(graph, corpus, positions, evidence_chars=budget) == whole
    dealt = sum(len(ev) for ev in whole["ent"]["ev"] + whole["edge"]["ev"] if ev)
    assert len(reads) - passes >= dealt  # a pass for each sentence dealt
    if budget == 500_000:
        assert passes == 1 and len(whole["sents"]) > 100  # all the seeds' evidence in one
