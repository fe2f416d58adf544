"""Measure how fast ``ceasefire-kg push`` sends a large build to an Oxigraph server and to Virtuoso.

Generates a synthetic corpus of the project's shape (``benchmarks/generate.py``), turns it into quads with the
real builder (without the SHACL and OWL checks, which are not what is measured) and loads them with the
ontology into an in-memory store. Then, in one session, each round times on a fresh server (started on a
loopback port in a temporary folder, as the tests start them, and stopped after): ``push`` by one PUT per
named graph to Oxigraph's server and to Virtuoso, and ``push --dataset-post`` to Oxigraph's
``/store?no_transaction``; each timing includes the final count check. The reference, in the same round, is
pyoxigraph's own bulk load of the same quads into a new store on disk: the floor of any load into Oxigraph.
It reports the median of each and its ratio to the reference, and once a remote query's time beside the
local one (``instances_per_class``, over every graph of the build).

Needs the ``oxigraph`` command (the test extra) and Debian's Virtuoso (see .ci/run).

Examples:
  python benchmarks/push_speed.py                        # 100k triples, 3 rounds
  python benchmarks/push_speed.py --triples 1000000 --servers oxigraph,virtuoso

"""

from __future__ import annotations

import argparse
import contextlib
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pyoxigraph as ox

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the tests' server helpers

from generate import generate

from graph_builder.build import compile_sources
from graph_builder.push import push
from graph_builder.store import load_store
from ontology import resources
from queries.remote import Endpoint
from queries.runner import run_query
from tests.servers import Server, credentials, oxigraph_server, virtuoso_server

#: What one round times: a label, the server it needs, and the push's options.
METHODS = {
    "oxigraph-put": ("oxigraph", False),
    "oxigraph-post": ("oxigraph", True),
    "virtuoso-put": ("virtuoso", False),
}


def _store(triples: int, folder: Path) -> ox.Store:
    started = time.perf_counter()
    sources = folder / "sources"
    generate(sources, triples=triples)
    store = ox.Store()
    load_store(store, compile_sources(sources).quads, resources.ontology_turtle_bytes())
    graphs = sum(1 for _ in store.named_graphs())
    print(
        f"corpus: {len(store):,} quads in {graphs:,} named graphs, "
        f"made in {time.perf_counter() - started:.1f} s"
    )
    return store


@contextlib.contextmanager
def _server(kind: str, folder: Path) -> Iterator[Server]:
    folder.mkdir(parents=True)
    with oxigraph_server(folder) if kind == "oxigraph" else virtuoso_server(folder) as server:
        yield server


def _reference(store: ox.Store, folder: Path) -> Callable[[], object]:
    nquads = folder / "all.nq"
    store.dump(str(nquads), format=ox.RdfFormat.N_QUADS)

    def load() -> object:
        target = ox.Store(str(folder / f"reference-{time.monotonic_ns()}"))
        target.bulk_load(path=str(nquads), format=ox.RdfFormat.N_QUADS)
        target.flush()
        return target

    return load


def run(triples: int, repeat: int, methods: list[str]) -> None:
    """Make the corpus, time each push method and the reference in interleaved rounds, print the medians."""
    with tempfile.TemporaryDirectory(prefix="push-speed-") as temporary:
        root = Path(temporary)
        store = _store(triples, root)
        reference = _reference(store, root)
        wall: dict[str, list[float]] = {name: [] for name in ["reference", *methods]}
        for round_ in range(repeat):
            started = time.perf_counter()
            reference()
            wall["reference"].append(time.perf_counter() - started)
            for name in methods:
                kind, post = METHODS[name]
                with _server(kind, root / f"{name}-{round_}") as server:
                    target = f"{server.store_url}?no_transaction" if post else None
                    started = time.perf_counter()
                    push(
                        store,
                        server.query_url,
                        graph_store=target,
                        credentials=credentials(server),
                        dataset_post=post,
                    )
                    wall[name].append(time.perf_counter() - started)
                    if round_ == 0:
                        _query_once(store, server)
        median = {name: statistics.median(times) for name, times in wall.items()}
        print(
            f"\n{len(store):,} quads; median of {repeat} rounds "
            "(each push on a fresh server, count check included)"
        )
        for name, seconds in median.items():
            label = "pyoxigraph bulk load (reference)" if name == "reference" else f"push {name}"
            print(f"  {label:<36} {seconds:7.2f} s   x{seconds / median['reference']:5.2f}")


def _query_once(store: ox.Store, server: Server) -> None:
    started = time.perf_counter()
    local = run_query(store, "instances_per_class")
    between = time.perf_counter()
    remote = run_query(Endpoint(server.query_url, timeout=600), "instances_per_class")
    ended = time.perf_counter()
    same = "same rows" if sorted(map(repr, local.rows)) == sorted(map(repr, remote.rows)) else "ROWS DIFFER"
    print(
        f"  instances_per_class on {server.kind}: {ended - between:.2f} s, "
        f"locally {between - started:.2f} s, {same}"
    )


def main(argv: list[str] | None = None) -> int:
    """Parse the command line and run the benchmark."""
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0] if __doc__ else None,
        epilog="Examples:\n  python benchmarks/push_speed.py\n"
        "  python benchmarks/push_speed.py --triples 1000000 --methods oxigraph-post,virtuoso-put",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--triples", type=int, default=100_000, help="about how many triples (default 100k)")
    parser.add_argument("--repeat", type=int, default=3, help="rounds; the median is reported (default 3)")
    parser.add_argument(
        "--methods", default=",".join(METHODS), help=f"comma-separated, of {', '.join(METHODS)} (default all)"
    )
    args = parser.parse_args(argv)
    methods = [name.strip() for name in args.methods.split(",") if name.strip()]
    unknown = [name for name in methods if name not in METHODS]
    if unknown:
        parser.error(f"unknown method(s) {', '.join(unknown)}: {', '.join(METHODS)}")
    run(args.triples, args.repeat, methods)
    return 0


if __name__ == "__main__":
    sys.exit(main())
