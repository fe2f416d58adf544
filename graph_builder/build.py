"""Build the checked graph from a sources folder and write it, swapping the new output in at the end."""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
import rdflib
from rdflib.namespace import RDF

from ontology import resources
from ontology.errors import CheckFailedError, InputError
from ontology.namespaces import CF, ENTITIES_GRAPH, source_graph_iri
from ontology.reasoning import check_consistency
from ontology.shapes import validate_shapes

from .freshness import fingerprint
from .loader import Corpus, load_corpus
from .locate import Located, locate_corpus
from .rdf import QuadEmitter
from .resolve import Registry, resolve
from .store import MANIFEST, STORE_DIR, Manifest, load_store, union_triples, write_trig, write_turtle

log = logging.getLogger(__name__)

GRAPH_TTL = "graph.ttl"
GRAPH_TRIG = "graph.trig"
ONTOLOGY_TTL = "ontology.ttl"


@dataclass
class Compiled:
    """Hold a corpus turned into quads, with what was needed to get there."""

    corpus: Corpus
    registry: Registry
    located: dict[str, list[Located]]
    quads: list[ox.Quad]


@dataclass
class Summary:
    """Describe a built graph: sizes, counts per class and per source, the time each step took."""

    triples: int
    quads: int
    classes: Counter[str]
    sources: dict[str, dict[str, int]]
    timings: dict[str, float] = field(default_factory=dict)
    out: Path | None = None
    files: list[str] = field(default_factory=list)


def compile_sources(sources: Path) -> Compiled:
    """Read, check, resolve and locate a sources folder and turn it into quads."""
    corpus = load_corpus(sources)
    registry = resolve(corpus)
    located = locate_corpus(corpus)
    quads = QuadEmitter(corpus, registry, located).quads()
    return Compiled(corpus, registry, located, quads)


def rdflib_graph(triples: list[ox.Triple]) -> rdflib.Graph:
    """Return the triples as an in-memory rdflib Graph (for the SHACL and OWL checks)."""
    graph = rdflib.Graph()
    data = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
    graph.parse(data=data, format="nt")
    return graph


def check(compiled: Compiled, *, timings: dict[str, float] | None = None) -> None:
    """Run the SHACL shapes and the OWL consistency check; raise CheckFailedError listing every problem."""
    timings = {} if timings is None else timings
    graph = rdflib_graph(list(union_triples(compiled.quads)))
    started = time.perf_counter()
    shapes = validate_shapes(graph)
    timings["shapes"] = time.perf_counter() - started
    problems = [f"shapes: {problem}" for problem in shapes.problems]
    started = time.perf_counter()
    consistency = check_consistency(graph)
    timings["reasoner"] = time.perf_counter() - started
    if not consistency.ok:
        problems.extend(f"consistency: {problem}" for problem in consistency.problems)
    if problems:
        raise CheckFailedError(f"the graph failed {len(problems)} check(s)", problems)


def summarize(compiled: Compiled) -> Summary:
    """Count triples, instances per class and facts per source."""
    type_iri = ox.NamedNode(str(RDF.type))
    prefix = str(CF)
    classes: Counter[str] = Counter()
    per_graph: Counter[str] = Counter()
    for quad in compiled.quads:
        per_graph[quad.graph_name.value] += 1  # type: ignore[union-attr]
        obj = quad.object
        if quad.predicate == type_iri and isinstance(obj, ox.NamedNode) and obj.value.startswith(prefix):
            classes[obj.value[len(prefix) :]] += 1
    sources = {
        source.id: {"records": len(source.all_facts()), "triples": per_graph[source_graph_iri(source.id)]}
        for source in compiled.corpus.sources
    }
    sources["entities.yaml"] = {
        "records": len(compiled.corpus.entity_records()),
        "triples": per_graph[str(ENTITIES_GRAPH)],
    }
    triples = sum(1 for _ in union_triples(compiled.quads))
    return Summary(triples, len(compiled.quads), classes, sources)


def validate(sources: Path) -> Summary:
    """Run every check of a build and write nothing; raise InputError or CheckFailedError on problems."""
    timings: dict[str, float] = {}
    started = time.perf_counter()
    compiled = compile_sources(sources)
    timings["read"] = time.perf_counter() - started
    check(compiled, timings=timings)
    summary = summarize(compiled)
    summary.timings = timings
    return summary


def build(sources: Path, *, out: Path) -> Summary:
    """Build the checked graph from ``sources`` into ``out``; a failure leaves the old ``out`` as it was."""
    timings: dict[str, float] = {}
    started = time.perf_counter()
    compiled = compile_sources(sources)
    timings["read"] = time.perf_counter() - started
    check(compiled, timings=timings)
    summary = summarize(compiled)
    if out.exists() and not out.is_dir():
        raise InputError("output path exists and is not a folder", file=str(out), value=str(out))
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.building-", dir=out.parent))
    try:
        started = time.perf_counter()
        _write(compiled, staging, sources, summary)
        timings["write"] = time.perf_counter() - started
        _swap_in(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    summary.timings = timings
    summary.out = out
    return summary


def _write(compiled: Compiled, staging: Path, sources: Path, summary: Summary) -> None:
    ontology_turtle = resources.ontology_turtle_bytes()
    store = ox.Store(str(staging / STORE_DIR))
    load_store(store, compiled.quads, ontology_turtle)
    del store
    write_turtle(union_triples(compiled.quads), staging / GRAPH_TTL)
    write_trig(compiled.quads, staging / GRAPH_TRIG)
    (staging / ONTOLOGY_TTL).write_bytes(ontology_turtle)
    Manifest(
        resources.project_version(), str(sources.resolve()), fingerprint(sources), summary.triples
    ).write(staging / MANIFEST)
    summary.files = [STORE_DIR + "/", GRAPH_TTL, GRAPH_TRIG, ONTOLOGY_TTL, MANIFEST]


def _swap_in(staging: Path, out: Path) -> None:
    """Replace ``out`` by ``staging`` with two renames, putting the old output back if the second fails."""
    retired = out.with_name(f".{out.name}.old-{os.getpid()}")
    if out.exists():
        out.rename(retired)
    try:
        staging.rename(out)
    except BaseException:
        if retired.exists():
            retired.rename(out)
        raise
    shutil.rmtree(retired, ignore_errors=True)
