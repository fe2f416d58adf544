"""The wheel carries everything a user outside the repo needs: build works in an empty folder."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.helpers import REPO, SEED_SOURCES

#: Building a wheel and then the seed from it takes several seconds.
pytestmark = pytest.mark.slow

#: A source an analyst adds to the checkout's sources/: it must never reach the wheel.
PLANTED_SOURCE = "zz-analysts-own-source"


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the wheel offline from a copy of the checkout whose sources/ holds an analyst's own source."""
    checkout = tmp_path_factory.mktemp("checkout") / "ceasefire-kg"
    shutil.copytree(
        REPO,
        checkout,
        ignore=shutil.ignore_patterns(".git", ".venv", "build", "output", "*.egg-info", "__pycache__"),
    )
    planted = checkout / "sources" / PLANTED_SOURCE
    planted.mkdir(parents=True)
    (planted / "facts.yaml").write_text("source: {id: zz-analysts-own-source}\n", encoding="utf-8")
    (planted / "document.txt").write_text("An analyst's document.\n", encoding="utf-8")
    (checkout / "sources" / "entities.yaml").write_text("actors: []\n", encoding="utf-8")
    folder = tmp_path_factory.mktemp("wheel")
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index", "-q",
         "-w", str(folder), str(checkout)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    (built,) = folder.glob("ceasefire_kg-*.whl")
    return built


def test_the_wheel_holds_the_data_files(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for name in ("ontology/ceasefire.ttl", "ontology/shapes.ttl", "graph_builder/draft/lexicon.yaml"):
        assert name in names
    for query in (REPO / "queries").glob("*.rq"):
        assert f"queries/{query.name}" in names


def test_the_wheel_holds_every_module_of_the_four_packages(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    modules = {
        path.relative_to(REPO).as_posix()
        for package in ("ontology", "graph_builder", "queries", "visualize")
        for path in (REPO / package).rglob("*.py")
    }
    assert sorted(modules - names) == []


def test_the_wheel_holds_the_seed_and_nothing_of_the_working_sources(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    seed = {
        f"graph_builder/seed/{path.relative_to(SEED_SOURCES).as_posix()}"
        for path in SEED_SOURCES.rglob("*")
        if path.is_file()
    }
    assert {name for name in names if name.startswith("graph_builder/seed/")} == seed
    assert "graph_builder/seed/entities.yaml" in seed
    assert [name for name in names if PLANTED_SOURCE in name or name.split("/")[0] == "sources"] == []


def test_build_in_an_empty_folder_uses_the_bundled_sources(wheel: Path, tmp_path: Path) -> None:
    unpacked = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(unpacked)
    empty = tmp_path / "empty"
    empty.mkdir()
    environment = {**os.environ, "PYTHONPATH": str(unpacked)}
    probe = subprocess.run(
        [sys.executable, "-c", "import graph_builder; print(graph_builder.__file__)"],
        cwd=empty, env=environment, capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert probe.stdout.startswith(str(unpacked)), "the test must run the unpacked wheel, not the repo"
    result = subprocess.run(
        [sys.executable, "-m", "graph_builder", "build"],
        cwd=empty, env=environment, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "Built 2 source(s)" in result.stdout
    assert f"from {unpacked / 'graph_builder' / 'seed'} " in result.stdout
    for name in ("graph.ttl", "graph.trig", "ontology.ttl", "manifest.json"):
        assert (empty / "output" / name).is_file()
