"""Compile a sources folder into checked RDF: read, check, resolve ids, locate quotes, emit quads.

This layer writes nothing and imports only ``ontology``: the application (``graph_builder.build``) decides
where its output goes.
"""

from __future__ import annotations

import functools
import gc
from collections.abc import Callable, Collection, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from ontology.layout import source_folders

from .emit import Emitted, GraphSink, QuadEmitter
from .loader import Corpus, load_corpus
from .locate import Located, locate_corpus
from .resolve import Known, Registry, resolve
from .schema import Problems


@dataclass
class Compiled:
    """Hold a corpus turned into RDF, with what was needed to get there."""

    corpus: Corpus
    registry: Registry
    located: dict[str, list[Located]]
    emitted: Emitted

    @functools.cached_property
    def quads(self) -> list[ox.Quad]:
        """Return every quad as pyoxigraph objects (made on first use: the build itself reads the text)."""
        return self.emitted.to_quads()


def count_sources(sources: Path) -> int | None:
    """Return how many source folders ``sources`` holds (None when it is no folder), to size progress."""
    return len(source_folders(sources)) if sources.is_dir() else None


def compile_sources(
    sources: Path,
    *,
    on_source: Callable[[], None] | None = None,
    on_read: Callable[[], None] | None = None,
    only: Collection[str] | None = None,
    outside: Mapping[str, Known] | None = None,
    sink: GraphSink | None = None,
) -> Compiled:
    """Read, check, resolve and locate a sources folder and turn it into RDF.

    Raise InputProblems with every problem of the run: a broken record is left out of the later checks
    (and a reference to it is not reported again), so one run reports the schema, id and quote problems of
    every file together; a file that cannot be read at all stops the run after reading. ``on_source`` is
    called after each source folder is read, ``on_read`` once all are (to show progress). Given ``only``
    and ``outside``, read those source folders alone and check them against ``outside``, the records of
    the others (an incremental build: see ``compile.resolve.resolve``). Given a ``sink``, the graphs' text
    goes to it as it is written, and the graphs of the result hold no chunks (see ``QuadEmitter.emit``).
    """
    with _without_cycle_collection():
        problems = Problems()
        corpus = load_corpus(sources, problems=problems, on_source=on_source, only=only)
        if on_read is not None:
            on_read()
        registry = resolve(corpus, problems=problems, outside=outside)
        located = locate_corpus(corpus, problems=problems)
        problems.raise_if_any()
        emitted = QuadEmitter(corpus, registry, located).emit(sink)
    return Compiled(corpus, registry, located, emitted)


@contextmanager
def _without_cycle_collection() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a corpus is compiled.

    Compiling makes millions of small objects that all stay alive until it ends, and no cycles worth
    collecting: each full collection walks every one of them again, which took a third of the time of
    compiling a million triples. Reference counting still frees whatever is dropped. The collector's state
    is the caller's again afterwards (a build also exempts the compiled corpus from later walks: see
    ``graph_builder.build.compile_sources``).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
