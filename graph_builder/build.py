"""Build the checked graph from a sources folder and write it, swapping the new output in at the end.

The build reads and checks every record, then writes the graph as N-Triples text. From there the steps run
side by side, because each waits on a different engine: Oxigraph bulk-loads the store on one thread (Rust,
without the GIL), Oxigraph's serializers write graph.ttl and graph.trig in a process of their own, pySHACL
runs the shapes on another thread while HermiT (Java) checks consistency in its own process, and the page is
drawn in a process of its own from an in-memory copy of the graph. A failed check discards all of it.
"""

from __future__ import annotations

import ctypes
import gc
import json
import logging
import shutil
import time
from collections import Counter
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from ontology import resources
from ontology.errors import InputError
from ontology.namespaces import ENTITIES_GRAPH, source_graph_iri
from ontology.shapes import background_ntriples

from . import incremental
from .checks import HERMIT_GRAPH_TRIPLES, CheckInput, CheckScope, RecordIndex, run_checks
from .checks import prepare as prepare_check
from .child import run_in_child
from .compile import Compiled, count_sources
from .compile import compile_sources as compile
from .compile.emit import GraphSink
from .compile.loader import load_corpus
from .compile.resolve import Known
from .compile.schema import Problems
from .incremental import BuildIndex, Plan, SourceEntry, piece_by_name
from .page import write_page_of_store
from .progress import NoProgress, Progress
from .store import (
    GraphPiece,
    RawBatchWriter,
    Reuse,
    Span,
    StoreFiller,
    copy_raw_batches,
    piece_from_json,
    piece_to_json,
    update_store,
    write_pretty,
    write_pretty_files,
    write_raw_batches,
    write_union,
)
from .workspace import (
    GRAPH_HTML,
    GRAPH_TRIG,
    GRAPH_TTL,
    OUTPUT_FILES,
    STORE_DIR,
    Manifest,
    Workspace,
    fingerprint,
    fingerprints,
    write_atomic,
)

log = logging.getLogger(__name__)

T = TypeVar("T")

#: The union of a new build's graphs, for the checks: in its version folder while they run.
UNION_FILE = ".union.nt"


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
    #: Which way the build went and why: ``full: …`` or ``incremental: …`` (empty for a validation).
    path: str = ""

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


def compile_sources(
    sources: Path,
    *,
    progress: Progress | None = None,
    only: frozenset[str] | None = None,
    outside: dict[str, Known] | None = None,
    sink: GraphSink | None = None,
) -> Compiled:
    """Compile a sources folder (see ``graph_builder.compile``), showing progress.

    Given ``only`` and ``outside``, compile those source folders alone, against the others' records; given
    a ``sink``, hand it the graphs' text as it is written.
    """
    progress = progress or NoProgress()
    total = len(only) if only is not None else count_sources(sources)
    reading = progress.start("reading sources", total=total)
    emitting: list[int] = []

    def read() -> None:
        progress.finish(reading)
        emitting.append(progress.start("resolving ids, locating quotes, writing triples"))

    compiled = compile(
        sources,
        on_source=lambda: progress.advance(reading),
        on_read=read,
        only=only,
        outside=outside,
        sink=sink,
    )
    progress.finish(emitting[0])
    # The collector need not walk the compiled corpus's millions of objects again in every later full
    # collection while it lives (a build's process is the CLI's, so freezing them is its call).
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
    try:
        run_checks(checked, timings=timings, progress=progress)
    finally:
        _return_freed_memory()


def summarize(compiled: Compiled, *, triples: int | None = None) -> Summary:
    """Count triples, instances per class and facts per source (``triples``: the union's, when known)."""
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
    if triples is None:
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


def build(sources: Path, *, out: Path, progress: Progress | None = None, full: bool = False) -> Summary:
    """Build the checked graph from ``sources`` into ``out``; a failure leaves the old ``out`` as it was.

    When an earlier build of the same sources is there, only what changed since is read and checked again,
    with what it reaches (see ``incremental``), unless ``full``; the summary's ``path`` says which way the
    build went and why. Either way the checks see the whole graph, and the new build goes into a new
    version folder of ``out``, which is switched in with one rename (see ``workspace``) unless a check
    failed. One build at a time writes into ``out``: a second waits for the first, and removes what killed
    builds left before it starts.
    """
    started = time.perf_counter()
    progress = progress or NoProgress()
    timings: dict[str, float] = {}
    if out.exists() and not out.is_dir():
        raise InputError("output path exists and is not a folder", file=str(out), value=str(out))
    space = Workspace(out)
    with space.build_lock():
        space.remove_leftovers()
        # Taken before reading: a file changed while the build reads it shows as changed next time.
        parts = fingerprints(sources) if sources.is_dir() else {}
        decision = "asked for (--full)" if full else _plan(space, sources, parts)
        path = decision.describe() if isinstance(decision, Plan) else f"full: {decision}"
        log.info("%s", path)
        if isinstance(decision, Plan):
            summary = _build_incremental(decision, sources, space, parts, timings, progress)
        else:
            summary = _build_full(sources, space, parts, timings, progress)
        summary.path = path
    summary.timings = {
        name: timings[name] for name in ("read", "checks", "store", "files", "page") if name in timings
    }
    summary.seconds = time.perf_counter() - started
    summary.out = out
    return summary


def _plan(space: Workspace, sources: Path, parts: dict[str, str]) -> Plan | str:
    """Return what an incremental build reads, or why the build must be a full one."""
    if not parts:
        return "no sources folder to compare"
    version = resources.project_version()
    first = incremental.plan(incremental.previous_build(space), sources=sources, parts=parts, version=version)
    if isinstance(first, str):
        return first
    # The sources added or changed are read once here to see what they touch (a broken record is left out;
    # the compile that follows reports it).
    corpus = load_corpus(sources, problems=Problems(), only=first.read)
    entries = incremental.source_entries(corpus)
    return incremental.plan(
        first.previous, sources=sources, parts=parts, version=version, new_entries=entries
    )


def _build_full(
    sources: Path, space: Workspace, parts: dict[str, str], timings: dict[str, float], progress: Progress
) -> Summary:
    """Read every source, check the whole graph, write every file; switch the new build in.

    The graphs' text goes to the raw files as it is written, and from there, on a thread of its own, into
    the new store while the rest is still being read (Python reads, Rust loads: both cores work). The
    checks then read the union from a file, graph.ttl, graph.trig and the page are written from the raw
    files and the store: no step holds the whole graph's text in Python's memory.
    """
    staging = space.new_version()
    try:
        built = Workspace(staging)
        ontology_turtle = resources.ontology_turtle_bytes()
        loaded = time.perf_counter()
        filler = StoreFiller(built.store)
        writer = RawBatchWriter(staging, on_segment=filler.put)
        try:
            compiled = _timed(
                timings, "read", lambda: compile_sources(sources, progress=progress, sink=writer)
            )
            writer.close()
        except BaseException:
            filler.abandon()
            raise
        pieces = writer.pieces
        try:
            checked, triples = _union_to_check(
                staging, pieces, RecordIndex.of_files(compiled, staging, writer.records, pieces)
            )
        except BaseException:
            filler.abandon()
            raise
        summary = summarize(compiled, triples=triples)
        entries = incremental.source_entries(compiled.corpus)
        entity_records = len(compiled.corpus.entity_records())
        # From here on only the raw files and the union's file are needed: let the corpus go, so that the
        # checks, the store's load and the page do not stack their memory on top of it.
        del compiled
        _return_freed_memory()
        write_atomic(built.ontology_ttl, ontology_turtle)
        placed: list[tuple[list[GraphPiece], Span]] = []

        def store() -> None:
            task = progress.start("loading the Oxigraph store")
            try:
                filler.finish(ontology_turtle)
                _return_freed_memory()
            finally:
                timings["store"] = time.perf_counter() - loaded
            progress.finish(task)

        def pretty() -> None:
            loading.result()
            checking.result()
            placed.append(_timed(timings, "files", lambda: _write_pretty(staging, pieces, progress)))

        # The pool's end waits for every step, also when one fails: only then may staging go. The files and
        # the page start once the checks are done too: the checks' peak of memory is at their end, and the
        # page's process and the files' beside it would stack on it (1.8 GB at four million triples, against
        # 1.4 GB; the store is loaded about when the checks end, so the wait is short).
        with ThreadPoolExecutor(max_workers=4, thread_name_prefix="build") as pool:
            checking = pool.submit(_check_lines, checked, timings=timings, progress=progress)
            loading = pool.submit(store)
            writing = pool.submit(pretty)
            drawing = pool.submit(_page_after, (loading, checking), staging, checking, timings, progress)
            for step in (checking, loading, drawing, writing):
                step.result()
        (staging / UNION_FILE).unlink()
        ((written, shared),) = placed
        index = BuildIndex(incremental.builder_code(), entries, written, shared, entity_records)
        _finish(space, staging, sources, parts, summary, index)
        summary.checked = checked.scope
        space.switch_to(staging)
    except BaseException:
        # Once switched in, the new build is the output, whatever failed after the switch.
        if space.current() != staging:
            shutil.rmtree(staging, ignore_errors=True)
        raise
    return summary


def _return_freed_memory() -> None:
    """Give the memory of the corpus just let go back to the system, before the checks take theirs.

    glibc keeps freed memory for the process; ``malloc_trim`` returns what it can (elsewhere, nothing).
    """
    try:
        libc = ctypes.CDLL(None)
        trim = libc.malloc_trim
    except (OSError, AttributeError):
        return
    trim(0)


def _union_to_check(
    staging: Path, pieces: Sequence[GraphPiece], records: RecordIndex
) -> tuple[CheckInput, int]:
    """Write the union of the graphs (and the shapes' background) into one file for the checks."""
    union = staging / UNION_FILE
    triples, size = write_union(staging, pieces, union, tail=background_ntriples().encode("utf-8"))
    scope = CheckScope(triples, triples <= HERMIT_GRAPH_TRIPLES)
    return CheckInput(scope, [], records, union=union, union_bytes=size), triples


def _finish(
    space: Workspace,
    staging: Path,
    sources: Path,
    parts: dict[str, str],
    summary: Summary,
    index: BuildIndex,
) -> None:
    """Write the manifest and the index of a checked build into its version folder."""
    built = Workspace(staging)
    manifest = Manifest(
        resources.project_version(),
        str(sources.resolve()),
        fingerprint(sources, parts),
        summary.triples,
        summary.quads,
        parts,
    )
    write_atomic(staging / incremental.INDEX, index.to_json())
    built.write_manifest(manifest)
    summary.files = list(OUTPUT_FILES)


def _build_incremental(
    plan: Plan,
    sources: Path,
    space: Workspace,
    parts: dict[str, str],
    timings: dict[str, float],
    progress: Progress,
) -> Summary:
    """Read again what the plan says, check the whole graph, carry the rest over; switch the new build in."""
    previous = plan.previous
    compiled = _timed(
        timings,
        "read",
        lambda: compile_sources(sources, progress=progress, only=plan.read, outside=plan.outside()),
    )
    old = previous.index
    replaced = {source_graph_iri(name) for name in plan.read | plan.removed}
    staging = space.new_version()
    try:
        kept = [piece for piece in old.pieces if piece.name not in replaced]
        first = 1 + max((_batch_number(piece.batch) for piece in old.pieces), default=-1)
        moved = copy_raw_batches(kept, previous.folder, staging, replaced=replaced, first=first)
        first = 1 + max((_batch_number(piece.batch) for piece in [*old.pieces, *moved]), default=-1)
        fresh = write_raw_batches(compiled.emitted.graphs[1:], staging, first=first)
        entries = {
            name: entry
            for name, entry in old.sources.items()
            if name not in plan.read and name not in plan.removed
        }
        entries.update(incremental.source_entries(compiled.corpus))
        order = {source_graph_iri(name): n for n, name in enumerate(sorted(entries))}
        entities, *others = moved
        pieces = [entities, *sorted([*others, *fresh], key=lambda piece: order[piece.name])]
        checked, triples = _union_to_check(staging, pieces, RecordIndex.of_compiled(compiled))
        scope = checked.scope
        summary = _summary_of(pieces, entries, old.entity_records, triples)
        del compiled
        built = Workspace(staging)
        write_atomic(built.ontology_ttl, resources.ontology_turtle_bytes())
        placed: list[tuple[list[GraphPiece], Span]] = []
        reuse = Reuse(previous.folder / GRAPH_TTL, previous.folder / GRAPH_TRIG, piece_by_name(kept))

        def pretty() -> None:
            placed.append(write_pretty(staging, pieces, built.graph_ttl, built.graph_trig, reuse=reuse))

        def store() -> None:
            update_store(
                previous.folder / STORE_DIR,
                built.store,
                dropped=sorted(replaced),
                folder=staging,
                pieces=fresh,
            )

        with ThreadPoolExecutor(max_workers=4, thread_name_prefix="build") as pool:
            checking = pool.submit(
                run_checks, checked, timings=timings, progress=progress, ontology_checked=True
            )
            loading = pool.submit(_timed, timings, "store", store)
            drawing = pool.submit(_page_after, (loading,), staging, checking, timings, progress)
            writing = pool.submit(_timed, timings, "files", pretty)
            for step in (checking, loading, drawing, writing):
                step.result()
        (staging / UNION_FILE).unlink()
        ((written, shared),) = placed
        index = BuildIndex(old.code, entries, written, shared, old.entity_records)
        _finish(space, staging, sources, parts, summary, index)
        summary.checked = scope
        space.switch_to(staging)
    except BaseException:
        if space.current() != staging:
            shutil.rmtree(staging, ignore_errors=True)
        raise
    return summary


def _batch_number(name: str) -> int:
    """Return the number in a raw file's name (``RAW_BATCH``)."""
    return int(name.removeprefix(".data-").split(".", 1)[0])


def _summary_of(
    pieces: Sequence[GraphPiece], entries: dict[str, SourceEntry], entity_records: int, triples: int
) -> Summary:
    """Count what ``summarize`` counts, from the pieces of the graphs and the sources' entries."""
    classes: Counter[str] = Counter()
    shared: dict[str, None] = {}
    for piece in pieces:
        classes.update(piece.classes)
        shared.update(dict.fromkeys(piece.shared_types))
    classes.update(typed.rsplit(" ", 1)[1] for typed in shared)
    triples_of = {piece.name: piece.triples for piece in pieces}
    counts = {
        name: {"records": entry.records, "triples": triples_of[source_graph_iri(name)]}
        for name, entry in sorted(entries.items())
    }
    counts["entities.yaml"] = {"records": entity_records, "triples": triples_of[str(ENTITIES_GRAPH)]}
    return Summary(triples, sum(triples_of.values()), classes, counts)


def _write_pretty(
    staging: Path, pieces: Sequence[GraphPiece], progress: Progress
) -> tuple[list[GraphPiece], Span]:
    """Write graph.ttl and graph.trig with the project's prefixes from the raw files, in another process.

    Oxigraph's parser hands every triple to its serializer as a Python object: in a thread, that would fight
    the checks for the GIL, and both would crawl. Return where each graph's pieces went (``write_pretty``).
    """
    task = progress.start("writing graph.ttl and graph.trig")
    built = Workspace(staging)
    layout, result = staging / ".layout.json", staging / ".layout-written.json"
    data = {
        "folder": str(staging),
        "turtle": str(built.graph_ttl),
        "trig": str(built.graph_trig),
        "pieces": [piece_to_json(piece) for piece in pieces],
    }
    layout.write_text(json.dumps(data), encoding="utf-8")
    run_in_child(write_pretty_files, str(layout), str(result), what=f"writing {GRAPH_TTL} and {GRAPH_TRIG}")
    written = json.loads(result.read_text(encoding="utf-8"))
    layout.unlink()
    result.unlink()
    progress.finish(task)
    placed = [piece_from_json(item) for item in written["pieces"]]
    return placed, (int(written["shared"][0]), int(written["shared"][1]))


def _draw_page(staging: Path, checking: Future[None], progress: Progress) -> None:
    """Write graph.html from the new store in another process; stop it when a check fails meanwhile.

    It runs once the store is loaded, beside the writing of graph.ttl and graph.trig: the page reads only
    what it draws from the store, and waiting costs less than an in-memory copy of the whole graph loaded
    beside the store's own load, competing with it for the cores and doubling the build's memory. Its own
    process keeps the page's Python work from fighting the checks for the GIL.
    """
    task = progress.start("writing graph.html")
    built = Workspace(staging)
    run_in_child(
        write_page_of_store,
        str(built.graph_html),
        str(built.store),
        what=f"writing {GRAPH_HTML}",
        unless=checking,
    )
    progress.finish(task)


def _page_after(
    steps: Sequence[Future[None]],
    staging: Path,
    checking: Future[None],
    timings: dict[str, float],
    progress: Progress,
) -> None:
    """Draw the page once these steps are done, the store's load among them (its time counts from then)."""
    for step in steps:
        step.result()
    _timed(timings, "page", lambda: _draw_page(staging, checking, progress))
