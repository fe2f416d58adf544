"""Run the benchmark at 10k triples, so that the generator and the runner cannot rot (no timing asserted)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from draft_eval import ARTICLES, CATEGORIES

from ontology import resources
from tests.helpers import REPO

BENCHMARKS = REPO / "benchmarks"


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args], capture_output=True, text=True, check=False, cwd=REPO, timeout=600
    )


def test_the_generator_writes_the_same_corpus_each_time(tmp_path: Path) -> None:
    for name in ("a", "b"):
        done = _run(str(BENCHMARKS / "generate.py"), "--triples", "3000", "--out", str(tmp_path / name))
        assert done.returncode == 0, done.stderr
    files = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*") if p.is_file())
    assert len(files) > 5
    for path in files:
        assert (tmp_path / "a" / path).read_bytes() == (tmp_path / "b" / path).read_bytes(), path
    assert "articles" in done.stderr


@pytest.mark.slow
def test_the_benchmark_runs_at_10k_and_writes_every_row(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    generated = _run(str(BENCHMARKS / "generate.py"), "--triples", "10000", "--out", str(corpus))
    assert generated.returncode == 0, generated.stderr
    assert (corpus / "entities.yaml").is_file()
    out = tmp_path / "results" / "10k.md"
    done = _run(
        str(BENCHMARKS / "run.py"),
        "--triples", "10000", "--work", str(tmp_path / "work"), "--out", str(out),
        "--repeat", "1", "--query-repeat", "1",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    table = out.read_text(encoding="utf-8")
    assert table == done.stdout.rstrip("\n") + "\n"
    rows = {
        line.split("|")[1].strip(): [cell.strip() for cell in line.split("|")[2:-1]]
        for line in table.splitlines()
        if line.startswith("| ") and not line.startswith("| step")
    }
    expected = ["build / load", *(f"query {name}" for name in resources.query_files()), "Turtle export"]
    assert list(rows)[: len(expected)] == expected
    assert "viz (default cap)" in rows
    ours, _, floor, *_ = rows["incremental build"]
    assert ours.split(" ")[1] == floor.split(" ")[1] == "s", rows["incremental build"]
    assert "incremental: 1 source(s) added" in table
    for step in expected:
        ours, rdflib_cell, floor, *_ = rows[step]
        for cell in (ours, rdflib_cell, floor):
            assert cell.split(" ")[1] == "s", f"{step}: {cell}"  # a time, not an error or a skip
    measured = json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))
    assert measured["triples"] > 9_000
    # The page (viz) and the checks alone have no bare-Oxigraph counterpart.
    assert set(measured["kg"]) == set(measured["floor"]) | {"viz", "check"}


@pytest.mark.slow
def test_the_draft_quality_benchmark_prints_a_row_per_article_and_category(tmp_path: Path) -> None:
    out = tmp_path / "draft.md"
    done = _run(str(BENCHMARKS / "draft_quality.py"), "--out", str(out))
    assert done.returncode == 0, done.stderr
    rows = [line for line in done.stdout.splitlines() if line.startswith("| ") and "---" not in line][1:]
    assert {tuple(cell.strip() for cell in row.split("|")[1:3]) for row in rows} == {
        (article.name, category) for article in ARTICLES for category in CATEGORIES
    }
    assert done.stdout in out.read_text(encoding="utf-8")
