"""Check the ontology, and data described with it, for OWL consistency with the HermiT reasoner.

owlready2 writes the ontology for HermiT and ships its jar; the JVM is started here, through
``ontology.lifetime`` so that it dies with this process, with its options on the command line, so that a
failure reads in HermiT's own words. The build runs it on the ontology alone (consistency, every class
satisfiable) and on small graphs; ``ontology.axioms`` checks what it would find in the data at any size.

HermiT says only *that* a graph is inconsistent. When it does, ``check_consistency`` looks for the usual
culprits itself and names them: an individual whose types (asserted, closed under ``rdfs:subClassOf``, or
implied by the domain or range of a property it is used with) fall in two disjoint classes, and a functional
property with two different values.
"""

from __future__ import annotations

import functools
import io
import logging
import os
import re
import shutil
import subprocess
import tempfile
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import owlready2
import owlready2.reasoning
from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, XSD
from rdflib.term import Node

from . import lifetime
from .axioms import superclasses
from .errors import JavaMissingError, ReasonerError
from .generate import load_ontology_graph
from .model import build_ontology
from .namespaces import curie
from .rdfio import as_graph

__all__ = [
    "ConsistencyReport",
    "JavaMissingError",
    "ReasonerError",
    "check_consistency",
    "check_ntriples",
    "explain_inconsistency",
    "hermit_message",
]

log = logging.getLogger(__name__)

#: One HermiT at a time: each takes up to JAVA_MEMORY of the machine's memory.
_LOCK = threading.Lock()
#: Datatypes HermiT does not support; with ``--ignoreUnsupportedDatatypes`` their values never clash.
_UNSUPPORTED_DATATYPES = frozenset({XSD.date})
UNEXPLAINED = (
    "HermiT finds the graph inconsistent, but no individual has types in two disjoint classes or two values "
    "of a functional property: the cause is a combination of axioms this explanation does not trace (load "
    "ontology.ttl and the data in Protégé and ask HermiT to explain)"
)
INSTALL_HINT = "install a Java runtime (Debian/Ubuntu: apt-get install default-jre-headless)"


@dataclass(frozen=True)
class ConsistencyReport:
    """Hold the outcome of a consistency check: consistent or not, and what is wrong, by name."""

    consistent: bool
    unsatisfiable_classes: tuple[str, ...] = ()
    explanations: tuple[str, ...] = ()
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        """Return True when the graph is consistent and every class can have members."""
        return self.consistent and not self.unsatisfiable_classes

    @property
    def problems(self) -> list[str]:
        """Return one readable line per problem (empty when ``ok``)."""
        lines = [
            f"class {name} is unsatisfiable: it can have no members" for name in self.unsatisfiable_classes
        ]
        return lines + list(self.explanations)


def _java_missing() -> JavaMissingError:
    """Return the error for a missing Java runtime, with what to install."""
    return JavaMissingError(
        f"the OWL consistency check (HermiT) needs Java, and {owlready2.JAVA_EXE!r} was not found: "
        f"{INSTALL_HINT}"
    )


#: HermiT's runs are short: the JVM's optimising compiler (C2) and parallel collector cost more CPU than they
#: save. Measured here with C1 only and the serial collector: half the wall time and half the CPU, on a 16k
#: triple sample and on a whole 100k triple graph alike. Given on the command line, not in JAVA_TOOL_OPTIONS:
#: the JVM answers that variable with a "Picked up JAVA_TOOL_OPTIONS" line on stderr, which would stand where
#: HermiT's own message belongs.
HERMIT_JVM_OPTIONS: tuple[str, ...] = ("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC")
_HERMIT_MAIN = "org.semanticweb.HermiT.cli.CommandLine"
#: What the JVM itself prints on stderr before any program runs (environment variables it honours).
_JVM_NOTICE = re.compile(r"^(Picked up \S+:|NOTE: Picked up)")
#: A class HermiT finds equivalent to owl:Nothing, in its classification output.
_UNSATISFIABLE = re.compile(r"^EquivalentClasses\((.*<http://www\.w3\.org/2002/07/owl#Nothing>.*)\)$", re.M)
_IRI = re.compile(r"<([^<>]+)>")
#: The exit status of ``lifetime``'s trampoline when it cannot start the program.
_CANNOT_RUN = 127


def hermit_message(stderr: str) -> str:
    """Return HermiT's own message from what the JVM wrote on stderr (the JVM's notices left out)."""
    lines = [line.strip() for line in stderr.splitlines()]
    return next((line for line in lines if line and not _JVM_NOTICE.match(line)), "no message")


@functools.cache
def _ontology_ntriples() -> bytes:
    """Return the ontology as owlready2 writes it for HermiT (N-Triples, without owl:imports)."""
    world = owlready2.World()
    try:
        build_ontology(world)
        buffer = io.BytesIO()
        world.save(buffer, format="ntriples")
        return buffer.getvalue()
    finally:
        world.close()


def _run_hermit(data: Iterable[bytes]) -> tuple[bool, tuple[str, ...]]:
    """Run HermiT over the ontology and ``data`` (N-Triples); return consistent?, the unsatisfiable classes.

    HermiT's JVM is started through ``lifetime``, so that it dies with this process, and by this thread,
    which waits for it: a killed build leaves no JVM behind.
    """
    # The process id in the name lets the next build remove the folder of a killed one at once.
    with tempfile.TemporaryDirectory(prefix=f"ceasefire-kg-hermit-{os.getpid()}-") as workdir:
        world = Path(workdir) / "world.nt"
        with world.open("wb") as out:
            out.write(_ontology_ntriples())
            for chunk in data:
                out.write(chunk)
        command = [
            owlready2.JAVA_EXE,
            f"-Xmx{owlready2.reasoning.JAVA_MEMORY}M",
            *HERMIT_JVM_OPTIONS,
            "-cp",
            owlready2.reasoning._HERMIT_CLASSPATH,
            _HERMIT_MAIN,
            # Classify (-c) and print it (-O), no realisation: consistency needs no more. xsd:date is
            # outside the OWL 2 datatype map: with --ignoreUnsupportedDatatypes its values never clash.
            "-c",
            "-O",
            "-D",
            "-I",
            world.as_uri(),
            "--ignoreUnsupportedDatatypes",
        ]
        try:
            done = subprocess.run(lifetime.command(command), capture_output=True, check=False)
        except FileNotFoundError as error:
            raise _java_missing() from error
    output = done.stdout.decode("utf-8", "replace")
    errors = done.stderr.decode("utf-8", "replace")
    if errors.strip():
        log.debug("HermiT said: %s", errors.strip())
    if done.returncode == 0:
        unsatisfiable = sorted(
            curie(iri)
            for line in _UNSATISFIABLE.findall(output)
            for iri in _IRI.findall(line)
            if not iri.startswith(str(OWL))
        )
        return True, tuple(unsatisfiable)
    if done.returncode == 1 and "Inconsistent ontology" in output + errors:
        return False, ()
    if done.returncode == _CANNOT_RUN and errors.startswith("cannot run "):
        raise _java_missing()
    raise ReasonerError(f"HermiT failed: {hermit_message(errors or output)}")


def check_consistency(data: Graph | None = None) -> ConsistencyReport:
    """Check the ontology, with data when given, for consistency under HermiT, naming what is wrong."""
    graph = None if data is None else as_graph(data)
    chunks = [] if graph is None else [graph.serialize(format="nt", encoding="utf-8")]
    return _check(chunks, lambda: graph if graph is not None else Graph())


def check_ntriples(chunks: Iterable[str]) -> ConsistencyReport:
    """Check the ontology with data given as N-Triples text (chunks of whole lines), naming what is wrong."""
    kept = list(chunks)
    return _check((chunk.encode("utf-8") for chunk in kept), lambda: _parse("".join(kept)))


def _parse(ntriples: str) -> Graph:
    graph = Graph()
    graph.parse(data=ntriples, format="nt")
    return graph


def _check(data: Iterable[bytes], graph: Callable[[], Graph]) -> ConsistencyReport:
    """Run HermiT over the ontology and ``data``; explain an inconsistency from ``graph()``, the same data."""
    if shutil.which(owlready2.JAVA_EXE) is None:
        raise _java_missing()
    started = time.perf_counter()
    with _LOCK:
        consistent, unsatisfiable = _run_hermit(data)
    explanations: tuple[str, ...] = ()
    if not consistent:
        everything = graph() + load_ontology_graph()
        explanations = tuple(explain_inconsistency(everything)) or (UNEXPLAINED,)
    seconds = time.perf_counter() - started
    log.info("HermiT: %s in %.2f s", "consistent" if consistent else "inconsistent", seconds)
    return ConsistencyReport(consistent, unsatisfiable, explanations, seconds)


# -- explanation ---------------------------------------------------------------------------------------------


class _Schema:
    """Hold what the explanation needs of the ontology: superclasses, disjoint pairs, domains, ranges."""

    def __init__(self, graph: Graph) -> None:
        self.parents: dict[Node, set[Node]] = defaultdict(set)
        for cls, parent in graph.subject_objects(RDFS.subClassOf):
            if isinstance(cls, URIRef) and isinstance(parent, URIRef):
                self.parents[cls].add(parent)
        self.disjoint: set[frozenset[Node]] = set()
        for a, b in graph.subject_objects(OWL.disjointWith):
            self.disjoint.add(frozenset((a, b)))
        for axiom in graph.subjects(RDF.type, OWL.AllDisjointClasses):
            members = graph.value(axiom, OWL.members)
            if members is not None:
                listed = list(Collection(graph, members))
                self.disjoint.update(frozenset((a, b)) for a in listed for b in listed if a != b)
        self.functional = set(graph.subjects(RDF.type, OWL.FunctionalProperty))
        self.object_properties = set(graph.subjects(RDF.type, OWL.ObjectProperty))
        typing = self.object_properties | set(graph.subjects(RDF.type, OWL.DatatypeProperty))
        # Only named domains and ranges say what an individual must be (a union does not say which member),
        # and those of annotation properties say nothing at all.
        self.domain = {
            p: c for p, c in graph.subject_objects(RDFS.domain) if p in typing and isinstance(c, URIRef)
        }
        self.range = {
            p: c
            for p, c in graph.subject_objects(RDFS.range)
            if p in self.object_properties and isinstance(c, URIRef)
        }
        self.inverse: dict[Node, Node] = {}
        for p, q in graph.subject_objects(OWL.inverseOf):
            self.inverse[p], self.inverse[q] = q, p
        self.classes = set(graph.subjects(RDF.type, OWL.Class))
        self._ancestors: dict[Node, list[Node]] = {}

    def ancestors(self, cls: Node) -> list[Node]:
        """Return a class and all its named superclasses, sorted by IRI."""
        if cls not in self._ancestors:
            self._ancestors[cls] = sorted(superclasses(cls, self.parents), key=str)
        return self._ancestors[cls]


def _types(graph: Graph, schema: _Schema) -> dict[Node, dict[Node, str]]:
    """Return, per individual, each class it has and why: asserted, or the domain or range of a property."""
    found: dict[Node, dict[Node, str]] = defaultdict(dict)
    for s, p, o in graph:
        if not isinstance(s, URIRef) or s in schema.classes:
            continue
        if p == RDF.type:
            if o in schema.classes:
                found[s].setdefault(o, curie(str(o)))
            continue
        if p in schema.domain and schema.domain[p] != OWL.Thing:
            found[s].setdefault(schema.domain[p], f"the domain of {curie(str(p))}")
        if isinstance(o, URIRef) and p in schema.range and schema.range[p] != OWL.Thing:
            found[o].setdefault(schema.range[p], f"the range of {curie(str(p))}")
    return found


def _clash(schema: _Schema, why: dict[Node, str]) -> Iterator[str]:
    """Yield each pair of disjoint classes an individual falls in, with the types that put it there."""
    reported: set[frozenset[Node]] = set()
    typed = sorted(why, key=str)
    for i, first in enumerate(typed):
        for second in typed[i + 1 :]:
            for a in schema.ancestors(first):
                for b in schema.ancestors(second):
                    pair = frozenset((a, b))
                    if pair in schema.disjoint and pair not in reported:
                        reported.add(pair)
                        one, other = _via(a, first, why[first]), _via(b, second, why[second])
                        yield f"{one} and {other}, which are disjoint"


def _via(cls: Node, typed: Node, reason: str) -> str:
    """Say how an individual comes to be in ``cls``: through its type ``typed``, had for ``reason``."""
    asserted = reason == curie(str(typed))
    if cls == typed:
        return reason if asserted else f"{curie(str(cls))} (via {reason})"
    return f"{curie(str(cls))} (via {reason if asserted else f'{curie(str(typed))}, {reason}'})"


def explain_inconsistency(graph: Graph) -> list[str]:
    """Name the individuals of an ontology-plus-data graph that make it inconsistent, one sentence each."""
    schema = _Schema(graph)
    types_of = _types(graph, schema)
    explanations: list[str] = []
    for individual in sorted(types_of, key=str):
        for clash in _clash(schema, types_of[individual]):
            explanations.append(f"{curie(str(individual))} is typed both {clash}")
    for prop in sorted(schema.functional, key=str):
        values: dict[Node, set[Node]] = defaultdict(set)
        for s, o in graph.subject_objects(prop):
            values[s].add(o)
        inverse = schema.inverse.get(prop)
        if inverse is not None:
            for o, s in graph.subject_objects(inverse):
                values[s].add(o)
        for subject in sorted(values, key=str):
            explanations.extend(_functional_clash(schema, types_of, prop, subject, values[subject]))
    return explanations


def _functional_clash(
    schema: _Schema, types_of: dict[Node, dict[Node, str]], prop: Node, subject: Node, values: set[Node]
) -> Iterator[str]:
    """Yield the explanation for two values of a functional property, when they cannot be equal."""
    if len(values) < 2:
        return
    where = f"{curie(str(subject))} has {len(values)} values of the functional property {curie(str(prop))}"
    if prop in schema.object_properties:
        # Without a unique name assumption, OWL takes the values to be one individual: only a clash of their
        # types makes that inconsistent.
        merged: dict[Node, str] = {}
        for value in sorted(values, key=str):
            for cls, reason in types_of.get(value, {}).items():
                merged.setdefault(cls, f"{reason}, of {curie(str(value))}")
        for clash in _clash(schema, merged):
            names = ", ".join(sorted(curie(str(value)) for value in values))
            yield f"{where} ({names}), which OWL must then take to be one individual, typed both {clash}"
        return
    literals = [value for value in values if isinstance(value, Literal)]
    if any(value.datatype in _UNSUPPORTED_DATATYPES for value in literals):
        return
    distinct = {(value.value if value.value is not None else str(value)) for value in literals}
    if len(distinct) > 1:
        shown = ", ".join(sorted(repr(str(value)) for value in literals))
        yield f"{where}: {shown}, but it can have only one"
