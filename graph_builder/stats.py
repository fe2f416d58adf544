"""Count what the built graph holds: instances per class, facts per source, triples per named graph."""

from __future__ import annotations

from dataclasses import dataclass, field

import pyoxigraph as ox

from ontology import resources
from ontology.namespaces import CF


@dataclass(frozen=True)
class GraphStats:
    """Hold the counts ``stats`` prints."""

    classes: list[tuple[str, int]]
    sources: list[tuple[str, str, str, int]]
    graphs: list[tuple[str, int]]
    #: The most central actors of the projection: (label, distinct nodes linked to, degree centrality).
    central_actors: list[tuple[str, int, float]] = field(default_factory=list)


def _select(store: ox.Store, name: str) -> list[dict[str, ox.NamedNode | ox.Literal]]:
    text = resources.query_files()[name].read_text(encoding="utf-8")
    results = store.query(text, use_default_graph_as_union=True)
    assert isinstance(results, ox.QuerySolutions)
    return [{str(v.value): s[v] for v in results.variables if s[v] is not None} for s in results]


def graph_stats(store: ox.Store) -> GraphStats:
    """Count instances per class, facts per source and triples per named graph in a store."""
    prefix = str(CF)
    classes = [
        (row["class"].value.removeprefix(prefix), int(row["instances"].value))
        for row in _select(store, "instances_per_class")
    ]
    sources = [
        (
            row["source"].value,
            row["kind"].value.removeprefix(prefix),
            row["title"].value,
            int(row["facts"].value),
        )
        for row in _select(store, "facts_per_source")
    ]
    graphs = [(row["graph"].value, int(row["triples"].value)) for row in _select(store, "triples_per_graph")]
    from visualize.centrality import most_central  # networkx: import on use
    from visualize.projection import project

    central = [(c.label, c.links, c.score) for c in most_central(project(store), kind="actor", limit=10)]
    return GraphStats(classes, sources, graphs, central)
