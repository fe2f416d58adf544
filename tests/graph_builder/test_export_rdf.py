"""RDF exports read back by independent parsers (rdflib, pyoxigraph, rapper, roqet) as the store's graph."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import owlready2
import pyoxigraph as ox
import pytest
import rdflib
from click.testing import CliRunner

from graph_builder.cli import main
from graph_builder.export import FORMATS, graph_triples, render, select_graphs, source_ids
from ontology import resources
from ontology.namespaces import ENTITIES_GRAPH, ONTOLOGY_GRAPH, PREFIXES, source_graph_iri
from tests.helpers import SEED_SOURCES, assert_isomorphic, require_tool, seed_source_ids

SOURCE = "pax-idlib-agreements"
TRIPLE_FORMATS = [name for name, spec in FORMATS.items() if spec.kind == "graph"]
QUAD_FORMATS = [name for name, spec in FORMATS.items() if spec.kind == "dataset"]
#: rdflib's parser name for each RDF export format.
RDFLIB = {
    "turtle": "turtle",
    "nt": "nt",
    "rdfxml": "xml",
    "jsonld": "json-ld",
    "trig": "trig",
    "nq": "nquads",
}
#: rapper's parser name for each format it reads.
RAPPER = {"turtle": "turtle", "nt": "ntriples", "rdfxml": "rdfxml", "trig": "trig", "nq": "nquads"}
#: Named queries roqet runs right: rasqal 0.9 has no property paths, and it miscounts some OPTIONAL/BIND
#: queries (convoy_escorts_by_day, uncertain_attributions) on its own.
ROQET_QUERIES = ["instances_per_class", "backing"]


@pytest.fixture(scope="module")
def store(built_seed: Path) -> Iterator[ox.Store]:
    yield ox.Store.read_only(str(built_seed / "store"))


def store_graphs(store: ox.Store) -> dict[str, rdflib.Graph]:
    """Read every named graph of the store into an rdflib Graph, by graph IRI (without the exporter)."""
    return {
        graph.value: rdflib.Graph().parse(
            data=store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=graph), format="nt"
        )
        for graph in store.named_graphs()
        if isinstance(graph, ox.NamedNode)
    }


def expected_names(*, source: str | None, with_ontology: bool) -> list[str]:
    names = [source_graph_iri(source)] if source else []
    if with_ontology:
        names.append(str(ONTOLOGY_GRAPH))
    return names


def expected_union(store: ox.Store, *, source: str | None, with_ontology: bool) -> rdflib.Graph:
    graphs = store_graphs(store)
    names = expected_names(source=source, with_ontology=with_ontology)
    if source is None:
        names += [name for name in graphs if name != str(ONTOLOGY_GRAPH)]
    union = rdflib.Graph()
    for name in names:
        union += graphs[name]
    return union


#: Where render reads the graph: the store alone, or the graph.ttl and graph.trig the build wrote next to it.
READERS = [pytest.param(False, id="from-store"), pytest.param(True, id="from-build-files")]

SELECTIONS = [
    pytest.param({"source": None, "with_ontology": False}, id="data"),
    pytest.param({"source": None, "with_ontology": True}, id="with-ontology"),
    pytest.param({"source": SOURCE, "with_ontology": False}, id="one-source"),
]


@pytest.mark.parametrize("files", READERS)
@pytest.mark.parametrize("selection", SELECTIONS)
@pytest.mark.parametrize("fmt", TRIPLE_FORMATS)
def test_triple_formats_read_back_by_rdflib_as_the_union_in_the_store(
    store: ox.Store, built_seed: Path, fmt: str, selection: dict[str, object], files: bool
) -> None:
    rendered = render(store, fmt, folder=built_seed if files else None, **selection)  # type: ignore[arg-type]
    ours = rdflib.Graph().parse(data=rendered.data, format=RDFLIB[fmt])
    expected = expected_union(store, **selection)  # type: ignore[arg-type]
    assert len(expected) > 100
    assert_isomorphic(expected, ours, f"{fmt} export")
    assert rendered.summary == f"{len(expected):,} triples"


@pytest.mark.parametrize("fmt", TRIPLE_FORMATS)
def test_triple_formats_read_back_by_pyoxigraph_as_the_union_in_the_store(store: ox.Store, fmt: str) -> None:
    rendered = render(store, fmt)
    extension = FORMATS[fmt].filename.rsplit(".", 1)[1]
    back = (quad.triple for quad in ox.parse(rendered.data, format=ox.RdfFormat.from_extension(extension)))
    ours = rdflib.Graph().parse(data=ox.serialize(back, format=ox.RdfFormat.N_TRIPLES), format="nt")
    assert_isomorphic(expected_union(store, source=None, with_ontology=False), ours, f"{fmt} via pyoxigraph")


@pytest.mark.parametrize("files", READERS)
@pytest.mark.parametrize("selection", SELECTIONS)
@pytest.mark.parametrize("fmt", QUAD_FORMATS)
def test_quad_formats_keep_each_named_graph_of_the_store(
    store: ox.Store, built_seed: Path, fmt: str, selection: dict[str, object], files: bool
) -> None:
    rendered = render(store, fmt, folder=built_seed if files else None, **selection)  # type: ignore[arg-type]
    dataset = rdflib.Dataset()
    dataset.parse(data=rendered.data, format=RDFLIB[fmt])
    ours: dict[str, rdflib.Graph] = {}
    for subject, predicate, obj, graph_name in dataset.quads():
        ours.setdefault(str(graph_name), rdflib.Graph()).add((subject, predicate, obj))
    graphs = store_graphs(store)
    names = expected_names(**selection)  # type: ignore[arg-type]
    if selection["source"] is None:
        names += [name for name in graphs if name != str(ONTOLOGY_GRAPH)]
    assert sorted(ours) == sorted(names)
    for name in names:
        assert_isomorphic(graphs[name], ours[name], f"named graph {name} of the {fmt} export")


@pytest.mark.parametrize(("fmt", "built_file"), [("turtle", "graph.ttl"), ("trig", "graph.trig")])
def test_the_whole_graph_in_turtle_or_trig_is_the_build_file_as_it_is(
    store: ox.Store, built_seed: Path, fmt: str, built_file: str
) -> None:
    # The tests above show that this file is the store's union (Turtle) and its named graphs (TriG).
    rendered = render(store, fmt, folder=built_seed)
    assert rendered.data == (built_seed / built_file).read_bytes()
    assert render(store, fmt, folder=built_seed, with_ontology=True).data != rendered.data


def test_a_triple_two_sources_state_is_exported_once(store: ox.Store) -> None:
    graphs = select_graphs(store)
    quads = sum(1 for graph in graphs for _ in store.quads_for_pattern(None, None, None, graph))
    triples = list(graph_triples(store, graphs))
    assert len(triples) == len(set(triples)) < quads  # the seed states the protocol's signing twice


def test_the_union_of_overlapping_graphs_is_each_triple_once() -> None:
    def node(name: str) -> ox.NamedNode:
        return ox.NamedNode(f"http://example.org/{name}")

    store = ox.Store()
    graphs = [node(f"g{number}") for number in range(4)]
    # a: in every graph, with triples of its own and shared ones; b: only in g1; c: in g1 and g3 only.
    stated = {
        graphs[0]: [("a", "p", "1"), ("a", "p", "2")],
        graphs[1]: [("a", "p", "2"), ("a", "q", "3"), ("b", "p", "1"), ("c", "p", "1")],
        graphs[2]: [("a", "p", "1"), ("a", "p", "2"), ("a", "q", "3")],
        graphs[3]: [("c", "p", "1"), ("c", "p", "4"), ("a", "q", "5"), ("b", "p", "1")],
    }
    for graph, triples in stated.items():
        for subject, predicate, obj in triples:
            store.add(ox.Quad(node(subject), node(predicate), ox.Literal(obj), graph))
    union = graph_triples(store, graphs)
    listed = list(union)
    expected = {ox.Triple(node(s), node(p), ox.Literal(o)) for ts in stated.values() for s, p, o in ts}
    assert sorted(map(str, listed)) == sorted(map(str, expected))
    assert union.count == len(expected) < sum(map(len, stated.values()))  # the graphs overlap
    assert len(list(graph_triples(store, graphs[2:3]))) == len(
        stated[graphs[2]]
    )  # one graph alone: all of it


def test_entities_come_first_then_the_sources_and_the_ontology_before_all(store: ox.Store) -> None:
    graphs = [graph.value for graph in select_graphs(store, with_ontology=True)]
    assert graphs[:2] == [str(ONTOLOGY_GRAPH), str(ENTITIES_GRAPH)]
    assert graphs[2:] == sorted(source_graph_iri(source) for source in seed_source_ids())
    assert "entities" in source_ids(store) and "ontology" not in source_ids(store)


def test_turtle_and_trig_use_the_project_prefixes(store: ox.Store) -> None:
    for fmt in ("turtle", "trig"):
        text = render(store, fmt).data.decode("utf-8")
        assert f"@prefix actor: <{PREFIXES['actor']}> ." in text
        assert "actor:hulusi-akar" in text


def test_turtle_and_trig_write_no_escaped_slash_that_the_owl_api_cannot_read(
    store: ox.Store, built_seed: Path
) -> None:
    # account:<event>/<source>/<reporter> would need "\\/" in a prefixed name; the OWL API refuses that.
    built = [(built_seed / name).read_text(encoding="utf-8") for name in ("graph.ttl", "graph.trig")]
    for text in [render(store, fmt).data.decode("utf-8") for fmt in ("turtle", "trig")] + built:
        assert "\\/" not in text
        assert f"<{PREFIXES['account']}" in text  # the accounts are there, written in full


def test_jsonld_keys_are_readable_terms_and_curies(store: ox.Store) -> None:
    document = json.loads(render(store, "jsonld").data)
    context = document["@context"]
    assert context["actor"] == PREFIXES["actor"]
    assert context["label"] == {"@id": "rdfs:label"}
    turkey = next(node for node in document["@graph"] if node["@id"] == "actor:turkey")
    assert turkey["@type"] == "cf:State"
    assert turkey["label"] == "Turkey"
    assert turkey["wikidata"] == "wd:Q43"
    assert context["wikidata"] == {"@id": "cf:wikidata", "@type": "@id"}
    for node in document["@graph"]:
        for key in node:
            assert not key.startswith("http"), f"full IRI as a key: {key}"


def test_jsonld_holds_events_as_identity_and_their_values_on_accounts(store: ox.Store) -> None:
    document = json.loads(render(store, "jsonld").data)
    context = document["@context"]
    for term in ("hasAccount", "accountOf", "reportedBy", "counts"):
        assert context[term] == {"@id": f"cf:{term}", "@type": "@id"}
    assert context["periodStart"] == {"@id": "cf:periodStart", "@type": "xsd:date"}
    nodes = {node["@id"]: node for node in document["@graph"]}
    patrol = nodes["event:joint-patrols-m4-2020-03-15"]
    assert set(patrol) <= {"@id", "@type", "label", "altLabel", "hasAccount"}
    accounts = patrol["hasAccount"] if isinstance(patrol["hasAccount"], list) else [patrol["hasAccount"]]
    for iri in accounts:
        account = nodes[iri]
        assert account["@type"] == "cf:EventAccount"
        assert account["accountOf"] == patrol["@id"]
        # "status" is the prefix of the status concepts: the property keeps its CURIE, the value expands.
        assert account["cf:status"] == {"@id": "status:planned"}


def _rapper(path: Path, fmt: str) -> subprocess.CompletedProcess[str]:
    rapper = require_tool("rapper", "apt-get install raptor2-utils")
    return subprocess.run(
        [rapper, "-i", RAPPER[fmt], "-c", str(path)], capture_output=True, text=True, check=False
    )


@pytest.mark.parametrize("fmt", list(RAPPER))
def test_rapper_reads_the_export_without_warnings_and_counts_the_same(
    store: ox.Store, fmt: str, tmp_path: Path
) -> None:
    path = tmp_path / FORMATS[fmt].filename
    rendered = render(store, fmt)
    path.write_bytes(rendered.data)
    result = _rapper(path, fmt)
    assert result.returncode == 0, result.stderr
    assert "warning" not in result.stderr.lower(), result.stderr
    assert "error" not in result.stderr.lower(), result.stderr
    if fmt in QUAD_FORMATS:
        expected = sum(len(graph) for graph in store_graphs(store).values()) - len(
            store_graphs(store)[str(ONTOLOGY_GRAPH)]
        )
    else:
        expected = len(expected_union(store, source=None, with_ontology=False))
    assert f"returned {expected} triples" in result.stderr, result.stderr


def _query_rows(runner: CliRunner, built_seed: Path, name: str) -> list[list[str]]:
    """Return the rows ``ceasefire-kg query NAME --format csv`` prints (the header first)."""
    result = runner.invoke(
        main, ["query", name, "--format", "csv", "--sources", str(SEED_SOURCES), "--out", str(built_seed)]
    )
    assert result.exit_code == 0, result.stderr
    return list(csv.reader(io.StringIO(result.stdout, newline="")))


@pytest.mark.parametrize("name", ROQET_QUERIES)
def test_roqet_runs_a_named_query_over_the_turtle_export_with_the_rows_of_query(
    store: ox.Store, name: str, tmp_path: Path, runner: CliRunner, built_seed: Path
) -> None:
    roqet = require_tool("roqet", "apt-get install rasqal-utils")
    path = tmp_path / "graph.ttl"
    # `query` runs over the union of every graph, the ontology's too: export the same.
    path.write_bytes(render(store, "turtle", with_ontology=True).data)
    # -W 0: roqet exits 2 for its own notes on the query ("variable p was bound but is unused"), which say
    # nothing about the data; rapper's test above is the one that forbids warnings on the export.
    result = subprocess.run(
        [roqet, "-W", "0", "-i", "sparql", "-r", "csv", "-D", str(path), str(resources.query_files()[name])],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "error" not in result.stderr.lower(), result.stderr
    header, *rows = list(csv.reader(io.StringIO(result.stdout, newline="")))
    expected_header, *expected = _query_rows(runner, built_seed, name)
    assert header == expected_header
    assert len(expected) >= 4
    assert sorted(rows) == sorted(expected)


@pytest.mark.parametrize("fmt", ["rdfxml", "turtle"])
def test_the_owl_api_reads_the_export_with_its_ontology_and_hermit_finds_it_consistent(
    store: ox.Store, fmt: str, tmp_path: Path
) -> None:
    # The OWL API is the parser Protégé reads files with; HermiT's command line, shipped with owlready2,
    # loads a file through it. xsd:date is outside the OWL 2 datatype map, hence --ignoreUnsupportedDatatypes.
    java = require_tool("java", "apt-get install default-jre-headless")
    hermit = Path(owlready2.__file__).parent / "hermit"
    path = tmp_path / FORMATS[fmt].filename
    path.write_bytes(render(store, fmt, with_ontology=True).data)
    command = [
        java,
        "-cp",
        f"{hermit}{os.pathsep}{hermit / 'HermiT.jar'}",
        "org.semanticweb.HermiT.cli.CommandLine",
    ]
    result = subprocess.run(
        [*command, "-k", "--ignoreUnsupportedDatatypes", path.as_uri()],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert result.stdout.strip() == "http://www.w3.org/2002/07/owl#Thing is satisfiable."
