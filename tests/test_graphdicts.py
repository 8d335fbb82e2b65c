"""The entity graph's compact dicts behave as dicts, and the graph as a plain MultiDiGraph."""

from __future__ import annotations

import copy
import pickle
import sys
from collections.abc import MutableMapping
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import kgraph
from kgraph.graphdicts import CompactGraph, EdgeAttributes, NodeAttributes, SmallDict
from kgraph.graphxml import write_gexf, write_graphml

ROOT = Path(__file__).resolve().parent.parent

KEYS = st.sampled_from(["kind", "type", "label", "weight", "pmi", "a", "b", 0, 1, 2.5])
OPERATIONS = st.lists(
    st.one_of(
        st.tuples(st.just("set"), KEYS, st.integers()),
        st.tuples(st.just("del"), KEYS, st.none()),
        st.tuples(st.just("pop"), KEYS, st.none()),
        st.tuples(st.just("popitem"), st.none(), st.none()),
        st.tuples(st.just("update"), st.dictionaries(KEYS, st.integers(), max_size=4), st.none()),
        st.tuples(st.just("clear"), st.none(), st.none()),
    ),
    max_size=40,
)


def _apply(d: MutableMapping[Any, Any], operation: tuple[str, Any, Any]) -> object:
    name, key, value = operation
    try:
        if name == "set":
            d[key] = value
        elif name == "del":
            del d[key]
        elif name == "pop":
            return d.pop(key)
        elif name == "popitem":
            return d.popitem()
        elif name == "update":
            d.update(key)
        else:
            d.clear()
    except KeyError:
        return KeyError
    return None


@pytest.mark.parametrize("kind", [NodeAttributes, EdgeAttributes, SmallDict])
@settings(max_examples=300, deadline=None)
@given(operations=OPERATIONS)
def test_a_compact_dict_does_what_a_dict_does(kind: type[MutableMapping[Any, Any]], operations):
    compact, plain = kind(), {}
    for operation in operations:
        assert _apply(compact, operation) == _apply(plain, operation)
        assert list(compact.items()) == list(plain.items())
        assert list(compact) == list(plain) and list(compact.values()) == list(plain.values())
        assert len(compact) == len(plain) and compact == plain and plain == compact
        assert repr(compact) == repr(plain)
        for key in ("kind", "a", 0, "missing"):
            assert (key in compact) == (key in plain)
            assert compact.get(key, "-") == plain.get(key, "-")
    copied = compact.copy()
    assert type(copied) is kind and copied == plain
    assert pickle.loads(pickle.dumps(compact)) == plain
    assert list(copy.deepcopy(compact).items()) == list(plain.items())


def test_a_compact_dict_refuses_what_a_dict_refuses():
    for kind in (NodeAttributes, EdgeAttributes, SmallDict):
        d = kind()
        with pytest.raises(TypeError):
            d[["unhashable"]] = 1
        with pytest.raises(KeyError):
            d["missing"]
        with pytest.raises(KeyError):
            d.popitem()


def test_records_with_the_same_keys_share_one_tuple_of_them():
    first, second = NodeAttributes(kind="entity", label="甲"), NodeAttributes()
    second["kind"], second["label"] = "entity", "乙"
    assert first._keys is second._keys
    assert sys.getsizeof(first) < sys.getsizeof({f"k{i}": i for i in range(14)}) / 2


@pytest.fixture(scope="module")
def seeds_report() -> kgraph.BuildReport:
    return kgraph.build([ROOT / "seeds"], jobs=1)


def _plain(G: nx.MultiDiGraph) -> nx.MultiDiGraph:
    H = nx.MultiDiGraph()
    H.graph.update(G.graph)
    H.add_nodes_from((n, dict(d)) for n, d in G.nodes(data=True))
    H.add_edges_from((u, v, k, dict(d)) for u, v, k, d in G.edges(keys=True, data=True))
    return H


def test_the_compact_graph_is_the_plain_one(seeds_report, tmp_path):
    for G in (seeds_report.entities, seeds_report.graph):
        assert isinstance(G, CompactGraph)
        H = _plain(G)
        assert list(G.nodes(data=True)) == list(H.nodes(data=True))
        assert list(G.edges(keys=True, data=True)) == list(H.edges(keys=True, data=True))
        assert nx.utils.graphs_equal(G, H)
        assert dict(G.degree()) == dict(H.degree())
        assert list(G.predecessors(next(iter(G)))) == list(H.predecessors(next(iter(H))))
        for name, writer in (("graphml", write_graphml), ("gexf", write_gexf)):
            options = {"date": "2024-01-02"} if name == "gexf" else {}
            writer(G, tmp_path / f"compact.{name}", **options)
            writer(H, tmp_path / f"plain.{name}", **options)
            compact = (tmp_path / f"compact.{name}").read_bytes()
            assert compact == (tmp_path / f"plain.{name}").read_bytes()
        nx.write_graphml(G, tmp_path / "networkx-compact.graphml")
        nx.write_graphml(H, tmp_path / "networkx-plain.graphml")
        assert (tmp_path / "networkx-compact.graphml").read_bytes() == (
            tmp_path / "networkx-plain.graphml"
        ).read_bytes()
        again = pickle.loads(pickle.dumps(G))
        assert type(again) is CompactGraph and nx.utils.graphs_equal(again, H)
        assert nx.utils.graphs_equal(G.copy(), H) and nx.utils.graphs_equal(nx.MultiDiGraph(G), H)


def test_the_compact_graph_edits_as_the_plain_one(seeds_report):
    G, H = seeds_report.entities.copy(), _plain(seeds_report.entities)
    u, v, k = next(iter(G.edges(keys=True)))
    for graph in (G, H):
        graph.add_edge(u, v, key="another", kind="relation", weight=2.0)
        graph.add_edge(u, v)
        graph.remove_edge(u, v)  # the last added, as a dict pops
        graph.remove_edge(u, v, key=k)
        graph.nodes[u]["extra"] = 1
        del graph.nodes[u]["kind"]
        graph.remove_node(v)
    assert nx.utils.graphs_equal(G, H)
    assert list(G.nodes(data=True)) == list(H.nodes(data=True))
    assert list(G.edges(keys=True, data=True)) == list(H.edges(keys=True, data=True))
