"""`ceasefire-kg query` and `ceasefire-kg queries`, run in-process on the built seed."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import rdflib
from click.testing import CliRunner, Result

from graph_builder.cli import main
from queries.catalog import named_queries
from tests.helpers import SEED_SOURCES, seed_facts


def query(runner: CliRunner, out: Path, *args: str) -> Result:
    return runner.invoke(main, ["query", *args, "--sources", str(SEED_SOURCES), "--out", str(out)])


def test_queries_lists_every_name_description_and_parameter(runner: CliRunner) -> None:
    result = runner.invoke(main, ["queries"])
    assert result.exit_code == 0, result.output
    for name in named_queries():
        assert name in result.stdout
    assert "violations_by_day  " in result.stdout
    assert "How many ceasefire violations were reported each day" in result.stdout
    assert "--param actor=ACTOR" in result.stdout


@pytest.mark.parametrize("command", ["query", "queries"])
def test_each_command_has_help_with_examples(runner: CliRunner, command: str) -> None:
    result = runner.invoke(main, [command, "--help"])
    assert result.exit_code == 0
    assert "Examples:" in result.stdout
    assert f"ceasefire-kg {command}" in result.stdout


def test_a_named_query_prints_a_table(runner: CliRunner, built_seed: Path) -> None:
    result = query(runner, built_seed, "violations_by_day")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[0].split()[:4] == ["day", "latest", "periodEnd", "dayTotal"]
    assert "2020-03-11" in result.stdout
    # One row per account of a violation, without a window.
    events = seed_facts()["events"]
    violations = {e["id"] for e in events if e.get("type") == "CeasefireViolation"}
    accounts = [e for e in events if e["id"] in violations]
    assert result.stdout.rstrip().endswith(f"{len(accounts)} rows")
    assert result.stderr == ""


def test_parameters_and_formats(runner: CliRunner, built_seed: Path) -> None:
    result = query(runner, built_seed, "actor_profile", "--param", "actor=hulusi-akar", "--format", "json")
    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["head"]["vars"][:3] == ["aspect", "relation", "node"]
    nodes = {b["node"]["value"] for b in document["results"]["bindings"]}
    assert "https://w3id.org/ceasefire-kg/id/actor/turkish-defense-ministry" in nodes


def test_sparql_text_with_the_project_prefixes(runner: CliRunner, built_seed: Path) -> None:
    text = "SELECT ?person WHERE { ?person a cf:Person } ORDER BY ?person"
    result = query(runner, built_seed, "--sparql", text, "--format", "csv")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[:2] == [
        "person",
        "https://w3id.org/ceasefire-kg/id/actor/bashar-al-assad",
    ]


def test_sparql_text_may_declare_its_own_parameters(runner: CliRunner, built_seed: Path) -> None:
    text = "# @param who: actor — whose label\nSELECT ?who ?label WHERE { ?who rdfs:label ?label }"
    result = query(runner, built_seed, "--sparql", text, "--param", "who=oleg-zhuravlev", "--format", "tsv")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[1].endswith('\t"Oleg Zhuravlev"')


def test_a_query_file_is_run(runner: CliRunner, built_seed: Path, tmp_path: Path) -> None:
    path = tmp_path / "agreements.rq"
    path.write_text(
        "# Which agreements?\nSELECT ?a WHERE { ?a a/rdfs:subClassOf* cf:Agreement } ORDER BY ?a\n",
        encoding="utf-8",
    )
    result = query(runner, built_seed, str(path), "--format", "md")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[2] == "| agreement:astana-memorandum-2017 |"


def test_ask_prints_true_or_false(runner: CliRunner, built_seed: Path) -> None:
    assert query(runner, built_seed, "--sparql", "ASK { ?x a cf:Protocol }").stdout == "true\n"
    assert query(runner, built_seed, "--sparql", "ASK { ?x a cf:Signing }").stdout == "false\n"


def test_construct_prints_turtle(runner: CliRunner, built_seed: Path) -> None:
    result = query(runner, built_seed, "actor_network")
    assert result.exit_code == 0, result.stderr
    graph = rdflib.Graph().parse(data=result.stdout, format="turtle")
    assert len(graph) > 10


def test_a_missing_store_is_built_first_with_a_line_on_stderr(
    runner: CliRunner, seed_copy: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    result = runner.invoke(
        main,
        ["query", "planned_vs_occurred", "--format", "csv", "--sources", str(seed_copy), "--out", str(out)],
    )
    assert result.exit_code == 0, result.stderr
    assert "building" in result.stderr
    assert (out / "store").is_dir()
    plans = [line for line in result.stdout.splitlines() if "/event/joint-patrols-m4-2020-03-15," in line]
    assert len(plans) == 1 and ",planned,2020-03-15," in plans[0]
    shutil.rmtree(out)
