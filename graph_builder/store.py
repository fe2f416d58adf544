"""Keep the graph in an Oxigraph store on disk and write its Turtle and TriG files."""

from __future__ import annotations

import dataclasses
import json
import logging
import os
import queue
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

import pyoxigraph as ox

from ontology.namespaces import PREFIXES, TERM_IRIS

if TYPE_CHECKING:
    from .compile.emit import GraphText
    from .compile.schema import Record

log = logging.getLogger(__name__)

# A string, not namespaces.ONTOLOGY_GRAPH: that URIRef imports rdflib, which readers of the store do not need.
_ONTOLOGY_GRAPH = TERM_IRIS["ONTOLOGY_GRAPH"]

#: The data namespaces whose ids are paths (``account:<event>/<source>/<reporter>``, and the evidence,
#: figures and attributions below an account). A prefixed name of such an IRI needs ``\/`` escapes: valid
#: Turtle 1.1, but the OWL API's Turtle parser (Protégé's, HermiT's) stops at them, so the Turtle and TriG
#: files write these IRIs in full.
PATH_NAMESPACES = ("account", "quantity", "evidence", "attribution")
#: The prefixes Turtle and TriG files abbreviate with.
TURTLE_PREFIXES = {name: iri for name, iri in PREFIXES.items() if name not in PATH_NAMESPACES}

#: Quads per raw file: a new file starts after a graph once the current one holds this many.
BATCH_QUADS = 100_000
#: Bytes of raw N-Triples text handed at most to one bulk load or one rewriting with prefixes: a bulk load
#: holds what it is given in memory several times over (four million quads at once: 1.7 GB, measured).
SLICE_BYTES = 16 << 20
#: The raw files of a build's graphs in its version folder (see ``GraphPiece``): kept for the next build.
RAW_BATCH = ".data-{:04d}.trig"


def load_store(store: ox.Store, quads: Iterable[ox.Quad], ontology_turtle: bytes) -> None:
    """Bulk-load the data quads and the ontology (in its own named graph) into ``store``."""
    store.bulk_extend(quads)
    _finish_load(store, ontology_turtle)


def load_store_pieces(
    store: ox.Store, folder: Path, pieces: Sequence[GraphPiece], ontology_turtle: bytes
) -> None:
    """Bulk-load the graphs of the raw files of ``folder`` and the ontology (its own graph) into ``store``.

    One bulk load per segment of about ``SLICE_BYTES`` (see ``load_segments``): Oxigraph's bulk loader holds
    a whole load in memory.
    """
    for segment in load_segments(folder, pieces):
        store.bulk_load(segment, format=ox.RdfFormat.TRIG)
    _finish_load(store, ontology_turtle)


class StoreFiller:
    """Bulk-load TriG segments into a new store on a thread of its own while they are being written.

    ``put`` hands over one segment (it waits while two are queued: memory stays bounded); ``finish`` loads
    the ontology, flushes and compacts, and raises what the loader raised; ``abandon`` stops it.
    """

    def __init__(self, path: Path) -> None:
        self._store = ox.Store(str(path))
        self._queue: queue.Queue[bytes | None] = queue.Queue(maxsize=2)
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="build-store", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while True:
            segment = self._queue.get()
            if segment is None:
                return
            if self._error is None:
                try:
                    self._store.bulk_load(segment, format=ox.RdfFormat.TRIG)
                except BaseException as error:  # raised again in the building thread
                    self._error = error

    def put(self, segment: bytes) -> None:
        """Queue one TriG segment for loading; raise what an earlier load raised."""
        if self._error is not None:
            raise self._error
        self._queue.put(segment)

    def finish(self, ontology_turtle: bytes) -> None:
        """Wait for every segment, load the ontology, flush and compact the store, and close it."""
        self._queue.put(None)
        self._thread.join()
        if self._error is not None:
            raise self._error
        _finish_load(self._store, ontology_turtle)
        del self._store

    def abandon(self) -> None:
        """Stop loading (the build failed): wait for the segment being loaded, drop the rest."""
        self._error = self._error or RuntimeError("loading abandoned")
        while True:
            try:
                self._queue.get_nowait()
            except queue.Empty:
                break
        self._queue.put(None)
        self._thread.join()


def _finish_load(store: ox.Store, ontology_turtle: bytes) -> None:
    """Load the ontology into its own named graph, then flush and compact the store."""
    store.bulk_load(ontology_turtle, format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(_ONTOLOGY_GRAPH))
    store.flush()
    store.optimize()


def write_chunks(chunks: Iterable[str], path: Path) -> None:
    """Write text chunks to a file as UTF-8, in large writes."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        batch: list[str] = []
        size = 0
        for chunk in chunks:
            batch.append(chunk)
            size += len(chunk)
            if size > 1 << 22:
                handle.write("".join(batch))
                batch, size = [], 0
        handle.write("".join(batch))


#: A range of bytes in a file: start, end.
Span = tuple[int, int]
#: Where one record's lines stand: its file and line, the raw file, the range of bytes.
RecordSpan = tuple[str, str, int, int]


@dataclass
class GraphPiece:
    """Say where one named graph stands in a build's files, and what it holds.

    The raw files (``batch``, in the version folder) hold each graph as a TriG block of bare N-Triples lines
    (``block``): first the lines of its own nodes (``own``), then those about shared nodes (``shared``), which
    other graphs may hold too. graph.ttl holds the Turtle of each graph's own lines (``turtle``) and then
    that of every graph's shared lines at once; graph.trig one block per graph (``trig``). A later build
    copies the pieces of the graphs it keeps instead of writing them again.
    """

    name: str
    batch: str
    block: Span
    own: Span
    shared: Span
    triples: int
    #: Instances per class of this graph's own nodes, and ``"<node> Class"`` for the shared nodes it types.
    classes: dict[str, int] = field(default_factory=dict)
    shared_types: list[str] = field(default_factory=list)
    turtle: Span = (0, 0)
    trig: Span = (0, 0)


class RawBatchWriter:
    """Write named graphs record by record into raw TriG files of about ``BATCH_QUADS`` quads each.

    A ``GraphSink`` of the compiler: the text of each record goes to the file as soon as it is emitted, and,
    given ``on_segment``, to the store's loader too, in TriG segments of at most about ``SLICE_BYTES`` (a
    large graph is cut into several blocks of the same graph). Files are named ``RAW_BATCH`` from number
    ``first`` on and change only between graphs; ``pieces`` says where each graph stands, ``records`` where
    each record's lines stand (for the checks' messages).
    """

    def __init__(
        self, folder: Path, *, first: int = 0, on_segment: Callable[[bytes], None] | None = None
    ) -> None:
        self.folder = folder
        self.pieces: list[GraphPiece] = []
        #: Per graph: the file and line of each record with lines, and the range of bytes they stand in.
        self.records: dict[str, list[RecordSpan]] = {}
        self._number = first
        self._size = 0
        self._handle: BinaryIO | None = None
        self._on_segment = on_segment
        self._segment: list[bytes] = []
        self._segment_bytes = 0
        self._header = b""
        self._start = self._own_start = 0
        self._name = ""

    def begin(self, name: str) -> None:
        """Open the block of graph ``name``."""
        if self._handle is None:
            self._handle = (self.folder / RAW_BATCH.format(self._number)).open("wb")
        self._name = name
        self._header = f"<{name}> {{\n".encode()
        self._start = self._handle.tell()
        self._handle.write(self._header)
        self._own_start = self._handle.tell()
        self.records[name] = []
        self._open_segment()

    def chunk(self, owner: Record | None, text: str, lines: int) -> None:
        """Write the lines of one record's own nodes."""
        assert self._handle is not None
        if not text:
            return
        data = text.encode("utf-8")
        at = self._handle.tell()
        self._handle.write(data)
        if owner is not None:
            self.records[self._name].append((owner.where, RAW_BATCH.format(self._number), at, at + len(data)))
        self._add_to_segment(data)

    def end(self, graph: GraphText) -> None:
        """Write the graph's shared lines and close its block."""
        assert self._handle is not None
        handle = self._handle
        shared_start = handle.tell()
        shared = "".join(graph.shared).encode("utf-8")
        handle.write(shared)
        shared_end = handle.tell()
        handle.write(b"}\n")
        self._add_to_segment(shared)
        if self._on_segment is not None:
            self._segment.append(b"}\n")
        self.pieces.append(
            GraphPiece(
                graph.name,
                RAW_BATCH.format(self._number),
                (self._start, handle.tell()),
                (self._own_start, shared_start),
                (shared_start, shared_end),
                graph.triples,
                dict(graph.classes),
                list(graph.shared_types),
            )
        )
        self._size += graph.triples
        if self._size >= BATCH_QUADS:
            self._close_file()
            self._flush_segment()

    def close(self) -> None:
        """Close the last file and hand over what is left of the last segment."""
        self._close_file()
        self._flush_segment()

    def _close_file(self) -> None:
        if self._handle is not None:
            self._handle.close()
            self._handle, self._size, self._number = None, 0, self._number + 1

    def _open_segment(self) -> None:
        if self._on_segment is not None:
            self._segment.append(self._header)

    def _add_to_segment(self, data: bytes) -> None:
        if self._on_segment is None:
            return
        self._segment.append(data)
        self._segment_bytes += len(data)
        if self._segment_bytes >= SLICE_BYTES:
            self._segment.append(b"}\n")
            self._flush_segment()
            self._open_segment()

    def _flush_segment(self) -> None:
        if self._on_segment is not None and self._segment_bytes:
            self._on_segment(b"".join(self._segment))
        self._segment, self._segment_bytes = [], 0


def write_raw_batches(graphs: Iterable[GraphText], folder: Path, *, first: int = 0) -> list[GraphPiece]:
    """Write named graphs held in memory as raw TriG files (see ``RawBatchWriter``); return the pieces."""
    writer = RawBatchWriter(folder, first=first)
    try:
        for graph in graphs:
            writer.begin(graph.name)
            for owner, chunk in graph.chunks:
                writer.chunk(owner, chunk, chunk.count("\n"))
            writer.end(graph)
    finally:
        writer.close()
    return writer.pieces


def copy_raw_batches(
    kept: Sequence[GraphPiece], old: Path, new: Path, *, replaced: set[str], first: int = 0
) -> list[GraphPiece]:
    """Carry the raw files of the graphs ``kept`` over from version folder ``old`` to ``new``.

    A file none of whose graphs is replaced (``replaced``: names of graphs rewritten or dropped) is linked
    (the same bytes, no copy); the others are copied without the blocks of the replaced graphs, numbered
    from ``first`` on. Return where each kept graph stands now.
    """
    by_batch: dict[str, list[GraphPiece]] = {}
    for piece in kept:
        by_batch.setdefault(piece.batch, []).append(piece)
    stale = {name for name, pieces in by_batch.items() if any(p.name in replaced for p in pieces)}
    moved: list[GraphPiece] = []
    number = first
    for batch, pieces in by_batch.items():
        if batch not in stale:
            os.link(old / batch, new / batch)
            moved.extend(pieces)
            continue
        live = [p for p in pieces if p.name not in replaced]
        if not live:
            continue
        while (new / RAW_BATCH.format(number)).exists():
            number += 1
        name = RAW_BATCH.format(number)
        with (old / batch).open("rb") as source, (new / name).open("wb") as target:
            for piece in live:
                source.seek(piece.block[0])
                data = source.read(piece.block[1] - piece.block[0])
                shift = target.tell() - piece.block[0]
                target.write(data)
                moved.append(
                    dataclasses.replace(
                        piece,
                        batch=name,
                        block=_shifted(piece.block, shift),
                        own=_shifted(piece.own, shift),
                        shared=_shifted(piece.shared, shift),
                    )
                )
        number += 1
    return moved


def _shifted(span: Span, shift: int) -> Span:
    return (span[0] + shift, span[1] + shift)


def raw_batches(pieces: Iterable[GraphPiece]) -> list[str]:
    """Return the names of the raw files the pieces stand in, in order."""
    return list(dict.fromkeys(piece.batch for piece in pieces))


def read_span(handles: dict[str, BinaryIO], folder: Path, batch: str, span: Span) -> bytes:
    """Read a range of bytes of a raw file of ``folder``, keeping the file open in ``handles``."""
    handle = handles.get(batch)
    if handle is None:
        handle = handles[batch] = (folder / batch).open("rb")
    handle.seek(span[0])
    return handle.read(span[1] - span[0])


def span_slices(
    handles: dict[str, BinaryIO], folder: Path, batch: str, span: Span, limit: int = SLICE_BYTES
) -> Iterator[bytes]:
    """Yield a range of N-Triples lines of a raw file in slices of whole lines, about ``limit`` bytes each."""
    start, end = span
    while start < end:
        size = limit
        while True:
            data = read_span(handles, folder, batch, (start, min(end, start + size)))
            if start + len(data) >= end:
                break
            cut = data.rfind(b"\n") + 1
            if cut:
                data = data[:cut]
                break
            size *= 2  # a line longer than the slice: take more
        start += len(data)
        yield data


def load_segments(folder: Path, pieces: Sequence[GraphPiece]) -> Iterator[bytes]:
    """Yield the graphs of the raw files as TriG segments of about ``SLICE_BYTES``: blocks of whole lines.

    Small graphs are gathered into one segment; a large one is cut into several blocks of the same graph.
    """
    handles: dict[str, BinaryIO] = {}
    gathered: list[bytes] = []
    size = 0
    try:
        for piece in pieces:
            if piece.block[1] - piece.block[0] <= SLICE_BYTES:
                gathered.append(read_span(handles, folder, piece.batch, piece.block))
                size += len(gathered[-1])
            else:
                header = f"<{piece.name}> {{\n".encode()
                for data in span_slices(handles, folder, piece.batch, (piece.own[0], piece.shared[1])):
                    gathered += [header, data, b"}\n"]
                    size += len(data)
                    if size >= SLICE_BYTES:
                        yield b"".join(gathered)
                        gathered, size = [], 0
            if size >= SLICE_BYTES:
                yield b"".join(gathered)
                gathered, size = [], 0
        if gathered:
            yield b"".join(gathered)
    finally:
        for handle in handles.values():
            handle.close()


def write_union(
    folder: Path, pieces: Sequence[GraphPiece], path: Path, *, tail: bytes = b""
) -> tuple[int, int]:
    """Write the union of the graphs of the raw files as one N-Triples file, then ``tail``.

    Each distinct triple comes once (a shared line held by several graphs is written the first time).
    Return how many triples the union has and how many bytes they take before ``tail``.
    """
    handles: dict[str, BinaryIO] = {}
    shared: dict[bytes, None] = {}
    own = 0
    try:
        with path.open("wb") as out:
            for piece in pieces:
                for data in span_slices(handles, folder, piece.batch, piece.own):
                    out.write(data)
                lines = read_span(handles, folder, piece.batch, piece.shared).splitlines(keepends=True)
                own += piece.triples - len(lines)
                shared.update(dict.fromkeys(lines))
            out.write(b"".join(shared))
            data_end = out.tell()
            out.write(tail)
    finally:
        for handle in handles.values():
            handle.close()
    return own + len(shared), data_end


def turtle_header() -> bytes:
    """Return the prefix lines graph.ttl and graph.trig open with."""
    return "".join(f"@prefix {name}: <{iri}> .\n" for name, iri in TURTLE_PREFIXES.items()).encode()


def _pretty(data: bytes, in_format: ox.RdfFormat, out_format: ox.RdfFormat) -> bytes:
    """Rewrite N-Triples lines (or a TriG block of them) with the project's prefixes, without the prefixes."""
    text = ox.serialize(ox.parse(data, format=in_format), format=out_format, prefixes=TURTLE_PREFIXES)
    assert text is not None
    position = 0
    while text.startswith(b"@prefix ", position):
        position = text.index(b"\n", position) + 1
    return text[position:]


@dataclass(frozen=True)
class Reuse:
    """Point at the graph.ttl and graph.trig of an earlier build, whose pieces of kept graphs are copied."""

    turtle: Path
    trig: Path
    pieces: dict[str, GraphPiece]


def write_pretty(
    folder: Path, pieces: Sequence[GraphPiece], turtle: Path, trig: Path, *, reuse: Reuse | None = None
) -> tuple[list[GraphPiece], Span]:
    """Write graph.ttl and graph.trig, piece by piece, from the raw files of ``folder`` (or ``reuse``).

    Return the pieces with where they stand in the two files, and where graph.ttl's shared lines stand.
    """
    header = turtle_header()
    handles: dict[str, BinaryIO] = {}
    placed: list[GraphPiece] = []
    shared: dict[bytes, None] = {}
    old_turtle = reuse.turtle.open("rb") if reuse is not None else None
    old_trig = reuse.trig.open("rb") if reuse is not None else None
    try:
        with turtle.open("wb") as ttl, trig.open("wb") as blocks:
            ttl.write(header)
            blocks.write(header)
            for piece in pieces:
                earlier = reuse.pieces.get(piece.name) if reuse is not None else None
                own: Iterable[bytes]
                block: Iterable[bytes]
                if earlier is not None and old_turtle is not None and old_trig is not None:
                    own = _read_slices(old_turtle, earlier.turtle)
                    block = _read_slices(old_trig, earlier.trig)
                elif piece.block[1] - piece.block[0] <= SLICE_BYTES:
                    own = [
                        _pretty(
                            read_span(handles, folder, piece.batch, piece.own),
                            ox.RdfFormat.N_TRIPLES,
                            ox.RdfFormat.TURTLE,
                        )
                    ]
                    block = [
                        _pretty(
                            read_span(handles, folder, piece.batch, piece.block),
                            ox.RdfFormat.TRIG,
                            ox.RdfFormat.TRIG,
                        )
                    ]
                else:
                    # A graph too large to rewrite with prefixes at any speed that matters (a dataset's
                    # import) is written as its lines: N-Triples lines are Turtle, a raw block is TriG.
                    own = span_slices(handles, folder, piece.batch, piece.own)
                    block = span_slices(handles, folder, piece.batch, piece.block)
                lines = read_span(handles, folder, piece.batch, piece.shared)
                shared.update(dict.fromkeys(lines.splitlines(keepends=True)))
                at, block_at = ttl.tell(), blocks.tell()
                for data in own:
                    ttl.write(data)
                for data in block:
                    blocks.write(data)
                placed.append(
                    dataclasses.replace(piece, turtle=(at, ttl.tell()), trig=(block_at, blocks.tell()))
                )
            at = ttl.tell()
            ttl.write(_pretty(b"".join(shared), ox.RdfFormat.N_TRIPLES, ox.RdfFormat.TURTLE))
            shared_span = (at, ttl.tell())
    finally:
        for handle in [*handles.values(), old_turtle, old_trig]:
            if handle is not None:
                handle.close()
    return placed, shared_span


def _read_slices(handle: BinaryIO, span: Span) -> Iterator[bytes]:
    """Yield a range of bytes of an open file, ``SLICE_BYTES`` at a time."""
    start, end = span
    while start < end:
        handle.seek(start)
        data = handle.read(min(SLICE_BYTES, end - start))
        start += len(data)
        yield data


def write_pretty_files(layout: str, result: str) -> None:
    """Write graph.ttl and graph.trig as ``layout`` (JSON) says, and where the pieces went to ``result``.

    Run in a process of its own by the full build: see ``write_pretty``.
    """
    data = json.loads(Path(layout).read_text(encoding="utf-8"))
    pieces = [piece_from_json(item) for item in data["pieces"]]
    placed, shared = write_pretty(Path(data["folder"]), pieces, Path(data["turtle"]), Path(data["trig"]))
    answer = {"pieces": [piece_to_json(piece) for piece in placed], "shared": shared}
    Path(result).write_text(json.dumps(answer), encoding="utf-8")


def piece_to_json(piece: GraphPiece) -> dict[str, Any]:
    """Return the JSON form of a GraphPiece (what ``dataclasses.asdict`` gives, without its deep copies)."""
    return {
        "name": piece.name,
        "batch": piece.batch,
        "block": piece.block,
        "own": piece.own,
        "shared": piece.shared,
        "triples": piece.triples,
        "classes": piece.classes,
        "shared_types": piece.shared_types,
        "turtle": piece.turtle,
        "trig": piece.trig,
    }


def piece_from_json(item: dict[str, Any]) -> GraphPiece:
    """Read a GraphPiece from its JSON form (``dataclasses.asdict``)."""
    names = ("block", "own", "shared", "turtle", "trig")
    spans = {name: (int(item[name][0]), int(item[name][1])) for name in names}
    return GraphPiece(
        str(item["name"]),
        str(item["batch"]),
        spans["block"],
        spans["own"],
        spans["shared"],
        int(item["triples"]),
        {str(k): int(v) for k, v in item["classes"].items()},
        [str(v) for v in item["shared_types"]],
        spans["turtle"],
        spans["trig"],
    )


def update_store(
    previous: Path,
    path: Path,
    *,
    dropped: Iterable[str],
    folder: Path,
    pieces: Sequence[GraphPiece],
) -> None:
    """Make the store at ``path`` a checkpoint of the one at ``previous``, with some graphs replaced.

    The checkpoint hard-links the old store's files (RocksDB's own, through ``Store.backup``): it costs
    next to nothing and leaves the old store as it was. The graphs named ``dropped`` are removed, then the
    blocks of ``pieces`` (in the raw files of ``folder``) loaded.
    """
    ox.Store.read_only(str(previous)).backup(str(path))
    store = ox.Store(str(path))
    for name in dropped:
        store.remove_graph(ox.NamedNode(name))
    for segment in load_segments(folder, pieces):
        store.bulk_load(segment, format=ox.RdfFormat.TRIG)
    store.flush()
