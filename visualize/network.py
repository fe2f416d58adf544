"""Turn a projection into pyvis's network data model: one vis-network node and edge dict per node and link.

pyvis 0.3.2 only holds the data here; the page is rendered by our own template (see ``visualize.page``),
because pyvis's own templates fetch Bootstrap from a CDN and put unescaped titles into innerHTML.
"""

from __future__ import annotations

import math
from typing import Any, Final

import networkx as nx
from pyvis.edge import Edge
from pyvis.network import Network
from pyvis.node import Node

from .accounts import Account
from .evidence import Provenance, Quote

#: Per kind: the legend's name, the colour and the vis-network shape (colour-blind-safe, Dark2 palette).
KIND_STYLES: Final = {
    "actor": ("Actors", "#2f6db5", "dot"),
    "agreement": ("Agreements", "#1b9e77", "square"),
    "provision": ("Provisions", "#66a61e", "diamond"),
    "event": ("Events", "#d95f02", "star"),
    "statement": ("Statements", "#7570b3", "hexagon"),
    "place": ("Places", "#a6761d", "triangle"),
}
LINK_COLOUR: Final = "#9aa3b2"
REPORT_COLOUR: Final = "#cfd4dc"
ATTRIBUTION_COLOUR: Final = "#b4462d"
SELECTED_COLOUR: Final = "#1d2330"
#: The border of an event whose accounts disagree (magenta: apart from every kind's colour).
DISPUTED_COLOUR: Final = "#c2185b"
#: The background of an event no account says occurred (planned, conditional, cancelled, denied): hollow.
HOLLOW_COLOUR: Final = "#ffffff"
#: The projection's node attributes the page reads (beyond label, kind and type).
PAGE_ATTRIBUTES: Final = (
    "date", "count", "status", "statuses", "reported_by", "accounts", "disputed", "disputed_on",
)  # fmt: skip
#: Longest label drawn on the canvas; the tooltip and the side panel show the whole of it.
CANVAS_LABEL: Final = 32


def _darker(colour: str, factor: float = 0.72) -> str:
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return "#" + "".join(f"{int(c * factor):02x}" for c in (red, green, blue))


def _short(label: str) -> str:
    return label if len(label) <= CANVAS_LABEL else label[: CANVAS_LABEL - 1].rstrip() + "…"


def node_size(score: float, top: float, *, large: bool) -> float:
    """Return a node's drawn size from its centrality, relative to the most central node's."""
    share = math.sqrt(score / top) if top > 0 else 0.0
    return round((5.0 + 16.0 * share) if large else (9.0 + 26.0 * share), 1)


def _quote(quote: Quote, source_index: dict[str, int]) -> list[Any]:
    """Pack one evidence item as ``[source, exact, start, end, article, url]`` (compact in the page)."""
    return [source_index[quote.source], quote.exact, quote.start, quote.end, quote.article, quote.url]


def _account_row(
    account: Account, source_index: dict[str, int], first_quote: int, quotes: int
) -> dict[str, Any]:
    """Pack one account for the page's side-by-side table; ``q`` indexes the quotes of the node's ``ev``."""
    extra = [f"details: {text}" for text in account.details]
    extra += [figure.casualty_text for figure in account.casualties]
    if account.title:
        extra.append(f"title: {account.title}")
    if account.rank:
        extra.append(f"rank: {account.rank}")
    return {
        "r": account.reporter_label,
        "ri": account.reporter,
        "s": None if account.source is None else source_index.get(account.source),
        "sd": account.source_date,
        "st": account.status,
        "d": None if account.span is None else account.span.text,
        "sp": [[span.start, span.end] for span in account.spans],
        "c": None if account.count is None else account.count.text,
        "x": extra,
        "q": list(range(first_quote, first_quote + quotes)),
    }


def _marks(data: dict[str, Any]) -> dict[str, Any]:
    """Return the drawing options that mark a disputed event (border) and an event not occurred (hollow)."""
    if data["kind"] != "event":
        return {}
    colour = KIND_STYLES["event"][1]
    disputed = bool(data.get("disputed"))
    hollow = "statuses" in data and "occurred" not in str(data["statuses"]).split("; ")
    if not disputed and not hollow:
        return {}
    background = HOLLOW_COLOUR if hollow else colour
    border = DISPUTED_COLOUR if disputed else _darker(colour)
    options: dict[str, Any] = {
        "color": {
            "background": background,
            "border": border,
            "highlight": {"background": background, "border": SELECTED_COLOUR if not disputed else border},
            "hover": {"background": background, "border": SELECTED_COLOUR if not disputed else border},
        },
        "borderWidth": 3.5 if disputed else 2,
    }
    if hollow:
        options["shapeProperties"] = {"borderDashes": [4, 3]}
    return options


def to_network(
    graph: nx.MultiDiGraph,
    *,
    provenance: Provenance,
    scores: dict[str, float],
    positions: dict[str, tuple[float, float]] | None = None,
) -> Network:
    """Return the pyvis network of a projection, each node and edge with what the page shows about it.

    Nodes get integer ids (the page is several times smaller than with IRIs as ids) and keep the IRI in
    ``iri``. Nodes and edges are appended to the network in bulk: ``Network.add_node`` and ``add_edge``
    search the list of node ids for every call, which makes a 10,000-node graph quadratic.
    """
    net = Network(directed=True, heading="")
    source_index = {iri: i for i, iri in enumerate(sorted(provenance.sources))}
    top = max(scores.values(), default=0.0)
    large = positions is not None
    ids: dict[str, int] = {}
    for index, (iri, data) in enumerate(graph.nodes(data=True)):
        ids[iri] = index
        shape = KIND_STYLES[data["kind"]][2]
        options: dict[str, Any] = {
            "group": data["kind"],  # colour and shape come from the kind's group in the options
            "size": node_size(scores.get(iri, 0.0), top, large=large),
            "name": data["label"],
            "iri": iri,
            "kind": data["kind"],
            "type": data["type"],
            "ev": [_quote(q, source_index) for q in provenance.quotes.get(iri, [])],
            "det": [[d.heading, d.text, d.href] for d in provenance.details.get(iri, [])],
        }
        for key in (
            "date",
            "count",
            "status",
            "statuses",
            "reported_by",
            "accounts",
            "disputed",
            "disputed_on",
        ):
            if key in data:
                options[key] = data[key]
        told = provenance.accounts.get(iri, [])
        if told:
            sizes = [len(provenance.quotes.get(account.iri, [])) for account in told]
            first = len(options["ev"]) - sum(sizes)
            rows = []
            for account, size in zip(told, sizes, strict=True):
                rows.append(_account_row(account, source_index, first, size))
                first += size
            options["acc"] = rows
        options.update(_marks(data))
        if positions is not None:
            options["x"], options["y"] = positions[iri]
        node = Node(index, shape, _short(data["label"]), **options)
        net.nodes.append(node.options)
        net.node_ids.append(index)
        net.node_map[index] = node.options
    for index, (source, target, key, data) in enumerate(graph.edges(keys=True, data=True)):
        relation = data["relation"]
        options = {"id": index, "relation": relation, "alternative": bool(data.get("alternative", False))}
        # Most links take the default style of the options; only these differ (the page stays smaller).
        if relation == "reportedBy":
            options |= {"color": {"color": REPORT_COLOUR}, "width": 0.6}
        elif relation == "attribution":
            options["color"] = {"color": ATTRIBUTION_COLOUR}
        elif relation == "deniedAttribution":
            options |= {"color": {"color": ATTRIBUTION_COLOUR}, "dashes": [1, 4], "width": 1.6}
        if options["alternative"] and relation != "deniedAttribution":
            options["dashes"] = [6, 4]
        if "reported_by" in data:
            options["reported_by"] = data["reported_by"]
        if key in provenance.quotes:
            options["ev"] = [_quote(q, source_index) for q in provenance.quotes[key]]
        net.edges.append(Edge(ids[source], ids[target], directed=not large, **options).options)
    return net


def network_options(*, fixed_layout: bool) -> dict[str, Any]:
    """Return the vis-network options: physics for small graphs, fixed positions for large ones.

    Large graphs also go without arrows and curves and hide their links while moving: Chromium without a GPU
    takes about half a second to draw 10,000 nodes and 36,000 links, and arrows double that.
    """
    options: dict[str, Any] = {
        "autoResize": True,
        "groups": {
            kind: {
                "shape": shape,
                "color": {
                    "background": colour,
                    "border": _darker(colour),
                    "highlight": {"background": colour, "border": SELECTED_COLOUR},
                    "hover": {"background": colour, "border": SELECTED_COLOUR},
                },
            }
            for kind, (_, colour, shape) in KIND_STYLES.items()
        },
        "nodes": {
            # Borders double the cost of drawing a node: a 10,000-node frame takes twice as long with them.
            "borderWidth": 0 if fixed_layout else 1.5,
            "borderWidthSelected": 2.5,
            "font": {
                "size": 12,
                "face": "system-ui, -apple-system, Segoe UI, Roboto, DejaVu Sans, sans-serif",
                "color": "#1d2330",
                "strokeWidth": 3,
                "strokeColor": "#ffffff",
            },
        },
        "edges": {
            "color": {"color": LINK_COLOUR, "highlight": SELECTED_COLOUR, "hover": SELECTED_COLOUR},
            "width": 1.2,
            "arrows": {"to": {"enabled": not fixed_layout, "scaleFactor": 0.45}},
            "smooth": False if fixed_layout else {"enabled": True, "type": "continuous", "roundness": 0.3},
            "selectionWidth": 1.5,
        },
        "interaction": {
            # The page shows its own tooltips: vis-network's hover redraws the whole canvas on every change.
            "hover": False,
            "hideEdgesOnDrag": fixed_layout,
            "hideEdgesOnZoom": fixed_layout,
            "navigationButtons": False,
            "keyboard": False,
        },
        "layout": {"improvedLayout": not fixed_layout, "randomSeed": 7},
    }
    if fixed_layout:
        options["physics"] = {"enabled": False}
    else:
        options["physics"] = {
            "enabled": True,
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {
                "gravitationalConstant": -70,
                "centralGravity": 0.012,
                "springLength": 110,
                "springConstant": 0.06,
                "avoidOverlap": 0.5,
            },
            "stabilization": {"enabled": True, "iterations": 600, "updateInterval": 50, "fit": True},
        }
    return options
