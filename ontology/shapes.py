"""Validate a data graph against the SHACL shapes of ceasefire-kg (``ontology/shapes.ttl``) with pyshacl."""

from __future__ import annotations

import functools
import logging
import time
from dataclasses import dataclass

import pyshacl
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SH
from rdflib.term import Node

from .generate import load_ontology_graph
from .namespaces import curie
from .rdfio import as_graph
from .resources import shapes_text

log = logging.getLogger(__name__)


@dataclass(frozen=True, order=True)
class ShapeProblem:
    """Describe one SHACL violation: the node, the property path, what is wrong, and the offending value."""

    focus: str
    path: str
    message: str
    value: str = ""
    severity: str = "Violation"

    def __str__(self) -> str:
        path = f" {self.path}" if self.path else ""
        value = f" (value: {self.value})" if self.value else ""
        return f"{self.focus}{path}: {self.message}{value}"


@dataclass(frozen=True)
class ShapesReport:
    """Hold the outcome of a SHACL validation: whether the data conforms, and each problem found."""

    conforms: bool
    problems: tuple[ShapeProblem, ...] = ()
    seconds: float = 0.0

    def __str__(self) -> str:
        if self.conforms:
            return "the data conforms to the shapes"
        return "\n".join([f"{len(self.problems)} SHACL problem(s):", *(f"  {p}" for p in self.problems)])


@functools.cache
def _hierarchy_triples() -> tuple[tuple[Node, Node, Node], ...]:
    """Return the class declarations and named subclass axioms of the ontology."""
    ontology = load_ontology_graph()
    kept: list[tuple[Node, Node, Node]] = [
        (s, p, o) for s, p, o in ontology.triples((None, RDFS.subClassOf, None)) if isinstance(o, URIRef)
    ]
    kept += [(s, p, o) for s, p, o in ontology.triples((None, RDF.type, OWL.Class)) if isinstance(s, URIRef)]
    return tuple(sorted(kept))


def class_hierarchy() -> Graph:
    """Return a fresh graph of the ontology's class hierarchy: all the shapes need to reach subclasses.

    The whole ontology would do as well but for pyshacl: it deep-copies every owl:NamedIndividual of the
    ontology graph, ten levels deep, and the SKOS concepts, linked to their schemes and back, make that
    explode (minutes for the seed graph).
    """
    graph = Graph()
    for triple in _hierarchy_triples():
        graph.add(triple)
    return graph


def shapes_graph() -> Graph:
    """Return a fresh graph of the SHACL shapes (pyshacl changes the shapes graph it is given)."""
    return Graph().parse(data=shapes_text(), format="turtle")


def _show(graph: Graph, node: Node | None) -> str:
    """Render a focus node, value or property path in a short readable form."""
    if node is None:
        return ""
    if isinstance(node, BNode):
        # A sequence path is an RDF list of properties; other blank nodes have no readable name.
        inverse = graph.value(node, SH.inversePath)
        if inverse is not None:
            return "^" + _show(graph, inverse)
        if (node, RDF.first, None) in graph:
            return "/".join(_show(graph, step) for step in Collection(graph, node))
        return "[]"
    if isinstance(node, Literal):
        return repr(str(node))
    return curie(str(node))


def _problems(results: Graph) -> list[ShapeProblem]:
    """Turn pyshacl's validation results into sorted, de-duplicated problems."""
    problems = []
    for result in results.subjects(SH.resultSeverity, None):
        message = results.value(result, SH.resultMessage)
        severity = results.value(result, SH.resultSeverity)
        focus = results.value(result, SH.focusNode)
        value = results.value(result, SH.value)
        problems.append(
            ShapeProblem(
                focus=_show(results, focus),
                path=_show(results, results.value(result, SH.resultPath)),
                message=str(message) if message is not None else "violates a shape",
                # A node-level result gives the focus node as its value: saying it twice adds nothing.
                value="" if value == focus else _show(results, value),
                severity=curie(str(severity)).removeprefix("sh:") if severity is not None else "Violation",
            )
        )
    return sorted(set(problems))


def validate_shapes(data: Graph) -> ShapesReport:
    """Validate a data graph (or the union of a dataset's graphs) against the shapes, ontology mixed in."""
    started = time.perf_counter()
    conforms, results, _ = pyshacl.validate(
        as_graph(data),
        shacl_graph=shapes_graph(),
        # The data types nodes with their most specific classes; the ontology's subclass axioms make the
        # shapes that target cf:Event or require a cf:Source reach them. No inference: it is ten times slower
        # and the subclass closure is all the shapes need.
        ont_graph=class_hierarchy(),
        inference="none",
        abort_on_first=False,
        allow_warnings=True,
        advanced=False,
    )
    problems = tuple(_problems(results))
    seconds = time.perf_counter() - started
    log.info("SHACL: %s in %.2f s", "conforms" if conforms else f"{len(problems)} problem(s)", seconds)
    return ShapesReport(bool(conforms), problems, seconds)
