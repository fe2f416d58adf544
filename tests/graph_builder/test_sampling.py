"""What the checks see: the whole of a small graph; of a large one, a sample that still sees every clash."""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import pytest
from click.testing import CliRunner

from graph_builder import sampling
from graph_builder.build import compile_sources, validate
from graph_builder.cli import main
from graph_builder.compile import Compiled
from graph_builder.sampling import check_subset, signature
from ontology.errors import CheckFailedError
from tests.helpers import SEED_SOURCES


@pytest.fixture(scope="module")
def seed() -> Compiled:
    return compile_sources(SEED_SOURCES)


@pytest.fixture
def small_limits(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make a graph of a few hundred triples count as large, and the sample small."""
    monkeypatch.setattr(sampling, "FULL_CHECK_TRIPLES", 200)
    monkeypatch.setattr(sampling, "SAMPLE_FACT_TRIPLES", 100)


def _by_subject(lines: list[str]) -> dict[str, set[str]]:
    found: dict[str, set[str]] = defaultdict(set)
    for chunk in lines:
        for line in chunk.splitlines():
            found[line.split(" ", 1)[0]].add(line)
    return found


def test_a_small_graph_is_checked_whole(seed: Compiled) -> None:
    scope, lines = check_subset(seed.emitted, seed.registry)
    assert scope.full
    assert scope.triples == scope.triples_total == sum(chunk.count("\n") for chunk in lines)
    assert scope.describe() == f"the whole graph ({scope.triples_total:,} triples)"


@pytest.mark.usefixtures("small_limits")
def test_a_large_graph_is_checked_on_a_sample_of_whole_nodes(seed: Compiled) -> None:
    scope, lines = check_subset(seed.emitted, seed.registry)
    assert not scope.full
    assert 0 < scope.triples < scope.triples_total
    assert 0 < scope.facts < scope.facts_total
    everything = _by_subject(list(seed.emitted.union_lines()))
    sample = _by_subject(lines)
    # Every node the sample holds comes with all its triples, as a shape sees it in the whole graph.
    for subject, triples in sample.items():
        assert triples == everything[subject], subject
    # Every actor, place and agreement is there.
    for graph in seed.emitted.graphs:
        for line in graph.shared:
            assert line.split(" ", 1)[0] in sample
    # So is every kind of record, and the source each sampled fact is derived from.
    kinds = {
        signature(record, seed.registry)
        for source in seed.corpus.sources
        for record in [source.record, *source.all_facts()]
    }
    assert scope.kinds == len(kinds)
    derived = "<http://www.w3.org/ns/prov#wasDerivedFrom>"
    for triples in sample.values():
        for line in triples:
            if f" {derived} " in line:
                assert line.split(" ")[2] in sample


@pytest.mark.usefixtures("small_limits")
def test_the_sample_is_the_same_each_time(seed: Compiled) -> None:
    first = check_subset(seed.emitted, seed.registry)
    again = check_subset(compile_sources(SEED_SOURCES).emitted, seed.registry)
    assert first == again


@pytest.mark.usefixtures("small_limits")
def test_full_true_checks_a_large_graph_whole(seed: Compiled) -> None:
    scope, _ = check_subset(seed.emitted, seed.registry, full=True)
    assert scope.full


@pytest.mark.usefixtures("small_limits")
def test_a_sampled_check_still_finds_a_clash_on_a_shared_node(seed_copy: Path) -> None:
    # A state that "leads" something: cf:headOf has domain cf:Person, and a state is never a person. The
    # shortcut triple stands on the actor, which every sample holds.
    facts = seed_copy / "southfront-idlib-ceasefire-appears-to-hold" / "facts.yaml"
    text = facts.read_text(encoding="utf-8")
    leads = re.search(r"    type: leads\n    from: ([a-z-]+)\n", text)
    assert leads is not None
    facts.write_text(text.replace(leads.group(0), "    type: leads\n    from: turkey\n", 1), encoding="utf-8")
    with pytest.raises(CheckFailedError) as caught:
        validate(seed_copy)
    assert any("actor:turkey is typed both cf:Person" in problem for problem in caught.value.problems)


@pytest.mark.usefixtures("small_limits")
def test_the_build_summary_says_what_was_checked(tmp_path: Path, runner: CliRunner) -> None:
    result = runner.invoke(main, ["build", "--sources", str(SEED_SOURCES), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert "checks passed: SHACL shapes conform, HermiT finds the graph consistent" in result.stdout
    total = re.search(r"^  ([\d,]+) triples \(", result.stdout, re.MULTILINE)
    assert total is not None, result.stdout
    sample = re.search(
        r"checked on a sample, as every graph over 200 triples: ([\d,]+) of ([\d,]+) triples: every actor, "
        r"place and agreement, and \d+ of \d+ facts and sources",
        result.stdout,
    )
    assert sample is not None, result.stdout
    assert sample.group(2) == total.group(1)  # the sample is out of the whole graph the summary counts
    assert int(sample.group(1).replace(",", "")) < int(total.group(1).replace(",", ""))


def test_a_small_build_summary_mentions_no_sample(
    mini_sources: Path, tmp_path: Path, runner: CliRunner
) -> None:
    result = runner.invoke(main, ["build", "--sources", str(mini_sources), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert "checks passed" in result.stdout
    assert "sample" not in result.stdout
