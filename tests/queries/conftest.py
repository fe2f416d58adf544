"""Share the built seed in both engines (the Oxigraph store, an rdflib Dataset of its TriG), and the seed
built with the invented second report (tests/fixtures/second-report, a test fixture, not real news)."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib

from ontology.namespaces import TERM_IRIS


def _dataset(built: Path) -> rdflib.Dataset:
    dataset = rdflib.Dataset(default_union=True)
    dataset.parse(built / "graph.trig", format="trig")
    dataset.graph(rdflib.URIRef(TERM_IRIS["ONTOLOGY_GRAPH"])).parse(built / "ontology.ttl", format="turtle")
    return dataset


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
    return _dataset(built_seed)


@pytest.fixture(scope="session")
def second_store(built_second_report: Path) -> ox.Store:
    """Return the store of the seed plus the second report, opened read-only."""
    return ox.Store.read_only(str(built_second_report / "store"))


@pytest.fixture(scope="session")
def second_dataset(built_second_report: Path) -> rdflib.Dataset:
    """Return rdflib's Dataset of the seed plus the second report, as ``seed_dataset`` is of the seed."""
    return _dataset(built_second_report)


@pytest.fixture(scope="session")
def datasets_store(built_datasets: tuple[object, Path]) -> ox.Store:
    """Return the store of the seed plus the imported invented dataset exports, opened read-only."""
    return ox.Store.read_only(str(built_datasets[1] / "store"))


@pytest.fixture(scope="session")
def datasets_dataset(built_datasets: tuple[object, Path]) -> rdflib.Dataset:
    """Return rdflib's Dataset of the seed plus the imported invented dataset exports."""
    return _dataset(built_datasets[1])
