"""The account queries on the seed plus the invented second report (a test fixture, not real news).

The second report (tests/fixtures/second-report) gives its own accounts of events the seed holds, by their
ids: the seed's planned patrol of 15 March as occurred, the reconciliation center's two violations of 10 March
denied with a count of 0, a negative account of an incident, and "about 60" Turkish soldiers killed since
February. What the queries should answer is worked out from the facts files, not typed in.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
import rdflib
import yaml

from ontology.namespaces import node_iri
from queries.runner import run_query
from tests.accounts_fixture import SECOND_REPORT_SOURCE, fixture_facts
from tests.helpers import seed_facts

PATROL = "joint-patrols-m4-2020-03-15"
DENIED_DAY = "violations-2020-03-10"
DEATH_TOLL = "hostilities-turkish-soldiers-killed-idlib-since-february-2020"
ARTICLE_1 = "moscow-protocol-article-1-ceasefire"


def answer(graph: Any, name: str, **params: str) -> list[dict[str, str]]:
    """Run a named query and return its rows as ``{variable: value}``, unbound variables left out."""
    result = run_query(graph, name, params=params)
    return [{key: term.value for key, term in row.items()} for row in result.dicts()]


def accounts(built: Path) -> list[dict[str, Any]]:
    """Return every event entry of the sources the graph was built from, each with its source's id."""
    entries = []
    for facts in sorted((built.parent / "sources").glob("*/facts.yaml")):
        data = yaml.safe_load(facts.read_text(encoding="utf-8"))
        for entry in data.get("events") or []:
            entries.append({**entry, "source": data["source"]["id"]})
    return entries


def entry(event: str, reporter: str, *, fixture: bool) -> dict[str, Any]:
    """Return the one account of an event by a reporter in the second report (or in the seed)."""
    if fixture:
        found = [e for e in fixture_facts()["events"] if e["id"] == event and e["reported_by"] == reporter]
    else:
        found = [e for e in seed_facts()["events"] if e["id"] == event and e["reported_by"] == reporter]
    assert len(found) == 1, f"expected one account of {event} by {reporter}, found {len(found)}"
    account: dict[str, Any] = found[0]
    return account


def test_disputed_facts_lists_the_count_and_status_of_the_denied_day_with_both_sides(
    second_store: ox.Store,
) -> None:
    seed_side = entry(DENIED_DAY, "russian-reconciliation-center", fixture=False)
    second_side = entry(DENIED_DAY, "turkish-defense-ministry", fixture=True)
    # The fixture must disagree on both for the test to mean anything.
    assert seed_side["count"] != second_side["count"] and seed_side["status"] != second_side["status"]
    rows = [r for r in answer(second_store, "disputed_facts") if r["event"] == node_iri("event", DENIED_DAY)]
    for prop in ("count", "status"):
        found = {(r["value"], r["reporter"]) for r in rows if r["property"] == prop}
        assert found == {
            (str(side[prop]), node_iri("actor", side["reported_by"])) for side in (seed_side, second_side)
        }, prop
    for side in (seed_side, second_side):
        quotes = {r["quotes"] for r in rows if r["reporter"] == node_iri("actor", side["reported_by"])}
        assert len(quotes) == 1, "an account's quotes are the same on each of its rows"
        for evidence in side["evidence"]:
            assert evidence["quote"] in next(iter(quotes))
    sources = {r["reporter"]: r["source"] for r in rows}
    assert sources[node_iri("actor", "turkish-defense-ministry")] == node_iri("source", SECOND_REPORT_SOURCE)


def test_disputed_facts_leaves_out_what_the_accounts_agree_on(second_store: ox.Store) -> None:
    rows = answer(second_store, "disputed_facts")
    # The seed plans the patrol and three later accounts say it drove, on the same day and road: the plan and
    # its outcome are the event's history (planned_vs_occurred), not a disagreement.
    assert not [r for r in rows if r["event"] == node_iri("event", PATROL)]
    # The two accounts of the 13 convoys agree on everything.
    assert not [r for r in rows if r["event"] == node_iri("event", "convoy-escorts-13-turkish-convoys")]


def test_corroboration_counts_distinct_reporters_sources_and_accounts(
    second_store: ox.Store, built_second_report: Path
) -> None:
    expected: dict[str, tuple[int, int, int]] = {}
    entries = accounts(built_second_report)
    for event in {e["id"] for e in entries}:
        mine = [e for e in entries if e["id"] == event]
        reporters = {e["reported_by"] for e in mine}
        expected[node_iri("event", event)] = (len(reporters), len({e["source"] for e in mine}), len(mine))
    rows = answer(second_store, "corroboration")
    got = {r["event"]: (int(r["reporters"]), int(r["sources"]), int(r["accounts"])) for r in rows}
    assert got == expected
    assert rows[0]["event"] == node_iri("event", PATROL)
    assert [got[r["event"]][0] for r in rows] == sorted((v[0] for v in got.values()), reverse=True)


CORROBORATION_DATA = """
@prefix cf: <https://w3id.org/ceasefire-kg/ontology#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix status: <https://w3id.org/ceasefire-kg/concept/status/> .
@prefix event: <https://w3id.org/ceasefire-kg/id/event/> .
@prefix account: <https://w3id.org/ceasefire-kg/id/account/> .
@prefix actor: <https://w3id.org/ceasefire-kg/id/actor/> .
@prefix source: <https://w3id.org/ceasefire-kg/id/source/> .
event:e a cf:JointPatrol ; cf:hasAccount account:e-s1-r, account:e-s2-r .
account:e-s1-r a cf:EventAccount ; cf:accountOf event:e ; cf:reportedBy actor:r ;
    prov:wasDerivedFrom source:s1 ; cf:status status:occurred .
account:e-s2-r a cf:EventAccount ; cf:accountOf event:e ; cf:reportedBy actor:r ;
    prov:wasDerivedFrom source:s2 ; cf:status status:occurred .
"""


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_one_reporter_in_two_sources_is_one_reporter_of_two_accounts(engine: str) -> None:
    graph: Any
    if engine == "oxigraph":
        graph = ox.Store()
        graph.load(CORROBORATION_DATA.encode(), ox.RdfFormat.TURTLE, to_graph=ox.NamedNode("urn:x:g"))
    else:
        graph = rdflib.Dataset(default_union=True)
        graph.graph(rdflib.URIRef("urn:x:g")).parse(data=CORROBORATION_DATA, format="turtle")
    [row] = answer(graph, "corroboration")
    assert (row["reporters"], row["sources"], row["accounts"], row["saysOccurred"]) == ("1", "2", "2", "1")


def invented_graph(engine: str, data: str) -> Any:
    """Return a graph of invented Turtle in one named graph, in the engine's kind of store."""
    graph: Any
    if engine == "oxigraph":
        graph = ox.Store()
        graph.load(data.encode(), ox.RdfFormat.TURTLE, to_graph=ox.NamedNode("urn:x:g"))
    else:
        graph = rdflib.Dataset(default_union=True)
        graph.graph(rdflib.URIRef("urn:x:g")).parse(data=data, format="turtle")
    return graph


#: Invented accounts: one account that gives two killed figures of the same force (disputed by itself), its
#: quotes out of document order, and an event whose second account has no evidence to list.
DISPUTED_DATA = """
@prefix cf: <https://w3id.org/ceasefire-kg/ontology#> .
@prefix oa: <http://www.w3.org/ns/oa#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix status: <https://w3id.org/ceasefire-kg/concept/status/> .
@prefix counted: <https://w3id.org/ceasefire-kg/concept/counted/> .
@prefix precision: <https://w3id.org/ceasefire-kg/concept/precision/> .
@prefix id: <https://w3id.org/ceasefire-kg/id/> .
status:occurred skos:prefLabel "occurred" .
status:denied skos:prefLabel "denied" .
counted:killed skos:prefLabel "killed" .
id:actor-x rdfs:label "X" .
id:one a cf:CeasefireViolation ; rdfs:label "one account, two tolls" .
id:one-a a cf:EventAccount ; cf:accountOf id:one ; cf:status status:occurred ; cf:reportedBy id:r1 ;
    prov:wasDerivedFrom id:s1 ; cf:quantity id:q1, id:q2 ; cf:hasEvidence id:ev-late, id:ev-early .
id:q1 cf:counts counted:killed ; cf:countOf id:actor-x ; cf:precision precision:exact ; cf:value 5 .
id:q2 cf:counts counted:killed ; cf:countOf id:actor-x ; cf:precision precision:exact ; cf:value 7 .
id:ev-late oa:hasTarget [ oa:hasSelector [ oa:exact "seven were killed" ], [ oa:start 40 ] ] .
id:ev-early oa:hasTarget [ oa:hasSelector [ oa:exact "five were killed" ], [ oa:start 10 ] ] .
id:two a cf:CeasefireViolation ; rdfs:label "two accounts, one without evidence" .
id:two-a a cf:EventAccount ; cf:accountOf id:two ; cf:status status:occurred ; cf:reportedBy id:r1 ;
    prov:wasDerivedFrom id:s1 ; cf:hasEvidence id:ev-two .
id:ev-two oa:hasTarget [ oa:hasSelector [ oa:exact "it happened" ], [ oa:start 1 ] ] .
id:two-b a cf:EventAccount ; cf:accountOf id:two ; cf:status status:denied ; cf:reportedBy id:r2 ;
    prov:wasDerivedFrom id:s2 .
id:s1 cf:date "2020-03-06"^^xsd:date .
id:s2 cf:date "2020-03-07"^^xsd:date .
"""


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_one_account_with_two_figures_of_one_toll_is_disputed_and_an_account_without_quotes_is_not_listed(
    engine: str,
) -> None:
    rows = answer(invented_graph(engine, DISPUTED_DATA), "disputed_facts")
    one = "https://w3id.org/ceasefire-kg/id/one"
    assert {(r["event"], r["property"], r["value"]) for r in rows} == {
        (one, "killed of X", "5"),
        (one, "killed of X", "7"),
        ("https://w3id.org/ceasefire-kg/id/two", "status", "occurred"),
    }
    # The quotes read in document order, whatever order the evidence is stated in.
    assert {r["quotes"] for r in rows if r["event"] == one} == {"five were killed | seven were killed"}
    assert {r["sourceDate"] for r in rows} == {"2020-03-06"}


#: Invented plans: one whose only other account comes from an earlier source (so nothing later is known of
#: it), one with a later account that says it occurred.
PLANS_DATA = """
@prefix cf: <https://w3id.org/ceasefire-kg/ontology#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix status: <https://w3id.org/ceasefire-kg/concept/status/> .
@prefix id: <https://w3id.org/ceasefire-kg/id/> .
status:planned skos:prefLabel "planned" .
status:occurred skos:prefLabel "occurred" .
id:early cf:hasAccount id:early-plan, id:early-before .
id:early-plan cf:accountOf id:early ; cf:status status:planned ; prov:wasDerivedFrom id:s2 ;
    cf:date "2020-03-15"^^xsd:date .
id:early-before cf:accountOf id:early ; cf:status status:occurred ; prov:wasDerivedFrom id:s1 .
id:late cf:hasAccount id:late-plan, id:late-after .
id:late-plan cf:accountOf id:late ; cf:status status:planned ; prov:wasDerivedFrom id:s1 ;
    cf:date "2020-03-16"^^xsd:date .
id:late-after cf:accountOf id:late ; cf:status status:occurred ; prov:wasDerivedFrom id:s2 .
id:s1 cf:date "2020-03-05"^^xsd:date .
id:s2 cf:date "2020-03-10"^^xsd:date .
"""


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_a_plan_whose_other_account_is_older_keeps_one_row_without_outcome(engine: str) -> None:
    rows = answer(invented_graph(engine, PLANS_DATA), "planned_vs_occurred")
    ids = "https://w3id.org/ceasefire-kg/id/"
    assert [(r["plan"], r.get("account"), r.get("status")) for r in rows] == [
        (ids + "early-plan", None, None),
        (ids + "late-plan", ids + "late-after", "occurred"),
    ]


def test_planned_vs_occurred_pairs_the_seeds_plan_with_the_later_report_that_it_occurred(
    second_store: ox.Store,
) -> None:
    plan = entry(PATROL, "south-front", fixture=False)
    assert plan["status"] == "planned"
    outcomes = [e for e in fixture_facts()["events"] if e["id"] == PATROL]
    rows = [r for r in answer(second_store, "planned_vs_occurred") if r["event"] == node_iri("event", PATROL)]
    assert {r["plannedBy"] for r in rows} == {node_iri("actor", "south-front")}
    assert {r["planStatus"] for r in rows} == {"planned"}
    assert {(r["reporter"], r["status"], r["source"], r["day"]) for r in rows} == {
        (
            node_iri("actor", e["reported_by"]),
            e["status"],
            node_iri("source", SECOND_REPORT_SOURCE),
            str(e["date"]),
        )
        for e in outcomes
    }
    assert all(r["sourceDate"] > r["planSourceDate"] for r in rows)


def test_a_plan_no_later_source_speaks_of_has_one_row_without_outcome(seed_store: ox.Store) -> None:
    [row] = [r for r in answer(seed_store, "planned_vs_occurred") if r["event"] == node_iri("event", PATROL)]
    assert row["planStatus"] == "planned"
    assert "status" not in row and "reporter" not in row


@pytest.mark.parametrize("name", ["quantities", "timeline"])
@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_a_window_keeps_the_death_toll_since_february_in_march_and_drops_it_in_january(
    name: str, engine: str, second_store: ox.Store, second_dataset: rdflib.Dataset
) -> None:
    graph = second_store if engine == "oxigraph" else second_dataset
    event = node_iri("event", DEATH_TOLL)
    march = [r for r in answer(graph, name, since="2020-03-10", until="2020-03-12") if r["event"] == event]
    assert march, f"{name} drops the account of {DEATH_TOLL} from 10-12 March"
    january = answer(graph, name, since="2020-01-01", until="2020-01-31")
    assert not [r for r in january if r["event"] == event]
    # The window is the only reason: with no window the account is there, and with only one side of it too.
    assert [r for r in answer(graph, name) if r["event"] == event]
    assert [r for r in answer(graph, name, until="2020-02-01") if r["event"] == event]
    assert not [r for r in answer(graph, name, until="2020-01-31") if r["event"] == event]
    assert not [r for r in answer(graph, name, since="2020-03-17") if r["event"] == event]


def test_the_death_toll_is_about_60_killed_of_the_turkish_soldiers_over_its_period(
    second_store: ox.Store,
) -> None:
    [account] = [e for e in fixture_facts()["events"] if e["id"] == DEATH_TOLL]
    [casualty] = account["casualties"]
    [row] = [r for r in answer(second_store, "quantities") if r["event"] == node_iri("event", DEATH_TOLL)]
    assert (row["counted"], row["of"], row["value"], row["precision"]) == (
        casualty["what"],
        node_iri("actor", casualty["of"]),
        str(casualty["count"]["about"]),
        "approximate",
    )
    published = str(fixture_facts()["source"]["published"])
    assert (row["from"], row["to"], row["dating"]) == (str(account["period"]["from"]), published, "period")


def test_accounts_of_lists_every_account_of_the_patrol_in_source_date_order(second_store: ox.Store) -> None:
    rows = answer(second_store, "accounts_of", event=PATROL)
    expected = {("south-front", "planned")} | {
        (e["reported_by"], e["status"]) for e in fixture_facts()["events"] if e["id"] == PATROL
    }
    assert {(r["reporter"].rsplit("/", 1)[1], r["status"]) for r in rows} == expected
    assert len(rows) == len(expected)
    assert rows[0]["status"] == "planned"
    assert [r["sourceDate"] for r in rows] == sorted(r["sourceDate"] for r in rows)
    for row in rows:
        side = entry(PATROL, row["reporter"].rsplit("/", 1)[1], fixture=row["status"] != "planned")
        for evidence in side["evidence"]:
            assert evidence["quote"] in row["quotes"]
        assert row["date"] == str(side["date"])


def test_provision_compliance_keeps_polarity_and_reporters_apart(second_store: ox.Store) -> None:
    rows = answer(second_store, "provision_compliance")
    day = [
        (r["polarity"], r["status"], r["reporter"].rsplit("/", 1)[1], int(r["reported"]))
        for r in rows
        if r["provision"] == node_iri("provision", ARTICLE_1) and r.get("day") == "2020-03-10"
    ]
    seed_side = entry(DENIED_DAY, "russian-reconciliation-center", fixture=False)
    second_side = entry(DENIED_DAY, "turkish-defense-ministry", fixture=True)
    assert ARTICLE_1 in seed_side["violates"] and ARTICLE_1 in second_side["concerns"]
    assert sorted(day) == [
        ("concerns", "denied", "turkish-defense-ministry", 0),
        ("violates", "occurred", "russian-reconciliation-center", seed_side["count"]),
    ]


def test_violations_by_day_totals_each_reporter_apart(second_store: ox.Store) -> None:
    rows = [r for r in answer(second_store, "violations_by_day") if r["day"] == "2020-03-10"]
    totals = {r["reporter"].rsplit("/", 1)[1]: int(r["dayTotal"]) for r in rows}
    assert totals == {
        "russian-reconciliation-center": entry(DENIED_DAY, "russian-reconciliation-center", fixture=False)[
            "count"
        ],
        "turkish-defense-ministry": 0,
    }


def test_a_period_is_in_no_days_total(seed_store: ox.Store) -> None:
    rows = answer(seed_store, "violations_by_day")
    periods = [r for r in rows if "periodEnd" in r]
    assert periods, "the seed's denial since the ceasefire is a period"
    assert all("dayTotal" not in r for r in periods)
    assert all("dayTotal" in r for r in rows if "periodEnd" not in r)
