"""Generate the ontology as an rdflib graph and as the committed Turtle file ``ontology/ceasefire.ttl``.

Run ``python -m ontology.generate`` after changing ``ontology/model.py``; ``--check`` only tells whether the
committed file is up to date.
"""

from __future__ import annotations

import argparse
import io
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

import owlready2
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import to_canonical_graph
from rdflib.graph import _SubjectType
from rdflib.namespace import OWL, RDF, RDFS, SKOS, XSD
from rdflib.plugins.serializers.turtle import TurtleSerializer

from .model import build_ontology
from .namespaces import BASE, PREFIXES
from .resources import ontology_turtle_path, ontology_turtle_text

log = logging.getLogger(__name__)


def bind_prefixes(graph: Graph) -> Graph:
    """Bind the project's prefixes (cf, sem, prov, …) to a graph, replacing rdflib's defaults; return it."""
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True, replace=True)
    return graph


def _tidy(graph: Graph) -> Graph:
    """Drop owlready2's noise and name blank nodes stably, so that the Turtle is the same on every run."""
    tidy = Graph()
    for s, p, o in graph:
        # ``C rdfs:subClassOf owl:Thing`` holds of every class: owlready2 writes it for each declared class.
        if p == RDFS.subClassOf and o == OWL.Thing:
            continue
        # owlready2 types plain strings as xsd:string; in RDF 1.1 both are one, and plain reads better.
        if isinstance(o, Literal) and o.datatype == XSD.string:
            o = Literal(str(o))
        tidy.add((s, p, o))
    # Blank node ids from the N-Triples parser are random; the canonical labelling depends only on the graph.
    stable = Graph()
    for triple in to_canonical_graph(tidy):
        stable.add(triple)
    return bind_prefixes(stable)


def ontology_graph() -> Graph:
    """Build the ontology with owlready2 in a fresh world and return it as an rdflib graph."""
    world = owlready2.World()
    try:
        onto = build_ontology(world)
        buffer = io.BytesIO()
        # owlready2 writes 0 bytes for format="turtle" without an error: go through N-Triples.
        onto.save(buffer, format="ntriples")
    finally:
        world.close()
    graph = Graph()
    graph.parse(data=buffer.getvalue().decode("utf-8"), format="nt")
    return _tidy(graph)


#: Order of the Turtle file: the header, then classes, properties, concept schemes and concepts.
TURTLE_SECTIONS = (
    OWL.Ontology,
    OWL.Class,
    OWL.ObjectProperty,
    OWL.DatatypeProperty,
    OWL.AnnotationProperty,
    SKOS.ConceptScheme,
    SKOS.Concept,
)


class _OntologyTurtleSerializer(TurtleSerializer):
    """Write the ontology's own terms first, by kind, then the standard terms it declares, then the rest."""

    def orderSubjects(self) -> list[_SubjectType]:
        """Return the subjects in the order of ``TURTLE_SECTIONS``, own terms first, all sorted by IRI."""
        ordered: list[_SubjectType] = []
        for own in (True, False):
            for section in TURTLE_SECTIONS:
                members = sorted(
                    member
                    for member in self.store.subjects(RDF.type, section)
                    # Blank nodes (unions, restrictions) stay inline where they are used.
                    if isinstance(member, URIRef) and member.startswith(BASE) == own and member not in ordered
                )
                ordered.extend(members)
        for member in ordered:
            self._topLevels[member] = True
        placed = set(ordered)
        # What is left (e.g. the owl:AllDisjointClasses axioms) follows in rdflib's own order.
        rest = sorted(
            (isinstance(subject, BNode), self._references[subject], subject)
            for subject in self._subjects
            if subject not in placed
        )
        return ordered + [subject for _, _, subject in rest]


def to_turtle(graph: Graph) -> str:
    """Serialize an ontology graph as Turtle grouped by kind of term, each group sorted by IRI."""
    serializer = _OntologyTurtleSerializer(graph)
    stream = io.BytesIO()
    serializer.serialize(stream, encoding="utf-8")
    return stream.getvalue().decode("utf-8")


def ontology_turtle() -> str:
    """Return the ontology as Turtle text, the same on every run."""
    return to_turtle(ontology_graph())


def write_ontology_turtle(path: Path | str) -> Path:
    """Write the ontology as Turtle to a file and return its path."""
    target = Path(path)
    target.write_text(ontology_turtle(), encoding="utf-8")
    log.info("wrote %s", target)
    return target


def load_ontology_graph() -> Graph:
    """Parse the committed ontology Turtle shipped with the package (fast: no owlready2)."""
    graph = Graph()
    graph.parse(data=ontology_turtle_text(), format="turtle")
    return bind_prefixes(graph)


def main(argv: Sequence[str] | None = None) -> int:
    """Regenerate ``ontology/ceasefire.ttl`` (or the given file), or check that it is up to date."""
    parser = argparse.ArgumentParser(prog="python -m ontology.generate", description=main.__doc__)
    parser.add_argument(
        "path", nargs="?", type=Path, help="where to write (default: the packaged ceasefire.ttl)"
    )
    parser.add_argument("--check", action="store_true", help="exit 1 when the file is not up to date")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stderr)
    path: Path = args.path or ontology_turtle_path()
    if args.check:
        from rdflib.compare import isomorphic

        current = Graph().parse(path, format="turtle") if path.exists() else Graph()
        if not isomorphic(current, ontology_graph()):
            log.error("%s is stale: run `python -m ontology.generate`", path)
            return 1
        log.info("%s is up to date", path)
        return 0
    write_ontology_turtle(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
