"""The SHACL shapes: a complete fact conforms, a missing piece is reported with its node, path and message."""

from __future__ import annotations

import pytest
import rdflib.namespace
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, SH

from ontology.namespaces import CF, OA, PREFIXES, SHAPES, STATUS, TEXT_KIND
from ontology.shapes import ShapeProblem, shapes_graph, validate_shapes

# XSD itself stays out of the module namespace: pytest's collection pokes at it and rdflib warns.
XSD_DATE = rdflib.namespace.XSD.date
XSD_COUNT = rdflib.namespace.XSD.integer

STATEMENT = URIRef(PREFIXES["statement"] + "erdogan-more-than-retaliation")
EVENT = URIRef(PREFIXES["event"] + "violations-2020-03-09")
SOURCE = URIRef(PREFIXES["source"] + "southfront")
ERDOGAN = URIRef(PREFIXES["actor"] + "recep-tayyip-erdogan")
CENTER = URIRef(PREFIXES["actor"] + "russian-reconciliation-center")
EVIDENCE = URIRef(PREFIXES["evidence"] + "violations-2020-03-09/1")
DAY = Literal("2020-03-10", datatype=XSD_DATE)


def source() -> Graph:
    graph = Graph()
    graph.add((SOURCE, RDF.type, CF.NewsArticle))
    graph.add((SOURCE, CF.earliestDate, Literal("2020-03-12", datatype=XSD_DATE)))
    graph.add((SOURCE, CF.latestDate, Literal("2020-03-15", datatype=XSD_DATE)))
    return graph


def statement() -> Graph:
    graph = source()
    graph.add((STATEMENT, RDF.type, CF.Statement))
    graph.add((STATEMENT, CF.speaker, ERDOGAN))
    graph.add((STATEMENT, CF.date, DAY))
    graph.add((STATEMENT, CF.text, Literal("Turkey will do more than mere retaliation")))
    graph.add((STATEMENT, CF.textKind, TEXT_KIND.verbatim))
    graph.add((STATEMENT, PROV.wasDerivedFrom, SOURCE))
    return graph


def event() -> Graph:
    graph = source()
    target = URIRef(f"{EVIDENCE}/target")
    quote, position = URIRef(f"{EVIDENCE}/quote"), URIRef(f"{EVIDENCE}/position")
    graph.add((EVENT, RDF.type, CF.CeasefireViolation))
    graph.add((EVENT, RDFS.label, Literal("Two ceasefire violations registered on 9 March 2020")))
    graph.add((EVENT, CF.date, Literal("2020-03-09", datatype=XSD_DATE)))
    graph.add((EVENT, CF.status, STATUS.occurred))
    graph.add((EVENT, CF.reportedBy, CENTER))
    graph.add((EVENT, PROV.wasDerivedFrom, SOURCE))
    graph.add((EVENT, CF.hasEvidence, EVIDENCE))
    graph.add((EVIDENCE, RDF.type, CF.Evidence))
    graph.add((EVIDENCE, OA.hasTarget, target))
    graph.add((target, RDF.type, OA.SpecificResource))
    graph.add((target, OA.hasSource, SOURCE))
    graph.add((target, OA.hasSelector, quote))
    graph.add((quote, RDF.type, OA.TextQuoteSelector))
    graph.add((quote, OA.exact, Literal("registered two violations")))
    graph.add((target, OA.hasSelector, position))
    graph.add((position, RDF.type, OA.TextPositionSelector))
    graph.add((position, OA.start, Literal(10, datatype=XSD_COUNT)))
    graph.add((position, OA.end, Literal(35, datatype=XSD_COUNT)))
    return graph


def test_a_complete_statement_conforms() -> None:
    report = validate_shapes(statement())
    assert report.conforms, str(report)
    assert report.problems == ()


def test_a_statement_without_speaker_is_reported_with_the_message() -> None:
    data = statement()
    data.remove((STATEMENT, CF.speaker, None))
    report = validate_shapes(data)
    assert not report.conforms
    assert report.problems == (
        ShapeProblem(
            focus="statement:erdogan-more-than-retaliation",
            path="cf:speaker",
            message="A statement has exactly one cf:speaker.",
        ),
    )
    assert str(report.problems[0]) == (
        "statement:erdogan-more-than-retaliation cf:speaker: A statement has exactly one cf:speaker."
    )


def test_a_date_and_a_date_range_together_are_reported() -> None:
    data = statement()
    data.add((STATEMENT, CF.earliestDate, DAY))
    data.add((STATEMENT, CF.latestDate, DAY))
    [problem] = validate_shapes(data).problems
    assert problem.message == "Give either one cf:date, or both cf:earliestDate and cf:latestDate (one each)."


def test_a_complete_event_of_a_subclass_conforms() -> None:
    report = validate_shapes(event())
    assert report.conforms, str(report)


@pytest.mark.parametrize(
    ("remove", "path", "message"),
    [
        ((EVENT, CF.status, None), "cf:status", "An event has exactly one cf:status"),
        ((EVENT, CF.reportedBy, None), "cf:reportedBy", "An event has at least one cf:reportedBy"),
        ((EVENT, CF.hasEvidence, None), "cf:hasEvidence", "An event has at least one cf:hasEvidence"),
        ((EVENT, RDFS.label, None), "rdfs:label", "An event has an rdfs:label."),
        ((EVENT, PROV.wasDerivedFrom, None), "prov:wasDerivedFrom", "A fact has at least one"),
        ((None, OA.hasSource, None), "oa:hasTarget/oa:hasSource", "The oa:hasTarget of evidence has an"),
        ((None, OA.exact, None), "oa:exact", "An oa:TextQuoteSelector has exactly one oa:exact"),
        ((None, OA.end, None), "oa:end", "An oa:TextPositionSelector has exactly one oa:end"),
    ],
)  # fmt: skip
def test_a_missing_piece_of_an_event_is_reported(
    remove: tuple[URIRef | None, URIRef, None], path: str, message: str
) -> None:
    # The event is typed cf:CeasefireViolation only: cf:Event shapes reach it through the ontology.
    data = event()
    data.remove(remove)
    problems = validate_shapes(data).problems
    assert [p.path for p in problems] == [path]
    assert problems[0].message.startswith(message)


def test_a_fact_derived_from_something_else_than_a_source_is_reported() -> None:
    data = statement()
    data.set((STATEMENT, PROV.wasDerivedFrom, ERDOGAN))
    [problem] = validate_shapes(data).problems
    assert problem.path == "prov:wasDerivedFrom"
    assert problem.value == "actor:recep-tayyip-erdogan"


def test_an_alternative_attribution_needs_two_candidates() -> None:
    data = Graph()
    attribution = URIRef(PREFIXES["attribution"] + "violations-2020-03-09")
    data.add((attribution, RDF.type, CF.AlternativeAttribution))
    data.add((attribution, CF.candidate, CENTER))
    [problem] = validate_shapes(data).problems
    assert problem.path == "cf:candidate"


def test_a_dataset_is_validated_across_its_named_graphs() -> None:
    dataset = Dataset()
    facts = dataset.graph(URIRef("urn:g:facts"))
    sources = dataset.graph(URIRef("urn:g:sources"))
    for triple in statement():
        (sources if triple[0] == SOURCE else facts).add(triple)
    assert validate_shapes(dataset).conforms


def test_validating_twice_gives_the_same_problems() -> None:
    # pyshacl changes the shapes graph it is given: each run must parse its own.
    data = statement()
    data.remove((STATEMENT, CF.speaker, None))
    first, second = validate_shapes(data), validate_shapes(data)
    assert first.problems == second.problems
    assert len(first.problems) == 1


def test_every_shape_has_a_message() -> None:
    shapes = shapes_graph()
    nodes = set(shapes.subjects(RDF.type, SH.NodeShape)) | set(shapes.objects(None, SH.property))
    assert nodes
    assert all(shapes.value(node, SH.message) is not None for node in nodes)
    assert all(str(node).startswith(str(SHAPES)) for node in shapes.subjects(RDF.type, SH.NodeShape))


def test_a_negative_offset_is_reported() -> None:
    data = event()
    [position] = data.subjects(RDF.type, OA.TextPositionSelector)
    data.set((position, OA.start, Literal(-1, datatype=XSD_COUNT)))
    [problem] = validate_shapes(data).problems
    assert problem.path == "oa:start"
    assert "non-negative" in problem.message
