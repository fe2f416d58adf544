"""Output formats: W3C CSV, TSV and JSON (checked against Oxigraph's own writers, read back by rdflib),
Markdown and the terminal table for people, Turtle for CONSTRUCT, true/false for ASK."""

from __future__ import annotations

import io
import json

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.query import Result

from ontology.namespaces import PREFIXES
from queries.catalog import from_text, load
from queries.formats import _wrap, render
from queries.params import bind_parameters
from queries.results import Term
from queries.runner import run_query

#: Literals with everything a writer must escape or abbreviate, and an unbound variable.
TRICKY = r"""
SELECT ?iri ?lang ?text ?decimal ?boolean ?integer ?date ?unbound ?negative ?double WHERE {
  VALUES (?iri ?lang ?text ?decimal ?boolean ?integer ?date ?unbound ?negative ?double) {
    (<http://e/a> "fr"@fr "a,b\"c\td\ne\\f | g" 1.50 true 3 "2020-03-09"^^xsd:date UNDEF -5 1.5e3)
    (<http://e/b> "x"@en-GB "" 0.5 false 0 "2020-03-10"^^xsd:date UNDEF +2 "1"^^xsd:double)
  }
}
ORDER BY ?iri
"""
QUERIES = [TRICKY, "timeline", "violations_by_day", "evidence_for"]
PARAMS = {"evidence_for": {"node": "event:violations-2020-03-09"}}
OXIGRAPH_FORMATS = {"csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV}


def oxigraph_own(store: ox.Store, name_or_text: str, fmt: ox.QueryResultsFormat) -> str:
    """Return what Oxigraph's own writer makes of the same query, run directly on the store."""
    query = from_text(name_or_text) if "\n" in name_or_text else load(name_or_text)
    bindings = bind_parameters(query.parameters, PARAMS.get(name_or_text, {}), query=query.name)
    substitutions: dict[ox.Variable, ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple] = {
        ox.Variable(name): ox.NamedNode(term.value) for name, term in bindings.items()
    }
    solutions = store.query(
        query.text, use_default_graph_as_union=True, prefixes=PREFIXES, substitutions=substitutions
    )
    assert isinstance(solutions, ox.QuerySolutions)
    data = solutions.serialize(format=fmt)
    assert data is not None
    return data.decode("utf-8")


@pytest.mark.parametrize("fmt", ["csv", "tsv"])
@pytest.mark.parametrize("name_or_text", QUERIES, ids=["tricky", *QUERIES[1:]])
def test_csv_and_tsv_are_byte_for_byte_oxigraphs_own(
    name_or_text: str, fmt: str, seed_store: ox.Store
) -> None:
    result = run_query(seed_store, name_or_text, params=PARAMS.get(name_or_text))
    assert render(result, fmt) == oxigraph_own(seed_store, name_or_text, OXIGRAPH_FORMATS[fmt])


@pytest.mark.parametrize("name_or_text", QUERIES, ids=["tricky", *QUERIES[1:]])
def test_json_is_oxigraphs_own_and_rdflib_reads_it(name_or_text: str, seed_store: ox.Store) -> None:
    result = run_query(seed_store, name_or_text, params=PARAMS.get(name_or_text))
    ours = render(result, "json")
    assert json.loads(ours) == json.loads(oxigraph_own(seed_store, name_or_text, ox.QueryResultsFormat.JSON))
    parsed = Result.parse(io.StringIO(ours), format="json")
    assert [str(v) for v in parsed.vars or []] == result.variables
    assert len(parsed.bindings) == len(result.rows)


def test_rdflib_reads_back_the_same_terms_from_tsv_and_json(seed_store: ox.Store) -> None:
    result = run_query(seed_store, TRICKY)
    for fmt in ("json", "tsv"):
        parsed = Result.parse(io.StringIO(render(result, fmt)), format=fmt)
        first = parsed.bindings[0]
        assert first[rdflib.Variable("text")] == rdflib.Literal('a,b"c\td\ne\\f | g')
        assert first[rdflib.Variable("lang")] == rdflib.Literal("fr", lang="fr")
        assert first[rdflib.Variable("date")] == rdflib.Literal("2020-03-09", datatype=rdflib.XSD.date)
        assert rdflib.Variable("unbound") not in first


def test_csv_has_crlf_line_ends_and_plain_values(seed_store: ox.Store) -> None:
    text = render(run_query(seed_store, TRICKY), "csv")
    assert text.startswith("iri,lang,text,decimal,boolean,integer,date,unbound,negative,double\r\n")
    assert '"a,b""c\td\ne\\f | g"' in text


def test_markdown_escapes_pipes_and_keeps_rows_on_one_line(seed_store: ox.Store) -> None:
    result = run_query(seed_store, TRICKY)
    lines = render(result, "md").splitlines()
    assert (
        lines[0] == "| iri | lang | text | decimal | boolean | integer | date | unbound | negative | double |"
    )
    assert lines[1].count("---") == len(result.variables)
    assert len(lines) == 2 + len(result.rows)
    assert 'a,b"c\td<br>e\\\\f \\| g' in lines[2]


def test_the_table_shortens_iris_keeps_brackets_and_fits_the_width(seed_store: ox.Store) -> None:
    result = run_query(seed_store, "statements_by_speaker", params={"speaker": "recep-tayyip-erdogan"})
    wide = render(result, "table", width=400)
    assert "[Bashar al-Assad] regime" in wide  # text as it is, no markup reading of the brackets
    assert "statement:erdogan-more-than-retaliation" in wide  # CURIEs, not full IRIs
    assert "https://w3id.org" not in wide
    assert wide.splitlines()[-1] == f"{len(result.rows)} rows"
    narrow = render(result, "table", width=100)
    assert all(len(line) <= 100 for line in narrow.splitlines())
    assert "We are closely" in narrow  # text wraps between words


def test_a_long_id_breaks_after_a_hyphen_or_colon_and_is_cut_only_without_one() -> None:
    assert _wrap("actor:russian-reconciliation-center", 17) == ["actor:russian-", "reconciliation-", "center"]
    assert _wrap("a" * 25, 10) == ["a" * 10, "a" * 10, "a" * 5]
    assert _wrap("x-" + "y" * 12, 10) == ["x-yyyyyyyy", "yyyy"]  # a break that early leaves too little
    assert _wrap("one of: Turkistan Islamic Party", 12) == ["one of:", "Turkistan", "Islamic", "Party"]


def test_an_ask_answers_true_or_false_in_every_format(seed_store: ox.Store) -> None:
    yes = run_query(seed_store, "ASK { ?actor a cf:Person }")
    no = run_query(seed_store, "ASK { ?actor a cf:Nothing }")
    for fmt in ("table", "csv", "tsv", "md"):
        assert render(yes, fmt) == "true\n"
        assert render(no, fmt) == "false\n"
    assert json.loads(render(yes, "json")) == {"head": {}, "boolean": True}


def test_a_construct_gives_turtle_with_only_the_prefixes_it_uses(seed_store: ox.Store) -> None:
    text = render(run_query(seed_store, "actor_network"), "json")  # any format: a graph is Turtle
    graph = rdflib.Graph().parse(data=text, format="turtle")
    assert len(graph) > 10
    assert "@prefix actor:" in text
    assert "@prefix event:" not in text
    assert (None, rdflib.URIRef("https://w3id.org/ceasefire-kg/ontology#backs"), None) in graph


def test_terms_without_datatype_are_strings_and_language_tags_are_lowercase() -> None:
    assert Term.literal("x").datatype == "http://www.w3.org/2001/XMLSchema#string"
    assert Term.literal("x", language="EN-gb").language == "en-gb"
