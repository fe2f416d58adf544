"""Builds into a folder others read: readers never fail, a second build waits, a killed one leaves no mess.

The same machinery as ``benchmarks/swap_stress.py`` (which runs the full figures), with small counts.
"""

from __future__ import annotations

import os
import random
import subprocess
import time
from pathlib import Path

import pytest
from swap_stress import build, build_command, is_complete, kill_builds, read_during_swaps

from graph_builder.workspace import Workspace


@pytest.mark.slow  # about ten builds
def test_defect_1_readers_never_fail_while_builds_swap_the_output(seed_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "output"
    assert build(seed_copy, out)
    reads = read_during_swaps(seed_copy, out, readers=4, queries=40, swaps=4)
    assert reads.swaps >= 4 and reads.queries >= 40
    assert reads.failed == 0, reads.errors


@pytest.mark.slow  # about six builds, four of them killed
def test_defect_2_a_killed_build_leaves_a_whole_output_and_the_next_build_no_leftovers(
    seed_copy: Path, tmp_path: Path
) -> None:
    out = tmp_path / "output"
    assert build(seed_copy, out)
    started = time.perf_counter()
    assert build(seed_copy, out)
    seconds = time.perf_counter() - started
    kills = kill_builds(seed_copy, out, kills=4, seconds=seconds, rng=random.Random(3))
    # One kill landed between making the new link and renaming it; after each, the output answered, and no
    # process of a killed build (the page's, the writer's, HermiT's JVM: defect 3) outlived it by a second.
    outcome = (kills.kills, kills.in_switch, kills.complete, kills.leftovers, kills.survivors)
    assert outcome == (4, 1, 4, [], [])


@pytest.mark.slow  # two builds, one after the other
def test_defect_2_a_second_build_into_the_same_folder_waits_and_says_for_which_process(
    mini_sources: Path, tmp_path: Path
) -> None:
    out = tmp_path / "output"
    space = Workspace(out)
    errors = tmp_path / "stderr"
    with space.build_lock(), errors.open("wb") as stderr:
        second = subprocess.Popen(build_command(mini_sources, out), stdout=subprocess.DEVNULL, stderr=stderr)
        deadline = time.monotonic() + 120
        while b"waiting for the build" not in errors.read_bytes() and time.monotonic() < deadline:
            assert second.poll() is None, errors.read_text(encoding="utf-8")
            time.sleep(0.05)
        assert second.poll() is None and space.current() is None  # it waits, and writes nothing meanwhile
    assert second.wait(timeout=120) == 0, errors.read_text(encoding="utf-8")
    text = errors.read_text(encoding="utf-8")
    assert f"waiting for the build of process {os.getpid()} into {out}" in text
    assert "Traceback" not in text and is_complete(out)
