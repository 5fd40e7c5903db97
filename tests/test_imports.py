"""perfcheck's modules import each other one way only (issue 27).

Circles had grown at the top (config, engine, hookspec, plugins, pool,
reporters) and between the grammar and the values: a module in a circle
cannot be read, tested or replaced on its own. ``tests/importgraph.py``
prints the graph and any cycle."""

from __future__ import annotations

import importgraph


def test_no_module_imports_itself_round_a_circle():
    found = importgraph.cycles(importgraph.graph())
    assert found == [], "import cycles (run python tests/importgraph.py): " + "; ".join(" ".join(c) for c in found)


def test_the_graph_sees_lazy_and_type_checking_imports():
    # A cycle made only of a lazy import and a TYPE_CHECKING one is still found.
    edges = importgraph.graph()
    assert "perfcheck.engine" in edges["perfcheck.jobs"]  # imported inside functions only
    assert "perfcheck.results" in edges["perfcheck.reporters"]  # imported under TYPE_CHECKING only
    assert importgraph.cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def _reached(edges: dict[str, set[str]], module: str) -> set[str]:
    reached, todo = set(), [module]
    while todo:
        for nxt in edges[todo.pop()] - reached:
            reached.add(nxt)
            todo.append(nxt)
    return reached


def test_the_layers_point_down():
    # The model, the results and the report contract know nothing of the engine,
    # the plugins or the front ends; a job knows the engine, not who runs it.
    edges = importgraph.graph()
    front_ends = {"perfcheck.service", "perfcheck.cli", "perfcheck.server", "perfcheck.pool", "perfcheck.executors"}
    for module in ("perfcheck.model", "perfcheck.results", "perfcheck.reporters"):
        assert not _reached(edges, module) & (front_ends | {"perfcheck.engine", "perfcheck.plugins"}), module
    assert not _reached(edges, "perfcheck.jobs") & front_ends
