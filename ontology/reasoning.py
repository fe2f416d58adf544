"""Check the ontology, and data described with it, for OWL consistency with the HermiT reasoner (owlready2).

HermiT says only *that* a graph is inconsistent. When it does, ``check_consistency`` looks for the usual
culprits itself and names them: an individual whose types (asserted, closed under ``rdfs:subClassOf``, or
implied by the domain or range of a property it is used with) fall in two disjoint classes, and a functional
property with two different values.
"""

from __future__ import annotations

import contextlib
import functools
import io
import logging
import os
import shutil
import tempfile
import threading
import time
import types
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

import owlready2
import owlready2.reasoning
from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, XSD
from rdflib.term import Node

from .errors import JavaMissingError, ReasonerError
from .model import build_ontology
from .namespaces import REASONING_DATA_IRI, curie
from .rdfio import as_graph

__all__ = [
    "ConsistencyReport",
    "JavaMissingError",
    "ReasonerError",
    "check_consistency",
    "explain_inconsistency",
]

log = logging.getLogger(__name__)

#: owlready2 keeps one global reasoner set-up (JAVA_EXE, its temp files); run one check at a time.
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


@contextlib.contextmanager
def _quiet_hermit(workdir: str) -> Iterator[io.StringIO]:
    """Run owlready2's reasoner with its temp file in ``workdir`` and its console output captured.

    owlready2 0.51 writes the world to a NamedTemporaryFile(delete=False) and removes it only when HermiT
    succeeds, so every inconsistent graph would leave a file in /tmp: point its ``tempfile`` at our own
    temporary directory, which is removed whatever happens.
    """
    private = types.SimpleNamespace(
        NamedTemporaryFile=functools.partial(tempfile.NamedTemporaryFile, dir=workdir)
    )
    original = owlready2.reasoning.tempfile
    chatter = io.StringIO()
    owlready2.reasoning.tempfile = private
    try:
        with contextlib.redirect_stdout(chatter), contextlib.redirect_stderr(chatter):
            yield chatter
    finally:
        owlready2.reasoning.tempfile = original


#: HermiT's runs are short: the JVM's optimising compiler (C2) and parallel collector cost more CPU than they
#: save. Measured here with C1 only and the serial collector: half the wall time and half the CPU, on a 16k
#: triple sample and on a whole 100k triple graph alike.
HERMIT_JVM_OPTIONS = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"


@contextlib.contextmanager
def _quick_jvm() -> Iterator[None]:
    """Start the JVMs of the block with ``HERMIT_JVM_OPTIONS``, after any JAVA_TOOL_OPTIONS already set."""
    before = os.environ.get("JAVA_TOOL_OPTIONS")
    os.environ["JAVA_TOOL_OPTIONS"] = f"{before} {HERMIT_JVM_OPTIONS}" if before else HERMIT_JVM_OPTIONS
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("JAVA_TOOL_OPTIONS", None)
        else:
            os.environ["JAVA_TOOL_OPTIONS"] = before


def _run_hermit(world: owlready2.World) -> bool:
    """Run HermiT over a world; return False when it finds the world inconsistent."""
    with (
        tempfile.TemporaryDirectory(prefix="ceasefire-kg-hermit-") as workdir,
        _quiet_hermit(workdir) as chatter,
        _quick_jvm(),
    ):
        try:
            # Classification and realization are deterministic; property values are not needed for a
            # consistency check and only cost time. xsd:date is outside the OWL 2 datatype map.
            owlready2.sync_reasoner_hermit(
                world, infer_property_values=False, debug=0, ignore_unsupported_datatypes=True
            )
            consistent = True
        except owlready2.OwlReadyInconsistentOntologyError:
            consistent = False
        except FileNotFoundError as error:
            raise _java_missing() from error
        except owlready2.OwlReadyJavaError as error:
            detail = next((line for line in str(error).splitlines()[1:] if line.strip()), "no message")
            raise ReasonerError(f"HermiT failed: {detail.strip()}") from error
        finally:
            if chatter.getvalue():
                log.debug("owlready2 said: %s", chatter.getvalue().strip())
    return consistent


def _load_data(world: owlready2.World, data: Graph) -> None:
    """Load data into a world through N-Triples (owlready2 reads N-Triples and RDF/XML, not rdflib graphs)."""
    ntriples = data.serialize(format="nt", encoding="utf-8")
    world.get_ontology(REASONING_DATA_IRI).load(fileobj=io.BytesIO(ntriples), format="ntriples")


def _world_graph(world: owlready2.World) -> Graph:
    """Return everything a world holds (ontology and data) as an rdflib graph."""
    buffer = io.BytesIO()
    world.save(buffer, format="ntriples")
    graph = Graph()
    graph.parse(data=buffer.getvalue().decode("utf-8"), format="nt")
    return graph


def check_consistency(data: Graph | None = None) -> ConsistencyReport:
    """Check the ontology, with data when given, for consistency under HermiT, naming what is wrong."""
    if shutil.which(owlready2.JAVA_EXE) is None:
        raise _java_missing()
    started = time.perf_counter()
    with _LOCK:
        world = owlready2.World()
        try:
            build_ontology(world)
            graph = None if data is None else as_graph(data)
            if graph is not None:
                _load_data(world, graph)
            consistent = _run_hermit(world)
            unsatisfiable = tuple(sorted(curie(cls.iri) for cls in world.inconsistent_classes()))
            explanations: tuple[str, ...] = ()
            if not consistent:
                explanations = tuple(explain_inconsistency(_world_graph(world))) or (UNEXPLAINED,)
        finally:
            world.close()
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
            seen: set[Node] = set()
            todo = [cls]
            while todo:
                current = todo.pop()
                if current not in seen:
                    seen.add(current)
                    todo.extend(self.parents.get(current, ()))
            self._ancestors[cls] = sorted(seen, key=str)
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
