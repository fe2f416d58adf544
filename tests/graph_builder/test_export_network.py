"""GraphML, GEXF and CSV exports read back with the projection's nodes, edges and attributes."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import pytest
import rdflib

from graph_builder.compile import compile_sources
from graph_builder.export import EDGE_COLUMNS, EDGES_CSV, NODE_COLUMNS, NODES_CSV, _csv_files, render
from ontology.errors import InputError
from ontology.namespaces import ID, source_graph_iri
from tests.accounts_fixture import second_report_sources
from tests.helpers import write_mini
from visualize.projection import project

SOURCE = "pax-idlib-agreements"
#: The seed's reconciliation center registered two violations on 10 March; the second report denies any.
DISPUTED = f"{ID}event/violations-2020-03-10"


@pytest.fixture(scope="module")
def store(built_seed: Path) -> Iterator[ox.Store]:
    yield ox.Store.read_only(str(built_seed / "store"))


@pytest.fixture(scope="module")
def network(store: ox.Store) -> nx.MultiDiGraph:
    return project(store)


def edge_multiset(graph: nx.MultiDiGraph) -> Counter[tuple[str, str, tuple[tuple[str, object], ...]]]:
    """Count the edges as (start, end, attributes), leaving out the ids and keys the file formats add."""
    return Counter(
        (start, end, tuple(sorted((k, v) for k, v in data.items() if k not in ("id", "networkx_key"))))
        for start, end, data in graph.edges(data=True)
    )


def assert_same_network(expected: nx.MultiDiGraph, actual: nx.MultiDiGraph) -> None:
    assert dict(actual.nodes(data=True)) == dict(expected.nodes(data=True))
    assert edge_multiset(actual) == edge_multiset(expected)


def test_the_seed_network_has_every_kind_of_attribute(network: nx.MultiDiGraph) -> None:
    names = {name for _, data in network.nodes(data=True) for name in data}
    assert {"label", "kind", "type", "date", "count", "status", "statuses", "reported_by"} <= names
    assert {"accounts", "disputed"} <= names
    assert set(NODE_COLUMNS) - {"id", "disputed_on"} <= names  # no disagreement in the seed alone
    assert any(data["alternative"] for _, _, data in network.edges(data=True))
    assert network.number_of_edges() > network.number_of_nodes() > 50


def test_graphml_reads_back_with_the_same_nodes_edges_and_attributes(
    store: ox.Store, network: nx.MultiDiGraph
) -> None:
    back = nx.read_graphml(io.BytesIO(render(store, "graphml").data), force_multigraph=True)
    assert isinstance(back, nx.MultiDiGraph)
    assert_same_network(network, back)


def test_graphml_edge_ids_are_unique(store: ox.Store) -> None:
    back = nx.read_graphml(io.BytesIO(render(store, "graphml").data), force_multigraph=True)
    keys = [key for _, _, key in back.edges(keys=True)]
    assert len(keys) == len(set(keys))


def test_gexf_reads_back_with_the_same_nodes_edges_and_attributes(
    store: ox.Store, network: nx.MultiDiGraph
) -> None:
    back = nx.read_gexf(io.BytesIO(render(store, "gexf").data))
    assert isinstance(back, nx.MultiDiGraph)
    assert_same_network(network, back)
    # The relationship IRI an edge stands for survives as its key.
    assert {key for _, _, key in back.edges(keys=True)} == {key for _, _, key in network.edges(keys=True)}


def _rows(data: bytes) -> list[dict[str, str]]:
    assert data.startswith(b"\xef\xbb\xbf"), "no byte-order mark: Excel would misread the names"
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_csv_tables_hold_every_node_and_edge_with_their_attributes(
    store: ox.Store, network: nx.MultiDiGraph
) -> None:
    files = render(store, "csv").files
    assert sorted(files) == [EDGES_CSV, NODES_CSV]
    nodes = _rows(files[NODES_CSV])
    assert list(nodes[0]) == list(NODE_COLUMNS)

    def cell(value: object) -> str:
        return str(value).lower() if isinstance(value, bool) else str(value)

    expected_nodes = [
        {
            column: "" if column not in data else cell(data[column])
            for column in NODE_COLUMNS
            if column != "id"
        }
        | {"id": node}
        for node, data in network.nodes(data=True)
    ]
    assert sorted(nodes, key=lambda row: row["id"]) == sorted(expected_nodes, key=lambda row: row["id"])
    edges = _rows(files[EDGES_CSV])
    assert list(edges[0]) == list(EDGE_COLUMNS)

    expected_edges = Counter(
        tuple(
            {"source": start, "target": end, **{k: cell(v) for k, v in data.items()}}.get(column, "")
            for column in EDGE_COLUMNS
        )
        for start, end, data in network.edges(data=True)
    )
    assert Counter(tuple(row[column] for column in EDGE_COLUMNS) for row in edges) == expected_edges
    assert {row["alternative"] for row in edges} == {"true", "false"}


def test_csv_keeps_curly_quotes_and_line_ends_inside_cells(store: ox.Store) -> None:
    nodes = _rows(render(store, "csv").files[NODES_CSV])
    labels = {row["label"] for row in nodes}
    assert "Hay’at Tahrir al-Sham" in labels
    assert render(store, "csv").files[NODES_CSV].count(b"\r\n") == len(nodes) + 1


def test_one_source_network_holds_only_what_the_source_mentions(store: ox.Store) -> None:
    back = nx.read_gexf(io.BytesIO(render(store, "gexf", source=SOURCE).data))
    mentioned = {
        term.value
        for quad in store.quads_for_pattern(None, None, None, ox.NamedNode(source_graph_iri(SOURCE)))
        for term in (quad.subject, quad.object)
        if isinstance(term, ox.NamedNode)
    }
    whole = project(store)
    assert 0 < back.number_of_nodes() < whole.number_of_nodes()
    assert set(back) <= mentioned
    assert any(data["kind"] == "agreement" for _, data in back.nodes(data=True))


def test_the_ontology_is_refused_for_a_network_format(store: ox.Store) -> None:
    with pytest.raises(InputError, match="the ontology can be added to the RDF formats only"):
        render(store, "graphml", with_ontology=True)


@pytest.fixture(scope="module")
def accounts_store(tmp_path_factory: pytest.TempPathFactory) -> ox.Store:
    """Compile the seed plus the invented second report (whose accounts disagree) into a store."""
    store = ox.Store()
    store.extend(compile_sources(second_report_sources(tmp_path_factory.mktemp("accounts"))).quads)
    return store


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_a_disputed_event_keeps_its_accounts_attributes_in_the_network_formats(
    accounts_store: ox.Store, fmt: str
) -> None:
    network = project(accounts_store)
    disputed = network.nodes[DISPUTED]
    assert disputed["disputed"] is True and disputed["accounts"] > 1
    reader = nx.read_graphml if fmt == "graphml" else nx.read_gexf
    options = {"force_multigraph": True} if fmt == "graphml" else {}
    back = reader(io.BytesIO(render(accounts_store, fmt).data), **options)
    assert_same_network(network, back)
    read = back.nodes[DISPUTED]
    # A bool and an int, not text.
    assert read["disputed"] is True and read["accounts"] == disputed["accounts"]
    assert read["statuses"] == disputed["statuses"] == "denied; occurred"
    assert read["disputed_on"] == disputed["disputed_on"]
    assert {data["disputed"] for _, data in back.nodes(data=True) if data["kind"] == "event"} == {True, False}


def test_the_csv_nodes_table_says_which_events_are_disputed(accounts_store: ox.Store) -> None:
    network = project(accounts_store)
    nodes = {row["id"]: row for row in _rows(render(accounts_store, "csv").files[NODES_CSV])}
    disputed = nodes[DISPUTED]
    assert disputed["disputed"] == "true"
    assert disputed["accounts"] == str(network.nodes[DISPUTED]["accounts"])
    assert disputed["statuses"] == "denied; occurred"
    events = [row for row in nodes.values() if row["kind"] == "event"]
    assert {row["disputed"] for row in events} == {"true", "false"}
    assert {row["disputed"] for row in nodes.values() if row["kind"] == "actor"} == {""}


#: Cells a spreadsheet would run as formulas (OWASP's examples of CSV injection), each its own label.
HOSTILE_LABELS = (
    '=HYPERLINK("http://evil.example/","click")',
    "+SUM(1,1)",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
)


def test_csv_formula_injection_text_cells_that_start_a_formula_get_an_apostrophe() -> None:
    network = nx.MultiDiGraph()
    for number, label in enumerate(HOSTILE_LABELS):
        network.add_node(f"{ID}actor/hostile-{number}", label=label, kind="actor")
    network.add_node(f"{ID}event/e", label="A plain - label", kind="event", count=-3, disputed=False)
    network.add_edge(f"{ID}event/e", f"{ID}actor/hostile-0", label="=cmd", relation="participant")
    files = _csv_files(network)
    labels = {row["id"]: row["label"] for row in _rows(files[NODES_CSV])}
    assert [labels[f"{ID}actor/hostile-{n}"] for n in range(len(HOSTILE_LABELS))] == [
        f"'{label}" for label in HOSTILE_LABELS
    ]
    (event,) = (row for row in _rows(files[NODES_CSV]) if row["kind"] == "event")
    # Text that starts harmlessly, numbers (a negative one too) and ids stay as they are.
    assert (event["label"], event["count"], event["disputed"]) == ("A plain - label", "-3", "false")
    (edge,) = _rows(files[EDGES_CSV])
    assert (edge["label"], edge["source"]) == ("'=cmd", f"{ID}event/e")


@pytest.fixture(scope="module")
def hostile_output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the small corpus with actors and an event named like formulas (invented names)."""
    from graph_builder.build import build

    root = tmp_path_factory.mktemp("formulas")
    sources = write_mini(root)
    entities = sources / "entities.yaml"
    text = entities.read_text(encoding="utf-8")
    text = text.replace("name: Turkistan Islamic Party", f"name: {json.dumps(HOSTILE_LABELS[0])}")
    text = text.replace("name: Hay’at Tahrir al-Sham", f"name: {json.dumps(HOSTILE_LABELS[2])}")
    entities.write_text(text, encoding="utf-8")
    facts = sources / "mini-article" / "facts.yaml"
    text = facts.read_text(encoding="utf-8")
    facts.write_text(
        text.replace("label: Two violations on 9 March 2020", f"label: {json.dumps(HOSTILE_LABELS[3])}"),
        encoding="utf-8",
    )
    build(sources, out=root / "output")
    return root / "output"


def test_csv_formula_injection_labels_from_the_sources_reach_the_tables_neutralised_and_rdf_verbatim(
    hostile_output: Path,
) -> None:
    store = ox.Store.read_only(str(hostile_output / "store"))
    csv_files = render(store, "csv", folder=hostile_output).files
    labels = {row["label"] for row in _rows(csv_files[NODES_CSV])}
    chosen = (HOSTILE_LABELS[0], HOSTILE_LABELS[2], HOSTILE_LABELS[3])
    assert {f"'{label}" for label in chosen} <= labels
    assert not labels & set(chosen)
    for fmt in ("turtle", "nq", "jsonld"):
        dataset = rdflib.Dataset()
        dataset.parse(
            data=render(store, fmt, folder=hostile_output).data,
            format={"nq": "nquads", "jsonld": "json-ld"}.get(fmt, fmt),
        )
        literals = {str(o) for _, _, o, _ in dataset.quads() if isinstance(o, rdflib.Literal)}
        assert set(chosen) <= literals, f"a label changed in {fmt}"
        assert not {f"'{label}" for label in chosen} & literals
    graphml = render(store, "graphml", folder=hostile_output).data
    network = nx.read_graphml(io.BytesIO(graphml))
    assert set(chosen) <= {data.get("label") for _, data in network.nodes(data=True)}
