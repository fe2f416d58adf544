"""The query page in Debian's Chromium: it runs SELECT, ASK and CONSTRUCT as ``query`` does, offline.

The page is opened from a ``serve`` process on 127.0.0.1; every request it makes is recorded, and each must go
to that server.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import rdflib

from queries import catalog
from tests.graph_builder.serving import Server, cli_query, cli_rows, running
from tests.helpers import REPO, assert_isomorphic, require_tool
from tests.visualize.test_browser import CHROMIUM_ARGS, INSTALL

pytestmark = pytest.mark.browser
ARTIFACTS = REPO / "tests" / "artifacts"
SELECT = catalog.load_named("instances_per_class").text
CONSTRUCT = catalog.load_named("actor_network").text


@pytest.fixture(scope="module")
def page_server(built_seed: Path) -> Iterator[Server]:
    with running(built_seed, "--workers", "2") as server:
        yield server


@pytest.fixture(scope="module")
def chromium_page(page_server: Server) -> Iterator[tuple[Any, list[str]]]:
    found = require_tool("chromium", INSTALL)
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        if os.environ.get("CI"):
            pytest.fail(f"playwright is missing on CI: {INSTALL}")
        pytest.skip(f"playwright not installed: {INSTALL}")
    executable = "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else found
    requests: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS, headless=True)
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.on("request", lambda request: requests.append(request.url))
        page.goto(page_server.url)
        page.wait_for_selector("body[data-ready=true]", timeout=30_000)
        yield page, requests
        browser.close()


def run_on_page(page: Any, text: str) -> None:
    page.fill("#query", text)
    page.click("#run")
    page.wait_for_selector("#status[data-state=done], #status[data-state=error]", timeout=30_000)
    assert page.get_attribute("#status", "data-state") == "done", page.inner_text("#error")


def test_the_page_runs_a_select_and_shows_the_rows_of_query(
    chromium_page: tuple[Any, list[str]], built_seed: Path
) -> None:
    page, _ = chromium_page
    variables, rows = cli_rows(built_seed, SELECT)
    assert rows
    run_on_page(page, SELECT)
    headers = page.eval_on_selector_all("#rows thead th", "cells => cells.map(c => c.textContent)")
    shown = page.eval_on_selector_all(
        "#rows tbody tr", "rows => rows.map(r => [...r.cells].map(c => c.textContent))"
    )
    assert headers == variables
    assert shown == [[term.value if term else "" for term in row] for row in rows]
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "serve-query-page.png"))


def test_the_page_runs_an_ask(chromium_page: tuple[Any, list[str]], built_seed: Path) -> None:
    page, _ = chromium_page
    for text in ("ASK { ?p a cf:Protocol }", "ASK { actor:turkey a cf:Protocol }"):
        _, stdout, _ = cli_query(built_seed, "--sparql", text)
        run_on_page(page, text)
        assert page.inner_text("#boolean") == stdout.strip()
        assert page.is_hidden("#rows")


def test_the_page_runs_a_construct_and_shows_the_graph_of_query(
    chromium_page: tuple[Any, list[str]], built_seed: Path
) -> None:
    page, _ = chromium_page
    code, stdout, stderr = cli_query(built_seed, "actor_network")
    assert code == 0, stderr
    run_on_page(page, CONSTRUCT)
    shown = rdflib.Graph().parse(data=page.inner_text("#graph"), format="turtle")
    expected = rdflib.Graph().parse(data=stdout, format="turtle")
    assert len(expected) > 10
    assert_isomorphic(expected, shown, "the page's CONSTRUCT and the CLI's")


def test_the_page_shows_a_refusal_and_loads_nothing_from_elsewhere(
    chromium_page: tuple[Any, list[str]], page_server: Server
) -> None:
    page, requests = chromium_page
    page.fill("#query", "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }")
    page.click("#run")
    page.wait_for_selector("#status[data-state=error]", timeout=30_000)
    assert "400" in page.inner_text("#error") and "SERVICE is not allowed" in page.inner_text("#error")
    assert requests, "the page made no request at all: the check below would prove nothing"
    assert all(url.startswith(page_server.url) for url in requests), requests
