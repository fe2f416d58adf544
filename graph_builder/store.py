"""Keep the graph in an Oxigraph store on disk and write its Turtle and TriG files."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from ontology.namespaces import ONTOLOGY_GRAPH, PREFIXES

log = logging.getLogger(__name__)

STORE_DIR = "store"
MANIFEST = "manifest.json"


def open_store(path: Path, *, read_only: bool = False) -> ox.Store:
    """Open the Oxigraph store at ``path`` (read-only stores let several processes read at once)."""
    if read_only:
        return ox.Store.read_only(str(path))
    return ox.Store(str(path))


def load_store(store: ox.Store, quads: Iterable[ox.Quad], ontology_turtle: bytes) -> None:
    """Bulk-load the data quads and the ontology (in its own named graph) into ``store``."""
    store.bulk_extend(quads)
    store.bulk_load(ontology_turtle, format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(str(ONTOLOGY_GRAPH)))
    store.flush()
    store.optimize()


def data_quads(store: ox.Store) -> Iterator[ox.Quad]:
    """Yield every quad of the store except the ontology's."""
    ontology = ox.NamedNode(str(ONTOLOGY_GRAPH))
    for quad in store.quads_for_pattern(None, None, None, None):
        if quad.graph_name != ontology:
            yield quad


def union_triples(quads: Iterable[ox.Quad]) -> Iterator[ox.Triple]:
    """Yield the distinct triples of some quads (the same triple may stand in several sources' graphs)."""
    seen: set[ox.Triple] = set()
    for quad in quads:
        triple = quad.triple
        if triple not in seen:
            seen.add(triple)
            yield triple


def write_turtle(triples: Iterable[ox.Triple], path: Path) -> None:
    """Write triples as Turtle with the project's prefixes."""
    ox.serialize(triples, str(path), format=ox.RdfFormat.TURTLE, prefixes=PREFIXES)


def write_trig(quads: Iterable[ox.Quad], path: Path) -> None:
    """Write quads as TriG with the project's prefixes."""
    ox.serialize(quads, str(path), format=ox.RdfFormat.TRIG, prefixes=PREFIXES)


@dataclass(frozen=True)
class Manifest:
    """Record what a build was made from, so that readers can tell when it is stale."""

    version: str
    sources: str
    fingerprint: str
    triples: int

    def write(self, path: Path) -> None:
        """Write the manifest as JSON."""
        path.write_text(json.dumps(self.__dict__, indent=2) + "\n", encoding="utf-8")

    @classmethod
    def read(cls, path: Path) -> Manifest | None:
        """Read a manifest; return None when it is missing or unreadable."""
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return cls(
                str(data["version"]), str(data["sources"]), str(data["fingerprint"]), int(data["triples"])
            )
        except (OSError, ValueError, KeyError, TypeError):
            return None
