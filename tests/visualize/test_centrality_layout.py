"""Centrality (who is linked to most) and the fixed layout of large graphs."""

from __future__ import annotations

from pathlib import Path

import networkx as nx

from tests.helpers import AKAR, open_store
from visualize.centrality import centrality, keep_most_central, most_central
from visualize.layout import PHYSICS_LIMIT, needs_fixed_layout, radial_layout
from visualize.projection import project


def chain(graph: nx.MultiDiGraph, prefix: str, length: int) -> None:
    for i in range(length):
        graph.add_node(f"{prefix}{i}", label=f"{prefix}{i}", kind="actor", type="Person")
    for i in range(length - 1):
        graph.add_edge(f"{prefix}{i}", f"{prefix}{i + 1}", label="about", relation="about", alternative=False)


def test_reporting_a_fact_does_not_make_a_reporter_central(mini_output: Path) -> None:
    graph = project(open_store(mini_output))
    mini_news = "https://w3id.org/ceasefire-kg/id/actor/mini-news"
    assert centrality(graph)[mini_news] == 0.0
    assert centrality(graph, ignore=())[mini_news] > 0.0
    top = most_central(graph, kind="actor", limit=3)
    assert AKAR in [c.iri for c in top]
    assert mini_news not in [c.iri for c in top]
    assert all(c.kind == "actor" for c in top)


def test_keeping_the_most_central_nodes_counts_the_rest_by_kind() -> None:
    graph: nx.MultiDiGraph = nx.MultiDiGraph()
    chain(graph, "a", 5)
    graph.add_node("lonely-event", label="x", kind="event", type="JointPatrol")
    kept = keep_most_central(graph, 3, scores=centrality(graph))
    assert set(kept.graph) == {"a1", "a2", "a3"}
    assert kept.omitted == {"actor": 2, "event": 1}
    assert keep_most_central(graph, 10, scores=centrality(graph)).omitted.total() == 0


def test_the_radial_layout_places_every_node_apart_and_components_side_by_side() -> None:
    graph: nx.MultiDiGraph = nx.MultiDiGraph()
    chain(graph, "a", 40)
    chain(graph, "b", 30)
    graph.add_node("alone", label="alone", kind="place", type="Place")
    positions = radial_layout(graph, scores=centrality(graph))
    assert set(positions) == set(graph)
    assert len(set(positions.values())) == len(positions)

    def box(prefix: str) -> tuple[float, float, float, float]:
        xs = [x for n, (x, _) in positions.items() if n.startswith(prefix)]
        ys = [y for n, (_, y) in positions.items() if n.startswith(prefix)]
        return min(xs), min(ys), max(xs), max(ys)

    a, b = box("a"), box("b")
    assert a[2] < b[0] or b[2] < a[0] or a[3] < b[1] or b[3] < a[1], "components overlap"


def test_only_large_graphs_get_a_fixed_layout() -> None:
    graph: nx.MultiDiGraph = nx.MultiDiGraph()
    chain(graph, "n", PHYSICS_LIMIT)
    assert not needs_fixed_layout(graph)
    graph.add_node("one-more", label="x", kind="place", type="Place")
    assert needs_fixed_layout(graph)
