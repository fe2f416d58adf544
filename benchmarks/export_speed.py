"""Measure how fast ``ceasefire-kg export`` writes a large graph, against a bare pyoxigraph serialize.

Generates a synthetic corpus of the project's shape (``benchmarks/generate.py``: shared entities, a record
source, articles with events, statements, relationships and their evidence), turns it into quads with the
real builder (without the SHACL and OWL checks, which are not what is measured), and loads them with the
ontology into a temporary store: in memory, and on disk as ``build`` writes it. Then, in the same session,
it times ``graph_builder.export.render`` (the library call behind the command: the union of the named
graphs, each triple once, serialized with the project's prefixes) against two bare pyoxigraph baselines,
and reports the median of each and the ratios.

Two baselines: A, the writer alone (``pyoxigraph.serialize`` of triples already in a list, the 0.9 s per
million of the design notes); B, a bare read and write (``Store.dump`` of each named graph, which repeats a
triple stated by several sources). The on-disk store is read through RocksDB, whose scan costs more than
the writing, so B is its floor.

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

from graph_builder.build import compile_sources
from graph_builder.export import FORMATS, graph_triples, render, select_graphs
from graph_builder.store import load_store
from ontology import resources
from ontology.namespaces import PREFIXES


def _stores(triples: int, folder: Path, places: list[str]) -> dict[str, ox.Store]:
    """Generate the corpus, compile it to quads and load them into an in-memory and/or an on-disk store."""
    started = time.perf_counter()
    generate(folder / "sources", triples=triples)
    quads = compile_sources(folder / "sources").quads
    print(f"generated and compiled {len(quads):,} quads in {time.perf_counter() - started:.1f} s")
    ontology = resources.ontology_turtle_bytes()
    stores: dict[str, ox.Store] = {}
    if "memory" in places:
        stores["memory"] = ox.Store()
        load_store(stores["memory"], quads, ontology)
    if "disk" in places:
        load_store(ox.Store(str(folder / "store")), quads, ontology)
        stores["disk"] = ox.Store.read_only(str(folder / "store"))  # as the CLI opens it
    return stores


def run(triples: int, formats: list[str], repeat: int, places: list[str]) -> None:
    """Build the stores and print the medians and ratios of each format's export against pyoxigraph."""
    with tempfile.TemporaryDirectory(prefix="export-speed-") as temporary:
        for where, store in _stores(triples, Path(temporary), places).items():
            _measure(where, store, formats, repeat)


def _measure(where: str, store: ox.Store, formats: list[str], repeat: int) -> None:
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
    wall: dict[str, list[float]] = {name: [] for name in actions}
    cpu: dict[str, list[float]] = {name: [] for name in actions}
    for round_ in range(repeat):
        for name, action in actions.items():
            # The pure-Python writers (JSON-LD, networks, tables) run once: they are not the target.
            if round_ > 0 and name in FORMATS and FORMATS[name].rdf is None:
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
        **{name: f"  export --format {name}" for name in formats},
    }
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
