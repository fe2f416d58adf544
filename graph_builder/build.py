"""Build the checked graph from a sources folder and write it, swapping the new output in at the end.

The build reads and checks every record, then writes the graph as N-Triples text. From there the steps run
side by side, because each waits on a different engine: Oxigraph bulk-loads the store on one thread (Rust,
without the GIL), Oxigraph's serializers write graph.ttl and graph.trig in a process of their own, pySHACL
runs the shapes on another thread while HermiT (Java) checks consistency in its own process, and the page is
drawn in a process of its own from an in-memory copy of the graph. A failed check discards all of it.
"""

from __future__ import annotations

import gc
import logging
import shutil
import time
from collections import Counter
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

import pyoxigraph as ox

from ontology import resources
from ontology.errors import InputError
from ontology.namespaces import ENTITIES_GRAPH, source_graph_iri

from .checks import CheckInput, CheckScope, run_checks
from .checks import prepare as prepare_check
from .child import run_in_child
from .compile import Compiled, count_sources
from .compile import compile_sources as compile
from .compile.emit import Emitted, GraphText
from .page import write_page_of_files
from .progress import NoProgress, Progress
from .store import BATCH_QUADS, load_store_files, write_chunks, write_pretty_files
from .workspace import (
    GRAPH_HTML,
    GRAPH_TRIG,
    GRAPH_TTL,
    OUTPUT_FILES,
    Manifest,
    Workspace,
    fingerprint,
    write_atomic,
)

log = logging.getLogger(__name__)

#: The graph as bare N-Triples blocks (in files of about BATCH_QUADS quads) and the union of its graphs as
#: N-Triples, which the store and the writers of graph.trig and graph.ttl read; removed before swap-in.
RAW_TRIG = ".data-{:04d}.trig"
RAW_UNION = ".union.nt"

T = TypeVar("T")


@dataclass
class Summary:
    """Describe a built graph: sizes, counts per class and per source, the time each step took."""

    triples: int
    quads: int
    classes: Counter[str]
    sources: dict[str, dict[str, int]]
    timings: dict[str, float] = field(default_factory=dict)
    out: Path | None = None
    files: list[str] = field(default_factory=list)
    checked: CheckScope | None = None
    #: Wall time of the whole run; the steps in ``timings`` overlap, so their sum is more.
    seconds: float = 0.0

    @property
    def checks(self) -> str:
        """Say which checks passed, on the whole graph."""
        if self.checked is None or self.checked.reasoner_sees_data:
            return (
                "checks passed: SHACL shapes and the ontology's axioms hold, HermiT finds the graph "
                "consistent"
            )
        return (
            "checks passed: SHACL shapes and the ontology's axioms hold on the whole graph, HermiT finds the "
            f"ontology consistent\n  (HermiT reads the data too up to {self.checked.limit:,} triples)"
        )


def compile_sources(sources: Path, *, progress: Progress | None = None) -> Compiled:
    """Compile a sources folder (see ``graph_builder.compile``), showing progress."""
    progress = progress or NoProgress()
    reading = progress.start("reading sources", total=count_sources(sources))
    emitting: list[int] = []

    def read() -> None:
        progress.finish(reading)
        emitting.append(progress.start("resolving ids, locating quotes, writing triples"))

    compiled = compile(sources, on_source=lambda: progress.advance(reading), on_read=read)
    progress.finish(emitting[0])
    # The compiled corpus lives until the build ends: the collector need not walk its millions of objects
    # again in every later full collection (a build's process is the CLI's, so freezing them is its call).
    gc.freeze()
    return compiled


def _timed(timings: dict[str, float], name: str, run: Callable[[], T]) -> T:
    started = time.perf_counter()
    try:
        return run()
    finally:
        timings[name] = time.perf_counter() - started


def check(
    compiled: Compiled,
    *,
    timings: dict[str, float] | None = None,
    progress: Progress | None = None,
) -> CheckScope:
    """Check the whole graph (see ``graph_builder.checks``); raise CheckFailedError listing every problem.

    Return what was checked; ``timings`` gets the seconds of both checks, side by side ("checks").
    """
    checked = prepare_check(compiled)
    _check_lines(checked, timings={} if timings is None else timings, progress=progress or NoProgress())
    return checked.scope


def _check_lines(checked: CheckInput, *, timings: dict[str, float], progress: Progress) -> None:
    """Check the graph's lines with the shapes and HermiT at once; raise CheckFailedError on problems."""
    run_checks(checked, timings=timings, progress=progress)


def summarize(compiled: Compiled) -> Summary:
    """Count triples, instances per class and facts per source."""
    emitted = compiled.emitted
    per_graph = {graph.name: graph.triples for graph in emitted.graphs}
    sources = {
        source.id: {"records": len(source.all_facts()), "triples": per_graph[source_graph_iri(source.id)]}
        for source in compiled.corpus.sources
    }
    sources["entities.yaml"] = {
        "records": len(compiled.corpus.entity_records()),
        "triples": per_graph[str(ENTITIES_GRAPH)],
    }
    triples = sum(chunk.count("\n") for chunk in emitted.union_lines())
    return Summary(triples, emitted.quads, Counter(emitted.classes), sources)


def validate(sources: Path, *, progress: Progress | None = None) -> Summary:
    """Run every check of a build and write nothing; raise InputError or CheckFailedError on problems."""
    started = time.perf_counter()
    timings: dict[str, float] = {}
    compiled = _timed(timings, "read", lambda: compile_sources(sources, progress=progress))
    scope = check(compiled, timings=timings, progress=progress)
    summary = summarize(compiled)
    summary.timings = {name: timings[name] for name in ("read", "checks")}
    summary.seconds = time.perf_counter() - started
    summary.checked = scope
    return summary


def build(sources: Path, *, out: Path, progress: Progress | None = None) -> Summary:
    """Build the checked graph from ``sources`` into ``out``; a failure leaves the old ``out`` as it was.

    After reading, four steps run side by side: the checks, the page, the store's bulk load, then the
    writing of graph.ttl and graph.trig, all into a new version folder of ``out``, which is switched in
    with one rename (see ``workspace``) unless a check failed. One build at a time writes into ``out``: a
    second waits for the first, and removes what killed builds left before it starts.
    """
    started = time.perf_counter()
    progress = progress or NoProgress()
    timings: dict[str, float] = {}
    compiled = _timed(timings, "read", lambda: compile_sources(sources, progress=progress))
    summary = summarize(compiled)
    if out.exists() and not out.is_dir():
        raise InputError("output path exists and is not a folder", file=str(out), value=str(out))
    space = Workspace(out)
    with space.build_lock():
        space.remove_leftovers()
        staging = space.new_version()
        try:
            raw = _write_raw(compiled.emitted, staging)
            checked = prepare_check(compiled)
            # From here on only the raw files and the lines to check are needed: let the corpus go, so that
            # the store's load and the page do not stack their memory on top of it.
            del compiled
            ontology_turtle = resources.ontology_turtle_bytes()
            built = Workspace(staging)
            write_atomic(built.ontology_ttl, ontology_turtle)
            # The pool's end waits for every step, also when one fails: only then may staging go.
            with ThreadPoolExecutor(max_workers=4, thread_name_prefix="build") as pool:
                checking = pool.submit(_check_lines, checked, timings=timings, progress=progress)
                drawing = pool.submit(
                    _timed, timings, "page", lambda: _draw_page(staging, raw, checking, progress)
                )
                loading, pretty = _start_writing(staging, raw, ontology_turtle, pool, timings, progress)
                for step in (checking, loading, drawing, pretty):
                    step.result()
            version, origin = resources.project_version(), str(sources.resolve())
            built.write_manifest(
                Manifest(version, origin, fingerprint(sources), summary.triples, summary.quads)
            )
            summary.files = list(OUTPUT_FILES)
            for path in [*raw, staging / RAW_UNION]:
                path.unlink()
            summary.checked = checked.scope
            space.switch_to(staging)
        except BaseException:
            # Once switched in, the new build is the output, whatever failed after the switch.
            if space.current() != staging:
                shutil.rmtree(staging, ignore_errors=True)
            raise
    summary.timings = {
        name: timings[name] for name in ("read", "checks", "store", "files", "page") if name in timings
    }
    summary.seconds = time.perf_counter() - started
    summary.out = out
    return summary


def _load_store(staging: Path, raw: Sequence[Path], ontology_turtle: bytes, progress: Progress) -> None:
    """Bulk-load the raw TriG files into a new store in ``staging`` (closed again on return)."""
    task = progress.start("loading the Oxigraph store")
    store = ox.Store(str(Workspace(staging).store))  # the one writable store: the build's new one
    load_store_files(store, raw, ontology_turtle)
    progress.finish(task)


def _write_raw(emitted: Emitted, staging: Path) -> list[Path]:
    """Write the named graphs as bare TriG files of about ``BATCH_QUADS`` quads each; return their paths."""
    paths: list[Path] = []
    batch: list[GraphText] = []
    size = 0
    for graph in emitted.graphs:
        batch.append(graph)
        size += graph.triples
        if size >= BATCH_QUADS or graph is emitted.graphs[-1]:
            paths.append(staging / RAW_TRIG.format(len(paths)))
            write_chunks(emitted.trig_chunks(batch), paths[-1])
            batch, size = [], 0
    write_chunks(emitted.union_lines(), staging / RAW_UNION)
    return paths


def _write_pretty(staging: Path, raw: Sequence[Path], progress: Progress) -> None:
    """Write graph.ttl and graph.trig with the project's prefixes from the raw files, in another process.

    Oxigraph's parser hands every triple to its serializer as a Python object: in a thread, that would fight
    the checks for the GIL, and both would crawl.
    """
    task = progress.start("writing graph.ttl and graph.trig")
    built = Workspace(staging)
    files = [staging / RAW_UNION, built.graph_ttl, built.graph_trig, *raw]
    run_in_child(write_pretty_files, *map(str, files), what=f"writing {GRAPH_TTL} and {GRAPH_TRIG}")
    progress.finish(task)


def _draw_page(staging: Path, raw: Sequence[Path], checking: Future[None], progress: Progress) -> None:
    """Write graph.html from the raw files in another process; stop it when a check fails meanwhile.

    Its own process keeps the page's Python work from fighting the checks for the GIL.
    """
    task = progress.start("writing graph.html")
    built = Workspace(staging)
    files = [built.graph_html, built.ontology_ttl, *raw]
    run_in_child(write_page_of_files, *map(str, files), what=f"writing {GRAPH_HTML}", unless=checking)
    progress.finish(task)


def _start_writing(
    staging: Path,
    raw: Sequence[Path],
    ontology_turtle: bytes,
    pool: ThreadPoolExecutor,
    timings: dict[str, float],
    progress: Progress,
) -> Sequence[Future[None]]:
    """Load the store, then write graph.ttl and graph.trig from the raw files, in the background.

    The files come second: both read the raw files, and the store is what most readers wait for.
    """
    loading = pool.submit(
        _timed, timings, "store", lambda: _load_store(staging, raw, ontology_turtle, progress)
    )

    def pretty() -> None:
        loading.result()
        _timed(timings, "files", lambda: _write_pretty(staging, raw, progress))

    return loading, pool.submit(pretty)
