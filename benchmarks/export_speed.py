"""Measure how fast ``ceasefire-kg export`` writes a large graph, against a bare pyoxigraph serialize.

Generates a synthetic corpus of the project's shape (``benchmarks/generate.py``: shared entities, a record
source, articles with events, statements, relationships and their evidence), turns it into quads with the
real builder (without the SHACL and OWL checks, which are not what is measured), and loads them with the
ontology into an in-memory store; on disk, it runs the real ``build``, which writes the store, graph.ttl and
graph.trig. Then, in the same session, it times ``graph_builder.export.render`` (the library call behind the
command: the union of the named graphs, each triple once, serialized with the project's prefixes) against
two bare pyoxigraph baselines, and reports the median of each and the ratios. On disk it times both ways
render can read the graph: from the store, and from the build's files as the command does.

Two baselines: A, the writer alone (``pyoxigraph.serialize`` of triples already in a list, the 0.9 s per
million of the design notes); B, a bare read and write (``Store.dump`` of each named graph, which repeats a
triple stated by several sources). The on-disk store is read through RocksDB, whose scan costs more than
the writing, so B is the floor of an export from the store.

Examples:
  python benchmarks/export_speed.py                       # 1M triples, Turtle, 5 runs
  python benchmarks/export_speed.py --triples 100000 --formats turtle,nt,trig,jsonld --stores memory

"""

from __future__ import annotations

import argparse
import functools
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import generate

from graph_builder.build import build, compile_sources
from graph_builder.export import FORMATS, graph_triples, render, select_graphs
from graph_builder.store import load_store
from graph_builder.workspace import Workspace
from ontology import resources
from ontology.namespaces import PREFIXES


def _stores(triples: int, folder: Path, places: list[str]) -> dict[str, tuple[ox.Store, Path | None]]:
    """Generate the corpus; load its quads into memory and/or build it on disk; return the stores.

    Each store comes with the output folder of its build (None in memory), where graph.ttl and graph.trig are.
    """
    started = time.perf_counter()
    sources = folder / "sources"
    generate(sources, triples=triples)
    print(f"generated the corpus in {time.perf_counter() - started:.1f} s")
    stores: dict[str, tuple[ox.Store, Path | None]] = {}
    if "memory" in places:
        quads = compile_sources(sources).quads
        stores["memory"] = (ox.Store(), None)
        load_store(stores["memory"][0], quads, resources.ontology_turtle_bytes())
    if "disk" in places:
        started = time.perf_counter()
        build(sources, out=folder / "output")
        print(f"built the corpus on disk in {time.perf_counter() - started:.1f} s")
        stores["disk"] = (ox.Store.read_only(str(Workspace(folder / "output").store)), folder / "output")
    return stores


def run(triples: int, formats: list[str], repeat: int, places: list[str]) -> None:
    """Build the stores and print the medians and ratios of each format's export against pyoxigraph."""
    with tempfile.TemporaryDirectory(prefix="export-speed-") as temporary:
        for where, (store, output) in _stores(triples, Path(temporary), places).items():
            _measure(where, store, output, formats, repeat)


def _measure(where: str, store: ox.Store, output: Path | None, formats: list[str], repeat: int) -> None:
    """Time the baselines and the exports in interleaved rounds, so that a busy neighbour slows all alike."""
    graphs = select_graphs(store)
    union = list(graph_triples(store, graphs))
    actions: dict[str, Callable[[], object]] = {
        "A": lambda: ox.serialize(union, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES),
        "B": lambda: [
            store.dump(format=ox.RdfFormat.TURTLE, from_graph=g, prefixes=PREFIXES) for g in graphs
        ],
        **{name: functools.partial(render, store, name) for name in formats},
    }
    if output is not None:
        actions |= {f"{n}@files": functools.partial(render, store, n, folder=output) for n in formats}
    wall: dict[str, list[float]] = {name: [] for name in actions}
    cpu: dict[str, list[float]] = {name: [] for name in actions}
    for round_ in range(repeat):
        for name, action in actions.items():
            # The pure-Python writers (JSON-LD, networks, tables) run once: they are not the target.
            fmt = FORMATS.get(name.split("@")[0])
            if round_ > 0 and fmt is not None and (fmt.kind in ("network", "table") or fmt.name == "jsonld"):
                continue
            started, started_cpu = time.perf_counter(), time.process_time()
            action()
            wall[name].append(time.perf_counter() - started)
            cpu[name].append(time.process_time() - started_cpu)
    median = {name: statistics.median(times) for name, times in wall.items()}
    median_cpu = {name: statistics.median(times) for name, times in cpu.items()}
    print(f"\n{where} store: {len(store):,} quads, {len(union):,} distinct data triples; median of {repeat}")
    print(f"  {'':40} {'wall':>7} {'cpu':>7}   {'x A':>6} {'x B':>6}")
    labels = {
        "A": "A bare ox.serialize of a list (Turtle)",
        "B": "B bare Store.dump per graph (Turtle)",
        **{name: f"  render {name} from the store" for name in formats},
    }
    if output is not None:
        labels |= {f"{name}@files": f"  export --format {name} (build files)" for name in formats}
    for name, label in labels.items():
        ratios = f"{median[name] / median['A']:6.2f} {median[name] / median['B']:6.2f}"
        print(f"  {label:<40} {median[name]:6.2f}s {median_cpu[name]:6.2f}s   {ratios}")


def main(argv: list[str] | None = None) -> int:
    """Parse the command line and run the benchmark."""
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0] if __doc__ else None,
        epilog="Examples:\n  python benchmarks/export_speed.py\n"
        "  python benchmarks/export_speed.py --triples 100000 --formats turtle,nt,trig,jsonld",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--triples", type=int, default=1_000_000, help="about how many triples (default 1M)")
    parser.add_argument("--formats", default="turtle", help="comma-separated export formats (default turtle)")
    parser.add_argument("--repeat", type=int, default=5, help="runs per measure; the median is reported")
    parser.add_argument("--stores", default="memory,disk", help="memory, disk or both (default both)")
    args = parser.parse_args(argv)
    formats = [name.strip() for name in args.formats.split(",") if name.strip()]
    unknown = [name for name in formats if name not in FORMATS]
    if unknown:
        parser.error(f"unknown format(s) {', '.join(unknown)}: {', '.join(FORMATS)}")
    places = [place.strip() for place in args.stores.split(",") if place.strip()]
    run(args.triples, formats, args.repeat, places)
    return 0


if __name__ == "__main__":
    sys.exit(main())
