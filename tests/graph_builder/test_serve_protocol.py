"""The endpoint's reading of requests and its choice of formats, as pure functions (no server)."""

from __future__ import annotations

import pytest

from graph_builder.endpoint.protocol import (
    MAX_QUERY_LENGTH,
    HttpError,
    Negotiated,
    named_parameters,
    negotiate,
    sparql_request,
)


@pytest.mark.parametrize(
    ("accept", "results", "graph"),
    [
        (None, "json", "turtle"),
        ("*/*", "json", "turtle"),
        ("text/csv", "csv", None),
        ("text/turtle", None, "turtle"),
        ("text/csv;q=0.2, text/tab-separated-values;q=0.8", "tsv", None),
        ("application/*;q=0.5, text/csv", "csv", "turtle"),  # application/turtle is an alias
        ("text/csv, */*;q=0.1", "csv", "turtle"),
        ("application/sparql-results+json;q=0, */*", "xml", "turtle"),
        ("application/sparql-results+xml, application/rdf+xml", "xml", "rdfxml"),
    ],
)
def test_accept_chooses_a_format_of_each_kind(
    accept: str | None, results: str | None, graph: str | None
) -> None:
    assert negotiate(accept, None) == Negotiated(results, graph)


def test_the_format_parameter_wins_and_names_one_kind() -> None:
    assert negotiate("text/turtle", "csv") == Negotiated("csv", None)
    assert negotiate(None, "application/ld+json") == Negotiated(None, "jsonld")


def test_an_accept_header_no_format_matches_is_406_naming_what_is_offered() -> None:
    with pytest.raises(HttpError) as caught:
        negotiate("image/png", None)
    assert caught.value.status == 406 and "application/sparql-results+json" in caught.value.message
    with pytest.raises(HttpError) as kind:
        Negotiated("csv", None).for_kind("graph")
    assert kind.value.status == 406 and "text/turtle" in kind.value.message


def test_a_query_by_get_form_and_body() -> None:
    by_get = sparql_request("GET", "query=ASK+%7B%7D", content_type=None, body=b"", accept=None)
    form = sparql_request(
        "POST", "", content_type="application/x-www-form-urlencoded", body=b"query=ASK+%7B%7D", accept=None
    )
    body = sparql_request(
        "POST", "", content_type="application/sparql-query; charset=utf-8", body=b"ASK {}", accept=None
    )
    assert by_get.text == form.text == body.text == "ASK {}"


@pytest.mark.parametrize(
    ("method", "query_string", "content_type", "body", "status"),
    [
        ("GET", "", None, b"", 400),
        ("GET", "query=a&query=b", None, b"", 400),
        ("GET", "query=ASK{}&default-graph-uri=urn:g", None, b"", 400),
        ("POST", "", "application/sparql-update", b"CLEAR ALL", 400),
        ("POST", "query=ASK{}", "application/sparql-query", b"ASK {}", 400),
        ("POST", "", "application/json", b"{}", 415),
        ("POST", "", "application/sparql-query", b"\xff", 400),
        ("GET", "query=" + "x" * (MAX_QUERY_LENGTH + 1), None, b"", 414),
        ("POST", "", "application/sparql-query", b"x" * (MAX_QUERY_LENGTH + 1), 413),
        ("GET", "query=ASK{}&format=a&format=b", None, b"", 400),
    ],
)
def test_bad_requests_are_refused_with_their_status(
    method: str, query_string: str, content_type: str | None, body: bytes, status: int
) -> None:
    with pytest.raises(HttpError) as caught:
        sparql_request(method, query_string, content_type=content_type, body=body, accept=None)
    assert caught.value.status == status


def test_named_parameters_keep_repeats_for_the_cli_check_and_take_the_format_out() -> None:
    assert named_parameters("actor=a&actor=b&format=csv") == (["actor=a", "actor=b"], "csv")
