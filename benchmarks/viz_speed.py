"""Measure the interactive page at 10,000 nodes: the time to write it, until Chromium draws it and answers.

The graph is a synthetic projection with the shape of a year of reports (few actors and places, thousands of
events and statements, each with a quote), built directly in networkx so that the benchmark measures the page
and not the build. Budgets: HTML written in <= 5 s; page drawn and answering a click in <= 5 s.

``--store`` measures ``ceasefire-kg viz`` with its default cap instead: the page of a built store (from its
reading to the file written), repeated, with the median wall and CPU time; it uses only ``graph_page``,
``render_html`` and ``write_atomic``, so that an older checkout (on ``PYTHONPATH``) is measured the same way.

\b
Examples:
  python benchmarks/viz_speed.py                       # 10,000 nodes, prints the timings
  python benchmarks/viz_speed.py --nodes 20000 --keep /tmp/big.html
  python benchmarks/viz_speed.py --check               # exit 1 when over budget (CI)
  python benchmarks/viz_speed.py --store output/store --repeat 3
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import networkx as nx

from graph_builder.workspace import write_atomic
from ontology.namespaces import node_iri
from visualize.evidence import Detail, Provenance, Quote, SourceInfo
from visualize.page import page_for, render_html

BUDGET_SECONDS = 5.0
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
#: Share of each kind in the synthetic graph (a year of daily reports: mostly events and statements).
SHARES = {
    "actor": 0.03,
    "place": 0.02,
    "agreement": 0.002,
    "provision": 0.018,
    "event": 0.5,
    "statement": 0.43,
}
TYPES = {
    "actor": ["State", "Person", "MilitaryForce", "ArmedGroup", "GovernmentBody", "NewsMedia"],
    "place": ["Place"],
    "agreement": ["Protocol", "Memorandum"],
    "provision": ["CeasefireProvision", "JointPatrolProvision", "SecurityCorridorProvision"],
    "event": ["CeasefireViolation", "ConvoyEscort", "JointPatrol", "PhoneCall", "Talks"],
    "statement": ["Statement"],
}


def _edge(
    graph: nx.MultiDiGraph, u: str, v: str, relation: str, label: str, alternative: bool = False
) -> None:
    key = f"{relation}#{v}" if alternative else relation
    graph.add_edge(u, v, key=key, label=label, relation=relation, alternative=alternative)


def synthetic(nodes: int, *, seed: int = 7) -> tuple[nx.MultiDiGraph, Provenance]:
    """Return a projection of about ``nodes`` nodes (as ``project`` makes them) and a quote for each fact."""
    rng = random.Random(seed)
    graph: nx.MultiDiGraph = nx.MultiDiGraph()
    by_kind: dict[str, list[str]] = {}
    for kind, share in SHARES.items():
        count = max(1, round(nodes * share))
        by_kind[kind] = [node_iri(kind, f"{kind}-{i}") for i in range(count)]
        for i, iri in enumerate(by_kind[kind]):
            attrs: dict[str, Any] = {
                "label": f"Synthetic {kind} {i}",
                "kind": kind,
                "type": rng.choice(TYPES[kind]),
            }
            if kind in ("event", "statement"):
                day = 1 + rng.randrange(28)
                month = 3 + rng.randrange(9)
                attrs["date"] = f"2020-{month:02d}-{day:02d}"
                if rng.random() < 0.3:
                    attrs["date"] += f"/2020-{month:02d}-{min(28, day + 1 + rng.randrange(5)):02d}"
                attrs["reported_by"] = f"Synthetic actor {rng.randrange(len(by_kind['actor']))}"
            if kind == "event":
                attrs["status"] = "occurred"
                if rng.random() < 0.5:
                    attrs["count"] = 1 + rng.randrange(20)
            graph.add_node(iri, **attrs)
    actors, places = by_kind["actor"], by_kind["place"]
    # A few actors are in most reports: a heavy-tailed choice, as in real coverage.
    weights = [1.0 / (1 + i) for i in range(len(actors))]
    for provision in by_kind["provision"]:
        _edge(graph, rng.choice(by_kind["agreement"]), provision, "hasProvision", "has provision")
    for event in by_kind["event"]:
        _edge(graph, event, rng.choices(actors, weights)[0], "reportedBy", "reported by")
        for actor in set(rng.choices(actors, weights, k=2)):
            _edge(graph, event, actor, "participant", "participant")
        _edge(graph, event, rng.choice(places), "place", "located at")
        if rng.random() < 0.3:
            _edge(graph, event, rng.choice(by_kind["provision"]), "concernsProvision", "concerns provision")
        if rng.random() < 0.2:
            for candidate in rng.sample(actors, 2):
                _edge(graph, event, candidate, "attribution", "attributed to", alternative=True)
    for statement in by_kind["statement"]:
        _edge(graph, statement, rng.choices(actors, weights)[0], "speaker", "speaker")
        _edge(graph, statement, rng.choices(actors, weights)[0], "reportedBy", "reported by")
        about = rng.choice([*by_kind["event"], *actors, *by_kind["agreement"]])
        _edge(graph, statement, about, "about", "about")
    source = node_iri("source", "synthetic-reports")
    facts = [*by_kind["event"], *by_kind["statement"]]
    sentence = "Synthetic report sentence about {}, quoted verbatim."
    quotes = {
        iri: [Quote(source, sentence.format(graph.nodes[iri]["label"]), start=100 * n, end=100 * n + 64)]
        for n, iri in enumerate(facts)
    }
    details = {
        iri: [Detail("Text", f"What {graph.nodes[iri]['label']} said.")] for iri in by_kind["statement"]
    }
    sources = {
        source: SourceInfo("Synthetic reports", "https://example.org/reports", "Synthetic News", "2020")
    }
    return graph, Provenance(quotes, sources, details)


def write_page(graph: nx.MultiDiGraph, provenance: Provenance, target: Path) -> dict[str, float]:
    """Make, render and write the page; return the seconds each step took."""
    timings: dict[str, float] = {}
    started = time.perf_counter()
    page = page_for(graph, provenance=provenance)
    timings["page (centrality, layout, pyvis data)"] = time.perf_counter() - started
    mark = time.perf_counter()
    text = render_html(page)
    timings["render HTML"] = time.perf_counter() - mark
    mark = time.perf_counter()
    write_atomic(target, text)
    timings["write file"] = time.perf_counter() - mark
    timings["total: HTML written"] = time.perf_counter() - started
    return timings


def open_in_chromium(target: Path) -> dict[str, float]:
    """Open the page in Chromium; return the seconds until it is drawn and until it answers a click."""
    from playwright.sync_api import sync_playwright

    timings: dict[str, float] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        page = browser.new_page(viewport={"width": 1500, "height": 900})
        requests: list[str] = []
        page.on("request", lambda request: requests.append(request.url))
        started = time.perf_counter()
        page.goto(target.resolve().as_uri())
        page.wait_for_selector("body[data-ready=true]", timeout=60_000)
        timings["page drawn"] = time.perf_counter() - started
        # Interactive: a click on the most central node opens its panel and highlights its neighbourhood.
        point = page.evaluate(
            """() => {
                const size = (id) => cfkg.nodes.get(id).size;
                const id = cfkg.shownNodeIds().reduce((a, b) => (size(a) >= size(b) ? a : b));
                const dom = cfkg.network.canvasToDOM(cfkg.network.getPositions([id])[id]);
                const box = document.getElementById("network").getBoundingClientRect();
                return {x: box.left + dom.x, y: box.top + dom.y, name: cfkg.nodes.get(id).label};
            }"""
        )
        mark = time.perf_counter()
        page.mouse.click(point["x"], point["y"])
        page.wait_for_selector("#panel h2", timeout=60_000)
        timings["click answered"] = time.perf_counter() - mark
        mark = time.perf_counter()
        page.locator('input[data-kind="statement"]').uncheck()
        page.evaluate("cfkg.shownNodeIds().length")
        timings["kind filter applied"] = time.perf_counter() - mark
        timings["total: drawn and interactive"] = timings["page drawn"] + timings["click answered"]
        timings["requests other than the file"] = float(
            len([u for u in requests if u != target.resolve().as_uri()])
        )
        browser.close()
    return timings


def store_page(store_path: Path, target: Path, *, repeat: int) -> dict[str, float]:
    """Write the default page of a built store ``repeat`` times; return the median wall and CPU seconds."""
    import pyoxigraph as ox

    from visualize.page import graph_page

    store = ox.Store.read_only(str(store_path))
    walls: list[float] = []
    cpus: list[float] = []
    nodes = 0
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        page = graph_page(store)
        write_atomic(target, render_html(page))
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
        nodes = page.node_count
    return {
        "nodes drawn": float(nodes),
        "total: HTML written (median)": statistics.median(walls),
        "CPU (median)": statistics.median(cpus),
        "fastest": min(walls),
    }


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the timings; with --check, exit 1 when a budget is exceeded."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--nodes", type=int, default=10_000, help="size of the synthetic graph (default 10,000)"
    )
    parser.add_argument("--keep", type=Path, default=None, help="keep the page at this path")
    parser.add_argument("--no-browser", action="store_true", help="only time writing the HTML")
    parser.add_argument("--check", action="store_true", help="exit 1 when over the 5 s budgets")
    parser.add_argument("--store", type=Path, default=None, help="time the default page of this built store")
    parser.add_argument("--repeat", type=int, default=3, help="runs of --store to take the median of")
    args = parser.parse_args(argv)

    if args.store is not None:
        with tempfile.TemporaryDirectory() as folder:
            found = store_page(args.store, args.keep or Path(folder) / "graph.html", repeat=args.repeat)
        for name, value in found.items():
            print(f"  {name:<36} {value:7.2f}" + ("" if name.startswith("nodes") else " s"))
        slow = found["total: HTML written (median)"] > BUDGET_SECONDS
        if slow:
            print(f"over budget ({BUDGET_SECONDS:.0f} s): total: HTML written", file=sys.stderr)
        return 1 if slow and args.check else 0

    graph, provenance = synthetic(args.nodes)
    print(f"synthetic projection: {graph.number_of_nodes():,} nodes, {graph.number_of_edges():,} edges")
    with tempfile.TemporaryDirectory() as folder:
        target = args.keep or Path(folder) / "graph.html"
        timings = write_page(graph, provenance, target)
        print(f"page: {target.stat().st_size / 1e6:.1f} MB")
        if not args.no_browser:
            timings |= open_in_chromium(target)
    for name, seconds in timings.items():
        print(f"  {name:<36} {seconds:7.2f}" + ("" if name.startswith("requests") else " s"))
    over = [
        name for name in ("total: HTML written", "total: drawn and interactive")
        if timings.get(name, 0.0) > BUDGET_SECONDS
    ]  # fmt: skip
    if timings.get("requests other than the file", 0.0):
        over.append("the page made requests")
    if over:
        print(f"over budget ({BUDGET_SECONDS:.0f} s): {', '.join(over)}", file=sys.stderr)
    return 1 if over and args.check else 0


if __name__ == "__main__":
    sys.exit(main())
