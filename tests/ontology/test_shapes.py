"""The SHACL shapes: a complete fact conforms, a missing piece is reported with its node, path and message."""

from __future__ import annotations

from collections.abc import Callable

import pyshacl
import pytest
import rdflib.namespace
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, SH

from ontology.namespaces import CF, COUNTED, OA, PRECISION, PREFIXES, SHAPES, STATUS, TEXT_KIND
from ontology.shapes import (
    ShapeProblem,
    all_shapes_graph,
    background_graph,
    background_ntriples,
    run_engine,
    shapes_graph,
    validate_shapes,
)

# XSD itself stays out of the module namespace: pytest's collection pokes at it and rdflib warns.
XSD_DATE = rdflib.namespace.XSD.date
XSD_COUNT = rdflib.namespace.XSD.integer

STATEMENT = URIRef(PREFIXES["statement"] + "erdogan-more-than-retaliation")
EVENT = URIRef(PREFIXES["event"] + "violations-2020-03-09")
ACCOUNT = URIRef(PREFIXES["account"] + "violations-2020-03-09/southfront/russian-reconciliation-center")
QUANTITY = URIRef(PREFIXES["quantity"] + "violations-2020-03-09/southfront/russian-reconciliation-center/1")
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
    graph.add((EVENT, CF.hasAccount, ACCOUNT))
    graph.add((ACCOUNT, RDF.type, CF.EventAccount))
    graph.add((ACCOUNT, CF.accountOf, EVENT))
    graph.add((ACCOUNT, CF.date, Literal("2020-03-09", datatype=XSD_DATE)))
    graph.add((ACCOUNT, CF.status, STATUS.occurred))
    graph.add((ACCOUNT, CF.reportedBy, CENTER))
    graph.add((ACCOUNT, PROV.wasDerivedFrom, SOURCE))
    graph.add((ACCOUNT, CF.hasEvidence, EVIDENCE))
    graph.add((ACCOUNT, CF.quantity, QUANTITY))
    graph.add((QUANTITY, RDF.type, CF.Quantity))
    graph.add((QUANTITY, CF.counts, COUNTED.instances))
    graph.add((QUANTITY, CF.precision, PRECISION.exact))
    graph.add((QUANTITY, CF.value, Literal(2, datatype=XSD_COUNT)))
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
        ((ACCOUNT, CF.status, None), "cf:status", "An event account has exactly one cf:status"),
        ((ACCOUNT, CF.reportedBy, None), "cf:reportedBy", "An account has exactly one cf:reportedBy"),
        ((ACCOUNT, CF.hasEvidence, None), "cf:hasEvidence", "An account has at least one cf:hasEvidence"),
        ((ACCOUNT, CF.accountOf, None), "cf:accountOf", "An account has exactly one cf:accountOf"),
        ((EVENT, CF.hasAccount, None), "cf:hasAccount", "An event has at least one cf:hasAccount"),
        ((EVENT, RDFS.label, None), "rdfs:label", "An event has an rdfs:label."),
        ((ACCOUNT, PROV.wasDerivedFrom, None), "prov:wasDerivedFrom", "An account has exactly one"),
        ((QUANTITY, CF.precision, None), "cf:precision", "A quantity has exactly one cf:precision"),
        ((QUANTITY, CF.counts, None), "cf:counts", "A quantity has exactly one cf:counts"),
        ((None, OA.hasSource, None), "oa:hasTarget/oa:hasSource", "The oa:hasTarget of evidence has an"),
        ((None, OA.exact, None), "oa:exact", "An oa:TextQuoteSelector has exactly one oa:exact"),
        ((None, OA.end, None), "oa:end", "An oa:TextPositionSelector has exactly one oa:end"),
    ],
)  # fmt: skip
def test_a_missing_piece_of_an_event_is_reported(
    remove: tuple[URIRef | None, URIRef, None], path: str, message: str
) -> None:
    # The event is typed cf:CeasefireViolation only, its account cf:EventAccount: the cf:Event and
    # cf:Account shapes reach them through the ontology.
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


def test_an_account_without_reporter_or_evidence_fails_with_a_clear_message() -> None:
    # Injected into the graph (the compiler refuses such an account before it is emitted): the shapes are
    # the check that fails, where HermiT, open-world, cannot (tests/ontology/test_reasoning.py).
    data = event()
    data.remove((ACCOUNT, CF.reportedBy, None))
    data.remove((ACCOUNT, CF.hasEvidence, None))
    report = validate_shapes(data)
    assert not report.conforms
    assert [str(p) for p in report.problems] == [
        f"account:{ACCOUNT.removeprefix(PREFIXES['account'])} cf:hasEvidence: An account has at least one "
        "cf:hasEvidence: the words of its source that support it.",
        f"account:{ACCOUNT.removeprefix(PREFIXES['account'])} cf:reportedBy: An account has exactly one "
        "cf:reportedBy: whose version it is.",
    ]


def test_an_account_with_two_reporters_is_reported() -> None:
    data = event()
    data.add((ACCOUNT, CF.reportedBy, ERDOGAN))
    [problem] = validate_shapes(data).problems
    assert problem.path == "cf:reportedBy"


def test_a_status_on_the_event_itself_is_reported() -> None:
    # Twice: the event shape forbids it, and the domain of cf:status makes the event an account, which no
    # event can be (the ontology's disjoint classes); as an account it then also lacks an account's parts.
    data = event()
    data.add((EVENT, CF.status, STATUS.occurred))
    problems = [p for p in validate_shapes(data).problems if p.focus == "event:violations-2020-03-09"]
    [own] = [p for p in problems if p.path == "cf:status"]
    assert own.message.startswith("An event has no cf:status of its own")
    [clash] = [p for p in problems if p.constraint.startswith("shapes:axiom-disjoint-")]
    assert {clash.value, clash.constraint.split()[0]} == {"cf:Event", "shapes:axiom-disjoint-cf-Account"}


@pytest.mark.parametrize("status", ["cancelled", "denied", "planned", "conditional"])
def test_every_status_of_the_scheme_conforms(status: str) -> None:
    data = event()
    data.set((ACCOUNT, CF.status, STATUS[status]))
    assert validate_shapes(data).conforms


def test_a_period_conforms_and_a_period_with_a_date_is_reported() -> None:
    data = event()
    data.remove((ACCOUNT, CF.date, None))
    data.add((ACCOUNT, CF.periodStart, Literal("2020-02-01", datatype=XSD_DATE)))
    data.add((ACCOUNT, CF.periodEnd, Literal("2020-03-16", datatype=XSD_DATE)))
    assert validate_shapes(data).conforms, str(validate_shapes(data))
    data.add((ACCOUNT, CF.date, DAY))
    [problem] = validate_shapes(data).problems
    assert problem.message.startswith("An event account gives exactly one of")


def test_a_backward_period_is_reported() -> None:
    data = event()
    data.remove((ACCOUNT, CF.date, None))
    data.add((ACCOUNT, CF.periodStart, Literal("2020-03-16", datatype=XSD_DATE)))
    data.add((ACCOUNT, CF.periodEnd, Literal("2020-02-01", datatype=XSD_DATE)))
    [problem] = validate_shapes(data).problems
    assert problem.path == "cf:periodStart"


def test_a_vague_quantity_needs_a_word_and_no_value() -> None:
    data = event()
    data.set((QUANTITY, CF.precision, PRECISION.vague))
    assert not validate_shapes(data).conforms  # a value, and no word
    data.remove((QUANTITY, CF.value, None))
    data.add((QUANTITY, CF.vagueWord, Literal("several")))
    assert validate_shapes(data).conforms


def test_a_quantity_that_is_not_vague_needs_a_value() -> None:
    data = event()
    data.remove((QUANTITY, CF.value, None))
    [problem] = validate_shapes(data).problems
    assert problem.message.startswith("A quantity has a cf:value, unless its precision is vague")


# -- the engine against pyshacl, the reference ------------------------------------------------------------

Finding = tuple[str, str, str]


def _engine_findings(data: Graph) -> set[Finding]:
    text = data.serialize(format="nt", encoding="utf-8").decode("utf-8") + background_ntriples()
    return {
        (r.focus_node, r.component, r.message or "")
        for r in run_engine(text).results
        if r.severity == "Violation"
    }


def _pyshacl_findings(data: Graph) -> set[Finding]:
    _, results, _ = pyshacl.validate(
        data + background_graph(),
        shacl_graph=all_shapes_graph(),
        inference="rdfs",
        abort_on_first=False,
        allow_warnings=True,
        advanced=False,
    )
    found = set()
    for result in results.subjects(SH.resultSeverity, SH.Violation):
        focus = results.value(result, SH.focusNode)
        component = str(results.value(result, SH.sourceConstraintComponent)).removeprefix(str(SH))
        assert isinstance(focus, URIRef)
        found.add((f"<{focus}>", component, str(results.value(result, SH.resultMessage) or "")))
    return found


def _position(data: Graph) -> URIRef:
    [position] = data.subjects(RDF.type, OA.TextPositionSelector)
    assert isinstance(position, URIRef)
    return position


#: One injected violation per kind of constraint the shapes use (hand-written and derived).
INJECTED: dict[str, Callable[[], Graph]] = {
    "minCount": lambda: statement() - Graph().add((STATEMENT, CF.speaker, ERDOGAN)),
    "maxCount": lambda: event().add((ACCOUNT, CF.reportedBy, ERDOGAN)),
    "datatype": lambda: statement().set((STATEMENT, CF.text, Literal(5))),
    "in": lambda: statement().set((STATEMENT, CF.textKind, STATUS.occurred)),
    "nodeKind": lambda: statement().set((STATEMENT, CF.speaker, Literal("Erdogan"))),
    "class": lambda: statement().set((STATEMENT, PROV.wasDerivedFrom, ERDOGAN)),
    "xone, node, not, hasValue": lambda: event().set((QUANTITY, CF.precision, PRECISION.vague)),
    "lessThan": lambda: (lambda g: g.set((_position(g), OA.start, Literal(40, datatype=XSD_COUNT))))(event()),
    "lessThanOrEquals": lambda: source().set(
        (SOURCE, CF.earliestDate, Literal("2020-04-01", datatype=XSD_DATE))
    ),
    "minInclusive": lambda: (lambda g: g.set((_position(g), OA.start, Literal(-1, datatype=XSD_COUNT))))(
        event()
    ),
    "disjoint classes (derived)": lambda: statement().add((STATEMENT, RDF.type, CF.Person)),
    "disjoint by domain (derived)": lambda: statement().add((STATEMENT, CF.status, STATUS.occurred)),
    "functional (derived)": lambda: event().add((URIRef(f"{EVENT}-2"), CF.hasAccount, ACCOUNT)),
    "datatype range (derived)": lambda: event().set((QUANTITY, CF.value, Literal("two"))),
}


@pytest.mark.parametrize("kind", sorted(INJECTED))
def test_the_engine_and_pyshacl_name_the_same_focus_nodes_and_constraints(kind: str) -> None:
    data = INJECTED[kind]()
    engine = _engine_findings(data)
    assert engine, "the injected violation is found"
    assert engine == _pyshacl_findings(data)


def test_the_engine_and_pyshacl_agree_on_the_seed() -> None:
    from graph_builder.build import compile_sources
    from tests.helpers import SEED_SOURCES

    seed = Graph().parse(data="".join(compile_sources(SEED_SOURCES).emitted.union_lines()), format="nt")
    assert _engine_findings(seed) == _pyshacl_findings(seed) == set()
    # And with every injection at once, beside the seed's own nodes.
    for make in INJECTED.values():
        seed += make()
    engine = _engine_findings(seed)
    assert len(engine) >= len(INJECTED)
    assert engine == _pyshacl_findings(seed)
