"""Keep the graph in an Oxigraph store on disk and write its Turtle and TriG files."""

from __future__ import annotations

import itertools
import logging
from collections.abc import Iterable, Sequence
from pathlib import Path

import pyoxigraph as ox

from ontology.namespaces import PREFIXES, TERM_IRIS

log = logging.getLogger(__name__)

# A string, not namespaces.ONTOLOGY_GRAPH: that URIRef imports rdflib, which readers of the store do not need.
_ONTOLOGY_GRAPH = TERM_IRIS["ONTOLOGY_GRAPH"]

#: The data namespaces whose ids are paths (``account:<event>/<source>/<reporter>``, and the evidence,
#: figures and attributions below an account). A prefixed name of such an IRI needs ``\/`` escapes: valid
#: Turtle 1.1, but the OWL API's Turtle parser (Protégé's, HermiT's) stops at them, so the Turtle and TriG
#: files write these IRIs in full.
PATH_NAMESPACES = ("account", "quantity", "evidence", "attribution")
#: The prefixes Turtle and TriG files abbreviate with.
TURTLE_PREFIXES = {name: iri for name, iri in PREFIXES.items() if name not in PATH_NAMESPACES}

#: Quads per bulk load when the build fills the store (see ``load_store_files``).
BATCH_QUADS = 100_000


def load_store(store: ox.Store, quads: Iterable[ox.Quad], ontology_turtle: bytes) -> None:
    """Bulk-load the data quads and the ontology (in its own named graph) into ``store``."""
    store.bulk_extend(quads)
    _finish_load(store, ontology_turtle)


def load_store_files(store: ox.Store, trig: Sequence[Path], ontology_turtle: bytes) -> None:
    """Bulk-load the data from TriG files and the ontology (in its own named graph) into ``store``.

    One bulk load per file of about ``BATCH_QUADS`` quads: Oxigraph's bulk loader holds a whole load in
    memory, so a million quads at once take 950 MB, and ten loads of a hundred thousand 120 MB, in the same
    time (measured on this project's data).
    """
    for path in trig:
        store.bulk_load(path=str(path), format=ox.RdfFormat.TRIG)
    _finish_load(store, ontology_turtle)


def _finish_load(store: ox.Store, ontology_turtle: bytes) -> None:
    """Load the ontology into its own named graph, then flush and compact the store."""
    store.bulk_load(ontology_turtle, format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(_ONTOLOGY_GRAPH))
    store.flush()
    store.optimize()


def write_chunks(chunks: Iterable[str], path: Path) -> None:
    """Write text chunks to a file as UTF-8, in large writes."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        batch: list[str] = []
        size = 0
        for chunk in chunks:
            batch.append(chunk)
            size += len(chunk)
            if size > 1 << 22:
                handle.write("".join(batch))
                batch, size = [], 0
        handle.write("".join(batch))


def pretty_turtle(ntriples: Path, path: Path) -> None:
    """Rewrite an N-Triples file as Turtle with the project's prefixes."""
    triples = ox.parse(path=str(ntriples), format=ox.RdfFormat.N_TRIPLES)
    ox.serialize(triples, str(path), format=ox.RdfFormat.TURTLE, prefixes=TURTLE_PREFIXES)


def pretty_trig(trig: Sequence[Path], path: Path) -> None:
    """Rewrite TriG files of bare N-Triples blocks as one TriG file with the project's prefixes."""
    quads = itertools.chain.from_iterable(ox.parse(path=str(p), format=ox.RdfFormat.TRIG) for p in trig)
    ox.serialize(quads, str(path), format=ox.RdfFormat.TRIG, prefixes=TURTLE_PREFIXES)


def write_pretty_files(raw_union: str, turtle: str, trig: str, *raw_trig: str) -> None:
    """Write graph.ttl and graph.trig from the raw files (run in a process of its own by the build)."""
    pretty_turtle(Path(raw_union), Path(turtle))
    pretty_trig([Path(p) for p in raw_trig], Path(trig))
