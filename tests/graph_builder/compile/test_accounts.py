"""Accounts: several sources' versions of one event node, their checks, figures, periods and merged ids."""

from __future__ import annotations

from pathlib import Path

import pytest
import rdflib
from rdflib.namespace import PROV, RDF, RDFS, SKOS

from graph_builder.compile import compile_sources
from ontology.errors import InputError, InputProblems
from ontology.namespaces import CF, COUNTED, PRECISION, PREFIXES, STATUS
from ontology.shapes import validate_shapes
from tests.helpers import MINI_WIRE_FACTS, write_mini_wire

# XSD itself stays out of the module namespace: pytest's collection pokes at it and rdflib warns.
XSD_DATE = rdflib.namespace.XSD.date
XSD_INTEGER = rdflib.namespace.XSD.integer
EVENT = rdflib.Namespace(PREFIXES["event"])
ACTOR = rdflib.Namespace(PREFIXES["actor"])
SOURCE = rdflib.Namespace(PREFIXES["source"])
ACCOUNT = rdflib.Namespace(PREFIXES["account"])
VIOLATIONS = EVENT["mini-violations"]
CENTER_ACCOUNT = ACCOUNT["mini-violations/mini-article/russian-reconciliation-center"]
TURKEY_ACCOUNT = ACCOUNT["mini-violations/mini-wire/turkey"]


def union(sources: Path) -> rdflib.Graph:
    """Compile a sources folder and return the union of its graphs."""
    return rdflib.Graph().parse(data="".join(compile_sources(sources).emitted.union_lines()), format="nt")


def problems_of(sources: Path) -> list[InputError]:
    with pytest.raises(InputProblems) as caught:
        compile_sources(sources)
    return caught.value.problems


def quotes(graph: rdflib.Graph, account: rdflib.URIRef) -> set[str]:
    """Return the quoted words of an account's evidence."""
    rows = graph.query(
        "SELECT ?exact WHERE { ?a cf:hasEvidence/oa:hasTarget/oa:hasSelector/oa:exact ?exact }",
        initNs={"cf": CF, "oa": rdflib.Namespace(PREFIXES["oa"])},
        initBindings={"a": account},
    )
    return {str(row[0]) for row in rows}  # type: ignore[index]


def events(graph: rdflib.Graph) -> set[rdflib.term.Node]:
    return {s for s in graph.subjects(CF.hasAccount, None) if str(s).startswith(str(EVENT))}


def test_a_second_source_adds_an_account_to_the_same_event_node(mini_sources: Path) -> None:
    before = union(mini_sources)
    write_mini_wire(mini_sources)
    after = union(mini_sources)
    assert events(before) == {VIOLATIONS}
    assert events(after) == {VIOLATIONS, EVENT["mini-losses"]}  # one more event: the wire's own, not a copy
    assert set(after.objects(VIOLATIONS, CF.hasAccount)) == {CENTER_ACCOUNT, TURKEY_ACCOUNT}
    assert set(after.objects(VIOLATIONS, RDF.type)) == {CF.CeasefireViolation}
    assert after.value(TURKEY_ACCOUNT, CF.accountOf) == VIOLATIONS
    assert after.value(TURKEY_ACCOUNT, CF.reportedBy) == ACTOR.turkey
    assert after.value(CENTER_ACCOUNT, CF.reportedBy) == ACTOR["russian-reconciliation-center"]
    assert after.value(TURKEY_ACCOUNT, PROV.wasDerivedFrom) == SOURCE["mini-wire"]
    assert after.value(TURKEY_ACCOUNT, CF.status) == STATUS.denied
    assert after.value(CENTER_ACCOUNT, CF.status) == STATUS.occurred
    assert quotes(after, TURKEY_ACCOUNT) == {"Turkey said that there were no violations on March 9th."}
    assert quotes(after, CENTER_ACCOUNT) == {
        "On March 9th, the Russian reconciliation center registered two violations"
    }
    # The event node holds identity only: every value is on an account.
    assert (VIOLATIONS, CF.status, None) not in after
    assert (VIOLATIONS, CF.reportedBy, None) not in after
    assert (VIOLATIONS, CF.date, None) not in after
    # The first label read is the name; the wire's different one an alternative name.
    assert after.value(VIOLATIONS, RDFS.label) == rdflib.Literal("Two violations on 9 March 2020")
    assert after.value(VIOLATIONS, SKOS.altLabel) == rdflib.Literal("No violations on 9 March 2020")


def test_the_identity_of_a_shared_event_is_stated_in_each_source_graph_that_gives_it(
    mini_sources: Path,
) -> None:
    write_mini_wire(mini_sources)
    graphs = {g.name: g for g in compile_sources(mini_sources).emitted.graphs}
    wire = "".join(graphs[PREFIXES["graph"] + "mini-wire"].shared)
    assert f"<{VIOLATIONS}> <{CF.hasAccount}> <{TURKEY_ACCOUNT}>" in wire
    assert f"<{VIOLATIONS}> <{CF.hasAccount}> <{CENTER_ACCOUNT}>" not in wire  # the other source's


def test_an_account_without_type_or_label_takes_them_from_another(mini_sources: Path) -> None:
    write_mini_wire(mini_sources, MINI_WIRE_FACTS.replace("    label: No violations on 9 March 2020\n", ""))
    graph = union(mini_sources)
    assert list(graph.objects(VIOLATIONS, RDFS.label)) == [rdflib.Literal("Two violations on 9 March 2020")]
    assert (VIOLATIONS, SKOS.altLabel, None) not in graph


def test_conflicting_types_are_refused_naming_both_places(mini_sources: Path) -> None:
    facts = write_mini_wire(
        mini_sources,
        MINI_WIRE_FACTS.replace("    label: No violations", "    type: JointPatrol\n    label: No", 1),
    )
    (problem,) = problems_of(mini_sources)
    assert problem.file == str(facts)
    assert facts.read_text(encoding="utf-8").splitlines()[(problem.line or 0) - 1] == "    type: JointPatrol"
    first = mini_sources / "mini-article" / "facts.yaml"
    assert f"has type 'CeasefireViolation' in the account at {first}:" in problem.message
    assert "but 'JointPatrol' here: every account that gives its type must agree" in problem.message


def test_an_event_no_account_gives_a_type_is_refused(mini_sources: Path) -> None:
    write_mini_wire(mini_sources, MINI_WIRE_FACTS.replace("    type: Hostilities\n", ""))
    (problem,) = problems_of(mini_sources)
    assert "no account of event 'mini-losses' gives its 'type'" in problem.message


def test_the_same_reporter_twice_in_one_source_is_refused(mini_sources: Path) -> None:
    second = MINI_WIRE_FACTS.replace(
        "  - id: mini-losses\n",
        "  - id: mini-violations\n"
        "    reported_by: turkey\n"
        "    date: 2020-03-09\n"
        "    status: occurred\n"
        "    evidence:\n"
        '      - quote: "Turkey said"\n'
        "        occurrence: 2\n"
        "  - id: mini-losses\n",
    )
    facts = write_mini_wire(mini_sources, second)
    (problem,) = problems_of(mini_sources)
    assert problem.file == str(facts)
    assert problem.message.startswith("two accounts of event 'mini-violations' by 'turkey' in one source")
    assert problem.message.endswith("merge them into one account")


def test_the_same_reporter_in_two_sources_gives_two_accounts(mini_sources: Path) -> None:
    write_mini_wire(
        mini_sources,
        MINI_WIRE_FACTS.replace(
            "    reported_by: turkey\n", "    reported_by: russian-reconciliation-center\n", 1
        ),
    )
    graph = union(mini_sources)
    assert set(graph.objects(VIOLATIONS, CF.hasAccount)) == {
        CENTER_ACCOUNT,
        ACCOUNT["mini-violations/mini-wire/russian-reconciliation-center"],
    }


def test_an_event_id_still_may_not_name_anything_else(mini_sources: Path) -> None:
    write_mini_wire(mini_sources, MINI_WIRE_FACTS.replace("  - id: mini-losses\n", "  - id: turkey\n"))
    (problem,) = problems_of(mini_sources)
    assert problem.message.startswith("duplicate id 'turkey'")


def test_a_period_without_end_runs_to_the_source_date(mini_sources: Path) -> None:
    write_mini_wire(mini_sources)
    graph = union(mini_sources)
    account = ACCOUNT["mini-losses/mini-wire/turkey"]
    assert graph.value(account, CF.periodStart) == rdflib.Literal("2020-02-01", datatype=XSD_DATE)
    # The source gives a range of publication days: the period runs to its latest.
    assert graph.value(account, CF.periodEnd) == rdflib.Literal("2020-03-17", datatype=XSD_DATE)
    assert (account, CF.date, None) not in graph
    assert (account, CF.earliestDate, None) not in graph


def test_casualty_figures_are_quantities_of_whom_and_when(mini_sources: Path) -> None:
    write_mini_wire(mini_sources)
    graph = union(mini_sources)
    account = ACCOUNT["mini-losses/mini-wire/turkey"]
    figures = {graph.value(q, CF.counts): q for q in graph.objects(account, CF.quantity)}
    killed, wounded = figures[COUNTED.killed], figures[COUNTED.wounded]
    assert set(figures) == {COUNTED.killed, COUNTED.wounded}
    assert graph.value(killed, CF.value) == rdflib.Literal(60, datatype=XSD_INTEGER)
    assert graph.value(killed, CF.precision) == PRECISION.approximate
    assert graph.value(killed, CF.countOf) == ACTOR.turkey
    assert (killed, CF.periodStart, None) not in graph  # the account's period holds for it
    assert graph.value(wounded, CF.precision) == PRECISION.vague
    assert graph.value(wounded, CF.vagueWord) == rdflib.Literal("several")
    assert (wounded, CF.value, None) not in graph
    assert graph.value(wounded, CF.periodEnd) == rdflib.Literal("2020-03-15", datatype=XSD_DATE)


@pytest.mark.parametrize(
    ("written", "precision", "value", "bounds"),
    [
        ("2", "exact", 2, (None, None)),
        ("{exactly: 2}", "exact", 2, (None, None)),
        ("{about: 60}", "approximate", 60, (None, None)),
        ("{at_least: 10}", "at-least", 10, (None, None)),
        ("{more_than: 10}", "more-than", 10, (None, None)),
        ("{at_most: 10}", "at-most", 10, (None, None)),
        ("{fewer_than: 10}", "fewer-than", 10, (None, None)),
        ("{nearly: 60}", "nearly", 60, (None, None)),
        ("{vague: several}", "vague", None, (None, None)),
        ("{best: 12, low: 10, high: 15}", "approximate", 12, (10, 15)),
    ],
)
def test_the_count_is_a_quantity_of_instances_with_its_precision(
    mini_sources: Path, written: str, precision: str, value: int | None, bounds: tuple[int | None, int | None]
) -> None:
    facts = mini_sources / "mini-article" / "facts.yaml"
    facts.write_text(facts.read_text(encoding="utf-8").replace("    count: 2\n", f"    count: {written}\n"))
    graph = union(mini_sources)
    (quantity,) = graph.objects(CENTER_ACCOUNT, CF.quantity)
    assert graph.value(quantity, CF.counts) == COUNTED.instances
    assert graph.value(quantity, CF.precision) == PRECISION[precision]

    def number(prop: rdflib.URIRef) -> int | None:
        found = graph.value(quantity, prop)
        return None if found is None else int(str(found))

    assert number(CF.value) == value
    assert (number(CF.lowerBound), number(CF.upperBound)) == bounds
    assert (VIOLATIONS, CF["count"], None) not in graph


SAME_AS = """\
same_as:
  - id: losses-are-the-violations
    ids: [mini-violations, mini-losses]
    evidence:
      - quote: "Turkey said"
        occurrence: 2
"""


def test_same_as_merges_two_ids_into_the_first(mini_sources: Path) -> None:
    wire = MINI_WIRE_FACTS.replace("    type: Hostilities\n", "").replace(
        "    reported_by: turkey\n    period", "    reported_by: mini-news\n    period"
    )
    write_mini_wire(mini_sources, wire + SAME_AS)
    statement = mini_sources / "mini-article" / "facts.yaml"
    statement.write_text(
        statement.read_text(encoding="utf-8").replace("about: [turkey]", "about: [mini-losses]")
    )
    graph = union(mini_sources)
    assert events(graph) == {VIOLATIONS}
    assert set(graph.objects(VIOLATIONS, CF.hasAccount)) == {
        CENTER_ACCOUNT,
        TURKEY_ACCOUNT,
        ACCOUNT["mini-violations/mini-wire/mini-news"],
    }
    assert (EVENT["mini-losses"], None, None) not in graph
    # A reference to the merged id names the kept node.
    assert graph.value(rdflib.URIRef(PREFIXES["statement"] + "mini-akar-agreement"), CF.about) == VIOLATIONS
    declaration = rdflib.URIRef(PREFIXES["identity"] + "losses-are-the-violations")
    assert graph.value(declaration, RDF.type) == CF.IdentityDeclaration
    assert graph.value(declaration, CF.identifies) == VIOLATIONS
    assert list(graph.objects(declaration, CF.mergedId)) == [rdflib.Literal("mini-losses")]
    assert graph.value(declaration, PROV.wasDerivedFrom) == SOURCE["mini-wire"]
    assert (declaration, CF.hasEvidence, None) in graph


def test_same_as_that_makes_one_reporter_twice_is_refused(mini_sources: Path) -> None:
    wire = MINI_WIRE_FACTS.replace("    type: Hostilities\n", "")
    write_mini_wire(mini_sources, wire + SAME_AS)
    (problem,) = problems_of(mini_sources)
    assert "two accounts of event 'mini-violations' by 'turkey' in one source" in problem.message


def test_same_as_naming_no_event_is_refused(mini_sources: Path) -> None:
    write_mini_wire(mini_sources, MINI_WIRE_FACTS + SAME_AS.replace("mini-losses]", "turkey]"))
    (problem,) = problems_of(mini_sources)
    assert "identity declaration 'losses-are-the-violations': 'turkey' is no event or relationship" in (
        problem.message
    )
    assert "it is the actor at" in problem.message


def test_a_period_without_end_starting_after_the_source_date_is_refused(mini_sources: Path) -> None:
    facts = write_mini_wire(mini_sources, MINI_WIRE_FACTS.replace("{from: 2020-02-01}", "{from: 2020-03-20}"))
    (problem,) = problems_of(mini_sources)
    assert problem.file == str(facts)
    assert "a period without 'to' runs up to the source's publication (2020-03-17)" in problem.message
    assert facts.read_text(encoding="utf-8").splitlines()[(problem.line or 0) - 1].startswith("    period:")


RELATIONSHIP_ACCOUNT = """\
relationships:
  - id: mini-akar-leads-turkey
    reported_by: turkey
    to: {to}
    title: defence minister
    evidence:
      - quote: "Turkey said"
        occurrence: 1
"""


def test_a_relationship_account_adds_its_title_to_the_same_node(mini_sources: Path) -> None:
    write_mini_wire(mini_sources, MINI_WIRE_FACTS + RELATIONSHIP_ACCOUNT.format(to="turkey"))
    graph = union(mini_sources)
    relationship = rdflib.URIRef(PREFIXES["relationship"] + "mini-akar-leads-turkey")
    accounts = set(graph.objects(relationship, CF.hasAccount))
    assert accounts == {
        ACCOUNT["mini-akar-leads-turkey/mini-article/mini-news"],
        ACCOUNT["mini-akar-leads-turkey/mini-wire/turkey"],
    }
    titles = {str(graph.value(a, CF.title)) for a in accounts}
    assert titles == {"minister", "defence minister"}
    assert (relationship, CF.title, None) not in graph
    assert list(graph.objects(relationship, RDF.type)) == [CF.Leadership]
    assert graph.value(ACCOUNT["mini-akar-leads-turkey/mini-wire/turkey"], RDF.type) == CF.RelationshipAccount


def test_a_relationship_account_naming_another_end_is_refused(mini_sources: Path) -> None:
    facts = write_mini_wire(mini_sources, MINI_WIRE_FACTS + RELATIONSHIP_ACCOUNT.format(to="mini-news"))
    (problem,) = problems_of(mini_sources)
    assert problem.file == str(facts)
    assert "relationship 'mini-akar-leads-turkey' has to 'turkey' in the account at" in problem.message
    assert "but 'mini-news' here" in problem.message


def test_an_event_no_account_gives_a_label_is_refused(mini_sources: Path) -> None:
    facts = write_mini_wire(
        mini_sources, MINI_WIRE_FACTS.replace("    label: Turkish soldiers killed since February 2020\n", "")
    )
    (problem,) = problems_of(mini_sources)
    assert problem.file == str(facts)
    assert problem.message.startswith("no account of event 'mini-losses' gives its 'label'")


@pytest.mark.parametrize(
    ("dropped", "message"),
    [
        (CF.reportedBy, "An account has exactly one cf:reportedBy: whose version it is."),
        (
            CF.hasEvidence,
            "An account has at least one cf:hasEvidence: the words of its source that support it.",
        ),
    ],
)
def test_the_shapes_refuse_a_compiled_account_stripped_of_its_reporter_or_quotes(
    mini_sources: Path, dropped: rdflib.URIRef, message: str
) -> None:
    # The compiler never emits such an account (it refuses the entry); the shapes catch it in a graph made
    # otherwise, e.g. by hand or by another tool. HermiT cannot: see tests/ontology/test_reasoning.py.
    graph = union(mini_sources)
    assert validate_shapes(graph).conforms
    graph.remove((CENTER_ACCOUNT, dropped, None))
    [problem] = validate_shapes(graph).problems
    assert problem.focus == "account:mini-violations/mini-article/russian-reconciliation-center"
    assert problem.message == message
