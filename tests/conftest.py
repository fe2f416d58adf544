"""Share fixtures: a small valid corpus written on the fly, the bundled seed sources, a CLI runner."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.accounts_fixture import second_report_sources
from tests.dataset_fixtures import DatasetCorpus, dataset_sources
from tests.helpers import SEED_SOURCES, write_mini


@pytest.fixture
def mini_sources(tmp_path: Path) -> Path:
    """Return a fresh copy of the small valid corpus."""
    return write_mini(tmp_path)


@pytest.fixture
def seed_copy(tmp_path: Path) -> Path:
    """Return a copy of the bundled seed sources that a test may change."""
    target = tmp_path / "sources"
    shutil.copytree(SEED_SOURCES, target)
    return target


@pytest.fixture
def runner() -> CliRunner:
    """Return a click runner that keeps stderr apart from stdout."""
    return CliRunner()


@pytest.fixture(scope="session")
def built_seed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the bundled seed sources once per session and return the output folder."""
    from graph_builder.build import build

    out = tmp_path_factory.mktemp("seed") / "output"
    build(SEED_SOURCES, out=out)
    return out


@pytest.fixture(scope="session")
def built_second_report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the seed plus the invented second report once per session and return the output folder."""
    from graph_builder.build import build

    root = tmp_path_factory.mktemp("second-report")
    out = root / "output"
    build(second_report_sources(root), out=out)
    return out


@pytest.fixture(scope="session")
def built_datasets(tmp_path_factory: pytest.TempPathFactory) -> tuple[DatasetCorpus, Path]:
    """Build the seed plus invented ACLED and UCDP exports once per session; return both folders."""
    from graph_builder.build import build

    root = tmp_path_factory.mktemp("datasets")
    corpus = dataset_sources(root)
    out = root / "output"
    build(corpus.sources, out=out)
    return corpus, out
