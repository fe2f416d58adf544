"""Accounts in the projection: an event's attributes summarise its accounts, and disagreement is marked.

The unit tests build accounts by hand; the rest project the seed plus the invented second report
(tests/accounts_fixture.py), whose accounts of seed events disagree with the seed's.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path
from typing import Any

import networkx as nx
import pyoxigraph as ox
import pytest
import yaml

from ontology import resources
from ontology.errors import InputError
from ontology.namespaces import ID
from tests.accounts_fixture import SECOND_REPORT, fixture_facts
from tests.helpers import open_store, seed_entities, seed_facts
from visualize.accounts import Account, Quantity, Span, disputed_properties
from visualize.projection import project, summarise_accounts

PATROL = "joint-patrols-m4-2020-03-15"
VIOLATIONS = "violations-2020-03-10"
HOSTILITIES = "hostilities-turkish-soldiers-killed-idlib-since-february-2020"


def event(slug: str) -> str:
    return f"{ID}event/{slug}"


def account(name: str, **values: Any) -> Account:
    values.setdefault("status", "occurred")
    return Account(iri=f"{ID}account/x/{name}", of=event("x"), reporter_label=name, **values)


def exact(value: int) -> Quantity:
    return Quantity("instances", "exact", value)


# -- the summary of hand-made accounts ----------------------------------------------------------------------


def test_accounts_that_agree_are_not_disputed() -> None:
    day = Span("2020-03-15", "2020-03-15")
    accounts = [account("a", status="occurred", span=day), account("b", status="occurred", span=day)]
    assert disputed_properties(accounts) == []


@pytest.mark.parametrize(
    ("first", "second", "disputed"),
    [
        ({"status": "denied"}, {"status": "occurred"}, ["status"]),
        ({"count": exact(2)}, {"count": exact(0)}, ["count"]),
        ({"count": exact(60)}, {"count": Quantity("instances", "approximate", 60)}, ["count"]),
        (
            {"span": Span("2020-03-15", "2020-03-15")},
            {"span": Span("2020-03-14", "2020-03-15", "range")},
            ["date"],
        ),
        ({"places": frozenset({"p"})}, {"places": frozenset({"q"})}, ["place"]),
        (
            {"perpetrators": frozenset({(True, frozenset({"a", "b"}))})},
            {"perpetrators": frozenset({(False, frozenset({"a"}))})},
            ["perpetrators"],
        ),
        (
            {"status": "denied", "count": exact(1)},
            {"status": "occurred", "count": exact(3)},
            ["status", "count"],
        ),
    ],
    ids=["status", "count", "precision", "date", "place", "perpetrators", "two"],
)
def test_accounts_that_give_different_values_are_disputed(
    first: dict[str, Any], second: dict[str, Any], disputed: list[str]
) -> None:
    assert disputed_properties([account("a", **first), account("b", **second)]) == disputed


def test_a_plan_disputes_nothing_with_what_later_became_of_it() -> None:
    # The history of an event: planned for 15 March, then reported occurred on the 16th, with 3 patrols.
    plan = account("a", status="planned", count=exact(1), span=Span("2020-03-15", "2020-03-15"))
    outcome = account("b", status="occurred", count=exact(3), span=Span("2020-03-16", "2020-03-16"))
    assert disputed_properties([plan, outcome]) == []
    assert disputed_properties([plan, outcome, account("c", status="denied")]) == ["status"]


def test_an_account_that_leaves_a_value_out_does_not_dispute_it() -> None:
    # Silence asserts nothing: only one of the two gives a count, a place or a death toll.
    toll = (Quantity("killed", "approximate", 60),)
    accounts = [account("a", count=exact(13), places=frozenset({"p"}), casualties=toll), account("b")]
    assert disputed_properties(accounts) == []
    # Two figures of different things (the killed of two parties) are no disagreement either.
    theirs = (Quantity("killed", "exact", 3, of="s", of_label="Syria"),)
    assert disputed_properties([account("a", casualties=toll), account("b", casualties=theirs)]) == []


def test_the_summary_takes_the_latest_status_and_count_and_spans_every_time() -> None:
    older = account(
        "a", source_date="2020-03-12", status="denied", count=exact(2), span=Span("2020-03-15", "2020-03-15")
    )
    newer = account(
        "b", source_date="2020-03-16", status="occurred", span=Span("2020-02-01", "2020-03-16", "period")
    )
    attrs = summarise_accounts([older, newer])
    assert attrs == {
        "date": "2020-02-01/2020-03-16",
        "status": "occurred",
        "statuses": "denied; occurred",
        "count": 2,  # the newer account gives no count: the older one's stands
        "reported_by": "a; b",
        "accounts": 2,
        "disputed": True,
        "disputed_on": "status; date",
    }


@pytest.mark.parametrize(
    ("span", "since", "until", "inside"),
    [
        (Span("2020-02-01", "2020-03-16", "period"), "2020-03-10", "2020-03-12", True),
        (Span("2020-02-01", "2020-03-16", "period"), "2020-01-01", "2020-01-31", False),
        (Span("2020-03-05", "2020-03-15", "range"), "2020-03-15", None, True),
        (Span("2020-03-09", "2020-03-09"), "2020-03-10", None, False),
        (Span("2020-03-09", "2020-03-09"), None, "2020-03-09", True),
    ],
)
def test_a_span_overlaps_a_window_when_it_has_a_day_in_it(
    span: Span, since: str | None, until: str | None, inside: bool
) -> None:
    assert span.overlaps(since, until) is inside


@pytest.mark.parametrize(
    ("figure", "text"),
    [
        (Quantity("killed", "approximate", 60), "about 60"),
        (Quantity("instances", "exact", 13), "13"),
        (Quantity("instances", "at-least", 10), "at least 10"),
        (Quantity("instances", "vague", vague="several"), "several"),
        (Quantity("killed", "approximate", 12, low=10, high=15), "about 12 (10 to 15)"),
    ],
)
def test_a_figure_reads_as_the_source_gives_it(figure: Quantity, text: str) -> None:
    assert figure.text == text


# -- the seed with the second report ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def projected(accounts_output: Path) -> nx.MultiDiGraph:
    return project(open_store(accounts_output))


def entries(slug: str) -> list[dict[str, Any]]:
    """Return every account of an event in the seed and the fixture, as written."""
    events = seed_facts()["events"] + fixture_facts()["events"]
    return [entry for entry in events if entry["id"] == slug]


def names() -> dict[str, str]:
    actors = (
        seed_entities()["actors"] + yaml.safe_load((SECOND_REPORT / "entities.yaml").read_text())["actors"]
    )
    return {actor["id"]: actor["name"] for actor in actors}


def test_an_event_another_source_reports_stays_one_node(projected: nx.MultiDiGraph) -> None:
    ids = {entry["id"] for entry in seed_facts()["events"] + fixture_facts()["events"]}
    events = Counter(kind for _, kind in projected.nodes(data="kind"))["event"]
    assert events == len(ids) < len(seed_facts()["events"]) + len(fixture_facts()["events"])


def test_the_patrol_planned_in_the_seed_and_reported_occurred_is_its_history(
    projected: nx.MultiDiGraph,
) -> None:
    patrol = projected.nodes[event(PATROL)]
    told = entries(PATROL)
    assert {entry["status"] for entry in told} == {"planned", "occurred"}
    assert patrol["accounts"] == len(told) >= 2
    # A plan and what later became of it are no disagreement (planned_vs_occurred pairs them).
    assert patrol["disputed"] is False
    assert patrol["statuses"] == "occurred; planned"
    # The second report (16 March) is later than the seed's article (12 to 15 March): occurred is the latest.
    assert patrol["status"] == "occurred"
    assert patrol["date"] == "2020-03-15"
    assert patrol["reported_by"] == "; ".join(sorted({names()[entry["reported_by"]] for entry in told}))


def test_a_count_and_a_status_in_dispute_take_the_latest_account(projected: nx.MultiDiGraph) -> None:
    violations = projected.nodes[event(VIOLATIONS)]
    (later,) = [entry for entry in fixture_facts()["events"] if entry["id"] == VIOLATIONS]
    assert violations["disputed_on"] == "status; count"
    assert violations["count"] == later["count"]
    assert violations["status"] == later["status"] == "denied"


def test_a_period_spans_the_event_date_to_the_report(projected: nx.MultiDiGraph) -> None:
    (told,) = entries(HOSTILITIES)
    published = fixture_facts()["source"]["published"]
    assert "to" not in told["period"]  # "since February": the period ends on the report's day
    assert projected.nodes[event(HOSTILITIES)]["date"] == f"{told['period']['from']}/{published}"
    assert projected.nodes[event(HOSTILITIES)]["disputed"] is False


def test_an_events_links_say_whose_accounts_give_them(projected: nx.MultiDiGraph) -> None:
    told = entries(PATROL)
    by_relation = {d["relation"]: d for _, _, d in projected.out_edges(event(PATROL), data=True)}
    implementing = {names()[entry["reported_by"]] for entry in told if entry.get("implements")}
    concerning = {names()[entry["reported_by"]] for entry in told if entry.get("concerns")}
    assert by_relation["implementsProvision"]["reported_by"] == "; ".join(sorted(implementing))
    assert by_relation["concernsProvision"]["reported_by"] == "; ".join(sorted(concerning))
    reporters = {
        v for _, v, d in projected.out_edges(event(PATROL), data=True) if d["relation"] == "reportedBy"
    }
    assert {r.rsplit("/", 1)[-1] for r in reporters} == {entry["reported_by"] for entry in told}


def test_a_window_keeps_an_event_whose_period_overlaps_it(accounts_output: Path) -> None:
    graph = project(open_store(accounts_output), since=dt.date(2020, 3, 10), until=dt.date(2020, 3, 12))
    assert event(HOSTILITIES) in graph
    assert event("violations-2020-03-09") not in graph  # a day before the window
    assert event(PATROL) not in graph  # every account of the patrol is of 15 March


def test_a_window_before_every_period_drops_it(accounts_output: Path) -> None:
    # Nothing in the seed or the report is dated in January: the period from 1 February is not either.
    with pytest.raises(InputError, match="no event or statement is dated between 2020-01-01 and 2020-01-31"):
        project(open_store(accounts_output), since=dt.date(2020, 1, 1), until=dt.date(2020, 1, 31))
    graph = project(open_store(accounts_output), since=dt.date(2020, 1, 1), until=dt.date(2020, 2, 1))
    assert [n for n, kind in graph.nodes(data="kind") if kind == "event"] == [event(HOSTILITIES)]


def test_the_page_marks_the_events_and_properties_that_disputed_facts_lists(accounts_output: Path) -> None:
    store = open_store(accounts_output)
    text = resources.query_files()["disputed_facts"].read_text(encoding="utf-8")
    results = store.query(text, use_default_graph_as_union=True)
    assert isinstance(results, ox.QuerySolutions)
    # The query names an account's time "time"; the node attribute, as the page, "date".
    listed = {(row["event"].value, row["property"].value.replace("time", "date")) for row in results}
    marked = {
        (node, prop)
        for node, data in project(store).nodes(data=True)
        if data.get("disputed")
        for prop in str(data["disputed_on"]).split("; ")
    }
    assert marked == listed
    assert (event(VIOLATIONS), "status") in marked


def test_the_perpetrators_of_a_denied_account_are_denied_not_attributed(projected: nx.MultiDiGraph) -> None:
    denied = [e for e in seed_facts()["events"] if e["status"] == "denied" and e.get("perpetrators")]
    assert denied, "the seed's moderate opposition carried out no violations"
    for entry in denied:
        relations = {d["relation"] for _, _, d in projected.out_edges(event(entry["id"]), data=True)}
        assert "deniedAttribution" in relations
        assert "attribution" not in relations
    # An occurred account's perpetrators stay attributed.
    assert any(d["relation"] == "attribution" for _, _, d in projected.edges(data=True))
