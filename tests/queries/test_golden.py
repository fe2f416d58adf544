"""Run every named query on the built seed, in Oxigraph and in rdflib, against its golden result file.

A golden file is ``golden/<name>.tsv`` (W3C SPARQL results TSV) for a SELECT, ``.ttl`` for a CONSTRUCT or
DESCRIBE (compared as graphs) and ``.txt`` for an ASK. A parameterised query runs with its ``@example``
values. To write the files after a deliberate change, run
``CEASEFIRE_KG_UPDATE_GOLDEN=1 pytest tests/queries/test_golden.py`` and review the diff.
"""

from __future__ import annotations

import os
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib

from queries.catalog import load_named, named_queries
from queries.formats import render
from queries.results import QueryResult
from queries.runner import run_query
from tests.helpers import assert_isomorphic

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("CEASEFIRE_KG_UPDATE_GOLDEN") == "1"
EXTENSIONS = {"select": ".tsv", "graph": ".ttl", "ask": ".txt"}
#: The queries that rightly answer nothing on the seed, and why; each must answer on the second report.
EMPTY_ON_SEED = {
    "disputed_facts": "the seed's accounts of one event agree (the 13 convoys, the ministries' call)",
}
#: The queries over dataset events (the seed has none): their goldens come from the seed plus invented ACLED
#: and UCDP exports imported by the tests (tests/dataset_fixtures.py), never from real rows.
ON_DATASETS = frozenset({"fatalities_by_actor_month", "events_by_type_and_admin1", "possible_violations"})


def golden_text(result: QueryResult) -> str:
    """Return what a golden file holds for a result."""
    return render(result, "tsv")


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
@pytest.mark.parametrize("name", named_queries())
def test_the_query_gives_its_golden_result(name: str, engine: str, request: pytest.FixtureRequest) -> None:
    query = load_named(name)
    missing = [p.name for p in query.parameters if not p.optional and p.name not in query.example]
    assert not missing, f"{name} declares no @example value for {', '.join(missing)}"
    corpus = "datasets" if name in ON_DATASETS else "seed"
    graph = request.getfixturevalue(f"{corpus}_store" if engine == "oxigraph" else f"{corpus}_dataset")
    result = run_query(graph, query, params=query.example)
    path = GOLDEN / f"{name}{EXTENSIONS[result.form]}"
    if UPDATE and engine == "oxigraph":
        path.write_text(golden_text(result), encoding="utf-8", newline="")
    others = sorted(p.name for p in GOLDEN.glob(f"{name}.*") if p != path)
    assert not others, f"{name} has golden files of another form: {others}"
    assert path.is_file(), (
        f"{name} has no golden file {path.relative_to(GOLDEN.parent.parent.parent)}: "
        "write it with CEASEFIRE_KG_UPDATE_GOLDEN=1 and review it"
    )
    expected = path.read_text(encoding="utf-8")
    if result.form == "graph":
        assert_isomorphic(
            rdflib.Graph().parse(data=expected, format="turtle"),
            rdflib.Graph().parse(data=golden_text(result), format="turtle"),
            f"{name} on {engine}",
        )
    else:
        assert golden_text(result) == expected
    if result.form == "select" and name not in EMPTY_ON_SEED:
        assert result.rows, f"{name} answers nothing on the seed: its golden file proves little"


@pytest.mark.parametrize("name", sorted(EMPTY_ON_SEED))
def test_a_query_empty_on_the_seed_answers_on_the_second_report(
    name: str, seed_store: ox.Store, second_store: ox.Store
) -> None:
    query = load_named(name)
    assert not run_query(seed_store, query, params=query.example).rows, (
        f"{name} no longer needs its exemption"
    )
    assert run_query(second_store, query, params=query.example).rows, EMPTY_ON_SEED[name]


def test_every_golden_file_belongs_to_a_query() -> None:
    names = set(named_queries())
    strays = sorted(p.name for p in GOLDEN.iterdir() if p.stem not in names)
    assert not strays, f"golden files without a query: {strays}"
