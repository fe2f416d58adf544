"""The named queries: their headers, the questions they cover, how names and files are found and listed."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ontology.errors import InputError
from queries import catalog
from queries.catalog import format_listing, load, load_named, named_queries, named_queries_loaded, parse

#: The questions the library must answer (the three counting queries `stats` uses among them).
REQUIRED = {
    "agreement_parties_provisions",
    "agreement_links",
    "timeline",
    "violations_by_day",
    "convoy_escorts_by_day",
    "actor_profile",
    "statements_by_speaker",
    "statements_by_category",
    "backing",
    "claims_per_reporter",
    "evidence_for",
    "provision_compliance",
    "planned_vs_occurred",
    "uncertain_attributions",
    "accounts_of",
    "disputed_facts",
    "corroboration",
    "quantities",
    "facts_per_source",
    "instances_per_class",
    "triples_per_graph",
}


def _select_clause(text: str) -> str | None:
    code = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
    match = re.search(r"\bSELECT\b(.*?)\bWHERE\b", code, re.DOTALL | re.IGNORECASE)
    return match.group(1) if match else None


def test_the_library_covers_every_required_question() -> None:
    names = set(named_queries())
    assert names >= REQUIRED, f"missing: {sorted(REQUIRED - names)}"
    assert len(names) >= 15


@pytest.mark.parametrize("name", named_queries())
def test_every_query_has_a_header_and_an_order(name: str) -> None:
    query = load_named(name)
    assert query.description.endswith(("?", ".")), f"{name}: the first header line is not a whole sentence"
    assert len(query.description) <= 110
    assert re.search(r"^ORDER BY ", query.text, re.MULTILINE), f"{name} has no ORDER BY"
    assert all(len(line) <= 110 for line in query.text.splitlines()), f"{name} has a line over 110 characters"


@pytest.mark.parametrize("name", named_queries())
def test_every_parameter_is_a_projected_variable_with_an_example(name: str) -> None:
    # Oxigraph substitutes only variables of the SELECT clause; an unprojected one is refused at run time.
    query = load_named(name)
    select = _select_clause(query.text)
    for parameter in query.parameters:
        assert parameter.name in query.example, f"{name}: no @example for {parameter.name}"
        if select is not None:
            assert re.search(rf"\?{parameter.name}\b", select), f"{name}: ?{parameter.name} is not selected"


def test_the_three_counting_queries_keep_the_columns_stats_reads() -> None:
    columns = {
        "instances_per_class": ["class", "instances"],
        "facts_per_source": ["source", "title", "kind", "facts"],
        "triples_per_graph": ["graph", "triples"],
    }
    for name, expected in columns.items():
        select = _select_clause(load_named(name).text)
        assert select is not None
        for column in expected:
            assert f"?{column}" in select, f"{name} lost its ?{column} column"


def test_a_header_declares_typed_parameters_and_an_example() -> None:
    query = parse(
        "# Who said it?\n"
        "# More words.\n"
        "# @param actor: actor — the speaker\n"
        "# @param category: plover, optional — a category\n"
        "# @example actor=hulusi-akar category=THREATEN\n"
        "SELECT ?actor ?category WHERE { ?s ?p ?o } ORDER BY ?s\n",
        name="q",
        origin="q.rq",
    )
    assert query.description == "Who said it?"
    assert [(p.name, p.type, p.optional) for p in query.parameters] == [
        ("actor", "actor", False),
        ("category", "plover", True),
    ]
    assert query.example == {"actor": "hulusi-akar", "category": "THREATEN"}


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("# @param actor actor — no colon", "write a parameter as"),
        ("# @param actor: person — the actor", "parameter type 'person' is not one of"),
        ("# @param actor: actor", "write a parameter as"),
    ],
)
def test_a_malformed_parameter_line_is_reported_at_its_line(line: str, message: str) -> None:
    with pytest.raises(InputError) as caught:
        parse(f"# Question?\n{line}\nSELECT * WHERE {{}}\n", name="q", origin="q.rq")
    assert message in str(caught.value)
    assert str(caught.value).startswith("q.rq:2: ")


def test_an_example_for_an_undeclared_parameter_is_refused() -> None:
    with pytest.raises(InputError, match="no @param declares"):
        parse("# Q?\n# @example actor=x\nSELECT * WHERE {}\n", name="q", origin="q.rq")


def test_an_unknown_name_lists_the_nearest_names() -> None:
    with pytest.raises(InputError) as caught:
        load("violation_by_day")
    assert "no query named 'violation_by_day'" in str(caught.value)
    assert "violations_by_day" in str(caught.value)


def test_a_path_loads_the_file_and_a_missing_file_is_named(tmp_path: Path) -> None:
    path = tmp_path / "mine.rq"
    path.write_text("# Mine?\nSELECT * WHERE { ?s ?p ?o } ORDER BY ?s\n", encoding="utf-8")
    assert load(str(path)).description == "Mine?"
    with pytest.raises(InputError, match="no such query file") as caught:
        load(str(tmp_path / "absent.rq"))
    assert str(tmp_path / "absent.rq") in str(caught.value)


def test_a_named_query_given_with_rq_but_no_such_file_says_how_to_name_it() -> None:
    with pytest.raises(InputError, match=r"run without \.rq: timeline"):
        load("timeline.rq")


def test_the_listing_shows_every_query_and_how_to_give_its_parameters() -> None:
    listing = format_listing(named_queries_loaded(), assign="--param ")
    for name in named_queries():
        assert re.search(rf"^{name}\s", listing, re.MULTILINE)
    assert "--param actor=ACTOR" in listing
    assert "  actor=ACTOR" in format_listing(named_queries_loaded())
    assert "e.g. actor=hulusi-akar" in listing
    assert "optional" in listing  # statements_by_category's category


def test_query_files_are_found_through_the_resources_module() -> None:
    assert catalog.named_queries() == sorted(catalog.named_queries())


def _code(text: str) -> str:
    return "\n".join(line.split("#", 1)[0] for line in text.splitlines())


@pytest.mark.parametrize("name", named_queries())
def test_no_query_walks_the_class_hierarchy(name: str) -> None:
    # Some SPARQL servers refuse rdfs:subClassOf*, and it costs a path walk per node: a query lists the
    # classes it means (VALUES), and the test below keeps each list equal to the ontology's.
    assert "subClassOf*" not in _code(load_named(name).text).replace(" ", "")


@pytest.mark.parametrize(("name", "top"), [("consultations", "Consultation"), ("facts_per_source", "Source")])
def test_a_list_of_classes_is_every_class_under_its_top_in_the_ontology(name: str, top: str) -> None:
    import rdflib
    from rdflib.namespace import RDFS

    from ontology import resources
    from ontology.namespaces import NAMESPACE_IRIS

    cf = NAMESPACE_IRIS["CF"]
    ontology = rdflib.Graph().parse(data=resources.ontology_turtle_bytes(), format="turtle")
    below = {str(c) for c in ontology.transitive_subjects(RDFS.subClassOf, rdflib.URIRef(cf + top))}
    match = re.search(r"VALUES \?kind \{([^}]*)\}", _code(load_named(name).text))
    assert match, f"{name} has no VALUES ?kind list"
    listed = {cf + token.removeprefix("cf:") for token in match.group(1).split()}
    assert listed == below, (
        f"{name}: the list misses {sorted(below - listed)}, has extra {sorted(listed - below)}"
    )
