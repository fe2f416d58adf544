"""Find a process's children and tell whether a process has ended, from /proc (Linux)."""

from __future__ import annotations

import shutil
import sys
import time
from pathlib import Path


def children(pid: int) -> list[int]:
    """Return the process ids of the children of ``pid`` (from /proc)."""
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            found.extend(int(child) for child in (task / "children").read_text(encoding="ascii").split())
        except OSError:
            continue
    return found


def is_dead(pid: int) -> bool:
    """Return whether ``pid`` has ended: gone, or a zombie nobody has reaped yet (it runs no more)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text(encoding="ascii")
    except OSError:
        return True
    state = next(line for line in status.splitlines() if line.startswith("State:"))
    return state.split()[1] in ("Z", "X")


def dead_within(pid: int, seconds: float) -> bool:
    """Return whether ``pid`` ends within ``seconds``."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if is_dead(pid):
            return True
        time.sleep(0.01)
    return is_dead(pid)


def cli() -> str:
    """Return the path of the installed ceasefire-kg command (the one next to this Python first)."""
    found = shutil.which("ceasefire-kg", path=str(Path(sys.executable).parent)) or shutil.which(
        "ceasefire-kg"
    )
    assert found is not None, "ceasefire-kg is not installed next to the test's Python"
    return found
