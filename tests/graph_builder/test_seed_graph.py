"""Ask the built seed graph, in SPARQL, what an analyst asks of the article and the agreement records."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
import rdflib

from graph_builder.build import build
from ontology.namespaces import CF
from tests.accounts_fixture import ask
from tests.helpers import (
    SEED_SOURCES,
    assert_isomorphic,
    named_graphs,
    require_tool,
    seed_facts,
    seed_source_ids,
)


@pytest.fixture(scope="module")
def store(built_seed: Path) -> ox.Store:
    return ox.Store.read_only(str(built_seed / "store"))


def test_parties_of_the_moscow_protocol_and_what_it_supplements(store: ox.Store) -> None:
    assert ask(
        store,
        """
        SELECT ?party WHERE { ?party cf:partyTo agreement:moscow-additional-protocol-2020 }
    """,
    ) == [("actor:russia",), ("actor:turkey",)]
    assert ask(
        store,
        """
        SELECT ?memorandum ?kind WHERE {
          agreement:moscow-additional-protocol-2020 cf:supplements ?memorandum . ?memorandum a ?kind }
    """,
    ) == [("agreement:sochi-memorandum-2018", "https://w3id.org/ceasefire-kg/ontology#Memorandum")]


def test_violations_per_day_with_reporter_and_candidate_perpetrators(store: ox.Store) -> None:
    rows = ask(
        store,
        """
        SELECT ?date ?count ?reporter ?candidate ?oneOf WHERE {
          ?violation a cf:CeasefireViolation ; cf:hasAccount ?account .
          ?account cf:status status:occurred ; cf:date ?date ; cf:reportedBy ?reporter ;
                   cf:quantity ?quantity ; cf:attribution ?attribution .
          ?quantity cf:counts counted:instances ; cf:value ?count ; cf:precision precision:exact .
          ?attribution cf:candidate ?candidate .
          BIND(EXISTS { ?attribution a cf:AlternativeAttribution } AS ?oneOf)
        }
    """,
    )
    per_day = {(date, count) for date, count, *_ in rows}
    assert per_day == {("2020-03-09", "2"), ("2020-03-10", "2"), ("2020-03-11", "8")}
    assert {candidate for *_, candidate, _ in rows} == {
        "actor:turkistan-islamic-party",
        "actor:hayat-tahrir-al-sham",
    }
    assert {one_of for *_, one_of in rows} == {"true"}
    # 9 and 10 March: "the Russian reconciliation center registered"; 11 March: "were registered", by no
    # named body, so the account stays with the publisher.
    reporters = {(date, reporter) for date, _, reporter, _, _ in rows}
    assert reporters == {
        ("2020-03-09", "actor:russian-reconciliation-center"),
        ("2020-03-10", "actor:russian-reconciliation-center"),
        ("2020-03-11", "actor:south-front"),
    }


def test_the_moderate_opposition_carrying_out_no_violations_is_a_denied_account_over_a_period(
    store: ox.Store,
) -> None:
    rows = ask(
        store,
        """
        SELECT ?reporter ?status ?start ?end ?candidate ?provision ?violates ?quantities ?day WHERE {
          event:violations-by-moderate-opposition-since-ceasefire a cf:CeasefireViolation ;
            cf:hasAccount ?account .
          ?account cf:reportedBy ?reporter ; cf:status ?status ; cf:periodStart ?start ; cf:periodEnd ?end ;
                   cf:attribution/cf:candidate ?candidate ; cf:concernsProvision ?provision .
          BIND(EXISTS { ?account cf:violatesProvision ?any } AS ?violates)
          BIND(EXISTS { ?account cf:quantity ?q } AS ?quantities)
          BIND(EXISTS { ?account cf:date|cf:earliestDate ?d } AS ?day)
        }
    """,
    )
    # "didn’t carry out any violations according to reports": a negative account, from the ceasefire
    # (6 March) to the last day the article may have been published (15 March); it asserts no violation.
    assert rows == [
        (
            "actor:south-front",
            "status:denied",
            "2020-03-06",
            "2020-03-15",
            "actor:moderate-opposition",
            "provision:moscow-protocol-article-1-ceasefire",
            "false",
            "false",
            "false",
        )
    ]
    # The sentence stays a statement of the publisher as well.
    assert ask(
        store,
        "SELECT ?who WHERE { statement:south-front-moderate-opposition-no-violations cf:speaker ?who }",
    ) == [("actor:south-front",)]


def test_convoys_escorted_per_day_and_by_whom(store: ox.Store) -> None:
    rows = ask(
        store,
        """
        SELECT ?escorting ?from ?to ?count ?reporter ?escort ?party ?destination ?provision WHERE {
          ?escorting a cf:ConvoyEscort ; cf:hasAccount ?account .
          ?account cf:reportedBy ?reporter ; cf:performedBy ?escort ; cf:escortedParty ?party ;
                   cf:destination ?destination ; cf:implementsProvision ?provision ;
                   cf:quantity [ cf:counts counted:instances ; cf:value ?count ] .
          OPTIONAL { ?account cf:date ?day }
          OPTIONAL { ?account cf:earliestDate ?earliest ; cf:latestDate ?latest }
          BIND(COALESCE(?day, ?earliest) AS ?from)
          BIND(COALESCE(?day, ?latest) AS ?to)
        }
    """,
    )
    # Zhuravlev said on 9 March that 13 convoys were secured "over the past day": 8 or 9 March.
    assert sorted({(start, end, count) for _, start, end, count, *_ in rows}) == [
        ("2020-03-08", "2020-03-09", "13"),
        ("2020-03-10", "2020-03-10", "4"),
        ("2020-03-11", "2020-03-11", "7"),
    ]
    assert {
        (escort, party, destination, provision) for *_, escort, party, destination, provision in rows
    } == {
        (
            "actor:russian-military-police",
            "actor:turkey",
            "place:observation-posts-idlib",
            "provision:sochi-memorandum-observation-posts",
        )
    }
    # The 13 convoys: the publisher's sentence and Zhuravlev's quote are two accounts of one escort.
    reporters: dict[str, set[str]] = {}
    for escorting, *_, reporter, _, _, _, _ in rows:
        reporters.setdefault(escorting, set()).add(reporter)
    assert reporters == {
        "event:convoy-escorts-13-turkish-convoys": {"actor:south-front", "actor:oleg-zhuravlev"},
        "event:convoy-escorts-2020-03-10": {"actor:south-front"},
        "event:convoy-escorts-2020-03-11": {"actor:south-front"},
    }


def test_each_account_of_the_ministries_call_keeps_its_reporter_and_words(store: ox.Store) -> None:
    rows = ask(
        store,
        """
        SELECT ?reporter ?initiator ?exact WHERE {
          event:defense-ministries-phone-call cf:hasAccount ?account .
          ?account cf:reportedBy ?reporter ; cf:hasEvidence/oa:hasTarget/oa:hasSelector/oa:exact ?exact .
          OPTIONAL { ?account cf:initiatedBy ?initiator }
        }
    """,
    )
    by_reporter: dict[str, tuple[set[str], set[str]]] = {}
    for reporter, initiator, exact in rows:
        initiators, quotes = by_reporter.setdefault(reporter, (set(), set()))
        if initiator:
            initiators.add(initiator)
        quotes.add(exact)
    assert sorted(by_reporter) == ["actor:interfax", "actor:russian-defense-ministry"]
    # Interfax reports the call and says nothing of who initiated it; the ministry says the Turkish side.
    interfax_initiators, interfax_quotes = by_reporter["actor:interfax"]
    ministry_initiators, ministry_quotes = by_reporter["actor:russian-defense-ministry"]
    assert interfax_initiators == set()
    assert ministry_initiators == {"actor:turkish-defense-ministry"}
    assert all(quote.startswith("Interfax reported") for quote in interfax_quotes)
    assert any("at the initiative of the Turkish side" in quote for quote in ministry_quotes)
    assert not interfax_quotes & ministry_quotes


def test_every_statement_by_erdogan_with_date_and_text(store: ox.Store) -> None:
    rows = ask(
        store,
        """
        SELECT ?statement ?date ?earliest ?latest ?text ?kind WHERE {
          ?statement cf:speaker actor:recep-tayyip-erdogan ; cf:text ?text ; cf:textKind ?kind .
          OPTIONAL { ?statement cf:date ?date }
          OPTIONAL { ?statement cf:earliestDate ?earliest ; cf:latestDate ?latest }
        }
    """,
    )
    texts = {text for *_, text, _ in rows}
    assert "Turkey will do more than mere retaliation if its observation posts in Idlib are targeted" in texts
    assert any(
        text.startswith("We are closely monitoring the deployment of the [Bashar al-Assad] regime")
        for text in texts
    )
    assert any("positive assessment" in text for text in texts)
    for _, date, earliest, latest, _, _ in rows:
        assert date or (earliest and latest)
    assert {kind for *_, kind in rows} == {"textkind:verbatim", "textkind:paraphrase"}


def test_armed_groups_turkey_backs_and_officially_does_not(store: ox.Store) -> None:
    backed = ask(
        store,
        """
        SELECT ?group ?reporter WHERE {
          ?backing a cf:Backing ; cf:relationFrom actor:turkey ; cf:relationTo ?group ;
                   cf:hasAccount/cf:reportedBy ?reporter .
          ?group a cf:ArmedGroup . actor:turkey cf:backs ?group }
    """,
    )
    assert set(backed) == {
        ("actor:national-liberation-front", "actor:south-front"),
        ("actor:moderate-opposition", "actor:south-front"),
    }
    not_backed = ask(
        store,
        """
        SELECT ?group WHERE {
          ?relation a cf:OfficialNonBacking ; cf:relationFrom actor:turkey ; cf:relationTo ?group .
          ?group a cf:ArmedGroup }
    """,
    )
    # "either from the Turkistan Islamic Party or Hay’at Tahrir al-Sham, which Turkey officially
    # doesn’t support"
    assert {group for (group,) in not_backed} == {
        "actor:hayat-tahrir-al-sham",
        "actor:turkistan-islamic-party",
    }


def test_what_was_planned_but_had_not_happened_by_the_article_date(store: ox.Store) -> None:
    rows = ask(
        store,
        """
        SELECT ?event ?date ?provision ?implements WHERE {
          ?event cf:hasAccount ?account .
          ?account cf:status status:planned ; cf:date ?date ;
                   prov:wasDerivedFrom source:southfront-idlib-ceasefire-appears-to-hold .
          OPTIONAL { ?account cf:concernsProvision ?provision }
          BIND(EXISTS { ?account cf:implementsProvision ?any } AS ?implements)
          source:southfront-idlib-ceasefire-appears-to-hold cf:earliestDate ?published .
          FILTER(?date >= ?published)
        }
    """,
    )
    # "are set to begin": a plan concerns the patrol and corridor articles; it implements nothing yet.
    assert rows == [
        (
            "event:joint-patrols-m4-2020-03-15",
            "2020-03-15",
            "provision:moscow-protocol-article-2-security-corridor",
            "false",
        ),
        (
            "event:joint-patrols-m4-2020-03-15",
            "2020-03-15",
            "provision:moscow-protocol-article-3-joint-patrols",
            "false",
        ),
    ]


def _occurred_violation_accounts() -> list[dict[str, Any]]:
    """Return the seed's accounts of ceasefire violations that say they occurred (plain PyYAML)."""
    events = seed_facts()["events"]
    violations = {e["id"] for e in events if e.get("type") == "CeasefireViolation"}
    return [e for e in events if e["id"] in violations and e["status"] == "occurred"]


def test_each_reported_violation_violates_the_ceasefire_provision(store: ox.Store) -> None:
    rows = ask(
        store,
        """
        SELECT ?account ?provision ?article ?agreement WHERE {
          ?violation a cf:CeasefireViolation ; cf:hasAccount ?account .
          ?account cf:status status:occurred .
          OPTIONAL { ?account cf:violatesProvision ?provision .
                     ?provision cf:articleNumber ?article . ?agreement cf:hasProvision ?provision }
        }
    """,
    )
    assert len(rows) == len(_occurred_violation_accounts())
    assert {(p, a, g) for _, p, a, g in rows} == {
        (
            "provision:moscow-protocol-article-1-ceasefire",
            "Article 1",
            "agreement:moscow-additional-protocol-2020",
        )
    }


def test_talks_about_the_patrols_only_concern_the_patrol_article(store: ox.Store) -> None:
    rows = ask(
        store,
        """
        SELECT ?link ?provision WHERE {
          event:military-talks-joint-patrols cf:hasAccount ?account .
          ?account ?link ?provision . ?provision cf:articleNumber ?article .
        }
    """,
    )
    assert rows == [(str(CF.concernsProvision), "provision:moscow-protocol-article-3-joint-patrols")]


def test_event_nodes_hold_only_identity_and_every_value_lives_on_an_account(store: ox.Store) -> None:
    misplaced = ask(
        store,
        """
        SELECT ?event ?property WHERE {
          ?event ?property ?value .
          FILTER(STRSTARTS(STR(?event), STR(event:)))
          VALUES ?property { cf:status cf:count cf:reportedBy cf:date cf:earliestDate cf:latestDate
                             cf:place cf:participant cf:quantity cf:hasEvidence cf:concernsProvision }
        }
    """,
    )
    assert misplaced == []
    accounts = ask(
        store,
        """
        SELECT ?event (COUNT(DISTINCT ?account) AS ?n) WHERE {
          ?event cf:hasAccount ?account .
          FILTER(STRSTARTS(STR(?event), STR(event:)))
          ?account a cf:EventAccount ; cf:accountOf ?event ; cf:reportedBy ?reporter ;
                   prov:wasDerivedFrom ?source ; cf:hasEvidence ?evidence .
        } GROUP BY ?event
    """,
    )
    expected: dict[str, int] = {}
    for entry in seed_facts()["events"]:
        expected[f"event:{entry['id']}"] = expected.get(f"event:{entry['id']}", 0) + 1
    assert {event: int(n) for event, n in accounts} == expected


def test_every_evidence_quote_stands_at_its_offsets(store: ox.Store) -> None:
    rows = ask(
        store,
        """
        SELECT ?source ?exact ?start ?end ?prefix ?suffix WHERE {
          ?evidence oa:hasTarget ?target . ?target oa:hasSource ?source ;
            oa:hasSelector ?quote, ?position .
          ?quote oa:exact ?exact ; oa:prefix ?prefix ; oa:suffix ?suffix .
          ?position oa:start ?start ; oa:end ?end .
        }
    """,
    )
    assert len(rows) > 50
    documents: dict[str, str] = {}
    for source, exact, start, end, prefix, suffix in rows:
        folder = source.removeprefix("source:")
        text = documents.setdefault(
            folder, (SEED_SOURCES / folder / "document.txt").read_text(encoding="utf-8")
        )
        assert text[int(start) : int(end)] == exact
        assert text[: int(start)].endswith(prefix)
        assert text[int(end) :].startswith(suffix)


def test_no_fact_rests_on_page_furniture(store: ox.Store) -> None:
    rows = ask(store, """SELECT ?exact WHERE { ?quote a oa:TextQuoteSelector ; oa:exact ?exact }""")
    for (exact,) in rows:
        for furniture in ("Click to see full-size image", "Consider helping us", "2,500 $", "3,492 $"):
            assert furniture not in exact


def test_a_second_build_gives_an_isomorphic_graph(built_seed: Path, tmp_path: Path) -> None:
    build(SEED_SOURCES, out=tmp_path / "again")
    first = named_graphs(built_seed / "graph.trig")
    second = named_graphs(tmp_path / "again" / "graph.trig")
    assert sorted(first) == sorted(second)
    assert len(first) == 1 + len(seed_source_ids())  # the entities' graph and one per source
    for name, graph in first.items():
        assert_isomorphic(graph, second[name], f"named graph {name} of two builds")


def test_graph_turtle_parses_with_rapper_without_warnings(built_seed: Path) -> None:
    rapper = require_tool("rapper", "apt-get install raptor2-utils")
    result = subprocess.run(
        [rapper, "-i", "turtle", "-c", str(built_seed / "graph.ttl")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "warning" not in result.stderr.lower(), result.stderr
    ours = rdflib.Graph().parse(built_seed / "graph.ttl", format="turtle")
    assert f"returned {len(ours)} triples" in result.stderr
