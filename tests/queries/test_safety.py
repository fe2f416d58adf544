"""The safety check: SERVICE, FROM, LOAD and updates are refused in any reading of the text, in code only."""

from __future__ import annotations

import pytest

from queries.catalog import load_named, named_queries
from queries.safety import UnsafeQueryError, check_query, first_finding

REFUSED = {
    "service": "SELECT * WHERE { SERVICE <http://x/> { ?s ?p ?o } }",
    "lower case": "select * where { service <http://x/> { ?s ?p ?o } }",
    "service silent": "SELECT * WHERE { SERVICE SILENT <http://x/> { ?s ?p ?o } }",
    # Oxigraph matches keywords without a word boundary: this runs SERVICE SILENT.
    "glued keyword": "SELECT * WHERE { SERVICESILENT<http://x/>{ ?s ?p ?o } }",
    "after a boolean": "SELECT * WHERE { ?s ?p trueSERVICE<http://x/>{} }",
    "after a number": "SELECT * WHERE { ?s ?p 1SERVICE<http://x/>{} }",
    "service variable": "SELECT * WHERE { VALUES ?u {<http://x/>} SERVICE ?u { ?s ?p ?o } }",
    "from": "SELECT * FROM <http://e/g> WHERE { ?s ?p ?o }",
    "from named": "SELECT * FROM NAMED <http://e/g> WHERE { GRAPH ?g { ?s ?p ?o } }",
    "from a prefixed name": "PREFIX : <http://e/> SELECT * FROM:g WHERE { ?s ?p ?o }",
    "load": "LOAD <http://x/data.ttl>",
    "insert data": "INSERT DATA { <http://e/a> <http://e/b> <http://e/c> }",
    "delete where": "DELETE WHERE { ?s ?p ?o }",
    "clear": "CLEAR ALL",
    "drop": "DROP GRAPH <http://e/g>",
    # `<'>'` is a comparison with a string for the parsers, but looks like an IRI: in that reading the
    # quote would open a string that hides the SERVICE.
    "comparison that looks like an IRI": (
        "SELECT * WHERE { ?s ?p ?o FILTER(?o<'>'||1)SERVICE <http://127.0.0.1:9/> {} #'\n}"
    ),
    "comment hidden in a fake IRI": (
        "SELECT * WHERE { VALUES ?u {<http://x/>} FILTER(1<2)SERVICE?u#>\n{?s ?p ?o} }"
    ),
    "quoted triple": "SELECT * WHERE { <<?s?p'>'>> . SERVICE <http://e/> {} #'\n}",
    # \' is an escape inside a prefixed name, not the start of a string, also after a non-ASCII letter.
    "escape in a prefixed name": (
        "PREFIX ex: <http://e/> SELECT * WHERE { ?s ?p ex:é\\' . SERVICE <http://evil/> {} # '\n}"
    ),
    # rdflib expands \\u escapes anywhere in the text before parsing.
    "unicode escape": "SELECT * WHERE { \\u0053ERVICE <http://x/> { ?s ?p ?o } }",
}

ALLOWED = {
    "in an IRI": "SELECT * WHERE { ?s <http://example.org/service/from> ?o }",
    "in a string": "SELECT * WHERE { ?s ?p 'SERVICE <http://x/> FROM' }",
    "in a long string": 'SELECT * WHERE { ?s ?p """FROM\nSERVICE <http://x/>""" }',
    "in a comment": "SELECT * WHERE { ?s ?p ?o } # SERVICE <http://x/>\n",
    "as a variable": "SELECT ?from ?service WHERE { ?from ?service ?o }",
    "as a local name": "PREFIX ex: <http://e/> SELECT * WHERE { ?s ex:service ex:load }",
    "as a language tag": "SELECT * WHERE { ?s ?p 'x'@fromage }",
    "comparisons": "SELECT * WHERE { ?s ?p ?o FILTER(?o<?p && ?p>?o && ?o < <http://e/x>) }",
}


@pytest.mark.parametrize("text", REFUSED.values(), ids=REFUSED.keys())
def test_a_forbidden_keyword_is_refused(text: str) -> None:
    with pytest.raises(UnsafeQueryError, match="is not allowed") as caught:
        check_query(text, origin="--sparql")
    assert str(caught.value).startswith("--sparql: ")


@pytest.mark.parametrize("text", ALLOWED.values(), ids=ALLOWED.keys())
def test_the_words_outside_code_are_fine(text: str) -> None:
    assert first_finding(text) is None


@pytest.mark.parametrize("name", named_queries())
def test_every_named_query_passes(name: str) -> None:
    check_query(load_named(name).text, origin=name)


def test_the_message_says_where_the_keyword_stands_and_why() -> None:
    with pytest.raises(UnsafeQueryError) as caught:
        check_query("SELECT *\nWHERE {\n  SERVICE <http://x/> { ?s ?p ?o }\n}", origin="q.rq")
    message = str(caught.value)
    assert message.startswith("q.rq: SERVICE is not allowed (line 3, column 3)")
    assert "another SPARQL endpoint" in message


def test_an_update_is_named_as_an_update() -> None:
    finding = first_finding("INSERT DATA { <http://e/a> <http://e/b> <http://e/c> }")
    assert finding is not None
    assert (finding.keyword, finding.line, finding.column) == ("INSERT", 1, 1)
    assert "update" in finding.reason
