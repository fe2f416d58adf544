"""The committed ontology Turtle: what generation writes, byte for byte, and clean for rapper."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Graph, Literal
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from ontology.generate import (
    BANNER,
    load_ontology_graph,
    main,
    ontology_graph,
    ontology_turtle,
    write_ontology_turtle,
)
from ontology.namespaces import CF
from ontology.resources import ontology_turtle_bytes, ontology_turtle_path
from tests.helpers import require_tool

REGENERATE = "run `python -m ontology.generate` to regenerate ontology/ceasefire.ttl"


def describe_diff(expected: Graph, actual: Graph, limit: int = 15) -> str:
    _, only_expected, only_actual = graph_diff(to_isomorphic(expected), to_isomorphic(actual))
    lines = [f"only in a fresh build ({len(only_expected)} triples):"]
    lines += [f"  + {s.n3()} {p.n3()} {o.n3()}" for s, p, o in sorted(only_expected)[:limit]]
    lines += [f"only in the committed file ({len(only_actual)} triples):"]
    lines += [f"  - {s.n3()} {p.n3()} {o.n3()}" for s, p, o in sorted(only_actual)[:limit]]
    return "\n".join(lines)


def test_the_committed_turtle_is_what_generation_writes() -> None:
    fresh = ontology_turtle().encode("utf-8")
    committed = ontology_turtle_bytes()
    if fresh != committed:
        graphs = describe_diff(ontology_graph(), load_ontology_graph())
        pytest.fail(f"{REGENERATE}\n{graphs}")


def test_a_generation_in_another_process_writes_the_committed_bytes(tmp_path: Path) -> None:
    # What .ci/run does: a fresh process (another hash seed) must write exactly the committed file.
    target = tmp_path / "ceasefire.ttl"
    environment = {**os.environ, "PYTHONHASHSEED": "12345"}
    done = subprocess.run(
        [sys.executable, "-m", "ontology.generate", str(target)],
        capture_output=True, text=True, env=environment, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert target.read_bytes() == ontology_turtle_bytes(), REGENERATE


def test_the_committed_turtle_says_it_is_generated_from_the_vocabulary() -> None:
    first_line = ontology_turtle_bytes().decode("utf-8").splitlines()[0]
    assert first_line == BANNER.rstrip("\n")
    assert "ontology/vocabulary.yaml" in first_line
    assert "do not edit" in first_line


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


def test_check_mode_compares_bytes_not_only_graphs(tmp_path: Path) -> None:
    # The same graph without the banner is still not the file generation writes.
    bare = tmp_path / "bare.ttl"
    bare.write_bytes(write_ontology_turtle(tmp_path / "fresh.ttl").read_bytes().split(b"\n", 1)[1])
    assert isomorphic(Graph().parse(bare, format="turtle"), ontology_graph())
    assert main(["--check", str(bare)]) == 1


def test_check_mode_tells_a_missing_file(tmp_path: Path) -> None:
    assert main(["--check", str(tmp_path / "missing.ttl")]) == 1


def test_rapper_parses_the_ontology_without_warnings() -> None:
    rapper = require_tool("rapper", "apt-get install raptor2-utils")
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
