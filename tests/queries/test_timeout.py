"""A runaway query is stopped at --timeout: its process is killed and the CLI says so, exit 2."""

from __future__ import annotations

import time
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from click.testing import CliRunner

from graph_builder.cli import main
from ontology.errors import InputError
from queries.runner import run_query
from queries.sandbox import QueryProcessError, QueryTimeoutError, stream_in_child
from tests.helpers import SEED_SOURCES

#: Every triple times every triple times every triple: ~10^10 solutions on the seed, hours of work.
CROSS_PRODUCT = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


@pytest.mark.slow
def test_the_cli_stops_a_cross_product_at_its_timeout(runner: CliRunner, built_seed: Path) -> None:
    args = ["--sources", str(SEED_SOURCES), "--out", str(built_seed)]
    started = time.monotonic()
    result = runner.invoke(main, ["query", "--sparql", CROSS_PRODUCT, "--timeout", "2", *args])
    elapsed = time.monotonic() - started
    assert result.exit_code == 2
    assert "error: the query ran longer than 2 s and was stopped" in result.stderr
    assert "Traceback" not in result.stderr
    # Not a speed measurement: without the kill the query would run for hours; 4 s is the contract.
    assert elapsed < 4


@pytest.mark.slow
def test_the_library_stops_a_runaway_query_on_rdflib(seed_dataset: rdflib.Dataset) -> None:
    with pytest.raises(QueryTimeoutError, match="longer than 1 s"):
        run_query(seed_dataset, CROSS_PRODUCT, timeout=1)


def test_a_query_within_its_time_returns_its_answer_from_the_child(seed_store: ox.Store) -> None:
    in_child = run_query(seed_store, "timeline", timeout=30)
    here = run_query(seed_store, "timeline")
    assert in_child == here
    assert len(here) > 5


def test_an_error_in_the_child_comes_back_as_the_same_message(seed_store: ox.Store) -> None:
    with pytest.raises(InputError, match=r"\(query text\): SPARQL syntax error at line 2, column \d+"):
        run_query(seed_store, "SELECT *\nWHERE { ?s ?p ", timeout=30)


def test_a_child_that_dies_is_reported() -> None:
    import os
    import signal

    def die() -> list[object]:
        os.kill(os.getpid(), signal.SIGKILL)
        return []

    with pytest.raises(QueryProcessError, match="killed by SIGKILL"):
        list(stream_in_child(die, timeout=10))  # type: ignore[arg-type]
