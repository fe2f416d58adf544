"""Ask the built seed graph, in SPARQL, what an analyst asks of the article and the agreement records."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib

from graph_builder.build import build
from ontology.namespaces import PREFIXES
from tests.helpers import (
    SEED_SOURCES,
    assert_isomorphic,
    named_graphs,
    require_tool,
    seed_facts,
    seed_source_ids,
)

HEADER = "".join(f"PREFIX {prefix}: <{iri}>\n" for prefix, iri in PREFIXES.items())


@pytest.fixture(scope="module")
def store(built_seed: Path) -> ox.Store:
    return ox.Store.read_only(str(built_seed / "store"))


def ask(store: ox.Store, query: str) -> list[tuple[str, ...]]:
    """Run a SELECT over the union of the named graphs; return rows of plain values, sorted."""
    results = store.query(HEADER + query, use_default_graph_as_union=True)
    assert isinstance(results, ox.QuerySolutions)
    names = [v.value for v in results.variables]
    rows = []
    for solution in results:
        row = []
        for name in names:
            term = solution[name]
            value = "" if term is None else term.value
            for prefix, iri in PREFIXES.items():
                if isinstance(term, ox.NamedNode) and value.startswith(iri) and prefix != "cf":
                    value = f"{prefix}:{value[len(iri) :]}"
                    break
            row.append(value)
        rows.append(tuple(row))
    return sorted(rows)


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
          ?violation a cf:CeasefireViolation ; cf:date ?date ; cf:count ?count ;
                     cf:reportedBy ?reporter ; cf:attribution ?attribution .
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
    # named body, so the claim stays with the publisher.
    reporters = {(date, reporter) for date, _, reporter, _, _ in rows}
    assert reporters == {
        ("2020-03-09", "actor:russian-reconciliation-center"),
        ("2020-03-10", "actor:russian-reconciliation-center"),
        ("2020-03-11", "actor:south-front"),
    }


def test_convoys_escorted_per_day_and_by_whom(store: ox.Store) -> None:
    rows = ask(
        store,
        """
        SELECT ?from ?to ?count ?escort ?party ?destination WHERE {
          ?escorting a cf:ConvoyEscort ; cf:count ?count ; cf:performedBy ?escort ;
                     cf:escortedParty ?party ; cf:destination ?destination .
          OPTIONAL { ?escorting cf:date ?day }
          OPTIONAL { ?escorting cf:earliestDate ?earliest ; cf:latestDate ?latest }
          BIND(COALESCE(?day, ?earliest) AS ?from)
          BIND(COALESCE(?day, ?latest) AS ?to)
        }
    """,
    )
    # Zhuravlev said on 9 March that 13 convoys were secured "over the past day": 8 or 9 March.
    assert [(start, end, count) for start, end, count, *_ in rows] == [
        ("2020-03-08", "2020-03-09", "13"),
        ("2020-03-10", "2020-03-10", "4"),
        ("2020-03-11", "2020-03-11", "7"),
    ]
    assert {(escort, party, destination) for *_, escort, party, destination in rows} == {
        ("actor:russian-military-police", "actor:turkey", "place:observation-posts-idlib")
    }


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
                   cf:reportedBy ?reporter .
          ?group a cf:ArmedGroup . actor:turkey cf:backs ?group }
    """,
    )
    assert {group for group, _ in backed} == {"actor:national-liberation-front", "actor:moderate-opposition"}
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
        SELECT ?event ?date ?provision WHERE {
          ?event cf:status status:planned ; cf:date ?date .
          OPTIONAL { ?event cf:concernsProvision ?provision }
          source:southfront-idlib-ceasefire-appears-to-hold cf:earliestDate ?published .
          FILTER(?date >= ?published)
        }
    """,
    )
    assert ("2020-03-15", "provision:moscow-protocol-article-3-joint-patrols") in {(d, p) for _, d, p in rows}


def test_each_reported_violation_concerns_the_ceasefire_provision(store: ox.Store) -> None:
    rows = ask(
        store,
        """
        SELECT ?violation ?provision ?article ?agreement WHERE {
          ?violation a cf:CeasefireViolation .
          OPTIONAL { ?violation cf:concernsProvision ?provision .
                     ?provision cf:articleNumber ?article . ?agreement cf:hasProvision ?provision }
        }
    """,
    )
    violations = [e for e in seed_facts()["events"] if e["type"] == "CeasefireViolation"]
    assert len(rows) == len(violations)
    assert {(p, a, g) for _, p, a, g in rows} == {
        (
            "provision:moscow-protocol-article-1-ceasefire",
            "Article 1",
            "agreement:moscow-additional-protocol-2020",
        )
    }


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
