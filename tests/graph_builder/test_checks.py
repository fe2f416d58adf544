"""The build checks the whole graph at every size, and names the record of every problem by file and line."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from graph_builder import checks, cli
from graph_builder.build import build, compile_sources, validate
from graph_builder.cli import main
from ontology.errors import CheckFailedError
from tests.helpers import REPO, SEED_SOURCES

SOUTHFRONT = "southfront-idlib-ceasefire-appears-to-hold"
LEADS = re.compile(r"^ *- id: [a-z0-9-]+\n +type: leads\n +from: ([a-z0-9-]+)\n", re.MULTILINE)


def _state_leads(facts: Path, state: str = "turkey") -> int:
    """Make the first ``leads`` relationship of a facts file go from a state; return the record's line."""
    text = facts.read_text(encoding="utf-8")
    match = LEADS.search(text)
    assert match is not None
    line = text[: match.start()].count("\n") + 1
    changed = match.group(0).replace(f"from: {match.group(1)}", f"from: {state}")
    facts.write_text(text[: match.start()] + changed + text[match.end() :], encoding="utf-8")
    return line


def test_the_seed_is_checked_whole_and_passes() -> None:
    summary = validate(SEED_SOURCES)
    assert summary.checked is not None
    assert summary.checked.triples == summary.triples
    assert summary.checked.reasoner_sees_data  # the seed is small: HermiT reads it too
    assert summary.checked.describe().startswith(f"the whole graph ({summary.triples:,} triples)")


def test_a_clash_on_a_shared_actor_names_the_fact_that_caused_it(seed_copy: Path) -> None:
    # A state that "leads" something: cf:headOf has domain cf:Person, and a state is never a person. The
    # clash stands on the actor, described in entities.yaml; the fact that made it is named as well.
    facts = seed_copy / SOUTHFRONT / "facts.yaml"
    line = _state_leads(facts)
    with pytest.raises(CheckFailedError) as caught:
        validate(seed_copy)
    shapes = [
        p for p in caught.value.problems if p.startswith(("entities.yaml", str(seed_copy))) or "shapes:" in p
    ]
    clash = [p for p in shapes if "actor:turkey rdf:type" in p]
    assert clash, caught.value.problems
    assert f"facts.yaml:{line}" in clash[0]
    assert "entities.yaml:" in clash[0]
    assert "cf:Person" in clash[0] and "cf:State" in clash[0]
    # HermiT reads the seed too, and agrees.
    assert any(
        "actor:turkey is typed both" in p for p in caught.value.problems if p.startswith("consistency:")
    )


def test_a_full_build_names_the_fact_behind_a_clash_from_its_files(seed_copy: Path, tmp_path: Path) -> None:
    # The full build keeps none of the graphs' text for the messages: it reads the records and the lines
    # about shared nodes back from its raw files. The same clash as above names the same records.
    facts = seed_copy / SOUTHFRONT / "facts.yaml"
    line = _state_leads(facts)
    with pytest.raises(CheckFailedError) as caught:
        build(seed_copy, out=tmp_path / "out", full=True)
    clash = [p for p in caught.value.problems if "actor:turkey rdf:type" in p]
    assert clash, caught.value.problems
    assert f"facts.yaml:{line}" in clash[0]
    assert "entities.yaml:" in clash[0]


def test_a_clash_above_the_reasoner_limit_is_still_found_by_the_shapes(
    seed_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(checks, "HERMIT_GRAPH_TRIPLES", 100)
    facts = seed_copy / SOUTHFRONT / "facts.yaml"
    line = _state_leads(facts)
    with pytest.raises(CheckFailedError) as caught:
        validate(seed_copy)
    assert not any(p.startswith("consistency:") for p in caught.value.problems)  # HermiT: ontology alone
    assert any(f"facts.yaml:{line}" in p and "actor:turkey" in p for p in caught.value.problems)


def test_a_node_of_a_fact_is_named_by_its_record(seed_copy: Path) -> None:
    compiled = compile_sources(seed_copy)
    index = checks.RecordIndex.of_compiled(compiled)
    statement = next(r for s in compiled.corpus.sources for r in s.all_facts() if r.section == "statements")
    node = f"<https://w3id.org/ceasefire-kg/id/statement/{statement.id}>"
    assert index.own({node}) == {node: statement.where}


def test_the_printout_is_capped_with_the_total_count(
    seed_copy: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cli, "PRINTED_PROBLEMS", 1)
    _state_leads(seed_copy / SOUTHFRONT / "facts.yaml")
    result = runner.invoke(main, ["validate", "--sources", str(seed_copy)])
    assert result.exit_code == 1, result.output
    total = re.search(r"^error: the graph failed ([\d,]+) check\(s\)", result.stderr, re.MULTILINE)
    assert total is not None, result.stderr
    count = int(total.group(1).replace(",", ""))
    assert count > 1
    assert result.stderr.count("\n  - ") == 1
    assert f"… and {count - 1:,} more ({count:,} in all)" in result.stderr


def test_the_build_summary_says_the_whole_graph_was_checked(tmp_path: Path, runner: CliRunner) -> None:
    result = runner.invoke(main, ["build", "--sources", str(SEED_SOURCES), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert "checks passed: SHACL shapes and the ontology's axioms hold" in result.stdout
    assert "sample" not in result.stdout


def test_a_violation_the_sample_missed_fails_a_large_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A violation in one record in the middle of a generated corpus fails the check with its file and line.

    The corpus is small (about 20,000 triples, invented by the benchmark's generator); the check treats it as
    large (HermiT on the ontology alone), as it would a million triples.
    """
    spec = importlib.util.spec_from_file_location("generate", REPO / "benchmarks" / "generate.py")
    assert spec is not None and spec.loader is not None
    generate = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, "generate", generate)  # its dataclasses look their module up there
    spec.loader.exec_module(generate)
    monkeypatch.setattr(checks, "HERMIT_GRAPH_TRIPLES", 1_000)
    sources = tmp_path / "sources"
    generate.generate(sources, triples=20_000, fmt="yaml")
    folders = sorted(
        p
        for p in sources.iterdir()
        if (p / "facts.yaml").exists() and LEADS.search((p / "facts.yaml").read_text(encoding="utf-8"))
    )
    middle = folders[len(folders) // 2] / "facts.yaml"
    line = _state_leads(middle, state="russia")
    with pytest.raises(CheckFailedError) as caught:
        validate(sources)
    assert any(f"{middle}:{line}" in p or f"{middle.name}:{line}" in p for p in caught.value.problems), (
        caught.value.problems[:5]
    )
