"""GraphML and GEXF written element by element: read back by networkx, and networkx's bytes."""

from __future__ import annotations

import math
from pathlib import Path

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from networkx.readwrite.gexf import GEXFWriter

import kgraph
from kgraph.graphxml import write_gexf, write_graphml

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def seeds_graph() -> nx.MultiDiGraph:
    return kgraph.build([ROOT / "seeds"], jobs=1).graph


def _networkx_gexf(G: nx.Graph, path: Path, date: str) -> None:
    writer = GEXFWriter(encoding="utf-8", prettyprint=True)
    writer.add_graph(G)
    meta = writer.xml.find("meta")
    assert meta is not None
    meta.set("lastmodifieddate", date)
    creator = meta.find("creator")
    assert creator is not None
    creator.text = "kgraph"
    with open(path, "wb") as handle:
        writer.write(handle)


def _without_parents(G: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """``G`` less the node attribute networkx's GEXF writer takes for a node hierarchy."""
    H = G.copy()
    for _node, data in H.nodes(data=True):
        data.pop("parents", None)
    return H


def test_graphml_of_the_seeds_reads_back_as_the_graph(
    seeds_graph: nx.MultiDiGraph, tmp_path: Path
) -> None:
    write_graphml(seeds_graph, tmp_path / "g.graphml")
    back = nx.read_graphml(tmp_path / "g.graphml", force_multigraph=True)
    assert list(back.nodes(data=True)) == list(seeds_graph.nodes(data=True))
    assert list(back.edges(keys=True, data=True)) == list(seeds_graph.edges(keys=True, data=True))
    assert seeds_graph.number_of_edges() > 100


def test_gexf_of_the_seeds_reads_back_as_the_graph(
    seeds_graph: nx.MultiDiGraph, tmp_path: Path
) -> None:
    write_gexf(seeds_graph, tmp_path / "g.gexf", date="2024-08-05")
    back = nx.read_gexf(tmp_path / "g.gexf")
    assert isinstance(back, nx.MultiDiGraph)
    assert dict(back.nodes(data=True)) == dict(seeds_graph.nodes(data=True))
    edges = [(u, v, k, {n: x for n, x in d.items() if n != "id"}) for u, v, k, d in back.edges(keys=True, data=True)]  # fmt: skip
    assert edges == list(seeds_graph.edges(keys=True, data=True))
    assert any(data["parents"] for _node, data in back.nodes(data=True) if "parents" in data)


def test_graphml_is_the_bytes_networkx_writes(seeds_graph: nx.MultiDiGraph, tmp_path: Path) -> None:
    nx.write_graphml(seeds_graph, tmp_path / "nx.graphml", encoding="utf-8", prettyprint=True)
    write_graphml(seeds_graph, tmp_path / "g.graphml")
    assert (tmp_path / "g.graphml").read_bytes() == (tmp_path / "nx.graphml").read_bytes()


def test_gexf_is_the_bytes_networkx_writes_but_for_parents(
    seeds_graph: nx.MultiDiGraph, tmp_path: Path
) -> None:
    plain = _without_parents(seeds_graph)
    _networkx_gexf(plain, tmp_path / "nx.gexf", "2024-08-05")
    write_gexf(plain, tmp_path / "g.gexf", date="2024-08-05")
    assert (tmp_path / "g.gexf").read_bytes() == (tmp_path / "nx.gexf").read_bytes()


def test_writing_twice_gives_the_same_bytes(seeds_graph: nx.MultiDiGraph, tmp_path: Path) -> None:
    for name in ("a", "b"):
        write_graphml(seeds_graph, tmp_path / f"{name}.graphml")
        write_gexf(seeds_graph, tmp_path / f"{name}.gexf", date="2024-08-05")
    assert (tmp_path / "a.graphml").read_bytes() == (tmp_path / "b.graphml").read_bytes()
    assert (tmp_path / "a.gexf").read_bytes() == (tmp_path / "b.gexf").read_bytes()


# XML 1.0 characters, with the ones that need escaping made likely
xml_text = st.text(
    st.one_of(
        st.sampled_from("&<>\"'\t\n\r 甲"),
        st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufffe\uffff"),
    ),
    max_size=12,
)
values = st.one_of(
    xml_text,
    st.integers(-(2**40), 2**40),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
)


@st.composite
def graphs(draw: st.DrawFn) -> nx.MultiDiGraph:
    G = nx.MultiDiGraph()
    names = draw(st.lists(xml_text, min_size=1, max_size=6, unique=True))
    for name in names:
        attrs = draw(
            st.dictionaries(st.sampled_from(["kind", "n", "x", "label"]), values, max_size=3)
        )
        G.add_node(name, **attrs)
    for _ in range(draw(st.integers(0, 8))):
        u, v = draw(st.sampled_from(names)), draw(st.sampled_from(names))
        attrs = draw(st.dictionaries(st.sampled_from(["kind", "n", "w"]), values, max_size=3))
        G.add_edge(u, v, key=draw(xml_text), **attrs)
    return G


@settings(max_examples=60, deadline=None)
@given(graphs())
def test_any_graph_writes_networkx_bytes(G: nx.MultiDiGraph) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        try:
            nx.write_graphml(G, folder / "nx.graphml", encoding="utf-8", prettyprint=True)
        except (TypeError, nx.NetworkXError):
            # networkx refuses a name that is used with two types for one scope's keys
            return
        write_graphml(G, folder / "g.graphml")
        assert (folder / "g.graphml").read_bytes() == (folder / "nx.graphml").read_bytes()
        _networkx_gexf(G, folder / "nx.gexf", "2024-01-02")
        write_gexf(G, folder / "g.gexf", date="2024-01-02")
        assert (folder / "g.gexf").read_bytes() == (folder / "nx.gexf").read_bytes()


def test_edge_weights_and_special_floats_round_trip_through_gexf(tmp_path: Path) -> None:
    G = nx.MultiDiGraph()
    G.add_edge("a", "b", key="coOccursWith", weight=2.5, pmi=math.inf, kind="cooccurrence")
    G.add_edge("a", "b", key="mentions", kind="mentions", count=3)
    write_gexf(G, tmp_path / "g.gexf", date="2024-01-02")
    text = (tmp_path / "g.gexf").read_text(encoding="utf-8")
    assert 'weight="2.5"' in text and 'value="INF"' in text
    back = nx.read_gexf(tmp_path / "g.gexf")
    data = back.edges["a", "b", "coOccursWith"]
    assert data["weight"] == 2.5 and data["pmi"] == math.inf
    assert back.edges["a", "b", "mentions"]["count"] == 3


def test_an_unsupported_value_is_a_clear_error(tmp_path: Path) -> None:
    G = nx.MultiDiGraph()
    G.add_node("a", roles=["x", "y"])
    with pytest.raises(TypeError, match="use str, int, float or bool"):
        write_graphml(G, tmp_path / "g.graphml")
    assert not (tmp_path / "g.graphml").exists()


@pytest.fixture(scope="module")
def seeds_build() -> kgraph.BuildReport:
    return kgraph.build([ROOT / "seeds"], jobs=1)


def test_a_build_holds_the_entities_and_streams_the_documents_in_the_graphs_order(
    seeds_build: kgraph.BuildReport, tmp_path: Path
) -> None:
    from kgraph.graph import corpus_graph, graph_size, graph_stream, has_documents

    entities, full = seeds_build.entities, seeds_build.graph
    assert not has_documents(entities) and has_documents(full)
    assert full is seeds_build.graph  # built once, on first use
    fresh = corpus_graph(seeds_build.corpus)  # analytics computed again, not copied
    assert list(full.nodes(data=True)) == list(fresh.nodes(data=True))
    assert list(full.edges(keys=True, data=True)) == list(fresh.edges(keys=True, data=True))
    assert list(entities.edges(keys=True, data=True)) == [
        edge for edge in full.edges(keys=True, data=True) if edge[2] != "mentions"
    ]
    assert graph_size(seeds_build.corpus, entities) == (
        full.number_of_nodes(),
        full.number_of_edges(),
    )
    stream = graph_stream(seeds_build.corpus, entities)
    write_graphml(stream, tmp_path / "s.graphml")
    write_graphml(full, tmp_path / "g.graphml")
    assert (tmp_path / "s.graphml").read_bytes() == (tmp_path / "g.graphml").read_bytes()
    write_gexf(stream, tmp_path / "s.gexf", date="2024-08-05")
    write_gexf(full, tmp_path / "g.gexf", date="2024-08-05")
    assert (tmp_path / "s.gexf").read_bytes() == (tmp_path / "g.gexf").read_bytes()
