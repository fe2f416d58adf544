"""A query's child process never outlives the `query` that started it: killed parent, closed pipe, Ctrl-C.

The CLI runs as a real process here (a signal to it is what is tested), on the built seed, with a cross
product that would run for hours, so that the child is busy computing when its parent goes.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from queries import sandbox
from queries.results import Chunk, Head
from tests.helpers import SEED_SOURCES
from tests.queries.processes import children, cli, dead_within, is_dead

#: Every triple times every triple times every triple: ~10^10 solutions on the seed, hours of work.
CROSS_PRODUCT = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
#: How long a process may take to start and fork its query child (imports on a busy machine).
STARTUP = 60.0


def start_query(built: Path) -> tuple[subprocess.Popen[str], int]:
    """Start `ceasefire-kg query` of the cross product; return it once its query child runs, and the child."""
    command = [cli(), "query", "--sparql", CROSS_PRODUCT, "--timeout", "3600"]
    process = subprocess.Popen(
        [*command, "--sources", str(SEED_SOURCES), "--out", str(built)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + STARTUP
    while time.monotonic() < deadline and process.poll() is None:
        found = children(process.pid)
        if found:
            return process, found[0]
        time.sleep(0.02)
    process.kill()
    _, errors = process.communicate()
    pytest.fail(f"the query never started its child process: {errors}")


@pytest.mark.parametrize("number", [signal.SIGKILL, signal.SIGTERM, signal.SIGINT])
def test_orphans_a_query_child_dies_with_its_parent(number: signal.Signals, built_seed: Path) -> None:
    process, child = start_query(built_seed)
    try:
        assert not is_dead(child), "the child must be running for the test to mean anything"
        process.send_signal(number)
        assert dead_within(child, 1.0), f"the query's child still runs 1 s after {number.name} to its parent"
        _, errors = process.communicate(timeout=30)
    finally:
        process.kill()
        process.wait()
        if not is_dead(child):
            os.kill(child, signal.SIGKILL)
    if number == signal.SIGKILL:
        assert process.returncode == -signal.SIGKILL
        return
    assert process.returncode == 128 + number  # 130 for Ctrl-C, 143 for SIGTERM
    assert errors == f"error: interrupted by {number.name}\n"


def _computes_for_a_minute() -> Iterator[Chunk]:
    yield Head("ask")
    time.sleep(60)  # as an engine deep in a query: nothing written to the pipe for a long while
    yield True


def test_orphans_a_query_child_stops_when_nobody_reads_its_pipe() -> None:
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child, as the sandbox makes it (never returns)
        sandbox._child(_computes_for_a_minute, os.getppid(), read_end, write_end, set())
    os.close(write_end)
    try:
        os.close(read_end)  # the reader goes, the parent stays
        deadline = time.monotonic() + 10
        ended, status = 0, 0
        while not ended and time.monotonic() < deadline:
            ended, status = os.waitpid(pid, os.WNOHANG)
            time.sleep(0.01)
        assert ended == pid, "the child ran on with no reader for its answer"
        assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 1  # it ended itself: nobody killed it
    finally:
        if not is_dead(pid):
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)


def test_orphans_closing_a_stream_early_stops_its_child() -> None:
    def endless() -> Iterator[Chunk]:
        yield Head("ask")
        while True:
            time.sleep(0.01)
            yield True

    before = set(children(os.getpid()))
    stream = sandbox.stream_in_child(endless, timeout=600)
    assert next(stream) == Head("ask")
    (child,) = set(children(os.getpid())) - before
    assert not is_dead(child)
    stream.close()
    assert is_dead(child)
