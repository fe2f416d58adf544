"""Run the endpoint benchmark on the seed with a few queries, so that it cannot rot (no timing asserted)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import REPO, SEED_SOURCES, require_tool


@pytest.mark.slow  # two servers, a few hundred queries
def test_the_endpoint_benchmark_runs_and_both_servers_agree(built_seed: Path, tmp_path: Path) -> None:
    # Installed next to this Python by the [test] extra (where the benchmark looks first), else on the PATH.
    if shutil.which("oxigraph", path=str(Path(sys.executable).parent)) is None:
        require_tool("oxigraph", "pip install oxigraph (the [test] extra pins the version of pyoxigraph)")
    table = tmp_path / "serve.md"
    script = str(REPO / "benchmarks" / "serve_speed.py")
    options = ["--sources", str(SEED_SOURCES), "--simple", "5", "--heavy", "1", "--write", str(table)]
    done = subprocess.run(
        [sys.executable, script, "--out", str(built_seed), *options],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    lines = table.read_text(encoding="utf-8").splitlines()
    rows = [line.split("|")[1:-1] for line in lines if line.startswith("| ")]
    measured = [[cell.strip() for cell in row] for row in rows[2:] if "ratio" not in row[1]]
    assert [(row[0], row[1].split(" (")[0], row[2], row[6]) for row in measured] == [
        ("simple", "ceasefire-kg serve", "40", "0"),
        ("simple", "oxigraph serve-read-only", "40", "0"),
        ("heavy", "ceasefire-kg serve", "8", "0"),
        ("heavy", "oxigraph serve-read-only", "8", "0"),
    ]
