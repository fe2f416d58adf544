"""Ask the named queries of an Oxigraph server and of Virtuoso the graph was pushed to: the rows of the local
store, parameters bound the same way, and an answer the server cut is never taken for a whole one.

The servers run on loopback ports in temporary folders (tests/servers.py); those tests are slow. The binding
(``values_first``) and the reading of servers' answers are tested without a server.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
import rdflib.compare
from click.testing import CliRunner

from graph_builder.cli import main
from graph_builder.push import push
from ontology.errors import InputError
from queries.catalog import from_text, load_named, named_queries
from queries.params import values_first
from queries.remote import Endpoint, IncompleteAnswerError, Response, answer_chunks
from queries.results import QueryResult, Row, Term
from queries.runner import prepare, run_query
from tests.conftest import CAPPED_VIRTUOSO_ROWS
from tests.dataset_fixtures import DatasetCorpus
from tests.helpers import SEED_SOURCES
from tests.queries.test_golden import EMPTY_ON_SEED, ON_DATASETS
from tests.servers import Server, credentials, push_arguments

#: Named queries whose answer on a server may rightly differ from the local one, with the reason. Empty:
#: every named query answers alike on both servers measured; a new entry needs a server difference that no
#: portable rewrite of the query avoids.
SERVER_DIFFERENCES: dict[tuple[str, str], str] = {}
#: The build each named query is compared on: one where it answers something.
CORPUS = dict.fromkeys(ON_DATASETS, "datasets") | dict.fromkeys(EMPTY_ON_SEED, "second")


def comparable(result: QueryResult) -> object:
    """Return what two engines' answers must share: the sorted rows (blank nodes as one placeholder)."""
    if result.form == "ask":
        return result.boolean
    if result.form == "graph":
        graph = rdflib.Graph()
        for triple in result.triples:
            graph.add(tuple(_rdflib(term) for term in triple))  # type: ignore[arg-type]
        return graph
    return sorted((tuple(_cell(term) for term in row) for row in result.rows), key=repr)


def _cell(term: Term | None) -> tuple[str, ...]:
    if term is None:
        return ()
    if term.kind == "bnode":
        return ("bnode",)
    return (term.kind, term.value, term.datatype or "", term.language or "")


def _rdflib(term: Term) -> rdflib.term.Node:
    if term.kind == "iri":
        return rdflib.URIRef(term.value)
    if term.kind == "bnode":
        return rdflib.BNode(term.value)
    return rdflib.Literal(term.value, lang=term.language, datatype=None if term.language else term.datatype)


# -- with servers ------------------------------------------------------------------------------------------


@pytest.mark.slow
def test_every_named_query_on_the_server_gives_the_local_rows(
    server: Server, built_second_report: Path, built_datasets: tuple[DatasetCorpus, Path]
) -> None:
    builds = {"datasets": built_datasets[1], "second": built_second_report}
    compared: list[str] = []
    differing: list[str] = []
    for corpus, out in builds.items():
        store = ox.Store.read_only(str(out / "store"))
        push(store, server.query_url, credentials=credentials(server), replace=True)
        for name in named_queries():
            if CORPUS.get(name, "datasets") != corpus or (server.kind, name) in SERVER_DIFFERENCES:
                continue
            compared.append(name)
            query = load_named(name)
            local = run_query(store, query, params=query.example)
            if local.form == "select":
                assert local.rows, (
                    f"{name} answers nothing on the {corpus} build: the comparison proves little"
                )
            try:
                remote = run_query(Endpoint(server.query_url), query, params=query.example)
            except InputError as error:  # a query the server refuses: listed with the others, not alone
                differing.append(f"{name}: {error}")
                continue
            if remote.form != local.form or remote.variables != local.variables:
                differing.append(f"{name}: form or variables differ")
                continue
            expected, actual = comparable(local), comparable(remote)
            if isinstance(expected, rdflib.Graph):
                if not (isinstance(actual, rdflib.Graph) and rdflib.compare.isomorphic(expected, actual)):
                    differing.append(f"{name}: another graph")
            elif actual != expected:
                differing.append(f"{name}: {len(actual)} rows, not the local {len(expected)}")  # type: ignore[arg-type]
    assert not differing, f"on {server.kind}, differing from the local store:\n" + "\n".join(differing)
    assert sorted(compared) == sorted(
        n for n in named_queries() if (server.kind, n) not in SERVER_DIFFERENCES
    )


@pytest.mark.slow
def test_the_query_command_asks_the_endpoint(runner: CliRunner, server: Server, built_seed: Path) -> None:
    pushed = runner.invoke(
        main,
        ["push", *push_arguments(server, built_seed.parent), "--replace", "--sources", str(SEED_SOURCES),
         "--out-dir", str(built_seed)],
    )  # fmt: skip
    assert pushed.exit_code == 0, pushed.output
    arguments = ["statements_by_speaker", "--param", "speaker=hulusi-akar", "--format", "json"]
    local = runner.invoke(
        main, ["query", *arguments, "--sources", str(SEED_SOURCES), "--out", str(built_seed)]
    )
    remote = runner.invoke(
        main, ["query", *arguments, "--endpoint", server.query_url, "--out", "/nonexistent"]
    )
    assert remote.exit_code == 0, remote.output
    rows = json.loads(remote.stdout)["results"]["bindings"]
    assert rows and rows == json.loads(local.stdout)["results"]["bindings"]
    mistyped = runner.invoke(
        main, ["query", "actor_profile", "--param", "actor=hulusi-akr", "--endpoint", server.query_url]
    )
    assert mistyped.exit_code == 2
    assert "no actor hulusi-akr in the graph; nearest: hulusi-akar" in mistyped.stderr


@pytest.mark.slow
def test_virtuoso_cutting_an_answer_at_its_row_cap_fails_with_exit_3(
    runner: CliRunner, capped_virtuoso: Server, built_seed: Path
) -> None:
    store = ox.Store.read_only(str(built_seed / "store"))
    push(store, capped_virtuoso.query_url, credentials=credentials(capped_virtuoso))
    every = "SELECT ?s ?p ?o WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o"
    assert len(run_query(store, every)) > CAPPED_VIRTUOSO_ROWS
    result = runner.invoke(main, ["query", "--sparql", every, "--endpoint", capped_virtuoso.query_url])
    assert result.exit_code == 3, result.output
    assert f"the server cut the answer at {CAPPED_VIRTUOSO_ROWS} rows" in result.stderr
    assert result.stdout == ""


@pytest.mark.slow
def test_virtuoso_running_out_of_time_fails_with_exit_3(
    runner: CliRunner, virtuoso: Server, built_seed: Path
) -> None:
    store = ox.Store.read_only(str(built_seed / "store"))
    push(store, virtuoso.query_url, credentials=credentials(virtuoso))
    # A cross product of every triple with every other, filtered on text: too slow for a second, cheap enough
    # by Virtuoso's estimate to be started (it refuses outright what it estimates at over 400 s).
    cross = (
        "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f FILTER(STRLEN(STR(?c)) + STRLEN(STR(?f)) = -1) }"
    )
    result = runner.invoke(
        main, ["query", "--sparql", cross, "--endpoint", virtuoso.query_url, "--timeout", "1"]
    )
    assert result.exit_code == 3, result.output
    assert "ran out of time on the server" in result.stderr
    assert result.stdout == ""


@pytest.mark.slow
def test_an_unreachable_endpoint_exits_3(runner: CliRunner) -> None:
    from tests.servers import free_port

    result = runner.invoke(main, ["query", "timeline", "--endpoint", f"http://127.0.0.1:{free_port()}/query"])
    assert result.exit_code == 3, result.output
    assert "is the server running?" in result.stderr


# -- without a server --------------------------------------------------------------------------------------


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
@pytest.mark.parametrize("name", [n for n in named_queries() if load_named(n).parameters])
def test_values_first_answers_as_the_engines_own_binding(
    name: str, engine: str, request: pytest.FixtureRequest
) -> None:
    query = load_named(name)
    prepared = prepare(query, params=query.example)
    corpus = "datasets" if name in ON_DATASETS else "seed"
    graph = request.getfixturevalue(f"{corpus}_store" if engine == "oxigraph" else f"{corpus}_dataset")
    bound = replace(query, text=values_first(query.text, prepared.bindings, origin=name), parameters=())
    expected = run_query(graph, prepared)
    assert expected.rows, f"{name} answers nothing with its example: the comparison proves little"
    assert comparable(run_query(graph, bound)) == comparable(expected)


def test_values_first_opens_the_where_group_not_a_template_string_or_comment() -> None:
    iri = Term.iri("https://w3id.org/ceasefire-kg/id/actor/hulusi-akar")
    text = (
        "# a comment with a { brace\n"
        'CONSTRUCT { ?actor <urn:says> "{ not a group" } # {\n'
        "WHERE {\n  ?actor a ?kind\n}"
    )
    bound = values_first(
        text, {"actor": iri, "n": Term.literal("3", "http://www.w3.org/2001/XMLSchema#integer")}, origin="t"
    )
    assert bound.splitlines()[2] == f"WHERE {{ VALUES (?actor ?n) {{ (<{iri.value}> 3) }} "
    assert len(bound.splitlines()) == len(text.splitlines()), "the lines of the query kept their numbers"
    assert values_first(text, {}, origin="t") == text
    with pytest.raises(InputError, match="the query has none"):
        values_first("DESCRIBE <urn:x>", {"actor": iri}, origin="t")


def test_a_bound_string_stays_data() -> None:
    hostile = Term.literal('x" } } SELECT * WHERE { ?s ?p ?o } #')
    bound = values_first("SELECT ?text WHERE { ?s ?p ?text }", {"text": hostile}, origin="t")
    store = ox.Store()
    store.add(ox.Quad(ox.NamedNode("urn:s"), ox.NamedNode("urn:p"), ox.Literal(hostile.value)))
    store.add(ox.Quad(ox.NamedNode("urn:s"), ox.NamedNode("urn:p"), ox.Literal("other")))
    rows = run_query(store, from_text(bound)).rows
    assert rows == [(Term.literal(hostile.value),)]


def _select(rows: int, headers: dict[str, str] | None = None) -> Response:
    bindings = [{"n": {"type": "typed-literal", "datatype": "http://www.w3.org/2001/XMLSchema#integer",
                       "value": str(i)}} for i in range(rows)]  # fmt: skip
    body = json.dumps({"head": {"vars": ["n"]}, "results": {"bindings": bindings}}).encode()
    return Response(200, headers or {}, body)


def _rows(response: Response) -> list[Row]:
    from queries.results import Rows

    return [
        row
        for chunk in answer_chunks(response, "select", origin="q")
        if isinstance(chunk, Rows)
        for row in chunk.rows
    ]


def test_a_whole_answer_is_read_with_its_typed_literals() -> None:
    rows = _rows(_select(3))
    assert rows[2] == (Term.literal("2", "http://www.w3.org/2001/XMLSchema#integer"),)


@pytest.mark.parametrize(
    ("response", "message"),
    [
        (_select(5, {"x-sparql-maxrows": "5"}), "the server cut the answer at 5 rows"),
        (
            _select(5, {"x-sql-state": "S1TAT", "x-sql-message": "RC...: Returning incomplete results"}),
            "ran out of time",
        ),
        (_select(10_000), "exactly 10,000 rows, Virtuoso's default ResultSetMaxRows"),
        (Response(200, {}, b'{"head": {"vars": ["n"]}, "results": {"bindings": [{"n": '), "breaks off"),
    ],
    ids=["row-cap-header", "timeout-header", "known-cap", "broken-body"],
)
def test_an_answer_the_server_cut_is_never_taken_for_whole(response: Response, message: str) -> None:
    with pytest.raises(IncompleteAnswerError, match=message):
        _rows(response)
