"""Build the seed with the invented second report (a test fixture) and ask what each account says.

The second report (tests/fixtures/second-report, invented for these tests, not real news) reports events
the seed already holds, by their ids: those accounts join the seed's nodes instead of making new ones.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest

from ontology.namespaces import CF
from tests.accounts_fixture import (
    SECOND_REPORT,
    SECOND_REPORT_SOURCE,
    ask,
    fixture_facts,
    merged_entities,
)
from tests.helpers import SEED_SOURCES, seed_facts

PATROL = "joint-patrols-m4-2020-03-15"
SEED_ARTICLE = "southfront-idlib-ceasefire-appears-to-hold"


@pytest.fixture(scope="module")
def store(built_second_report: Path) -> ox.Store:
    return ox.Store.read_only(str(built_second_report / "store"))


def _event_ids(store: ox.Store) -> set[str]:
    rows = ask(
        store,
        """
        SELECT DISTINCT ?event WHERE {
          ?event a ?class . FILTER(STRSTARTS(STR(?event), STR(event:)))
        }
    """,
    )
    return {event.removeprefix("event:") for (event,) in rows}


def _account_entries() -> list[dict[str, Any]]:
    return list(fixture_facts()["events"])


def test_accounts_of_seed_events_add_no_event_node(store: ox.Store, built_seed: Path) -> None:
    seed_ids = {entry["id"] for entry in seed_facts()["events"]}
    fixture_ids = {entry["id"] for entry in _account_entries()}
    # The fixture must do both things for the test to mean anything: report seed events and new ones.
    assert seed_ids & fixture_ids
    assert fixture_ids - seed_ids
    assert _event_ids(ox.Store.read_only(str(built_seed / "store"))) == seed_ids
    assert _event_ids(store) == seed_ids | fixture_ids


def test_each_account_carries_its_reporter_source_and_quotes(store: ox.Store) -> None:
    rows = ask(
        store,
        """
        SELECT ?account ?event ?reporter ?source ?exact WHERE {
          ?event cf:hasAccount ?account .
          ?account a cf:EventAccount ; cf:accountOf ?event ; cf:reportedBy ?reporter ;
                   prov:wasDerivedFrom ?source ;
                   cf:hasEvidence/oa:hasTarget/oa:hasSelector/oa:exact ?exact .
        }
    """,
    )
    found: dict[tuple[str, str, str], set[str]] = {}
    for _account, event, reporter, source, exact in rows:
        found.setdefault((event, reporter, source), set()).add(exact)
    source = f"source:{SECOND_REPORT_SOURCE}"
    for entry in _account_entries():
        key = (f"event:{entry['id']}", f"actor:{entry['reported_by']}", source)
        assert found.get(key) == {e["quote"] for e in entry["evidence"]}, key
    # And the account's IRI names its event, source and reporter, so two reporters never share one.
    accounts = {account for account, *_ in rows}
    assert {
        f"account:{PATROL}/{SEED_ARTICLE}/south-front",
        f"account:{PATROL}/{SECOND_REPORT_SOURCE}/invented-wire",
        f"account:{PATROL}/{SECOND_REPORT_SOURCE}/russian-defense-ministry",
        f"account:{PATROL}/{SECOND_REPORT_SOURCE}/turkish-defense-ministry",
    } <= accounts


def test_the_planned_patrol_and_what_the_second_report_says_happened(store: ox.Store) -> None:
    rows = ask(
        store,
        f"""
        SELECT ?reporter ?source ?status ?date ?implements ?details WHERE {{
          event:{PATROL} cf:hasAccount ?account .
          ?account cf:reportedBy ?reporter ; prov:wasDerivedFrom ?source ; cf:status ?status ;
                   cf:date ?date .
          OPTIONAL {{ ?account cf:implementsProvision ?implements }}
          OPTIONAL {{ ?account cf:details ?details }}
        }}
    """,
    )
    seed = f"source:{SEED_ARTICLE}"
    second = f"source:{SECOND_REPORT_SOURCE}"
    article_3 = "provision:moscow-protocol-article-3-joint-patrols"
    summary = {
        (reporter, source, status, date, implements) for reporter, source, status, date, implements, _ in rows
    }
    assert summary == {
        ("actor:south-front", seed, "status:planned", "2020-03-15", ""),
        ("actor:invented-wire", second, "status:occurred", "2020-03-15", article_3),
        ("actor:russian-defense-ministry", second, "status:occurred", "2020-03-15", article_3),
        ("actor:turkish-defense-ministry", second, "status:occurred", "2020-03-15", article_3),
    }
    details = {reporter: detail for reporter, *_, detail in rows}
    assert "“provocations”" in details["actor:russian-defense-ministry"]
    # One node with two names. The first label in read order is its name (entities, then sources sorted by
    # folder: invented-wire-… before southfront-…); the other is an alternative label.
    labels = ask(
        store,
        f"""SELECT DISTINCT ?label ?alt WHERE {{ event:{PATROL} a cf:JointPatrol ; rdfs:label ?label ;
                                                    skos:altLabel ?alt }}""",
    )
    assert labels == [
        (
            "First Russian-Turkish joint patrol on the M4 highway, 15 March 2020",
            "Russian-Turkish joint patrols along the M4 highway set to begin on 15 March 2020",
        )
    ]


def test_one_ministry_reports_provocations_on_the_patrol_the_other_denies_any_incident(
    store: ox.Store,
) -> None:
    rows = ask(
        store,
        """
        SELECT ?reporter ?status ?link ?provision WHERE {
          event:provocations-during-m4-joint-patrol-2020-03-15 cf:hasAccount ?account .
          ?account cf:reportedBy ?reporter ; cf:status ?status ; ?link ?provision .
          VALUES ?link { cf:violatesProvision cf:implementsProvision cf:concernsProvision }
        }
    """,
    )
    # The Russian ministry's "provocations" violated the ceasefire; the Turkish ministry's "without any
    # incident" denies them, and so only concerns the article.
    article_1 = "provision:moscow-protocol-article-1-ceasefire"
    assert rows == [
        ("actor:russian-defense-ministry", "status:occurred", str(CF.violatesProvision), article_1),
        ("actor:turkish-defense-ministry", "status:denied", str(CF.concernsProvision), article_1),
    ]


def test_the_second_report_denies_the_seeds_violations_of_10_march_with_its_own_count(
    store: ox.Store,
) -> None:
    rows = ask(
        store,
        """
        SELECT ?reporter ?source ?status ?value ?precision WHERE {
          event:violations-2020-03-10 cf:hasAccount ?account .
          ?account cf:reportedBy ?reporter ; prov:wasDerivedFrom ?source ; cf:status ?status ;
                   cf:date "2020-03-10"^^xsd:date ;
                   cf:quantity [ cf:counts counted:instances ; cf:value ?value ; cf:precision ?precision ] .
        }
    """,
    )
    assert rows == [
        (
            "actor:russian-reconciliation-center",
            f"source:{SEED_ARTICLE}",
            "status:occurred",
            "2",
            "precision:exact",
        ),
        (
            "actor:turkish-defense-ministry",
            f"source:{SECOND_REPORT_SOURCE}",
            "status:denied",
            "0",
            "precision:exact",
        ),
    ]


def test_about_60_killed_since_february_is_an_approximate_death_toll_over_a_period(store: ox.Store) -> None:
    rows = ask(
        store,
        """
        SELECT ?event ?reporter ?value ?precision ?counts ?of ?start ?end ?accountStart ?accountEnd WHERE {
          ?event a cf:Hostilities ; cf:hasAccount ?account .
          ?account cf:reportedBy ?reporter ; cf:quantity ?quantity ;
                   cf:periodStart ?accountStart ; cf:periodEnd ?accountEnd .
          ?quantity a cf:Quantity ; cf:value ?value ; cf:precision ?precision ; cf:counts ?counts ;
                    cf:countOf ?of .
          OPTIONAL { ?quantity cf:periodStart ?start ; cf:periodEnd ?end }
        }
    """,
    )
    assert len(rows) == 1
    event, reporter, value, precision, counts, of, start, end, account_start, account_end = rows[0]
    assert (event, reporter) == (
        "event:hostilities-turkish-soldiers-killed-idlib-since-february-2020",
        "actor:invented-wire",
    )
    assert (value, precision, counts, of) == (
        "60",
        "precision:approximate",
        "counted:killed",
        "actor:turkish-armed-forces",
    )
    # "since February", with no end: from 1 February to the report's date (16 March).
    assert (account_start, account_end) == ("2020-02-01", "2020-03-16")
    # The casualty gives no period of its own, so the figure's period is the account's (stated on the
    # figure too, or left to it).
    assert (start or account_start, end or account_end) == ("2020-02-01", "2020-03-16")


def test_a_second_account_of_a_seed_relationship_joins_its_node(store: ox.Store) -> None:
    rows = ask(
        store,
        """
        SELECT ?relationship ?reporter ?source ?title WHERE {
          ?relationship cf:relationFrom actor:hulusi-akar ; cf:relationTo actor:turkish-defense-ministry ;
                        cf:hasAccount ?account .
          ?account a cf:RelationshipAccount ; cf:reportedBy ?reporter ; prov:wasDerivedFrom ?source ;
                   cf:title ?title .
        }
    """,
    )
    relationship = "relationship:hulusi-akar-leads-turkish-defense-ministry"
    assert rows == [
        (relationship, "actor:invented-wire", f"source:{SECOND_REPORT_SOURCE}", "Turkish Defense Minister"),
        (relationship, "actor:south-front", f"source:{SEED_ARTICLE}", "Turkish Defense Minister"),
    ]


def test_the_fixture_is_plainly_marked_as_invented() -> None:
    document = (SECOND_REPORT / SECOND_REPORT_SOURCE / "document.txt").read_text(encoding="utf-8")
    assert document.splitlines()[0].startswith("INVENTED TEST DOCUMENT, NOT REAL NEWS")
    facts = (SECOND_REPORT / SECOND_REPORT_SOURCE / "facts.yaml").read_text(encoding="utf-8")
    assert facts.startswith("# INVENTED FOR TESTS, NOT REAL NEWS.")
    assert fixture_facts()["source"]["title"].startswith("INVENTED TEST DOCUMENT")


def test_merging_the_fixture_entities_refuses_an_id_the_seed_already_has(tmp_path: Path) -> None:
    extra = tmp_path / "entities.yaml"
    extra.write_text("actors:\n  - id: turkey\n    kind: State\n    name: Turkey again\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"actors turkey already in"):
        merged_entities(SEED_SOURCES / "entities.yaml", extra)
    merged = merged_entities(SEED_SOURCES / "entities.yaml", SECOND_REPORT / "entities.yaml")
    assert [a["id"] for a in merged["actors"]][-1] == "invented-wire"
