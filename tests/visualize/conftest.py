"""Share built corpora for visualize tests: the small corpus, a hostile one, the seed with a second report."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import write_hostile, write_mini


def _build(root: Path, sources: Path) -> Path:
    from graph_builder.build import build

    out = root / "output"
    build(sources, out=out)
    return out


@pytest.fixture(scope="session")
def mini_output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the small valid corpus once and return its output folder."""
    root = tmp_path_factory.mktemp("mini")
    return _build(root, write_mini(root))


@pytest.fixture(scope="session")
def hostile_output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the hostile corpus once and return its output folder."""
    root = tmp_path_factory.mktemp("hostile")
    return _build(root, write_hostile(root))


@pytest.fixture(scope="session")
def accounts_output(built_second_report: Path) -> Path:
    """Return the build of the seed plus the invented second report (several accounts of its events)."""
    return built_second_report
