"""Bad input to `ceasefire-kg query`: exit 2, one line saying what is wrong, never a traceback."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from graph_builder.cli import main
from tests.helpers import SEED_SOURCES

Run = Callable[..., Result]


@pytest.fixture
def run(runner: CliRunner, built_seed: Path) -> Run:
    def invoke(*args: str) -> Result:
        return runner.invoke(main, ["query", *args, "--sources", str(SEED_SOURCES), "--out", str(built_seed)])

    return invoke


def assert_refused(result: Result, *fragments: str) -> None:
    assert result.exit_code == 2, result.output
    assert isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.stderr
    assert result.stdout == ""
    assert result.stderr.startswith("error: ")
    for fragment in fragments:
        assert fragment in result.stderr


def test_an_unknown_query_name_lists_the_nearest(run: Run) -> None:
    assert_refused(run("violation_by_day"), "no query named 'violation_by_day'", "nearest: violations_by_day")


def test_a_missing_parameter_says_which_and_how(run: Run) -> None:
    assert_refused(run("actor_profile"), "needs parameter actor=ACTOR", "e.g. actor=hulusi-akar")


def test_a_parameter_of_the_wrong_type_is_refused(run: Run) -> None:
    assert_refused(
        run("actor_profile", "--param", "actor=event:violations-2020-03-09"), "expected an actor id"
    )


def test_a_date_that_does_not_exist_is_refused(run: Run, tmp_path: Path) -> None:
    query = tmp_path / "since.rq"
    query.write_text(
        "# Since?\n# @param day: date — the day\nSELECT ?day WHERE { } ORDER BY ?day\n", encoding="utf-8"
    )
    assert_refused(run(str(query), "--param", "day=2020-02-30"), "parameter day=2020-02-30: expected a date")


def test_an_id_not_in_the_graph_names_the_nearest(run: Run) -> None:
    assert_refused(run("actor_profile", "--param", "actor=hulusi-akr"), "no actor hulusi-akr", "hulusi-akar")


def test_an_unknown_parameter_is_refused(run: Run) -> None:
    assert_refused(run("timeline", "--param", "actor=hulusi-akar"), "query timeline has no parameter actor")


def test_malformed_sparql_is_reported_with_line_and_column(run: Run) -> None:
    result = run("--sparql", "SELECT ?s\nWHERE {\n  ?s ?p ?o .\n  FILTER(?o = ) }")
    assert_refused(result, "--sparql: SPARQL syntax error at line 4, column")


def test_malformed_sparql_in_a_file_names_the_file(run: Run, tmp_path: Path) -> None:
    query = tmp_path / "broken.rq"
    query.write_text("# Broken?\nSELECT ?s WHERE {\n  ?s ?p ?o\n  FILTER(?s = )\n}\n", encoding="utf-8")
    result = run(str(query))
    assert_refused(result, f"{query}: SPARQL syntax error at line ")
    # Oxigraph reports the end of the text; the line of the FILTER holding the mistake is more use.
    assert "at line 4, column 3 near 'FILTER(?s = )'" in result.stderr


def test_a_file_that_does_not_exist_is_named(run: Run, tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.rq"
    assert_refused(run(str(missing)), f"{missing}: no such query file")


def test_a_name_and_sparql_together_or_neither_are_refused(run: Run) -> None:
    assert_refused(run("timeline", "--sparql", "ASK {}"), "give one query")
    assert_refused(run(), "give one query")


def test_a_malformed_param_option_is_refused(run: Run) -> None:
    assert_refused(run("actor_profile", "--param", "hulusi-akar"), "write it as NAME=VALUE")


def test_an_unknown_format_is_a_usage_error(run: Run) -> None:
    result = run("timeline", "--format", "xml")
    assert result.exit_code == 2
    assert "Invalid value for '--format'" in result.stderr
