"""The wheel carries everything a user outside the repo needs: build works in an empty folder."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import REPO


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the project's wheel offline, with the setuptools of this environment."""
    folder = tmp_path_factory.mktemp("wheel")
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index", "-q",
         "-w", str(folder), str(REPO)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    (built,) = folder.glob("ceasefire_kg-*.whl")
    return built


def test_the_wheel_holds_the_data_files(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    sources = REPO / "sources"
    for path in sources.rglob("*"):
        if path.is_file() and path.suffix in (".yaml", ".txt"):
            assert f"graph_builder/bundled_sources/{path.relative_to(sources)}" in names
    for name in ("ontology/ceasefire.ttl", "ontology/shapes.ttl"):
        assert name in names
    for query in (REPO / "queries").glob("*.rq"):
        assert f"queries/{query.name}" in names


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
    assert "bundled_sources" in result.stdout
    for name in ("graph.ttl", "graph.trig", "ontology.ttl", "manifest.json"):
        assert (empty / "output" / name).is_file()
