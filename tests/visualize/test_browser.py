"""The page in Debian's Chromium, driven by Playwright: offline, complete, explorable, and safe.

Each test opens a page written by ``build`` from ``file://`` and records every request, dialog and console
error. Screenshots go to tests/artifacts/ for people to look at.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from ontology.namespaces import ID
from ontology.resources import page_template_text
from tests.helpers import (
    AKAR,
    HOSTILE_ACTOR,
    HOSTILE_NAME,
    HOSTILE_QUOTE,
    IMG_PAYLOAD,
    REPO,
    SCRIPT_PAYLOAD,
    open_store,
    require_tool,
)
from visualize.network import DISPUTED_COLOUR
from visualize.projection import project

pytestmark = pytest.mark.browser

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
INSTALL = "apt-get install chromium (Debian's package) and pip install playwright (the [test] extra)"
ARTIFACTS = REPO / "tests" / "artifacts"


@pytest.fixture(scope="session")
def chromium() -> str:
    """Return Debian's Chromium; skip without it or without playwright (fail when CI is set).

    Session-scoped, so that a missing browser skips before the session builds the corpora.
    """
    found = require_tool("chromium", INSTALL)
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        if os.environ.get("CI"):
            pytest.fail(f"playwright is missing on CI: {INSTALL}")
        pytest.skip(f"playwright not installed: {INSTALL}")
    return "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else found


@pytest.fixture(scope="module")
def browser(chromium: str) -> Iterator[Any]:
    """Launch Chromium headless, without sandbox, GPU, background network, updates or sync."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS, headless=True)
        yield launched
        launched.close()


@dataclass
class Opened:
    """A page opened from a file, with everything it asked for, said and popped up."""

    page: Any
    url: str
    requests: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def js(self, expression: str, argument: object = None) -> Any:
        return self.page.evaluate(expression, argument)


@pytest.fixture
def open_page(browser: Any) -> Iterator[Any]:
    """Open pages from files; close them at the end of the test."""
    contexts: list[Any] = []

    def opener(path: Path) -> Opened:
        context = browser.new_context(viewport={"width": 1500, "height": 900})
        contexts.append(context)
        page = context.new_page()
        opened = Opened(page, path.resolve().as_uri())
        page.on("request", lambda request: opened.requests.append(request.url))
        page.on("console", lambda m: opened.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda error: opened.errors.append(str(error)))

        def on_dialog(dialog: Any) -> None:
            opened.dialogs.append(dialog.message)
            dialog.dismiss()

        page.on("dialog", on_dialog)
        page.goto(opened.url)
        page.wait_for_selector("body[data-ready=true]", timeout=30_000)
        return opened

    yield opener
    for context in contexts:
        context.close()


def click_node(opened: Opened, iri: str) -> None:
    """Click a node where the canvas draws it, as a person would."""
    point = opened.js(
        """(iri) => {
            const node = cfkg.nodeByIri(iri);
            const position = cfkg.network.getPositions([node.id])[node.id];
            const dom = cfkg.network.canvasToDOM(position);
            const box = document.getElementById("network").getBoundingClientRect();
            return {x: box.left + dom.x, y: box.top + dom.y};
        }""",
        iri,
    )
    opened.page.mouse.click(point["x"], point["y"])


def screenshot(opened: Opened, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    opened.page.screenshot(path=str(ARTIFACTS / name))


def test_the_page_opens_offline_without_a_single_request(open_page: Any, built_seed: Path) -> None:
    opened = open_page(built_seed / "graph.html")
    assert opened.requests == [opened.url]
    assert opened.errors == []
    screenshot(opened, "graph-seed.png")


def test_the_network_holds_the_projection(open_page: Any, built_seed: Path) -> None:
    expected = project(open_store(built_seed))
    opened = open_page(built_seed / "graph.html")
    shown = opened.js("cfkg.shownNodeIds().map((id) => cfkg.iriOf(id))")
    assert sorted(shown) == sorted(expected)
    assert opened.js("cfkg.shownEdgeIds().length") == expected.number_of_edges()
    assert opened.js("cfkg.network.body.nodeIndices.length") == expected.number_of_nodes()
    assert opened.js("cfkg.network.body.edgeIndices.length") == expected.number_of_edges()
    events = sum(1 for _, kind in expected.nodes(data="kind") if kind == "event")
    assert opened.page.locator("#timeline .item").count() == events


def test_clicking_an_actor_shows_what_it_said_and_where(open_page: Any, built_seed: Path) -> None:
    opened = open_page(built_seed / "graph.html")
    click_node(opened, AKAR)
    panel = opened.page.locator("#panel")
    assert panel.locator("h2").inner_text() == "Hulusi Akar"
    text = panel.inner_text()
    assert "“We reached a great deal of agreement,” Akar said." in text.replace("\n", " ") or (
        "We reached a great deal of agreement" in text
    )
    assert "Idlib Ceasefire Appears To Hold As Russian-Turkish Joint Patrols Edge Near" in text
    assert "characters" in text
    # The neighbourhood is drawn over a veil that dims the rest.
    highlighted = opened.js("cfkg.highlighted().map((id) => cfkg.iriOf(id))")
    expected = project(open_store(built_seed))
    assert set(highlighted) == {AKAR, *expected.predecessors(AKAR), *expected.successors(AKAR)}
    screenshot(opened, "graph-seed-akar.png")
    assert opened.requests == [opened.url]


def test_a_kind_filter_hides_that_kind(open_page: Any, built_seed: Path) -> None:
    expected = project(open_store(built_seed))
    kinds = Counter(kind for _, kind in expected.nodes(data="kind"))
    opened = open_page(built_seed / "graph.html")
    opened.page.locator('input[data-kind="statement"]').uncheck()
    shown_kinds = Counter(opened.js("cfkg.shownNodeIds().map((id) => cfkg.kindOf(id))"))
    assert "statement" not in shown_kinds
    assert shown_kinds == {kind: n for kind, n in kinds.items() if kind != "statement"}
    statements = {n for n, kind in expected.nodes(data="kind") if kind == "statement"}
    left = [1 for u, v in expected.edges() if u not in statements and v not in statements]
    assert opened.js("cfkg.shownEdgeIds().length") == len(left)
    opened.page.locator('input[data-kind="statement"]').check()
    assert len(opened.js("cfkg.shownNodeIds()")) == expected.number_of_nodes()


def test_the_date_range_hides_events_and_statements_outside_it(open_page: Any, built_seed: Path) -> None:
    opened = open_page(built_seed / "graph.html")
    opened.page.fill("#since", "2020-03-11")
    opened.page.fill("#until", "2020-03-11")
    dates = opened.js(
        "cfkg.shownNodeIds().filter((id) => ['event', 'statement'].includes(cfkg.kindOf(id)))"
        ".map((id) => cfkg.dateOf(id))"
    )
    assert dates, "the seed has events on 11 March"
    for date in dates:
        start, _, end = date.partition("/")
        assert start <= "2020-03-11" <= (end or start)
    assert opened.page.locator("#timeline .item.hidden").count() > 0


def test_search_finds_an_actor_by_alias(open_page: Any, built_seed: Path) -> None:
    opened = open_page(built_seed / "graph.html")
    opened.page.fill("#search", "erdogan")
    assert opened.page.locator("#results button").first.inner_text() == "Recep Tayyip Erdogan"
    opened.page.press("#search", "Enter")
    assert opened.page.locator("#panel h2").inner_text() == "Recep Tayyip Erdogan"


def test_hostile_labels_and_quotes_stay_text(open_page: Any, hostile_output: Path) -> None:
    opened = open_page(hostile_output / "graph.html")
    click_node(opened, HOSTILE_ACTOR)
    panel = opened.page.locator("#panel")
    assert panel.locator("h2").text_content() == HOSTILE_NAME
    assert HOSTILE_QUOTE in (panel.text_content() or "")
    opened.page.fill("#search", SCRIPT_PAYLOAD)
    assert HOSTILE_NAME in opened.page.locator("#results button").all_text_contents()
    opened.page.hover("#results button")
    opened.page.wait_for_timeout(300)
    screenshot(opened, "graph-hostile.png")
    # The accounts table of an event: the source's title (markup in the hostile corpus) stays text.
    opened.js("(iri) => cfkg.select(cfkg.nodeByIri(iri).id, false)", f"{ID}event/mini-violations")
    source_cell = panel.locator("table.accounts tr.account td.source")
    assert IMG_PAYLOAD in (source_cell.text_content() or "")
    assert source_cell.locator("img").count() == 0
    assert opened.dialogs == []
    assert opened.js("document.querySelectorAll('img, [onerror], iframe, object, embed').length") == 0
    assert opened.js("document.scripts.length") == page_template_text("page.html").lower().count("<script")
    assert opened.js("window.__injected === undefined")
    assert opened.requests == [opened.url]
    assert opened.errors == []


PATROL = f"{ID}event/joint-patrols-m4-2020-03-15"
#: The seed's reconciliation center registered two violations on 10 March; the second report denies any.
DISPUTED = f"{ID}event/violations-2020-03-10"
HOSTILITIES = f"{ID}event/hostilities-turkish-soldiers-killed-idlib-since-february-2020"
DENIED_ONLY = f"{ID}event/violations-by-moderate-opposition-since-ceasefire"


def shown_iris(opened: Opened) -> set[str]:
    return set(opened.js("cfkg.shownNodeIds().map((id) => cfkg.iriOf(id))"))


def test_a_disputed_event_is_marked_and_its_panel_sets_the_accounts_side_by_side(
    open_page: Any, accounts_output: Path
) -> None:
    disputed = project(open_store(accounts_output)).nodes[DISPUTED]
    assert disputed["disputed"] is True
    opened = open_page(accounts_output / "graph.html")
    # The marker: the node's border in the disputed colour, the legend says what it means, the timeline too.
    border = opened.js(
        "(iri) => { const n = cfkg.nodeByIri(iri); const o = cfkg.network.body.nodes[n.id].options;"
        " return [o.color.border, o.borderWidth]; }",
        DISPUTED,
    )
    assert border[0] == DISPUTED_COLOUR and border[1] > 2
    legend = opened.page.locator('#mark-legend li[data-mark="disputed"]')
    assert legend.is_visible() and "disputed" in legend.inner_text()
    node_id = opened.js("(iri) => cfkg.nodeByIri(iri).id", DISPUTED)
    assert "disputed" in (
        opened.page.locator(f'#timeline .item[data-id="{node_id}"]').get_attribute("class") or ""
    )
    undisputed = opened.js(
        "cfkg.shownNodeIds().filter((id) => cfkg.kindOf(id) === 'event')"
        ".filter((id) => !cfkg.nodeByIri(cfkg.iriOf(id)).disputed)"
        ".map((id) => cfkg.network.body.nodes[id].options.color.border)"
    )
    assert undisputed and DISPUTED_COLOUR not in undisputed
    click_node(opened, DISPUTED)
    panel = opened.page.locator("#panel")
    assert panel.locator("h2").inner_text() == disputed["label"]
    assert "disputed: status" in panel.locator(".badge.disputed").inner_text()
    rows = panel.locator("table.accounts tr.account")
    assert rows.count() == disputed["accounts"]
    reporters = [rows.nth(i).locator("td.reporter").inner_text() for i in range(rows.count())]
    assert sorted(reporters) == sorted(disputed["reported_by"].split("; "))
    statuses = {rows.nth(i).locator("td.status").inner_text() for i in range(rows.count())}
    assert statuses == {"occurred", "denied"}
    # Each account carries its own quotes, beside its reporter: the seed's words of the count in its row.
    occurred = panel.locator("table.accounts tr.account", has_text="occurred")
    quotes = occurred.locator("xpath=following-sibling::tr[1]").inner_text()
    assert "registered two violations again" in quotes
    assert "Reported by" not in panel.inner_text()
    screenshot(opened, "graph-accounts-disputed.png")
    assert opened.requests == [opened.url]
    assert opened.errors == []


def test_the_date_filter_keeps_an_event_whose_period_overlaps_the_window(
    open_page: Any, accounts_output: Path
) -> None:
    opened = open_page(accounts_output / "graph.html")
    opened.page.fill("#since", "2020-03-10")
    opened.page.fill("#until", "2020-03-12")
    shown = shown_iris(opened)
    assert HOSTILITIES in shown  # "since February": a period from 1 February to 16 March
    assert f"{ID}event/violations-2020-03-09" not in shown
    assert PATROL not in shown
    opened.page.fill("#since", "2020-01-01")
    opened.page.fill("#until", "2020-01-31")
    assert HOSTILITIES not in shown_iris(opened)
    assert opened.errors == []


def test_the_timeline_draws_an_event_not_said_to_have_occurred_hollow(
    open_page: Any, built_seed: Path
) -> None:
    expected = project(open_store(built_seed))
    assert "occurred" not in expected.nodes[DENIED_ONLY]["statuses"].split("; ")
    opened = open_page(built_seed / "graph.html")
    ids = opened.js(
        "(iris) => iris.map((iri) => cfkg.nodeByIri(iri).id)",
        [DENIED_ONLY, f"{ID}event/violations-2020-03-09"],
    )
    hollow = opened.page.locator(f'#timeline .item[data-id="{ids[0]}"]')
    filled = opened.page.locator(f'#timeline .item[data-id="{ids[1]}"]')
    assert "not-occurred" in (hollow.get_attribute("class") or "")
    assert "not-occurred" not in (filled.get_attribute("class") or "")
    style = "(el) => [getComputedStyle(el).borderTopStyle, getComputedStyle(el).backgroundColor]"
    assert hollow.locator(".bar").first.evaluate(style) == ["dashed", "rgb(255, 255, 255)"]
    assert filled.locator(".bar").first.evaluate(style)[0] != "dashed"
    legend = opened.page.locator('#mark-legend li[data-mark="not-occurred"]')
    assert legend.is_visible()
