"""Share the built seed graph in both engines: the Oxigraph store and an rdflib Dataset of its TriG."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib

from ontology.namespaces import TERM_IRIS


@pytest.fixture(scope="session")
def seed_store(built_seed: Path) -> ox.Store:
    """Return the built seed's Oxigraph store, opened read-only."""
    return ox.Store.read_only(str(built_seed / "store"))


@pytest.fixture(scope="session")
def seed_dataset(built_seed: Path) -> rdflib.Dataset:
    """Return rdflib's in-memory Dataset of the built seed: graph.trig, plus the ontology in its own graph.

    The store holds the ontology in a named graph (the queries follow rdfs:subClassOf through it); graph.trig
    holds only the data, so ontology.ttl goes into the same named graph here. The default graph is the union.
    """
    dataset = rdflib.Dataset(default_union=True)
    dataset.parse(built_seed / "graph.trig", format="trig")
    dataset.graph(rdflib.URIRef(TERM_IRIS["ONTOLOGY_GRAPH"])).parse(
        built_seed / "ontology.ttl", format="turtle"
    )
    return dataset
