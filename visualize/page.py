"""Render the interactive graph page: one self-contained HTML file that opens offline and escapes all data.

Everything the page needs is inline (vis-network from the pyvis package, our script and style), and a
Content-Security-Policy allows nothing else: no request leaves the file, and only the page's own scripts,
named by their hashes, may run. The data travels as JSON inside ``<script type="application/json">``
with ``<``, ``>``, ``&``, U+2028 and U+2029 escaped, and the script puts every text into the page through
``textContent``.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import html
import json
import logging
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Final

import networkx as nx
import pyoxigraph as ox
from pyvis.network import Network

from ontology import resources
from ontology.errors import EnvironmentMissingError, InputError
from visualize import DEFAULT_MAX_NODES

from .accounts import Account, read_accounts
from .centrality import centrality, centrality_of_counts, keep_most_central, rank
from .evidence import Provenance, collect_provenance
from .layout import needs_fixed_layout, radial_layout
from .network import (
    ATTRIBUTION_COLOUR,
    DISPUTED_COLOUR,
    HOLLOW_COLOUR,
    KIND_STYLES,
    LINK_COLOUR,
    REPORT_COLOUR,
    SELECTED_COLOUR,
    network_options,
    to_network,
)
from .projection import (
    DATED_KINDS,
    KIND_OF_TYPE,
    KINDS,
    RELATIONS,
    RELATIONSHIPS,
    Things,
    date_span,
    linked_counts,
    neighbourhood,
    project,
    project_nodes,
    read_things,
    resolve_focus,
)
from .reading import together

log = logging.getLogger(__name__)

DEFAULT_TITLE: Final = "Ceasefire knowledge graph"
_PLACEHOLDER = re.compile(r"\{\{(\w+)\}\}")
_SOURCE_MAP = re.compile(r"^\s*//# sourceMappingURL=\S*\s*$|/\*# sourceMappingURL=\S*\s*\*/", re.MULTILINE)
_JSON_ESCAPES: Final = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}


@dataclass
class Page:
    """An interactive page: the pyvis network, everything the page's script reads, and the title."""

    network: Network
    data: dict[str, Any]
    title: str
    omitted: Counter[str] = field(default_factory=Counter)

    @property
    def node_count(self) -> int:
        """Return how many nodes the page shows."""
        return len(self.network.nodes)

    @property
    def edge_count(self) -> int:
        """Return how many links the page shows."""
        return len(self.network.edges)


def script_json(value: object) -> str:
    """Return JSON that is safe inside a ``<script>`` element: no ``</script>``, no line separators."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return re.sub("[<>&\u2028\u2029]", lambda m: _JSON_ESCAPES[m.group()], text)


def graph_page(
    store: ox.Store,
    *,
    focus: str | None = None,
    depth: int = 2,
    since: dt.date | None = None,
    until: dt.date | None = None,
    max_nodes: int | None = DEFAULT_MAX_NODES,
    title: str | None = None,
) -> Page:
    """Project the store (focus/depth, since/until as in ``project``) and make its interactive page.

    ``max_nodes`` keeps the most central nodes; the page says how many of each kind it left out. Without a
    focus or a window, only the nodes kept are projected (the same page as projecting them all first).
    """
    if max_nodes is not None and max_nodes < 1:
        raise InputError(f"max_nodes must be 1 or more, not {max_nodes}", value=max_nodes)
    view = {
        "focus": None,
        "depth": depth,
        "since": None if since is None else since.isoformat(),
        "until": None if until is None else until.isoformat(),
    }
    if focus is None and since is None and until is None:
        title = DEFAULT_TITLE if title is None else title
        return _most_central_page(store, max_nodes=max_nodes, title=title, view=view)
    if focus is not None and since is None and until is None:
        if depth < 0:
            raise InputError(f"depth must be 0 or more, not {depth}", value=depth)
        # Only the neighbourhood is walked and projected.
        things = read_things(store)
        iri = resolve_focus(things.nodes, focus)
        projection = project_nodes(store, neighbourhood(store, iri, depth), things=things)
        graph, accounts = projection.graph, projection.accounts
    else:
        accounts = read_accounts(store)  # read once for the projection and the panels
        graph = project(store, focus=focus, depth=depth, since=since, until=until, accounts=accounts)
    centre = None if focus is None else str(graph.nodes[resolve_focus(graph, focus)]["label"])
    if title is None:
        title = DEFAULT_TITLE if centre is None else f"{DEFAULT_TITLE}: around {centre}"
    view["focus"] = centre
    return page_for(graph, store=store, max_nodes=max_nodes, title=title, view=view, accounts=accounts)


def _most_central_page(store: ox.Store, *, max_nodes: int | None, title: str, view: dict[str, Any]) -> Page:
    """Make the page of the whole graph's most central nodes, projecting only those.

    The same page as ``page_for(project(store), max_nodes=…)``: the nodes are ranked by the same degree
    centrality, counted in the store (``linked_counts``), and only the kept ones are projected and read.
    """
    things, counts = together(lambda: read_things(store), lambda: linked_counts(store))
    scores = centrality_of_counts(counts, things.nodes)
    order = rank(things.nodes, scores, things.label)
    kept = order if max_nodes is None else order[:max_nodes]
    omitted = Counter(KIND_OF_TYPE[things.nodes[iri]] for iri in order[len(kept) :])
    # Only the kept nodes' part of the ranking is drawn (the most central one is among them): the rest of
    # it, over a hundred thousand things at four million triples, would stay in memory while the page is made.
    scores = {iri: scores[iri] for iri in kept}
    things = Things({iri: things.nodes[iri] for iri in kept}, things.others, things.labels)
    del counts, order
    projection = project_nodes(store, kept, things=things)
    graph = projection.graph
    provenance = collect_provenance(store, _facts(graph), accounts=projection.accounts)
    return _page(graph, provenance, scores=scores, omitted=omitted, title=title, view=view)


def _facts(graph: nx.MultiDiGraph) -> list[str]:
    """Return the facts a page shows the evidence of: its nodes and the relationships its links stand for."""
    relationships = {r.relation for r in RELATIONSHIPS.values()}
    edges = graph.edges(keys=True, data="relation")
    return [*graph, *(key for _, _, key, relation in edges if relation in relationships)]


def page_for(
    graph: nx.MultiDiGraph,
    *,
    store: ox.Store | None = None,
    provenance: Provenance | None = None,
    max_nodes: int | None = DEFAULT_MAX_NODES,
    title: str = DEFAULT_TITLE,
    view: dict[str, Any] | None = None,
    accounts: Mapping[str, list[Account]] | None = None,
) -> Page:
    """Make the page of a projection.

    The evidence, details and accounts come from ``provenance`` when given, else from ``store`` (for the
    nodes kept after ``max_nodes``; ``accounts`` when the caller has read them already), else there are none.
    """
    scores = centrality(graph)
    omitted: Counter[str] = Counter()
    if max_nodes is not None:
        kept = keep_most_central(graph, max_nodes, scores=scores)
        graph, omitted = kept.graph, kept.omitted
    if provenance is None:
        provenance = (
            collect_provenance(store, _facts(graph), accounts=accounts) if store is not None else Provenance()
        )
    return _page(graph, provenance, scores=scores, omitted=omitted, title=title, view=view)


def _page(
    graph: nx.MultiDiGraph,
    provenance: Provenance,
    *,
    scores: dict[str, float],
    omitted: Counter[str],
    title: str,
    view: dict[str, Any] | None,
) -> Page:
    """Lay out the nodes kept, turn them into the page's data, and say what was left out."""
    fixed = needs_fixed_layout(graph)
    positions = radial_layout(graph, scores=scores) if fixed else None
    net = to_network(graph, provenance=provenance, scores=scores, positions=positions)
    net.options = network_options(fixed_layout=fixed)
    nodes, edges, _, _, _, options = net.get_network_data()
    kind_counts = Counter(str(kind) for _, kind in graph.nodes(data="kind"))
    data = {
        "title": title,
        "meta": {
            **(view or {}),
            "nodes": len(nodes),
            "edges": len(edges),
            "omitted": {kind: omitted[kind] for kind in KINDS if omitted[kind]},
            "kind_counts": dict(kind_counts),
            "fixed_layout": fixed,
            "date_span": date_span(graph),
        },
        "kinds": [
            {
                "kind": kind,
                "name": KIND_STYLES[kind][0],
                "color": KIND_STYLES[kind][1],
                "shape": KIND_STYLES[kind][2],
            }
            for kind in KINDS
        ],
        "dated_kinds": list(DATED_KINDS),
        "styles": {
            "link": LINK_COLOUR,
            "report": REPORT_COLOUR,
            "attribution": ATTRIBUTION_COLOUR,
            "selected": SELECTED_COLOUR,
            "disputed": DISPUTED_COLOUR,
            "hollow": HOLLOW_COLOUR,
        },
        "relations": {key: {"label": r.label, "inverse": r.inverse} for key, r in RELATIONS.items()},
        "sources": [
            {"title": s.title, "url": s.url, "publisher": s.publisher, "date": s.date}
            for _, s in sorted(provenance.sources.items())
        ],
        "nodes": nodes,
        "edges": edges,
        "options": json.loads(options),
    }
    log.info("page: %d nodes, %d edges, %d left out", len(nodes), len(edges), omitted.total())
    return Page(net, data, title, omitted)


def _inline(text: str, closing: str) -> str:
    """Return asset text fit to stand inside an element, with its source-map comment (a request) removed."""
    text = _SOURCE_MAP.sub("", text)
    if closing in text.lower():
        # Packaged files, not user data: a vis-network upgrade that breaks this must fail loudly.
        raise ValueError(f"an inlined asset contains {closing!r}")
    return text


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def render_html(page: Page) -> str:
    """Return the page as one self-contained HTML document."""
    try:
        vis_js = _inline(resources.vis_network_text("vis-network.min.js"), "</script")
        vis_css = _inline(resources.vis_network_text("vis-network.css"), "</style")
    except FileNotFoundError as exc:
        raise EnvironmentMissingError(
            f"{exc}; reinstall pyvis 0.3.2 (pip install --force-reinstall pyvis)"
        ) from exc
    page_js = _inline(resources.page_template_text("page.js"), "</script")
    page_css = _inline(resources.page_template_text("page.css"), "</style")
    csp = "; ".join(
        (
            "default-src 'none'",
            f"script-src {_sha256(vis_js)} {_sha256(page_js)}",
            f"style-src {_sha256(vis_css)} {_sha256(page_css)}",
            "img-src data:",
            "base-uri 'none'",
            "form-action 'none'",
        )
    )
    values = {
        "csp": html.escape(csp),
        "generator": html.escape(f"ceasefire-kg {resources.project_version()}"),
        "title": html.escape(page.title),
        "vis_css": vis_css,
        "page_css": page_css,
        "data": script_json(page.data),
        "vis_js": vis_js,
        "page_js": page_js,
    }
    template = resources.page_template_text("page.html")
    # One pass over the template only: inserted text is never searched for placeholders again.
    return _PLACEHOLDER.sub(lambda m: values[m.group(1)], template)
