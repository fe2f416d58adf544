"""Small helpers for handing rdflib graphs to the checks."""

from __future__ import annotations

from rdflib import ConjunctiveGraph, Graph


def as_graph(data: Graph) -> Graph:
    """Return the triples of a graph, or the union of every named graph of a dataset, as one plain Graph.

    The checks look across graphs (a fact in a source's graph points to an actor in the entities graph), and
    pyshacl would otherwise validate each named graph of a dataset on its own.
    """
    if not isinstance(data, ConjunctiveGraph):  # also covers rdflib.Dataset
        return data
    union = Graph()
    for s, p, o, _ in data.quads((None, None, None, None)):
        union.add((s, p, o))
    return union
