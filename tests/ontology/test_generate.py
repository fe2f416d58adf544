"""The committed ontology Turtle: up to date, stable, and clean for an independent parser (rapper)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from rdflib import Graph, Literal
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from ontology.generate import (
    load_ontology_graph,
    main,
    ontology_graph,
    ontology_turtle,
    write_ontology_turtle,
)
from ontology.namespaces import CF
from ontology.resources import ontology_turtle_path

REGENERATE = "run `python -m ontology.generate` to regenerate ontology/ceasefire.ttl"


def require(program: str, install: str) -> str:
    path = shutil.which(program)
    if path is None:
        if os.environ.get("CI"):
            pytest.fail(f"{program} is missing on CI: {install}")
        pytest.skip(f"{program} is not installed: {install}")
    return path


def describe_diff(expected: Graph, actual: Graph, limit: int = 15) -> str:
    _, only_expected, only_actual = graph_diff(to_isomorphic(expected), to_isomorphic(actual))
    lines = [f"only in a fresh build ({len(only_expected)} triples):"]
    lines += [f"  + {s.n3()} {p.n3()} {o.n3()}" for s, p, o in sorted(only_expected)[:limit]]
    lines += [f"only in the committed file ({len(only_actual)} triples):"]
    lines += [f"  - {s.n3()} {p.n3()} {o.n3()}" for s, p, o in sorted(only_actual)[:limit]]
    return "\n".join(lines)


def test_the_committed_turtle_is_up_to_date() -> None:
    fresh = ontology_graph()
    committed = load_ontology_graph()
    assert isomorphic(fresh, committed), f"{REGENERATE}\n{describe_diff(fresh, committed)}"


def test_generation_gives_the_same_file_every_time() -> None:
    # Stable text keeps the diffs of the committed file small (blank nodes are canonically named).
    assert ontology_turtle() == ontology_turtle()


def test_write_ontology_turtle_round_trips(tmp_path: Path) -> None:
    path = write_ontology_turtle(tmp_path / "ontology.ttl")
    assert isomorphic(Graph().parse(path, format="turtle"), ontology_graph())


def test_the_ontology_turtle_uses_readable_prefixes() -> None:
    text = ontology_turtle_path().read_text(encoding="utf-8")
    for prefix in ("cf", "sem", "prov", "oa", "skos", "plover", "acled"):
        assert f"@prefix {prefix}: " in text


def test_check_mode_tells_a_stale_file(tmp_path: Path) -> None:
    fresh = write_ontology_turtle(tmp_path / "fresh.ttl")
    assert main(["--check", str(fresh)]) == 0
    stale_graph = Graph().parse(fresh, format="turtle")
    stale_graph.remove((CF.Actor, None, None))
    stale_graph.add((CF.Actor, CF.text, Literal("stale")))
    stale = tmp_path / "stale.ttl"
    stale_graph.serialize(stale, format="turtle")
    assert main(["--check", str(stale)]) == 1


def test_rapper_parses_the_ontology_without_warnings() -> None:
    rapper = require("rapper", "apt-get install raptor2-utils")
    result = subprocess.run(
        [rapper, "-i", "turtle", "-c", str(ontology_turtle_path())],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    complaints = [
        line for line in result.stderr.splitlines() if "warning" in line.lower() or "error" in line.lower()
    ]
    assert not complaints, "\n".join(complaints)
    assert "Parsing returned" in result.stderr
