"""The projection: one node per actor, place, agreement, provision, event and statement; labelled edges."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

import networkx as nx
import pytest

from ontology.errors import InputError
from ontology.namespaces import ID
from tests.helpers import AKAR, open_store, seed_entities, seed_facts
from visualize import reading
from visualize.accounts import read_accounts
from visualize.centrality import linked_graph
from visualize.projection import KINDS, RELATIONS, linked_counts, neighbourhood, project, project_nodes

EVENT = f"{ID}event/mini-violations"
STATEMENT = f"{ID}statement/mini-akar-agreement"


def local(iri: str) -> str:
    return iri.rsplit("/", 1)[-1]


@pytest.fixture(scope="module")
def mini(mini_output: Path) -> nx.MultiDiGraph:
    return project(open_store(mini_output))


def test_nodes_are_the_things_an_analyst_reasons_about(mini: nx.MultiDiGraph) -> None:
    kinds = Counter(kind for _, kind in mini.nodes(data="kind"))
    assert kinds == {"actor": 6, "place": 1, "agreement": 1, "event": 1, "statement": 1}
    # Sources, evidence, attributions and relationship nodes are attributes or edges, never nodes.
    assert not [n for n in mini if any(f"/id/{s}/" in n for s in ("source", "evidence", "attribution"))]
    assert not [n for n in mini if "/id/relationship/" in n]


def test_edges_carry_human_labels_read_from_source_to_target(mini: nx.MultiDiGraph) -> None:
    edges = {(local(u), data["label"], local(v)) for u, v, data in mini.edges(data=True)}
    assert edges == {
        ("mini-violations", "located at", "idlib"),
        ("mini-violations", "attributed to", "turkistan-islamic-party"),
        ("mini-violations", "attributed to", "hayat-tahrir-al-sham"),
        ("mini-violations", "reported by", "russian-reconciliation-center"),
        ("mini-akar-agreement", "speaker", "hulusi-akar"),
        ("mini-akar-agreement", "about", "turkey"),
        ("mini-akar-agreement", "reported by", "mini-news"),
        ("hulusi-akar", "leads", "turkey"),
    }


def test_an_either_or_attribution_is_two_alternative_edges(mini: nx.MultiDiGraph) -> None:
    edges = [(v, d) for _, v, d in mini.out_edges(EVENT, data=True) if d["relation"] == "attribution"]
    attributions = [d for _, d in edges]
    # MINI_FACTS: perpetrators: {one_of: [turkistan-islamic-party, hayat-tahrir-al-sham]}
    assert sorted(local(v) for v, _ in edges) == ["hayat-tahrir-al-sham", "turkistan-islamic-party"]
    assert all(d["alternative"] is True for d in attributions)
    assert {d["reported_by"] for d in attributions} == {"Russian reconciliation center"}
    others = [d for _, _, d in mini.edges(data=True) if d["relation"] != "attribution"]
    assert all(d["alternative"] is False for d in others)


def test_node_attributes_follow_the_contract(mini: nx.MultiDiGraph) -> None:
    for node, data in mini.nodes(data=True):
        assert None not in data.values(), node
        assert isinstance(data["label"], str) and data["label"]
        assert data["kind"] in KINDS
        assert isinstance(data["type"], str)
    event = mini.nodes[EVENT]
    assert event == {
        "label": "Two violations on 9 March 2020",
        "kind": "event",
        "type": "CeasefireViolation",
        "date": "2020-03-09",
        "count": 2,
        "status": "occurred",
        "statuses": "occurred",
        "reported_by": "Russian reconciliation center",
        "accounts": 1,
        "disputed": False,
    }
    assert mini.nodes[STATEMENT]["date"] == "2020-03-05/2020-03-15"
    assert mini.nodes[AKAR] == {"label": "Hulusi Akar", "kind": "actor", "type": "Person"}


def test_edge_attributes_follow_the_contract(mini: nx.MultiDiGraph) -> None:
    for _, _, data in mini.edges(data=True):
        assert None not in data.values()
        assert data["relation"] in RELATIONS
        assert data["label"] == RELATIONS[data["relation"]].label
        assert isinstance(data["alternative"], bool)
    (leads,) = [d for _, _, d in mini.out_edges(AKAR, data=True)]
    assert leads == {"label": "leads", "relation": "headOf", "alternative": False, "reported_by": "Mini News"}
    # An event's link comes from its account, and says whose account gives it.
    (place,) = [d for _, _, d in mini.out_edges(EVENT, data=True) if d["relation"] == "place"]
    assert place["reported_by"] == "Russian reconciliation center"


@pytest.mark.parametrize("focus", ["hulusi-akar", "actor:hulusi-akar", AKAR])
def test_focus_keeps_the_neighbourhood(mini_output: Path, focus: str) -> None:
    graph = project(open_store(mini_output), focus=focus, depth=1)
    assert {local(n) for n in graph} == {"hulusi-akar", "turkey", "mini-akar-agreement"}
    deeper = project(open_store(mini_output), focus=focus, depth=2)
    assert "mini-news" in {local(n) for n in deeper}


def test_an_unknown_focus_names_the_nearest_ids(mini_output: Path) -> None:
    with pytest.raises(InputError, match=r"unknown focus id 'hulusi-akr'; nearest: hulusi-akar"):
        project(open_store(mini_output), focus="hulusi-akr")


def test_since_after_until_is_refused(mini_output: Path) -> None:
    with pytest.raises(InputError, match="since 2020-03-12 is after until 2020-03-10"):
        project(open_store(mini_output), since=dt.date(2020, 3, 12), until=dt.date(2020, 3, 10))


def test_a_window_with_nothing_in_it_is_refused(mini_output: Path) -> None:
    with pytest.raises(InputError, match="no event or statement is dated between 2020-03-16 and the end"):
        project(open_store(mini_output), since=dt.date(2020, 3, 16))


def test_a_window_keeps_what_overlaps_it_and_what_is_still_linked(mini_output: Path) -> None:
    graph = project(open_store(mini_output), since=dt.date(2020, 3, 10))
    # The statement's range (5 to 15 March) overlaps; the 9 March violations and what only they link do not.
    assert {local(n) for n in graph} == {"mini-akar-agreement", "hulusi-akar", "turkey", "mini-news"}
    assert EVENT in project(open_store(mini_output), until=dt.date(2020, 3, 9))


def test_the_seed_projects_every_instance_of_the_six_kinds(built_seed: Path) -> None:
    graph = project(open_store(built_seed))
    kinds = Counter(kind for _, kind in graph.nodes(data="kind"))
    entities, facts = seed_entities(), seed_facts()
    counts = {section: len(entities[section]) for section in ("actors", "places", "agreements")}
    counts |= {section: len(facts[section]) for section in ("statements", "provisions")}
    # An entry of events is one account: the accounts of one id are one event.
    counts["events"] = len({entry["id"] for entry in facts["events"]})
    assert kinds == {section.removesuffix("s"): count for section, count in counts.items()}
    # an attribution "one of A or B" is one alternative edge per candidate
    candidates = [
        candidate
        for records in facts.values()
        for record in records
        for value in record.values()
        if isinstance(value, dict) and "one_of" in value
        for candidate in value["one_of"]
    ]
    alternatives = [d for _, _, d in graph.edges(data=True) if d["alternative"]]
    assert len(alternatives) == len(candidates)


@pytest.fixture(params=["mini_output", "hostile_output", "accounts_output", "built_seed"])
def corpus(request: pytest.FixtureRequest) -> Path:
    """Return the output folder of each built corpus: small, hostile, with several accounts, the seed."""
    out: Path = request.getfixturevalue(request.param)
    return out


def two_in_three(graph: nx.MultiDiGraph) -> list[str]:
    """Return two nodes in every three, spread over the kinds (sorted by kind, so that each kind has some)."""
    ordered = sorted(graph, key=lambda n: (graph.nodes[n]["kind"], n))
    return [node for index, node in enumerate(ordered) if index % 3]


#: ``visualize.reading.restricted`` reads a few IRIs' rows by lookups and many by a hashed scan; the seed is
#: small, so both ways are forced here: each must read the same rows.
WAYS = pytest.mark.parametrize("lookup_limit", [0, 1_000_000], ids=["scanned", "looked-up"])


@WAYS
def test_projecting_some_nodes_gives_the_whole_projection_s_subgraph_on_them(
    corpus: Path, lookup_limit: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(reading, "LOOKUP_LIMIT", lookup_limit)
    store = open_store(corpus)
    whole = project(store)
    nodes = two_in_three(whole)
    part = project_nodes(store, nodes).graph
    expected = whole.subgraph(nodes)
    assert dict(part.nodes(data=True)) == dict(expected.nodes(data=True))
    edges = sorted(part.edges(keys=True, data=True), key=repr)
    assert edges == sorted(expected.edges(keys=True, data=True), key=repr)
    assert 0 < part.number_of_edges() < whole.number_of_edges()


@WAYS
def test_projecting_some_nodes_reads_only_their_accounts(
    accounts_output: Path, lookup_limit: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(reading, "LOOKUP_LIMIT", lookup_limit)
    store = open_store(accounts_output)
    whole = project(store)
    events = sorted(n for n, kind in whole.nodes(data="kind") if kind == "event")
    projection = project_nodes(store, events[:2])
    assert set(projection.accounts) == set(events[:2])
    assert projection.accounts == {e: told for e, told in read_accounts(store).items() if e in events[:2]}


def test_the_store_counts_the_links_the_projection_has(corpus: Path) -> None:
    store = open_store(corpus)
    whole = project(store)
    degrees = {node: degree for node, degree in linked_graph(whole).degree() if degree}
    assert linked_counts(store) == degrees
    # The reporter of every fact is linked to none of them by reporting: it counts no "reported by" link.
    assert any(relation == "reportedBy" for _, _, relation in whole.edges(data="relation"))


@pytest.mark.parametrize("depth", [0, 1, 2, 3])
def test_walking_the_store_reaches_the_nodes_a_focus_keeps(corpus: Path, depth: int) -> None:
    store = open_store(corpus)
    whole = project(store)
    hub = max(whole, key=lambda n: (whole.degree(n), n))
    near = neighbourhood(store, hub, depth)
    assert set(near) == set(project(store, focus=hub, depth=depth))
    undirected = whole.to_undirected(as_view=True)
    assert near == nx.single_source_shortest_path_length(undirected, hub, cutoff=depth)
