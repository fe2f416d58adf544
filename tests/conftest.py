"""Share fixtures: a small valid corpus written on the fly, the bundled seed sources, a CLI runner."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.accounts_fixture import second_report_sources
from tests.dataset_fixtures import DatasetCorpus, dataset_sources
from tests.helpers import SEED_SOURCES, write_mini
from tests.servers import Server, oxigraph_server, virtuoso_server

#: The row cap of the Virtuoso that shows the cut: below the seed's triple count.
CAPPED_VIRTUOSO_ROWS = 100


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


@pytest.fixture(scope="session")
def oxigraph(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """Run an Oxigraph server on an empty store for the session."""
    with oxigraph_server(tmp_path_factory.mktemp("oxigraph")) as server:
        yield server


@pytest.fixture(scope="session")
def virtuoso(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """Run Virtuoso on an empty database for the session, capped far above the test corpora's answers."""
    with virtuoso_server(tmp_path_factory.mktemp("virtuoso")) as server:
        yield server


@pytest.fixture(scope="session")
def capped_virtuoso(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """Run Virtuoso that answers at most ``CAPPED_VIRTUOSO_ROWS`` rows a query, as its default cap would."""
    with virtuoso_server(tmp_path_factory.mktemp("capped-virtuoso"), max_rows=CAPPED_VIRTUOSO_ROWS) as server:
        yield server


@pytest.fixture(params=["oxigraph", "virtuoso"])
def server(request: pytest.FixtureRequest) -> Server:
    """Return each of the two test servers in turn."""
    found: Server = request.getfixturevalue(request.param)
    return found
