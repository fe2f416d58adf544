"""Profile the build step by step, one after the other, and the alternatives each step was chosen over.

``ceasefire-kg build`` runs its steps side by side; here each runs alone, so that its time and memory are its
own. The alternatives: PyYAML without line numbers (what the line-numbered mappings cost), one pyoxigraph
Quad object per triple with ``bulk_extend`` (what the text path saves), one bulk load of everything (what the
batches save in memory), HermiT on the whole graph (what the shapes of the ontology's axioms save).

\b
Examples:
  python benchmarks/profile_build.py /tmp/corpus-1m
  python benchmarks/profile_build.py /tmp/corpus-100k --out benchmarks/results/profile-100k.md --whole
"""

from __future__ import annotations

import argparse
import gc
import resource
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import yaml

ROWS: list[tuple[str, float, float, str]] = []


def _rss_mb() -> float:
    """Return this process's resident memory now, in MB (Linux)."""
    pages = int(Path("/proc/self/statm").read_text(encoding="ascii").split()[1])
    return pages * resource.getpagesize() / 1e6


def _in_memory(path: Path) -> ox.Store:
    """Return an in-memory copy of a store on disk."""
    copy = ox.Store()
    copy.extend(ox.Store.read_only(str(path)).quads_for_pattern(None, None, None, None))
    return copy


def step(name: str, run: Callable[[], Any], note: str = "") -> Any:
    """Time one step and record the memory it leaves behind."""
    gc.collect()
    started = time.perf_counter()
    result = run()
    seconds = time.perf_counter() - started
    ROWS.append((name, seconds, _rss_mb(), note))
    print(f"{name:58s} {seconds:7.2f} s {_rss_mb():8.0f} MB  {note}", file=sys.stderr, flush=True)
    return result


def profile(sources: Path, work: Path, *, whole: bool) -> None:
    """Run every step of the build alone, then the alternatives."""
    from graph_builder import store
    from graph_builder.build import summarize
    from graph_builder.checks import prepare as prepare_check
    from graph_builder.compile import Compiled as _Compiled
    from graph_builder.compile import emit as rdf
    from graph_builder.compile import loader, locate
    from graph_builder.compile.resolve import resolve as resolve_ids
    from graph_builder.compile.yamlio import load_yaml
    from ontology import reasoning, resources
    from ontology.reasoning import check_ntriples
    from ontology.shapes import validate_ntriples

    corpus = step("read and schema-check every file (load_corpus)", lambda: loader.load_corpus(sources))
    registry = step("resolve ids", lambda: resolve_ids(corpus))
    located = step("locate every quote", lambda: locate.locate_corpus(corpus))
    emitted = step("emit N-Triples text", lambda: rdf.QuadEmitter(corpus, registry, located).emit())
    compiled = _Compiled(corpus, registry, located, emitted)
    summary = step("summarize (counts)", lambda: summarize(compiled))
    pieces = step("write the raw TriG files", lambda: store.write_raw_batches(emitted.graphs, work))
    checked = step("gather the lines the checks read", lambda: prepare_check(compiled))
    lines = checked.lines
    shapes_note = f"{checked.scope.triples:,} triples"
    step("SHACL shapes and the ontology's axioms (shacl)", lambda: validate_ntriples(lines), shapes_note)
    step("HermiT on the ontology (Java, C1 and serial GC)", lambda: check_ntriples([]))
    quick, reasoning.HERMIT_JVM_OPTIONS = reasoning.HERMIT_JVM_OPTIONS, ()
    try:
        step("alt: HermiT with the JVM's default options", lambda: check_ntriples([]))
    finally:
        reasoning.HERMIT_JVM_OPTIONS = quick
    ontology = resources.ontology_turtle_bytes()
    target = work / "store"
    step(
        "bulk-load the store, in segments, + optimize",
        lambda: store.load_store_pieces(ox.Store(str(target)), work, pieces, ontology),
        f"segments of ~{store.SLICE_BYTES >> 20} MiB",
    )
    step(
        "graph.ttl and graph.trig from the raw TriG, graph by graph",
        lambda: store.write_pretty(work, pieces, work / "g.ttl", work / "g.trig"),
    )
    from graph_builder.page import write_page, write_page_of_store

    step(
        "graph.html from the store on disk (default cap), as the build draws it",
        lambda: write_page_of_store(str(work / "g.html"), str(target)),
    )
    step(
        "alt: graph.html from an in-memory copy of the store",
        lambda: write_page(_in_memory(target), work / "g.html"),
    )

    # -- the alternatives ---------------------------------------------------------------------------------
    files = sorted(sources.glob("*/facts.yaml"))
    if files:
        step(
            "alt: YAML with line numbers (load_yaml), every facts.yaml", lambda: [load_yaml(f) for f in files]
        )
        plain = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        step(
            "alt: YAML without line numbers (CSafeLoader)",
            lambda: [yaml.load(f.read_text(encoding="utf-8"), Loader=plain) for f in files],
        )
    quads = step("alt: one pyoxigraph Quad per triple", emitted.to_quads, f"{len(emitted.graphs)} graphs")
    shutil.rmtree(target)
    step("alt: bulk_extend(Quad objects)", lambda: ox.Store(str(target)).bulk_extend(quads))
    quads.clear()
    shutil.rmtree(target)
    one = work / "all.trig"
    store.write_chunks(emitted.trig_chunks(), one)
    step(
        "alt: one bulk_load of everything",
        lambda: ox.Store(str(target)).bulk_load(path=str(one), format=ox.RdfFormat.TRIG),
    )
    if whole:
        step("alt: HermiT on the whole graph", lambda: check_ntriples(lines), f"{summary.triples:,} triples")


def table(sources: Path) -> str:
    """Return the steps as a Markdown table."""
    lines = [
        f"# The build, step by step: {sources.name}",
        "",
        "Each step alone, one after the other (`python benchmarks/profile_build.py`); RSS is the process's",
        "resident memory after the step. `alt:` rows are what a step was chosen over.",
        "",
        "| step | seconds | RSS after | note |",
        "|---|---|---|---|",
    ]
    lines += [f"| {name} | {seconds:.2f} | {rss:,.0f} MB | {note} |" for name, seconds, rss, note in ROWS]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Parse the command line and profile."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("sources", type=Path, help="a sources folder (e.g. made by generate.py)")
    parser.add_argument("--out", type=Path, default=None, help="write the Markdown table here too")
    parser.add_argument("--whole", action="store_true", help="also run SHACL and HermiT on the whole graph")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="ceasefire-kg-profile-") as work:
        profile(args.sources, Path(work), whole=args.whole)
    text = table(args.sources)
    if args.out is not None:
        args.out.write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
