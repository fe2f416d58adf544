"""Tests of ontology.lifetime: a child started through it dies when its parent is killed."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from ontology import lifetime


def _alive(pid: int) -> bool:
    """Return True while ``pid`` runs (a zombie, killed but not yet reaped, counts as dead)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return False
    return "\nState:\tZ" not in status


def _start_parent(start_child: str) -> tuple[subprocess.Popen[str], int]:
    """Start a Python parent that starts a long sleep by ``start_child``; return it and the sleep's pid."""
    code = (
        "import subprocess, time\n"
        "from ontology import lifetime\n"
        f"child = subprocess.Popen({start_child})\n"
        "print(child.pid, flush=True)\n"
        "time.sleep(60)\n"
    )
    parent = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    assert parent.stdout is not None
    return parent, int(parent.stdout.readline())


def _alive_after_parent_killed(start_child: str) -> bool:
    parent, child = _start_parent(start_child)
    try:
        assert _alive(child)
        parent.kill()
        parent.wait()
        deadline = time.monotonic() + 1.0
        while _alive(child) and time.monotonic() < deadline:
            time.sleep(0.02)
        return _alive(child)
    finally:
        parent.kill()
        subprocess.run(["pkill", "-KILL", "-P", str(parent.pid)], check=False)
        if _alive(child):
            subprocess.run(["kill", "-KILL", str(child)], check=False)


def test_child_started_through_lifetime_command_dies_with_its_parent() -> None:
    assert not _alive_after_parent_killed("lifetime.command(['sleep', '60'])")


def test_child_started_plainly_outlives_its_parent() -> None:
    """The control: without the trampoline, the same child keeps running (the defect being fixed)."""
    assert _alive_after_parent_killed("['sleep', '60']")


def test_lifetime_command_refuses_a_missing_program_with_its_name() -> None:
    result = subprocess.run(
        lifetime.command(["no-such-program-ceasefire-kg"]), capture_output=True, text=True, check=False
    )
    assert result.returncode == 127
    assert "cannot run no-such-program-ceasefire-kg" in result.stderr


def test_lifetime_main_without_a_separator_prints_usage() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "ontology.lifetime", "1"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 2
    assert "usage:" in result.stderr
