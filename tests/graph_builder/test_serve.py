"""``serve``: the endpoint answers as ``query`` does, refuses what the guard refuses, and stops runaways.

Each test talks to a real ``ceasefire-kg serve`` process on 127.0.0.1 (a free port), stopped by the test.
"""

from __future__ import annotations

import csv
import http.client
import io
import json
import signal
import threading
import time
import urllib.parse
import xml.etree.ElementTree as ElementTree
from collections.abc import Iterator
from pathlib import Path

import pytest
import rdflib
from click.testing import CliRunner
from SPARQLWrapper import JSON, TURTLE, SPARQLWrapper

from graph_builder.cli import main
from graph_builder.endpoint.protocol import MAX_BODY_BYTES, MAX_QUERY_LENGTH
from graph_builder.endpoint.workers import DIRECT_BYTES
from queries import catalog
from tests.graph_builder.serving import (
    CROSS_PRODUCT,
    Server,
    cli_query,
    cli_rows,
    fetch,
    json_rows,
    running,
)
from tests.helpers import SEED_SOURCES, assert_isomorphic
from tests.queries.processes import dead_within
from tests.queries.test_service_socket import Listener, service_query

# SPARQLWrapper guesses the form from the text: violations_by_day's header ("adds up") reads to it as ADD.
SELECT = catalog.load_named("timeline").text
ASK = "ASK { ?agreement a cf:Protocol . actor:hulusi-akar a cf:Person }"
ASK_FALSE = "ASK { actor:turkey a cf:Protocol }"
CONSTRUCT = catalog.load_named("actor_network").text
SMALL = "SELECT ?p WHERE { ?p a cf:Protocol } ORDER BY ?p"
GRAPH = "CONSTRUCT { ?p a cf:Protocol } WHERE { ?p a cf:Protocol }"


@pytest.fixture(scope="module")
def server(built_seed: Path) -> Iterator[Server]:
    with running(built_seed, "--timeout", "2", "--workers", "2") as started:
        yield started


def wrapper(server: Server, text: str, fmt: str) -> SPARQLWrapper:
    client = SPARQLWrapper(server.sparql)
    client.setQuery(text)
    client.setReturnFormat(fmt)
    return client


def turtle_graph(text: str | bytes) -> rdflib.Graph:
    return rdflib.Graph().parse(data=text, format="turtle")


def test_sparqlwrapper_gets_the_rows_of_query(server: Server, built_seed: Path) -> None:
    variables, rows = cli_rows(built_seed, SELECT)
    assert rows, "the comparison needs rows"
    answer = wrapper(server, SELECT, JSON).queryAndConvert()
    assert isinstance(answer, dict)
    assert answer["head"]["vars"] == variables
    assert json_rows(answer) == rows


def test_sparqlwrapper_gets_the_boolean_of_query(server: Server, built_seed: Path) -> None:
    for text in (ASK, ASK_FALSE):
        code, stdout, _ = cli_query(built_seed, "--sparql", text)
        assert code == 0
        answer = wrapper(server, text, JSON).queryAndConvert()
        assert isinstance(answer, dict)
        assert answer["boolean"] is (stdout.strip() == "true")
    positive = wrapper(server, ASK, JSON).queryAndConvert()
    assert isinstance(positive, dict) and positive["boolean"] is True


def test_sparqlwrapper_gets_the_graph_of_query(server: Server, built_seed: Path) -> None:
    code, stdout, stderr = cli_query(built_seed, "actor_network")
    assert code == 0, stderr
    expected = turtle_graph(stdout)
    assert len(expected) > 10
    answer = wrapper(server, CONSTRUCT, TURTLE).queryAndConvert()
    assert isinstance(answer, bytes)
    assert_isomorphic(expected, turtle_graph(answer), "the endpoint's CONSTRUCT and the CLI's")


def test_get_form_post_and_query_post_give_the_same_answer(server: Server) -> None:
    accept = {"Accept": "application/sparql-results+json"}
    by_get = fetch(server.sparql, params={"query": SMALL}, headers=accept)
    form = fetch(
        server.sparql,
        data=f"query={SMALL}".replace(" ", "+").replace("?", "%3F").encode(),
        headers={**accept, "Content-Type": "application/x-www-form-urlencoded"},
    )
    posted = fetch(
        server.sparql, data=SMALL.encode(), headers={**accept, "Content-Type": "application/sparql-query"}
    )
    assert by_get.status == form.status == posted.status == 200
    assert json.loads(by_get.body) == json.loads(form.body) == json.loads(posted.body)
    assert json.loads(by_get.body)["results"]["bindings"], "the query has an answer"


@pytest.mark.parametrize(
    ("accept", "media"),
    [
        (None, "application/sparql-results+json"),
        ("*/*", "application/sparql-results+json"),
        ("application/sparql-results+json", "application/sparql-results+json"),
        ("application/sparql-results+xml", "application/sparql-results+xml"),
        ("text/csv", "text/csv"),
        ("text/tab-separated-values", "text/tab-separated-values"),
        ("text/csv;q=0.5, application/sparql-results+xml", "application/sparql-results+xml"),
        ("text/*", "text/csv"),
    ],
)
def test_select_answers_in_the_format_the_client_accepts(
    server: Server, accept: str | None, media: str
) -> None:
    answer = fetch(server.sparql, params={"query": SMALL}, headers={"Accept": accept} if accept else {})
    assert (answer.status, answer.content_type) == (200, media)
    protocol = "https://w3id.org/ceasefire-kg/id/agreement/moscow-additional-protocol-2020"
    if media.endswith("json"):
        assert json.loads(answer.body)["results"]["bindings"] == [{"p": {"type": "uri", "value": protocol}}]
    elif media.endswith("xml"):
        ns = "{http://www.w3.org/2005/sparql-results#}"
        uris = [uri.text for uri in ElementTree.fromstring(answer.body).iter(f"{ns}uri")]
        assert uris == [protocol]
    elif media == "text/csv":
        assert list(csv.reader(io.StringIO(answer.text))) == [["p"], [protocol]]
    else:
        assert answer.text.splitlines() == ["?p", f"<{protocol}>"]


@pytest.mark.parametrize(
    ("accept", "fmt", "media"),
    [
        (None, None, "text/turtle"),
        ("text/turtle", None, "text/turtle"),
        ("application/n-triples", None, "application/n-triples"),
        ("application/ld+json", None, "application/ld+json"),
        ("application/rdf+xml", None, "application/rdf+xml"),
        ("text/turtle", "nt", "application/n-triples"),
    ],
)
def test_construct_answers_in_the_format_the_client_accepts(
    server: Server, accept: str | None, fmt: str | None, media: str
) -> None:
    params = {"query": CONSTRUCT, **({"format": fmt} if fmt else {})}
    answer = fetch(server.sparql, params=params, headers={"Accept": accept} if accept else {})
    assert (answer.status, answer.content_type) == (200, media)
    parser = {"text/turtle": "turtle", "application/n-triples": "nt", "application/ld+json": "json-ld"}
    got = rdflib.Graph().parse(data=answer.body, format=parser.get(media, "xml"))
    reference = fetch(server.sparql, params={"query": CONSTRUCT}, headers={"Accept": "text/turtle"})
    assert len(got) > 10
    assert_isomorphic(turtle_graph(reference.body), got, f"{media} and Turtle")


def test_the_format_parameter_wins_over_accept(server: Server) -> None:
    answer = fetch(server.sparql, params={"query": SMALL, "format": "csv"}, headers={"Accept": "text/turtle"})
    assert (answer.status, answer.content_type) == (200, "text/csv")


def test_an_answer_of_a_kind_the_client_does_not_accept_is_406(server: Server) -> None:
    answer = fetch(server.sparql, params={"query": GRAPH}, headers={"Accept": "text/csv"})
    assert answer.status == 406
    assert "triples (CONSTRUCT, DESCRIBE)" in answer.text and "text/turtle" in answer.text
    assert fetch(server.sparql, params={"query": SMALL}, headers={"Accept": "image/png"}).status == 406
    unknown = fetch(server.sparql, params={"query": SMALL, "format": "excel"})
    assert unknown.status == 400 and "unknown format 'excel'" in unknown.text


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }", "SERVICE is not allowed"),
        ("SELECT * FROM <http://example.org/g> WHERE { ?s ?p ?o }", "FROM is not allowed"),
        ("SELECT * FROM NAMED <http://example.org/g> WHERE { ?s ?p ?o }", "FROM is not allowed"),
        ("LOAD <http://example.org/data.ttl>", "LOAD is not allowed"),
        ("INSERT DATA { <urn:a> <urn:b> <urn:c> }", "INSERT is not allowed"),
        ("DELETE WHERE { ?s ?p ?o }", "DELETE is not allowed"),
        ("SELECT ?s WHERE { ?s ?p }", "SPARQL syntax error"),
    ],
)
def test_the_guard_refuses_with_400_and_its_reason(server: Server, text: str, reason: str) -> None:
    for answer in (
        fetch(server.sparql, params={"query": text}),
        fetch(server.sparql, data=text.encode(), headers={"Content-Type": "application/sparql-query"}),
    ):
        assert answer.status == 400, answer.text
        assert answer.content_type == "text/plain"
        assert reason in answer.text


@pytest.mark.parametrize(
    ("params", "headers", "data", "reason"),
    [
        ({"update": "CLEAR ALL"}, {}, None, "updates are refused"),
        ({}, {"Content-Type": "application/sparql-update"}, b"CLEAR ALL", "updates are refused"),
        ({"query": SMALL, "default-graph-uri": "http://example.org/g"}, {}, None, "default-graph-uri"),
        ({"query": SMALL, "named-graph-uri": "http://example.org/g"}, {}, None, "named-graph-uri"),
        ({}, {}, None, "give one query parameter"),
    ],
)
def test_what_the_protocol_would_load_or_change_is_refused(
    server: Server, params: dict[str, str], headers: dict[str, str], data: bytes | None, reason: str
) -> None:
    answer = fetch(server.sparql, params=params, headers=headers, data=data)
    assert answer.status == 400 and reason in answer.text


def test_service_to_a_listening_socket_is_400_and_nothing_connects(server: Server) -> None:
    listener = Listener()
    try:
        answer = fetch(server.sparql, params={"query": service_query(listener.port)})
        posted = fetch(
            server.sparql,
            data=service_query(listener.port).encode(),
            headers={"Content-Type": "application/sparql-query"},
        )
    finally:
        listener.close()
    assert answer.status == posted.status == 400
    assert "SERVICE is not allowed" in answer.text
    assert listener.connections == []


def test_a_runaway_query_gets_its_error_in_time_and_its_worker_is_gone(server: Server) -> None:
    before = server.workers()
    started = time.monotonic()
    answer = fetch(server.sparql, params={"query": CROSS_PRODUCT})
    seconds = time.monotonic() - started
    assert answer.status == 504 and "ran longer than 2 s and was stopped" in answer.text
    assert seconds < 4, seconds
    # The killed worker may take a moment to be torn down and reaped by the forker.
    deadline = time.monotonic() + 2
    while len(server.workers()) != len(before) and time.monotonic() < deadline:
        time.sleep(0.02)
    after = server.workers()
    gone = before - after
    assert len(gone) == 1, (before, after)  # the killed worker, and only it
    assert all(dead_within(pid, 2) for pid in gone)
    assert len(server.workers()) == len(before)  # replaced: the forker and as many workers as before
    again = fetch(server.sparql, params={"query": SMALL})
    assert again.status == 200


def test_limits_on_the_length_of_a_query_and_the_body(server: Server) -> None:
    long_query = "SELECT * WHERE { ?s ?p ?o } #" + "x" * MAX_QUERY_LENGTH
    posted = fetch(
        server.sparql, data=long_query.encode(), headers={"Content-Type": "application/sparql-query"}
    )
    assert posted.status == 413 and "characters long" in posted.text
    assert fetch(server.sparql, params={"query": long_query}).status == 414
    body = b"query=" + b"x" * (MAX_BODY_BYTES + 1)
    big = fetch(server.sparql, data=body, headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert big.status == 413 and "bytes" in big.text
    wrong = fetch(server.sparql, data=b"{}", headers={"Content-Type": "application/json"})
    assert wrong.status == 415


def test_named_queries_are_listed_with_their_parameters(server: Server) -> None:
    answer = fetch(server.url + "queries")
    assert (answer.status, answer.content_type) == (200, "application/json")
    listing = {query["name"]: query for query in json.loads(answer.body)["queries"]}
    assert sorted(listing) == catalog.named_queries()
    profile = listing["actor_profile"]
    assert profile["url"] == "/queries/actor_profile"
    assert [(p["name"], p["type"], p["example"]) for p in profile["parameters"]] == [
        ("actor", "actor", "hulusi-akar")
    ]


def test_a_named_query_with_parameters_gives_the_rows_of_query(server: Server, built_seed: Path) -> None:
    code, stdout, stderr = cli_query(
        built_seed, "statements_by_speaker", "--param", "speaker=recep-tayyip-erdogan", "--format", "json"
    )
    assert code == 0, stderr
    answer = fetch(server.url + "queries/statements_by_speaker", params={"speaker": "recep-tayyip-erdogan"})
    assert answer.status == 200
    rows = json_rows(json.loads(answer.body))
    assert rows and rows == json_rows(json.loads(stdout))


@pytest.mark.parametrize(
    ("name", "params", "cli"),
    [
        ("actor_profile", {"actor": "hulusi-akkar"}, ["--param", "actor=hulusi-akkar"]),
        ("actor_profile", {}, []),
        (
            "actor_profile",
            {"actor": "hulusi-akar", "colour": "red"},
            ["--param", "actor=hulusi-akar", "--param", "colour=red"],
        ),
        ("violations_by_day", {"day": "2020-03-09"}, ["--param", "day=2020-03-09"]),
        ("statements_by_category", {"category": "not a category"}, ["--param", "category=not a category"]),
    ],
)
def test_a_named_query_with_bad_parameters_is_400_with_the_message_of_the_cli(
    server: Server, built_seed: Path, name: str, params: dict[str, str], cli: list[str]
) -> None:
    code, stdout, stderr = cli_query(built_seed, name, *cli)
    assert code == 2 and stdout == ""
    answer = fetch(server.url + f"queries/{name}", params=params)
    assert answer.status == 400
    assert f"error: {answer.text}" == stderr


def test_an_unknown_named_query_is_404_with_the_nearest_names(server: Server) -> None:
    answer = fetch(server.url + "queries/violation_by_day")
    assert answer.status == 404 and "nearest: violations_by_day" in answer.text


def test_the_pages(server: Server, built_seed: Path) -> None:
    page = fetch(server.url)
    assert (page.status, page.content_type) == (200, "text/html")
    assert "default-src 'none'" in page.headers["Content-Security-Policy"]
    assert 'id="query"' in page.text
    graph = fetch(server.url + "graph")
    assert (graph.status, graph.content_type) == (200, "text/html")
    assert graph.body == (built_seed / "graph.html").read_bytes()
    assert fetch(server.url + "nothing-here").status == 404
    assert fetch(server.url + "queries", data=b"", method="POST").status == 405


def test_one_access_log_line_per_request(built_seed: Path) -> None:
    with running(built_seed, "--workers", "1") as server:
        answers = [
            fetch(server.sparql, params={"query": SMALL}),
            fetch(server.sparql, params={"query": "SELECT * WHERE { SERVICE <urn:x> { ?s ?p ?o } }"}),
            fetch(server.url + "queries"),
            fetch(server.url + "missing"),
        ]
    # Read once the server has stopped: a line is written after its answer is sent.
    lines = [line for line in server.log_text().splitlines() if line.startswith("127.0.0.1 ")]
    assert [answer.status for answer in answers] == [200, 400, 200, 404]
    assert len(lines) == 4, lines
    assert [int(line.split('"')[2].split()[0]) for line in lines] == [200, 400, 200, 404]
    assert "GET /queries HTTP/1.1" in lines[2]


def test_the_endpoint_is_503_when_it_runs_as_many_queries_as_it_takes(built_seed: Path) -> None:
    with running(built_seed, "--workers", "1", "--max-queries", "1", "--timeout", "4") as server:
        outcome: list[int] = []
        runaway = threading.Thread(
            target=lambda: outcome.append(fetch(server.sparql, params={"query": CROSS_PRODUCT}).status)
        )
        runaway.start()
        time.sleep(1.0)
        refused = fetch(server.sparql, params={"query": SMALL})
        runaway.join()
        after = fetch(server.sparql, params={"query": SMALL})
    assert refused.status == 503 and refused.headers.get("Retry-After") == "1"
    assert "answering 1 queries already" in refused.text
    assert outcome == [504]
    assert after.status == 200


def test_a_host_beyond_loopback_is_warned_about(built_seed: Path) -> None:
    with running(built_seed, "--workers", "1", "--host", "127.0.0.1") as server:
        assert "no authentication" not in server.log_text()
    # An address that cannot be bound here: the warning comes first, then the failure to listen (exit 3).
    result = CliRunner().invoke(
        main,
        [
            "serve",
            "--sources",
            str(SEED_SOURCES),
            "--out",
            str(built_seed),
            "--host",
            "192.0.2.1",
            "--port",
            "0",
        ],
    )
    assert "there is no authentication" in result.stderr
    assert result.exit_code == 3, result.stderr


def test_a_killed_server_leaves_no_worker_running(built_seed: Path) -> None:
    with running(built_seed, "--workers", "2") as server:
        assert fetch(server.sparql, params={"query": SMALL}).status == 200
        family = server.workers()
        assert len(family) == 3  # the forker and two workers
        server.process.kill()
        server.process.wait()
        assert all(dead_within(pid, 3) for pid in family), family


def test_a_request_for_another_host_name_is_refused_on_loopback(server: Server) -> None:
    # What a page on another site sees when its name is made to resolve to 127.0.0.1 (DNS rebinding).
    rebound = fetch(server.sparql, params={"query": SMALL}, headers={"Host": "attacker.example:7878"})
    assert rebound.status == 403 and "attacker.example" in rebound.text
    port = server.url.rstrip("/").rsplit(":", 1)[1]
    local = fetch(server.sparql, params={"query": SMALL}, headers={"Host": f"localhost:{port}"})
    assert local.status == 200


def test_one_keep_alive_connection_carries_queries_refusals_and_pages(
    server: Server, built_seed: Path
) -> None:
    # A worker writes a query's answer on the connection, which then comes back to the server.
    connection = http.client.HTTPConnection("127.0.0.1", int(server.url.rstrip("/").rsplit(":", 1)[1]))
    small = "/sparql?" + urllib.parse.urlencode({"query": SMALL})
    service = "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"
    refused = "/sparql?" + urllib.parse.urlencode({"query": service})
    answers = []
    try:
        for path in (small, refused, "/queries", small, small):
            connection.request("GET", path, headers={"Accept": "application/sparql-results+json"})
            response = connection.getresponse()
            answers.append((response.status, response.read(), response.getheader("Connection")))
        connection.request("GET", small, headers={"Connection": "close"})
        last = connection.getresponse()
        last_body, last_connection = last.read(), last.getheader("Connection")
    finally:
        connection.close()
    assert [status for status, _, _ in answers] == [200, 400, 200, 200, 200]
    assert answers[0][1] == answers[3][1] == answers[4][1]
    assert json_rows(json.loads(answers[0][1])) == cli_rows(built_seed, SMALL)[1]
    assert b"SERVICE" in answers[1][1]
    assert all(header is None for _, _, header in answers)
    assert last_connection == "close" and json.loads(last_body)["results"]["bindings"]


@pytest.mark.parametrize("number", [signal.SIGINT, signal.SIGTERM])
def test_serve_stopped_on_purpose_says_stopped_exits_0_and_leaves_no_worker(
    built_seed: Path, number: signal.Signals
) -> None:
    with running(built_seed, "--workers", "2") as started:
        assert fetch(started.sparql, params={"query": SMALL}).status == 200
        below = started.workers()
        assert len(below) == 3, below  # the forker and two workers
        started.process.send_signal(number)
        code = started.process.wait(timeout=20)
        log = started.log_text()
        assert code == 0, log
        assert log.splitlines()[-1] == "stopped", log
        assert all(dead_within(pid, 5) for pid in below), (below, log)


def test_an_answer_larger_than_a_worker_writes_itself_arrives_whole(server: Server) -> None:
    # Past DIRECT_BYTES the worker hands the answer back and the server writes it.
    text = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } LIMIT 20000"
    answer = fetch(
        server.sparql, params={"query": text}, headers={"Accept": "application/sparql-results+json"}
    )
    assert answer.status == 200 and len(answer.body) > DIRECT_BYTES
    assert int(answer.headers["Content-Length"]) == len(answer.body)
    assert len(json.loads(answer.body)["results"]["bindings"]) == 20000
