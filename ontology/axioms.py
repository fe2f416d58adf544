"""Turn the ontology's axioms into SHACL shapes, so that what HermiT guarantees is checked at any size.

HermiT over a whole graph of a million triples takes minutes and gigabytes. What it can find wrong in the
data, given this ontology, is three things, and each is a closed-world check of one node and its edges:

- a node in two disjoint classes, through its asserted types (closed under ``rdfs:subClassOf``) or the
  types the domain or range of a property it has implies (through sub-properties and inverses too, and a
  union domain when every member of the union is disjoint with the other class);
- a functional property with two values (also through the inverse of the property);
- a value outside the datatype range of a data property (a string where an integer belongs).

``axiom_shapes`` writes one shape for each: the shape of a class forbids, on every node known to be in the
class, each way of being in a class disjoint with it that a superclass's shape does not forbid already.
The shapes are stricter than OWL in two places, as the data wants: two IRIs as values of a functional
property are two things (the graph's IRIs are unique names), and a value of a subtype of the range's
datatype is refused.

``COVERED`` lists each OWL construct of the ontology and how it is checked; ``constructs`` lists those a
graph uses, so that a test fails when the ontology gains one these shapes do not cover.
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal as Kind
from typing import TypeVar

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SH, XSD
from rdflib.term import Node

from .generate import load_ontology_graph
from .namespaces import SHAPES, curie

__all__ = ["COVERED", "axiom_shapes", "axiom_shapes_ntriples", "constructs", "shapes_of", "uncovered"]

#: Each OWL, RDF and RDFS construct the ontology may use, and what checks it on the data. A construct is a
#: predicate, ``a <class>`` for an rdf:type, or ``<predicate> [<expression>]`` for a class expression.
COVERED: dict[str, str] = {
    "a owl:Ontology": "no consequence for the data",
    "owl:versionIRI": "no consequence for the data",
    "owl:versionInfo": "no consequence for the data",
    "owl:imports": "no consequence for the data (the ontology imports nothing)",
    "a owl:Class": "class declaration",
    "a owl:NamedIndividual": "the individuals' types are added to the data the shapes see",
    "a owl:ObjectProperty": "property declaration: its domain and range type its subjects and objects",
    "a owl:DatatypeProperty": "property declaration: its range is a datatype shape",
    "a owl:AnnotationProperty": "no consequence for the data (annotations carry no meaning in OWL)",
    "a owl:FunctionalProperty": "a shape with sh:maxCount 1 (also through the property's inverse)",
    "a owl:TransitiveProperty": "no new types: each edge it implies is between nodes its own edges type",
    "a owl:AllDisjointClasses": "disjointness shapes",
    "a owl:Restriction": "see its expression",
    "a owl:Thing": "every node is one",
    "owl:members": "disjointness shapes",
    "owl:disjointWith": "disjointness shapes",
    "owl:inverseOf": "types and functional values followed through the inverse",
    "owl:unionOf": "see its expression",
    "owl:onProperty": "see its expression",
    "owl:someValuesFrom": "see its expression",
    "rdfs:subClassOf": "the class hierarchy is added to the data the shapes see",
    "rdfs:subClassOf [owl:someValuesFrom]": (
        "no consequence for named data: an unnamed value satisfies it; HermiT checks that every class with "
        "it is satisfiable"
    ),
    "rdfs:subPropertyOf": "the domain, range and datatype of a super-property apply to its sub-properties",
    "rdfs:domain": "disjointness shapes (the domain types the subjects)",
    "rdfs:domain [owl:unionOf]": "disjointness shapes (a node is in one of the union's classes)",
    "rdfs:range": "disjointness shapes (the range types the objects) and datatype shapes",
    "rdfs:range [owl:unionOf]": "disjointness shapes (a node is in one of the union's classes)",
    "rdfs:label": "annotation",
    "rdfs:comment": "annotation",
    "rdfs:seeAlso": "annotation",
    "rdfs:isDefinedBy": "annotation",
    "rdf:type": "see its class",
    "rdf:first": "list syntax",
    "rdf:rest": "list syntax",
}

_CONSTRUCT_SPACES = (str(OWL), str(RDF), str(RDFS))


def _expression(graph: Graph, node: Node) -> str:
    """Name the kind of a class expression (a blank node): the OWL construct it is built with."""
    for kind in (OWL.unionOf, OWL.intersectionOf, OWL.complementOf, OWL.oneOf):
        if (node, kind, None) in graph:
            return curie(str(kind))
    if (node, RDF.type, OWL.Restriction) in graph:
        restrictions = sorted(
            curie(str(p))
            for p in set(graph.predicates(node, None))
            if p not in (RDF.type, OWL.onProperty, OWL.onClass, OWL.onDataRange)
        )
        return " ".join(restrictions) or "owl:Restriction"
    return "?"


def constructs(graph: Graph) -> set[str]:
    """Return the OWL, RDF and RDFS constructs a graph uses, named as in ``COVERED``."""
    found: set[str] = set()
    for _, p, o in graph:
        name = curie(str(p))
        if p == RDF.type and str(o).startswith(_CONSTRUCT_SPACES):
            found.add(f"a {curie(str(o))}")
        if str(p).startswith(_CONSTRUCT_SPACES):
            found.add(name)
            if isinstance(o, BNode) and p in (RDFS.subClassOf, RDFS.domain, RDFS.range, OWL.equivalentClass):
                found.add(f"{name} [{_expression(graph, o)}]")
    return found


def uncovered(graph: Graph) -> list[str]:
    """Return the constructs a graph uses that the shapes of this module do not cover, sorted."""
    return sorted(constructs(graph) - COVERED.keys())


# -- reading the axioms --------------------------------------------------------------------------------------

#: A type a node can be known to have: a named class, or a union of named classes (one of them).
Type = frozenset[URIRef]
Direction = Kind["subject", "object"]


@dataclass(frozen=True, order=True)
class Source:
    """Say how a node comes to have a type: as subject or object of a property (``prop`` None: asserted)."""

    prop: URIRef
    direction: Direction


N = TypeVar("N", bound=Node)


def superclasses(cls: N, parents: Mapping[N, Iterable[N]]) -> set[N]:
    """Return ``cls`` and every class above it by ``parents`` (each class's direct superclasses)."""
    seen: set[N] = set()
    todo = [cls]
    while todo:
        current = todo.pop()
        if current not in seen:
            seen.add(current)
            todo.extend(parents.get(current, ()))
    return seen


class Axioms:
    """Hold what the shapes need of the ontology: the class hierarchy, disjoint pairs, properties' axioms."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        self.parents: dict[URIRef, set[URIRef]] = defaultdict(set)
        for cls, parent in graph.subject_objects(RDFS.subClassOf):
            if isinstance(cls, URIRef) and isinstance(parent, URIRef):
                self.parents[cls].add(parent)
        self.disjoint: set[frozenset[URIRef]] = set()
        for a, b in graph.subject_objects(OWL.disjointWith):
            if isinstance(a, URIRef) and isinstance(b, URIRef):
                self.disjoint.add(frozenset((a, b)))
        for axiom in graph.subjects(RDF.type, OWL.AllDisjointClasses):
            members = graph.value(axiom, OWL.members)
            if members is not None:
                listed = [m for m in Collection(graph, members) if isinstance(m, URIRef)]
                self.disjoint.update(frozenset((a, b)) for a in listed for b in listed if a != b)
        self.object_properties = _named(graph.subjects(RDF.type, OWL.ObjectProperty))
        self.data_properties = _named(graph.subjects(RDF.type, OWL.DatatypeProperty))
        self.functional = _named(graph.subjects(RDF.type, OWL.FunctionalProperty))
        self.inverse: dict[URIRef, URIRef] = {}
        for p, q in graph.subject_objects(OWL.inverseOf):
            if isinstance(p, URIRef) and isinstance(q, URIRef):
                self.inverse[p], self.inverse[q] = q, p
        self.super_properties: dict[URIRef, set[URIRef]] = defaultdict(set)
        for p, q in graph.subject_objects(RDFS.subPropertyOf):
            if isinstance(p, URIRef) and isinstance(q, URIRef):
                self.super_properties[p].add(q)
        self.classes = {c for c in graph.subjects(RDF.type, OWL.Class) if isinstance(c, URIRef)}

    def _class_set(self, node: Node) -> Type | None:
        """Return a domain or range as a type: a named class, or the members of a union; None for Thing."""
        if isinstance(node, URIRef):
            return None if node in (OWL.Thing, RDFS.Resource) else frozenset({node})
        members = self.graph.value(node, OWL.unionOf)
        if members is None:
            return None
        return frozenset(m for m in Collection(self.graph, members) if isinstance(m, URIRef))

    @functools.cached_property
    def typing(self) -> dict[Source, set[Type]]:
        """Return, for each property and direction, the types a node in that place has."""
        typing: dict[Source, set[Type]] = {}
        for prop in sorted(self.object_properties | self.data_properties):
            for direction in ("subject", "object"):
                source = Source(prop, direction)
                types: set[Type] = set()
                for reached, side in self._reached(prop, direction):
                    axiom = RDFS.domain if side == "subject" else RDFS.range
                    if side == "object" and reached not in self.object_properties:
                        continue  # a data property's range is a datatype: it types no node
                    for value in self.graph.objects(reached, axiom):
                        kind = self._class_set(value)
                        if kind:
                            types.add(kind)
                if types and (direction == "subject" or prop in self.object_properties):
                    typing[source] = types
        return typing

    def _reached(self, prop: URIRef, direction: Direction) -> set[tuple[URIRef, Direction]]:
        """Return each property and direction an edge of ``prop`` implies (super-properties, inverses)."""
        seen: set[tuple[URIRef, Direction]] = set()
        todo: list[tuple[URIRef, Direction]] = [(prop, direction)]
        while todo:
            current = todo.pop()
            if current in seen:
                continue
            seen.add(current)
            p, side = current
            todo.extend((q, side) for q in self.super_properties.get(p, ()))
            inverse = self.inverse.get(p)
            if inverse is not None:
                todo.append((inverse, "object" if side == "subject" else "subject"))
        return seen

    @functools.cache  # noqa: B019 - one Axioms per ontology, kept for the process
    def ancestors(self, cls: URIRef) -> frozenset[URIRef]:
        """Return a class and all its named superclasses."""
        return frozenset(superclasses(cls, self.parents))

    def named_disjoint(self, a: URIRef, b: URIRef) -> bool:
        """Tell whether two named classes can have no member in common."""
        return any(frozenset((x, y)) in self.disjoint for x in self.ancestors(a) for y in self.ancestors(b))

    def disjoint_types(self, first: Type, second: Type) -> bool:
        """Tell whether two types can have no member in common (every member of a union is disjoint)."""
        return all(self.named_disjoint(a, b) for a in first for b in second)

    def within(self, kind: Type, cls: URIRef) -> bool:
        """Tell whether every member of a type is in the named class ``cls``."""
        return all(cls in self.ancestors(member) for member in kind)

    def kind_iri(self, kind: Type) -> URIRef:
        """Return the IRI a type goes by: a named class's own, a union's made from its members' names."""
        if len(kind) == 1:
            return next(iter(kind))
        return SHAPES["one-of-" + "-".join(sorted(_slug(member) for member in kind))]

    @functools.cache  # noqa: B019 - one Axioms per ontology, kept for the process
    def kinds(self) -> list[Type]:
        """Return every type that can clash: the classes of disjointness axioms, and every implied type."""
        named = {frozenset({cls}) for pair in self.disjoint for cls in pair}
        implied = {kind for kinds in self.typing.values() for kind in kinds}
        return sorted(named | implied, key=lambda kind: str(self.kind_iri(kind)))

    def clash(self, first: Type, second: Type) -> bool:
        """Tell whether two types are disjoint, and no more general pair of types already is.

        A more general type of a named class is a superclass that can clash; of a union, none.
        """
        if not self.disjoint_types(first, second):
            return False
        for general, other in ((first, second), (second, first)):
            if len(general) == 1:
                [cls] = general
                for parent in self.ancestors(cls) - {cls}:
                    if self.disjoint_types(frozenset({parent}), other):
                        return False
        return True


def _named(nodes: Iterable[Node]) -> set[URIRef]:
    return {node for node in nodes if isinstance(node, URIRef)}


# -- writing the shapes --------------------------------------------------------------------------------------


def _slug(iri: Node) -> str:
    """Return a short name of an IRI that may stand in another IRI (``cf-Person``)."""
    return re.sub(r"[^A-Za-z0-9]+", "-", curie(str(iri))).strip("-")


class _Writer:
    """Write the shapes of one ontology into a graph."""

    def __init__(self, axioms: Axioms) -> None:
        self.axioms = axioms
        self.graph = Graph()
        self.graph.bind("sh", SH)
        self.graph.bind("shapes", SHAPES)

    def shape(self, name: str, message: str) -> URIRef:
        shape = SHAPES[name]
        self.graph.add((shape, RDF.type, SH.NodeShape))
        self.graph.add((shape, SH.message, Literal(message)))
        return shape

    def disjointness(self) -> None:
        """Write, for each type that has disjoint ones, the shape that a node of it has none of them.

        The data is checked with its RDFS closure and ``background_triples``: every type a node has, asserted,
        inherited or implied by a property, is then one of its rdf:type values. Each clash is forbidden once,
        on the first of its two types (by IRI), and only between the most general types it holds between.
        """
        axioms = self.axioms
        kinds = axioms.kinds()
        for number, kind in enumerate(kinds):
            partners = [other for other in kinds[number + 1 :] if axioms.clash(kind, other)]
            if not partners:
                continue
            iri = axioms.kind_iri(kind)
            name = _kind_name(kind)
            shape = self.shape(
                f"axiom-disjoint-{_slug(iri)}",
                f"A {name} (by its type, or by the domain or range of a property it has) is in no class "
                "disjoint with it.",
            )
            self.graph.add((shape, SH.targetClass, iri))
            constraint = BNode()
            listed = BNode()
            Collection(self.graph, listed, [axioms.kind_iri(other) for other in partners])
            self.graph.add((shape, SH.property, constraint))
            self.graph.add((constraint, SH.path, RDF.type))
            refused = BNode()
            self.graph.add((refused, SH["in"], listed))
            self.graph.add((constraint, SH["not"], refused))
            message = f"A {name} is in no class disjoint with it (the value is one)."
            self.graph.add((constraint, SH.message, Literal(message)))

    def functional(self) -> None:
        """Write, for each functional property, the shape that allows it one value."""
        for prop in sorted(self.axioms.functional):
            name = curie(str(prop))
            shape = self.shape(f"axiom-functional-{_slug(prop)}", f"{name} is functional: one value at most.")
            self.graph.add((shape, SH.targetSubjectsOf, prop))
            constraint = BNode()
            self.graph.add((shape, SH.property, constraint))
            inverse = self.axioms.inverse.get(prop)
            if inverse is None:
                self.graph.add((constraint, SH.path, prop))
            else:
                self.graph.add((shape, SH.targetObjectsOf, inverse))
                back = BNode()
                self.graph.add((back, SH.inversePath, inverse))
                self.graph.add(
                    (constraint, SH.path, _wrap_list(self.graph, SH.alternativePath, [prop, back]))
                )
            self.graph.add((constraint, SH.maxCount, Literal(1)))
            self.graph.add(
                (constraint, SH.message, Literal(f"{name} is functional: it has one value at most."))
            )

    def datatypes(self) -> None:
        """Write, for each data property with a datatype range, the shape that its values have that type."""
        axioms = self.axioms
        for prop in sorted(axioms.data_properties):
            ranges = sorted(
                {
                    value
                    for reached, _ in axioms._reached(prop, "subject")
                    for value in axioms.graph.objects(reached, RDFS.range)
                    if isinstance(value, URIRef) and str(value).startswith(str(XSD))
                }
            )
            if not ranges:
                continue
            name = curie(str(prop))
            shape = self.shape(f"axiom-range-{_slug(prop)}", f"The values of {name} are of its datatype.")
            self.graph.add((shape, SH.targetSubjectsOf, prop))
            for datatype in ranges:
                self._datatype(shape, prop, datatype)

    def _datatype(self, shape: URIRef, prop: URIRef, datatype: URIRef) -> None:
        """Add the constraint that each value of ``prop`` is a value of ``datatype``.

        OWL's datatypes are sets of values: 2 as an xsd:integer is a value of xsd:nonNegativeInteger, so a
        numeric range allows each datatype of its family, within the range's bounds.
        """
        name, shown = curie(str(prop)), curie(str(datatype))
        constraint = BNode()
        self.graph.add((shape, SH.property, constraint))
        self.graph.add((constraint, SH.path, prop))
        self.graph.add((constraint, SH.message, Literal(f"Each value of {name} is a valid {shown}.")))
        family = next((members for members in _FAMILIES if datatype in members), None)
        if family is None:
            self.graph.add((constraint, SH.datatype, datatype))
            return
        choices = []
        for member in sorted(family):
            choice = BNode()
            self.graph.add((choice, SH.datatype, member))
            choices.append(choice)
        self.graph.add((constraint, SH["or"], _wrap_list(self.graph, None, choices)))
        low, high = _INTEGER_BOUNDS.get(datatype, (None, None))
        if low is not None:
            self.graph.add((constraint, SH.minInclusive, Literal(low)))
        if high is not None:
            self.graph.add((constraint, SH.maxInclusive, Literal(high)))


#: The bounds of XSD's integer types (their values are integers between them).
_INTEGER_BOUNDS: dict[URIRef, tuple[int | None, int | None]] = {
    XSD.integer: (None, None),
    XSD.nonNegativeInteger: (0, None),
    XSD.positiveInteger: (1, None),
    XSD.nonPositiveInteger: (None, 0),
    XSD.negativeInteger: (None, -1),
    XSD.long: (-(2**63), 2**63 - 1),
    XSD.int: (-(2**31), 2**31 - 1),
    XSD.short: (-(2**15), 2**15 - 1),
    XSD.byte: (-(2**7), 2**7 - 1),
    XSD.unsignedLong: (0, 2**64 - 1),
    XSD.unsignedInt: (0, 2**32 - 1),
    XSD.unsignedShort: (0, 2**16 - 1),
    XSD.unsignedByte: (0, 2**8 - 1),
}
_INTEGERS = frozenset(_INTEGER_BOUNDS)
#: Datatypes whose values include those of other datatypes (OWL 2's datatype map); any other range
#: allows its own datatype only.
_FAMILIES: tuple[frozenset[URIRef], ...] = (
    _INTEGERS,
    _INTEGERS | {XSD.decimal},
    frozenset({XSD.string, XSD.normalizedString, XSD.token, XSD.language, XSD.Name, XSD.NCName, XSD.NMTOKEN}),
)


def _wrap_list(graph: Graph, predicate: URIRef | None, items: Sequence[Node]) -> Node:
    """Return the RDF list of ``items`` (a sequence path), or a node whose ``predicate`` is that list."""
    head = BNode()
    Collection(graph, head, list(items))
    if predicate is None:
        return head
    holder = BNode()
    graph.add((holder, predicate, head))
    return holder


def shapes_of(ontology: Graph) -> Graph:
    """Return the shapes that check, on data, what the axioms of ``ontology`` guarantee.

    They expect the data with ``background_triples`` and its RDFS closure.
    """
    writer = _Writer(_axioms_of(ontology))
    writer.disjointness()
    writer.functional()
    writer.datatypes()
    return writer.graph


#: The start of the IRIs of the disjointness shapes, and of the unions' made-up classes.
DISJOINT_SHAPE = str(SHAPES) + "axiom-disjoint-"
UNION_CLASS = str(SHAPES) + "one-of-"


@functools.cache
def union_names() -> dict[str, str]:
    """Return the made-up class of each union the data is checked with, by IRI, as its members read."""
    axioms = _axioms_of(load_ontology_graph())
    return {str(axioms.kind_iri(k)): f"({_kind_name(k)})" for k in axioms.kinds() if len(k) > 1}


@functools.cache
def clash_classes() -> dict[str, str]:
    """Return the class each disjointness shape is about, by the shape's IRI (both as plain IRIs)."""
    axioms = _axioms_of(load_ontology_graph())
    return {DISJOINT_SHAPE + _slug(axioms.kind_iri(k)): str(axioms.kind_iri(k)) for k in axioms.kinds()}


@functools.cache
def implying(cls: str) -> tuple[frozenset[str], frozenset[str]]:
    """Return the properties whose subjects, and those whose objects, are thereby in class ``cls``."""
    axioms = _axioms_of(load_ontology_graph())
    target = URIRef(cls)
    subjects: set[str] = set()
    objects: set[str] = set()
    for source, kinds in axioms.typing.items():
        if any(axioms.kind_iri(kind) == target or axioms.within(kind, target) for kind in kinds):
            (subjects if source.direction == "subject" else objects).add(str(source.prop))
    return frozenset(subjects), frozenset(objects)


@functools.cache
def axiom_shapes_ntriples() -> str:
    """Return the shapes derived from the project's ontology, as N-Triples (quick to write and to read)."""
    return shapes_of(load_ontology_graph()).serialize(format="nt", encoding="utf-8").decode("utf-8")


def axiom_shapes() -> Graph:
    """Return a fresh graph of the shapes derived from the project's ontology (pyshacl changes its input)."""
    return Graph().parse(data=axiom_shapes_ntriples(), format="nt")


def background_triples(ontology: Graph) -> Iterator[tuple[Node, Node, Node]]:
    """Yield what of the ontology the data is checked with, as plain RDFS.

    That is the class hierarchy, the individuals' types, and the types properties imply: an RDFS closure of
    the data then gives every node all its types. A type implied through a sub-property or an inverse
    becomes a domain or range of the property itself, and a union a class of its own with each member a
    subclass of it.
    """
    axioms = _axioms_of(ontology)
    for s, o in ontology.subject_objects(RDFS.subClassOf):
        if isinstance(s, URIRef) and isinstance(o, URIRef):
            yield s, RDFS.subClassOf, o
    for s in ontology.subjects(RDF.type, OWL.Class):
        if isinstance(s, URIRef):
            yield s, RDF.type, OWL.Class
    for individual in ontology.subjects(RDF.type, OWL.NamedIndividual):
        for cls in ontology.objects(individual, RDF.type):
            if isinstance(cls, URIRef) and cls != OWL.NamedIndividual:
                yield individual, RDF.type, cls
    for source, kinds in sorted(axioms.typing.items()):
        axiom = RDFS.domain if source.direction == "subject" else RDFS.range
        for kind in sorted(kinds, key=sorted):
            yield source.prop, axiom, axioms.kind_iri(kind)
    for kind in axioms.kinds():
        if len(kind) > 1:
            union = axioms.kind_iri(kind)
            for member in sorted(kind):
                yield member, RDFS.subClassOf, union


def _kind_name(kind: Type) -> str:
    return " or ".join(sorted(curie(str(member)) for member in kind))


def _axioms_of(ontology: Graph) -> Axioms:
    return Axioms(ontology)
