"""The package's shape: stage packages that import each other without cycles."""

from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx

PACKAGE = Path(__file__).resolve().parents[1] / "kgraph"


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path, modules: set[str]) -> set[str]:
    """Every kgraph module ``path`` imports, at the top or inside a function."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
        else:
            continue
        found.update(name for name in names if name in modules)
    return found


def import_graph() -> nx.DiGraph:
    paths = {module_name(path): path for path in PACKAGE.rglob("*.py")}
    graph = nx.DiGraph()
    graph.add_nodes_from(paths)
    for name, path in paths.items():
        for imported in imports_of(path, set(paths)):
            if imported != name:
                graph.add_edge(name, imported)
    return graph


def test_no_module_of_kgraph_imports_itself_through_others() -> None:
    graph = import_graph()
    assert len(graph) > 30
    cycles = sorted(sorted(cycle) for cycle in nx.simple_cycles(graph))
    assert cycles == [], f"import cycles: {cycles}"


def test_the_cycle_check_sees_lazy_imports(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text("def f():\n    from kgraph.pipeline import build\n", encoding="utf-8")
    assert imports_of(module, {"kgraph.pipeline", "kgraph.graph"}) == {"kgraph.pipeline"}


def test_the_stages_live_in_their_packages() -> None:
    top = {path.stem for path in PACKAGE.glob("*.py")}
    assert {"pipeline", "model", "resolve", "relate", "graph", "export"} <= top
    for package in ("ingest", "extract", "rdf", "run", "viewer", "commands"):
        assert (PACKAGE / package / "__init__.py").is_file()
    assert not top & {"load", "clean", "store", "serve", "cache", "execute", "extract"}


def test_only_the_pipeline_runs_the_stages() -> None:
    graph = import_graph()
    stages = {"kgraph.resolve", "kgraph.relate", "kgraph.graph", "kgraph.export"}
    runners = {name for name in graph if set(graph.successors(name)) >= stages}
    assert runners == {"kgraph.pipeline"}


def test_no_module_rebinds_a_global() -> None:
    offenders = [
        module_name(path)
        for path in PACKAGE.rglob("*.py")
        if any(isinstance(node, ast.Global) for node in ast.walk(ast.parse(path.read_text())))
    ]
    assert offenders == []
