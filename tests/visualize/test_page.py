"""The page as HTML: self-contained, data escaped, only its own scripts allowed to run."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ontology.resources import page_template_text
from tests.helpers import HOSTILE_ACTOR, HOSTILE_NAME, IMG_PAYLOAD, SCRIPT_PAYLOAD, open_store
from visualize.page import Page, graph_page, page_for, render_html, script_json
from visualize.projection import project, resolve_focus


class Elements(HTMLParser):
    """Collect every start tag with its attributes, and the text of every script element."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self._in_script: dict[str, str | None] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag == "script":
            self._in_script = dict(attrs)
            self.scripts.append((self._in_script, ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = None

    def handle_data(self, data: str) -> None:
        if self._in_script is not None:
            attrs, text = self.scripts[-1]
            self.scripts[-1] = (attrs, text + data)


@pytest.fixture(scope="module")
def hostile_html(hostile_output: Path) -> str:
    return render_html(graph_page(open_store(hostile_output)))


@given(st.text())
def test_script_json_round_trips_and_cannot_close_the_script(text: str) -> None:
    encoded = script_json({"value": text, "list": [text]})
    assert not set("<>&\u2028\u2029") & set(encoded)
    assert json.loads(encoded) == {"value": text, "list": [text]}


def test_the_page_has_only_its_own_three_scripts_and_loads_nothing(hostile_html: str) -> None:
    parsed = Elements()
    parsed.feed(hostile_html)
    assert [attrs.get("type") for attrs, _ in parsed.scripts] == ["application/json", None, None]
    assert [tag for tag, _ in parsed.tags if tag == "img"] == []
    for tag, attrs in parsed.tags:
        assert "src" not in attrs, tag
        assert not any(name.startswith("on") for name in attrs), tag
        if tag == "link":
            assert attrs["href"] == "data:,"
    assert "sourceMappingURL" not in hostile_html


def test_hostile_text_never_appears_as_markup(hostile_html: str) -> None:
    assert IMG_PAYLOAD not in hostile_html
    assert SCRIPT_PAYLOAD not in hostile_html
    # the only script ends are the template's own: none came from the data
    assert hostile_html.lower().count("</script") == page_template_text("page.html").lower().count("</script")


def test_the_data_holds_the_hostile_text_verbatim(hostile_html: str) -> None:
    parsed = Elements()
    parsed.feed(hostile_html)
    data = json.loads(parsed.scripts[0][1])
    (actor,) = [n for n in data["nodes"] if n["iri"] == HOSTILE_ACTOR]
    assert actor["name"] == HOSTILE_NAME
    quotes = [q[1] for n in data["nodes"] for q in n["ev"]]
    assert any(SCRIPT_PAYLOAD in (q or "") for q in quotes)


def test_the_content_security_policy_allows_exactly_the_page_scripts(hostile_html: str) -> None:
    parsed = Elements()
    parsed.feed(hostile_html)
    (csp,) = [
        a["content"]
        for t, a in parsed.tags
        if t == "meta" and a.get("http-equiv") == "Content-Security-Policy"
    ]
    assert csp is not None and "default-src 'none'" in csp
    allowed = set(re.findall(r"'sha256-([^']+)'", csp.split("script-src", 1)[1].split(";", 1)[0]))
    executable = [text for attrs, text in parsed.scripts if attrs.get("type") is None]
    digests = {base64.b64encode(hashlib.sha256(t.encode()).digest()).decode() for t in executable}
    assert digests == allowed


def test_max_nodes_keeps_the_most_central_and_says_what_is_left_out(mini_output: Path) -> None:
    store = open_store(mini_output)
    total = project(store).number_of_nodes()
    page = graph_page(store, max_nodes=3)
    assert page.node_count == 3
    assert page.omitted.total() == total - 3
    assert page.data["meta"]["omitted"] == {k: n for k, n in page.omitted.items() if n}


def test_a_hostile_name_in_the_title_is_escaped(hostile_output: Path) -> None:
    text = render_html(graph_page(open_store(hostile_output), focus="hostile-group", depth=1))
    assert IMG_PAYLOAD not in text
    assert SCRIPT_PAYLOAD not in text
    assert "<title>Ceasefire knowledge graph: around &lt;img src=x onerror=alert(1)&gt;" in text


def page_content(page: Page) -> tuple[dict[str, Any], list[str], dict[str, Any]]:
    """Return what a page shows, apart from the order of its nodes: nodes and links by IRI, and the rest."""
    data = page.data
    iris = {node["id"]: node["iri"] for node in data["nodes"]}
    nodes = {node["iri"]: {k: v for k, v in node.items() if k != "id"} for node in data["nodes"]}
    edges = sorted(
        json.dumps(
            {
                **{k: v for k, v in edge.items() if k not in ("id", "from", "to")},
                "ends": [iris[edge["from"]], iris[edge["to"]]],
            },
            sort_keys=True,
        )
        for edge in data["edges"]
    )
    rest = {k: v for k, v in data.items() if k not in ("nodes", "edges")}
    return nodes, edges, rest


@pytest.mark.parametrize("cap", [1, 4, 9, 10_000])
@pytest.mark.parametrize("corpus", ["mini_output", "hostile_output", "accounts_output", "built_seed"])
def test_the_page_of_the_most_central_nodes_is_the_whole_projection_cut_to_them(
    corpus: str, cap: int, request: pytest.FixtureRequest
) -> None:
    store = open_store(request.getfixturevalue(corpus))
    page = graph_page(store, max_nodes=cap)
    view = {"focus": None, "depth": 2, "since": None, "until": None}
    whole = page_for(project(store), store=store, max_nodes=cap, view=view)
    assert page.node_count == min(cap, project(store).number_of_nodes())
    assert page_content(page) == page_content(whole)
    assert page.omitted == whole.omitted


@pytest.mark.parametrize(("focus", "depth"), [("hulusi-akar", 1), ("hulusi-akar", 2), ("turkey", 3)])
def test_a_focus_page_is_the_page_of_the_whole_projection_s_neighbourhood(
    mini_output: Path, focus: str, depth: int
) -> None:
    store = open_store(mini_output)
    page = graph_page(store, focus=focus, depth=depth, max_nodes=6)
    around = project(store, focus=focus, depth=depth)
    centre = around.nodes[resolve_focus(around, focus)]["label"]
    view = {"focus": centre, "depth": depth, "since": None, "until": None}
    title = f"Ceasefire knowledge graph: around {centre}"
    whole = page_for(around, store=store, max_nodes=6, title=title, view=view)
    assert page_content(page) == page_content(whole)
    assert page.title == whole.title
    assert 1 < page.node_count <= 6
