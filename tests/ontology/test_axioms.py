"""The ontology's axioms as shapes: every OWL construct is covered, and they find what HermiT finds."""

from __future__ import annotations

import dataclasses
import os
import shutil

import owlready2
import pytest
import rdflib.namespace
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from ontology import terms
from ontology.axioms import COVERED, constructs, uncovered
from ontology.generate import load_ontology_graph
from ontology.namespaces import CF, PREFIXES
from ontology.reasoning import check_consistency
from ontology.shapes import validate_shapes

XSD_COUNT = rdflib.namespace.XSD.integer
ACTOR = PREFIXES["actor"]
EVENT = PREFIXES["event"]
QUANTITY = PREFIXES["quantity"]
STATEMENT = PREFIXES["statement"]
PLACE = PREFIXES["place"]


def test_every_owl_construct_of_the_ontology_is_covered() -> None:
    ontology = load_ontology_graph()
    used = constructs(ontology)
    assert {"a owl:AllDisjointClasses", "a owl:FunctionalProperty", "rdfs:domain [owl:unionOf]"} <= used
    assert uncovered(ontology) == []


@pytest.mark.parametrize(
    "axiom",
    [
        (CF.Statement, RDFS.subClassOf, "allValuesFrom"),
        (CF.speaker, RDF.type, OWL.InverseFunctionalProperty),
        (CF.speaker, RDF.type, OWL.AsymmetricProperty),
        (CF.Person, OWL.equivalentClass, "intersection"),
        (CF.speaker, OWL.propertyChainAxiom, "chain"),
    ],
)
def test_an_owl_construct_the_shapes_do_not_cover_is_named(axiom: tuple[URIRef, URIRef, object]) -> None:
    ontology = load_ontology_graph()
    subject, predicate, value = axiom
    if value == "allValuesFrom":
        restriction = BNode()
        ontology.add((restriction, RDF.type, OWL.Restriction))
        ontology.add((restriction, OWL.onProperty, CF.speaker))
        ontology.add((restriction, OWL.allValuesFrom, CF.Person))
        ontology.add((subject, predicate, restriction))
        expected = "rdfs:subClassOf [owl:allValuesFrom]"
    elif value == "intersection":
        expression = BNode()
        ontology.add((expression, OWL.intersectionOf, RDF.nil))
        ontology.add((subject, predicate, expression))
        expected = "owl:equivalentClass"
    elif value == "chain":
        ontology.add((subject, predicate, RDF.nil))
        expected = "owl:propertyChainAxiom"
    else:
        assert isinstance(value, URIRef)
        ontology.add((subject, predicate, value))
        expected = f"a owl:{value.removeprefix(str(OWL))}"
    assert expected in uncovered(ontology)


def test_the_vocabulary_has_no_kind_of_axiom_the_shapes_were_not_written_for() -> None:
    # A new field of a property or of the vocabulary (symmetric, a cardinality, an equivalence) is a new
    # OWL construct: extend ontology/axioms.py (and COVERED) with it, then this list.
    assert [f.name for f in dataclasses.fields(terms.PropertySpec)] == [
        "name", "kind", "label", "comment", "domain", "range", "parents", "inverse_of", "functional",
        "transitive", "see_also",
    ]  # fmt: skip
    assert [f.name for f in dataclasses.fields(terms.Vocabulary)] == [
        "classes", "properties", "top_classes", "disjoint_groups", "timed_classes", "external_classes",
        "external_object_properties", "external_data_properties", "external_annotation_properties", "schemes",
        "acled_mapping",
    ]  # fmt: skip
    assert all(name.startswith(("a ", "owl:", "rdf:", "rdfs:")) for name in COVERED)


# -- HermiT and the shapes agree -----------------------------------------------------------------------------


def triples(*spo: tuple[str, URIRef, object]) -> Graph:
    graph = Graph()
    for s, p, o in spo:
        graph.add((URIRef(s), p, o if isinstance(o, URIRef | Literal) else URIRef(str(o))))
    return graph


#: Invented graphs HermiT finds inconsistent, each for one reason, with the node the shapes must name.
INCONSISTENT = {
    "asserted disjoint classes": (
        triples((ACTOR + "x", RDF.type, CF.Person), (ACTOR + "x", RDF.type, CF.CeasefireViolation)),
        "actor:x",
    ),
    "disjoint classes in one group below the top": (
        triples((ACTOR + "x", RDF.type, CF.Person), (ACTOR + "x", RDF.type, CF.State)),
        "actor:x",
    ),
    "a type and the domain of a property": (
        triples((EVENT + "e", RDF.type, CF.CeasefireViolation), (EVENT + "e", CF.speaker, ACTOR + "x")),
        "event:e",
    ),
    "a type and the range of a property": (
        triples(
            (STATEMENT + "s", CF.speaker, PLACE + "idlib"),
            (PLACE + "idlib", RDF.type, CF.Place),
        ),
        "place:idlib",
    ),
    "the domains of two properties, no type": (
        triples(
            (EVENT + "e", CF.status, URIRef(PREFIXES["status"] + "occurred")),
            (EVENT + "e", CF.speaker, ACTOR + "x"),
        ),
        "event:e",
    ),
    "a union domain against a union domain": (
        triples((EVENT + "e", CF.reportedBy, ACTOR + "x"), (EVENT + "e", CF.hasAccount, ACTOR + "a")),
        "event:e",
    ),
    "a type and a union range": (
        triples((ACTOR + "x", RDF.type, CF.Person), (EVENT + "e", CF.accountOf, ACTOR + "x")),
        "actor:x",
    ),
    "two values of a functional data property": (
        triples(
            (QUANTITY + "q", RDF.type, CF.Quantity),
            (QUANTITY + "q", CF.value, Literal(2, datatype=XSD_COUNT)),
            (QUANTITY + "q", CF.value, Literal(3, datatype=XSD_COUNT)),
        ),
        "quantity:q",
    ),
    "a value outside the datatype range": (
        triples((QUANTITY + "q", RDF.type, CF.Quantity), (QUANTITY + "q", CF.value, Literal("two"))),
        "quantity:q",
    ),
    "a negative value where the range is non-negative": (
        triples(
            (QUANTITY + "q", RDF.type, CF.Quantity),
            (QUANTITY + "q", CF.value, Literal(-1, datatype=XSD_COUNT)),
        ),
        "quantity:q",
    ),
}


@pytest.fixture
def java() -> None:
    if shutil.which(owlready2.JAVA_EXE) is None:
        if os.environ.get("CI"):
            pytest.fail("java is missing on CI: apt-get install default-jre-headless")
        pytest.skip("java is not installed: apt-get install default-jre-headless")


def _axiom_problems(data: Graph) -> set[str]:
    """Return the focus nodes the shapes derived from the ontology name in ``data``."""
    return {p.focus for p in validate_shapes(data).problems if p.constraint.startswith("shapes:axiom-")}


@pytest.mark.usefixtures("java")
@pytest.mark.parametrize("case", sorted(INCONSISTENT))
def test_hermit_and_the_axiom_shapes_agree_on_an_inconsistent_graph(case: str) -> None:
    data, node = INCONSISTENT[case]
    assert not check_consistency(data).consistent
    assert node in _axiom_problems(data)


@pytest.mark.usefixtures("java")
def test_hermit_and_the_axiom_shapes_agree_on_a_consistent_graph() -> None:
    data = triples(
        (ACTOR + "erdogan", RDF.type, CF.Person),
        (STATEMENT + "s", RDF.type, CF.Statement),
        (STATEMENT + "s", CF.speaker, ACTOR + "erdogan"),
        (STATEMENT + "s", CF.reportedBy, ACTOR + "erdogan"),
        (QUANTITY + "q", RDF.type, CF.Quantity),
        (QUANTITY + "q", CF.value, Literal(2, datatype=XSD_COUNT)),
    )
    assert check_consistency(data).consistent
    assert _axiom_problems(data) == set()


def test_two_iris_of_a_functional_object_property_are_refused_though_owl_would_merge_them() -> None:
    # Stricter than OWL on purpose: the graph's IRIs are unique names, so two precisions are two values.
    data = triples(
        (QUANTITY + "q", RDF.type, CF.Quantity),
        (QUANTITY + "q", CF.precision, URIRef(PREFIXES["precision"] + "exact")),
        (QUANTITY + "q", CF.precision, URIRef(PREFIXES["precision"] + "approximate")),
    )
    assert "quantity:q" in _axiom_problems(data)
