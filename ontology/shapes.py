"""Validate data against the SHACL shapes of ceasefire-kg: ``ontology/shapes.ttl`` and the ontology's axioms.

Two sets of shapes, checked in one pass by the ``shacl`` engine (Rust; a million triples in seconds):
the hand-written ``shapes.ttl`` (what a fact must have), and the shapes ``ontology.axioms`` derives from the
ontology (what OWL forbids: disjoint classes, two values of a functional property, a value outside a
datatype range). The data is checked with ``axioms.background_triples`` mixed in (the class hierarchy, the
individuals' types, the types each property implies) and its RDFS closure: the data types each node with
its most specific class, and the closure gives it its superclasses (so that the shapes that target cf:Event
or require a cf:Source reach it) and the types its properties imply (which the disjointness shapes read).
"""

from __future__ import annotations

import functools
import logging
import re
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
import shacl
from rdflib import Graph

from .axioms import (
    DISJOINT_SHAPE,
    UNION_CLASS,
    axiom_shapes,
    axiom_shapes_ntriples,
    background_triples,
    union_names,
)
from .generate import load_ontology_graph
from .namespaces import SHAPES, curie
from .rdfio import as_graph
from .resources import shapes_text

log = logging.getLogger(__name__)

#: An IRI in N-Triples or SPARQL path syntax.
_IRI = re.compile(r"<([^<>\s]*)>")


@dataclass(frozen=True, order=True)
class ShapeProblem:
    """Describe one SHACL violation: the node, the property path, what is wrong, and the offending value.

    ``node`` is the focus node as an N-Triples term, ``constraint`` the shape and constraint component
    that failed (``shapes:AccountShape sh:MinCountConstraintComponent``), ``shape_iri`` and ``value_node``
    the shape's IRI and the value's N-Triples term; none of them takes part in comparisons.
    """

    focus: str
    path: str
    message: str
    value: str = ""
    severity: str = "Violation"
    node: str = field(default="", compare=False)
    constraint: str = field(default="", compare=False)
    shape_iri: str = field(default="", compare=False)
    value_node: str = field(default="", compare=False)

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
def background_ntriples() -> str:
    """Return, as N-Triples, what of the ontology the shapes need beside the data (hierarchy, individuals)."""
    graph = Graph()
    for triple in sorted(background_triples(load_ontology_graph())):
        graph.add(triple)
    return graph.serialize(format="nt", encoding="utf-8").decode("utf-8")


def background_graph() -> Graph:
    """Return a fresh graph of ``background_ntriples`` (for other engines, which take an ontology graph)."""
    return Graph().parse(data=background_ntriples(), format="nt")


def shapes_graph() -> Graph:
    """Return a fresh graph of the hand-written shapes (pyshacl changes the shapes graph it is given)."""
    return Graph().parse(data=shapes_text(), format="turtle")


def all_shapes_graph() -> Graph:
    """Return a fresh graph of every shape the data is checked against: hand-written and derived."""
    return shapes_graph() + axiom_shapes()


@functools.cache
def _compiled() -> shacl.Shapes:
    """Compile every shape once per process (a compiled set is immutable and safe to share by threads)."""
    # Oxigraph turns the Turtle into N-Triples in milliseconds (rdflib takes seconds for the derived shapes);
    # the blank nodes of the two texts have labels of their own, random ones, so they cannot meet.
    hand_written = ox.serialize(
        ox.parse(shapes_text(), format=ox.RdfFormat.TURTLE), format=ox.RdfFormat.N_TRIPLES
    )
    assert hand_written is not None
    text = hand_written.decode("utf-8") + axiom_shapes_ntriples()
    return shacl.Shapes.from_text(text, format="ntriples")


def _show(term: str | None) -> str:
    """Render an N-Triples term or a SPARQL property path in a short readable form."""
    if not term:
        return ""
    if term.startswith('"'):
        return ""  # literals are shown from the engine's plain value
    if term.startswith("_:"):
        return "[]"
    shown = _IRI.sub(lambda match: _name(match.group(1)), term)
    return _unwrapped(shown)


def _name(iri: str) -> str:
    """Return the short name of an IRI: a union's members, a shape's ``shapes:`` name, or its CURIE."""
    union = union_names().get(iri)
    if union is not None:
        return union
    if iri.startswith(str(SHAPES)):
        return "shapes:" + iri.removeprefix(str(SHAPES))
    return curie(iri)


def _unwrapped(path: str) -> str:
    """Drop the parentheses around a whole path (``(a/b)`` reads ``a/b``), keeping ``(a)+``-like ones."""
    if not (path.startswith("(") and path.endswith(")")):
        return path
    depth = 0
    for index, char in enumerate(path):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth == 0 and index < len(path) - 1:
            return path
    return _unwrapped(path[1:-1])


def _term(node: str | None) -> str | None:
    """Return a node the engine gives as a bare IRI (a shape) as an N-Triples term."""
    if node is None or node.startswith(("<", "_:", '"')):
        return node
    return f"<{node}>"


def _problem(result: shacl.Result) -> ShapeProblem:
    value = ""
    if result.value is not None and result.value != result.focus_node:
        # A node-level result gives the focus node as its value: saying it twice adds nothing.
        plain = result.value_plain or ""
        value = repr(plain) if result.value.startswith('"') else _show(result.value)
    shape_node = _term(result.root_shape or result.source_shape) or ""
    shape = _show(shape_node)
    return ShapeProblem(
        focus=_show(result.focus_node),
        path=_show(result.path),
        message=result.message or "violates a shape",
        value=value,
        severity=result.severity,
        node=result.focus_node,
        constraint=f"{shape} sh:{result.component}",
        shape_iri=shape_node.strip("<>"),
        value_node=result.value or "",
    )


def run_engine(text: str) -> shacl.Report:
    """Validate N-Triples ``text`` (``background_ntriples`` included) against every shape: the raw report."""
    return _compiled().validate_text(text, format="ntriples", inference="rdfs", allow_warnings=True)


def _most_specific(results: list[shacl.Result]) -> list[shacl.Result]:
    """Leave out a node's clashes between unions when it has one between named classes (the same clash).

    A node in cf:Event and cf:Account is also in each union of which those are members: the clash is
    reported between the classes, which say more than the unions.
    """
    named: set[str] = set()
    for result in results:
        if _union_clash(result) is False:
            named.add(result.focus_node)
    return [r for r in results if not (_union_clash(r) and r.focus_node in named)]


def _union_clash(result: shacl.Result) -> bool | None:
    """Tell whether a result is a clash involving a union (None: not a clash of disjoint classes)."""
    shape = result.root_shape or ""
    if not shape.lstrip("<").startswith(DISJOINT_SHAPE):
        return None
    return UNION_CLASS in shape or UNION_CLASS in (result.value or "")


def validate_ntriples(chunks: Iterable[str]) -> ShapesReport:
    """Validate data given as N-Triples text (in chunks of whole lines) against every shape."""
    started = time.perf_counter()
    text = "".join([*chunks, background_ntriples()])
    report = run_engine(text)
    del text
    return _report(report, started)


def _report(report: shacl.Report, started: float) -> ShapesReport:
    problems = tuple(sorted({_problem(result) for result in _most_specific(report.results)}))
    seconds = time.perf_counter() - started
    log.info("SHACL: %s in %.2f s", "conforms" if report.conforms else f"{len(problems)} problem(s)", seconds)
    return ShapesReport(bool(report.conforms), problems, seconds)


def validate_ntriples_file(path: Path) -> ShapesReport:
    """Validate an N-Triples file against every shape; the file must end with ``background_ntriples()``.

    The engine reads the file itself: the graph's text is never a Python string (a graph of millions of
    triples would be held twice over).
    """
    started = time.perf_counter()
    report = _compiled().validate_file(str(path), inference="rdfs", allow_warnings=True)
    return _report(report, started)


def validate_shapes(data: Graph) -> ShapesReport:
    """Validate a data graph (or the union of a dataset's graphs) against every shape, ontology mixed in."""
    return validate_ntriples([as_graph(data).serialize(format="nt", encoding="utf-8").decode("utf-8")])
