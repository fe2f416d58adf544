"""Eight clients at once get right answers from ``serve``, also while builds swap the store under it.

The same build machinery as ``benchmarks/swap_stress.py``; each client speaks HTTP/1.1 over one connection.
"""

from __future__ import annotations

import http.client
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from swap_stress import build

from graph_builder.workspace import BUILDS, Workspace
from tests.graph_builder.serving import Server, cli_rows, fetch, running

CLIENTS = 8
QUERIES = 250
#: What the clients ask, in turn: a named query, a SELECT as text, an ASK (path, Accept).
PROTOCOLS = "SELECT ?p WHERE { ?p a cf:Protocol } ORDER BY ?p"
ASKED = [
    ("/queries/violations_by_day?format=json", "application/sparql-results+json"),
    ("/sparql?" + urllib.parse.urlencode({"query": PROTOCOLS}), "text/csv"),
    ("/sparql?" + urllib.parse.urlencode({"query": "ASK { actor:hulusi-akar a cf:Person }"}), "text/csv"),
]


@dataclass
class Outcome:
    """What the clients saw: how many answers, and each wrong one."""

    answers: int = 0
    wrong: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


def expected_answers(server: Server) -> list[bytes]:
    answers = [fetch(server.url.rstrip("/") + path, headers={"Accept": accept}) for path, accept in ASKED]
    assert [answer.status for answer in answers] == [200, 200, 200]
    return [answer.body for answer in answers]


def client(server: Server, expected: list[bytes], outcome: Outcome, pause: float, offset: int) -> None:
    host, port = urllib.parse.urlsplit(server.url).netloc.split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=60)
    try:
        for n in range(QUERIES):
            index = (n + offset) % len(ASKED)
            path, accept = ASKED[index]
            try:
                connection.request("GET", path, headers={"Accept": accept})
                response = connection.getresponse()
                body = response.read()
                problem = (
                    None
                    if (response.status, body) == (200, expected[index])
                    else f"{response.status} {body[:200]!r}"
                )
            except (OSError, http.client.HTTPException) as exc:
                problem = f"{type(exc).__name__}: {exc}"
                connection.close()
                connection = http.client.HTTPConnection(host, int(port), timeout=60)
            with outcome.lock:
                outcome.answers += 1
                if problem is not None:
                    outcome.wrong.append(f"{path}: {problem}")
            time.sleep(pause)
    finally:
        connection.close()


def run_clients(server: Server, expected: list[bytes], *, pause: float) -> Outcome:
    outcome = Outcome()
    threads = [
        threading.Thread(target=client, args=(server, expected, outcome, pause, offset))
        for offset in range(CLIENTS)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcome


@pytest.mark.slow  # 2,000 queries
def test_eight_clients_get_right_answers(built_seed: Path) -> None:
    with running(built_seed, "--workers", "2") as server:
        expected = expected_answers(server)
        _, rows = cli_rows(built_seed, PROTOCOLS)
        assert expected[1].decode().splitlines()[1:] == [row[0].value for row in rows if row[0]]
        outcome = run_clients(server, expected, pause=0)
    assert outcome.answers == CLIENTS * QUERIES
    assert outcome.wrong == []


@pytest.mark.slow  # 2,000 queries while about three builds swap the store
def test_eight_clients_get_right_answers_while_builds_swap_the_store(seed_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "output"
    started = time.monotonic()
    assert build(seed_copy, out)
    seconds = time.monotonic() - started
    space = Workspace(out)
    with running(out, "--workers", "2", sources=seed_copy) as server:
        expected = expected_answers(server)
        stop = threading.Event()
        swaps: list[Path | None] = []

        def builds() -> None:
            while not stop.is_set():
                before = space.current()
                if build(seed_copy, out) and space.current() != before:
                    swaps.append(space.current())

        builder = threading.Thread(target=builds)
        builder.start()
        # Paced so that the queries span about three builds.
        outcome = run_clients(server, expected, pause=3 * seconds / QUERIES)
        stop.set()
        builder.join()
        during = len(swaps)
        # Each worker reads once more (the idle workers take turns), so that each lets go of older builds.
        for _ in range(4):
            assert fetch(server.sparql, params={"query": "ASK { ?s ?p ?o }"}).status == 200
        assert build(seed_copy, out)
        versions = sorted(path.name for path in (out / BUILDS).iterdir())
    assert outcome.answers == CLIENTS * QUERIES
    assert outcome.wrong == []
    assert during >= 2, f"only {during} swaps while the clients ran: the test proves little"
    # The current build and the one it replaced; none that a worker kept after a swap.
    assert len(versions) == 2, versions
