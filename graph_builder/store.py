"""Keep the graph in an Oxigraph store on disk and write its Turtle and TriG files."""

from __future__ import annotations

import dataclasses
import json
import logging
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

import pyoxigraph as ox

from ontology.namespaces import PREFIXES, TERM_IRIS

if TYPE_CHECKING:
    from .compile.emit import GraphText

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

#: Quads per bulk load when the build fills the store (see ``load_store_files``).
BATCH_QUADS = 100_000
#: The raw files of a build's graphs in its version folder (see ``GraphPiece``): kept for the next build.
RAW_BATCH = ".data-{:04d}.trig"


def load_store(store: ox.Store, quads: Iterable[ox.Quad], ontology_turtle: bytes) -> None:
    """Bulk-load the data quads and the ontology (in its own named graph) into ``store``."""
    store.bulk_extend(quads)
    _finish_load(store, ontology_turtle)


def load_store_files(store: ox.Store, trig: Sequence[Path], ontology_turtle: bytes) -> None:
    """Bulk-load the data from TriG files and the ontology (in its own named graph) into ``store``.

    One bulk load per file of about ``BATCH_QUADS`` quads: Oxigraph's bulk loader holds a whole load in
    memory, so a million quads at once take 950 MB, and ten loads of a hundred thousand 120 MB, in the same
    time (measured on this project's data).
    """
    for path in trig:
        store.bulk_load(path=str(path), format=ox.RdfFormat.TRIG)
    _finish_load(store, ontology_turtle)


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


def write_raw_batches(graphs: Iterable[GraphText], folder: Path, *, first: int = 0) -> list[GraphPiece]:
    """Write named graphs as raw TriG files of about ``BATCH_QUADS`` quads each into ``folder``.

    The files are named ``RAW_BATCH`` from number ``first`` on; return where each graph stands.
    """
    pieces: list[GraphPiece] = []
    number, size, handle = first, 0, None
    try:
        for graph in graphs:
            if handle is None:
                handle = (folder / RAW_BATCH.format(number)).open("wb")
            name = RAW_BATCH.format(number)
            start = handle.tell()
            handle.write(f"<{graph.name}> {{\n".encode())
            own_start = handle.tell()
            for _, chunk in graph.chunks:
                handle.write(chunk.encode("utf-8"))
            shared_start = handle.tell()
            handle.write("".join(graph.shared).encode("utf-8"))
            shared_end = handle.tell()
            handle.write(b"}\n")
            pieces.append(
                GraphPiece(
                    graph.name,
                    name,
                    (start, handle.tell()),
                    (own_start, shared_start),
                    (shared_start, shared_end),
                    graph.triples,
                    dict(graph.classes),
                    list(graph.shared_types),
                )
            )
            size += graph.triples
            if size >= BATCH_QUADS:
                handle.close()
                handle, size, number = None, 0, number + 1
    finally:
        if handle is not None:
            handle.close()
    return pieces


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


def union_lines(folder: Path, pieces: Sequence[GraphPiece]) -> tuple[list[str], int]:
    """Return the N-Triples of the union of the graphs in the raw files, and how many triples that is.

    Each distinct triple comes once: a shared line held by several graphs is kept the first time.
    """
    chunks: list[str] = []
    shared: dict[str, None] = {}
    handles: dict[str, BinaryIO] = {}
    own = 0
    try:
        for piece in pieces:
            chunks.append(read_span(handles, folder, piece.batch, piece.own).decode("utf-8"))
            lines = read_span(handles, folder, piece.batch, piece.shared).decode("utf-8").splitlines(True)
            own += piece.triples - len(lines)
            shared.update(dict.fromkeys(lines))
    finally:
        for handle in handles.values():
            handle.close()
    chunks.append("".join(shared))
    return chunks, own + len(shared)


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
                if earlier is not None and old_turtle is not None and old_trig is not None:
                    own = _read(old_turtle, earlier.turtle)
                    block = _read(old_trig, earlier.trig)
                else:
                    own = _pretty(
                        read_span(handles, folder, piece.batch, piece.own),
                        ox.RdfFormat.N_TRIPLES,
                        ox.RdfFormat.TURTLE,
                    )
                    block = _pretty(
                        read_span(handles, folder, piece.batch, piece.block),
                        ox.RdfFormat.TRIG,
                        ox.RdfFormat.TRIG,
                    )
                lines = read_span(handles, folder, piece.batch, piece.shared)
                shared.update(dict.fromkeys(lines.splitlines(keepends=True)))
                at, block_at = ttl.tell(), blocks.tell()
                ttl.write(own)
                blocks.write(block)
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


def _read(handle: BinaryIO, span: Span) -> bytes:
    handle.seek(span[0])
    return handle.read(span[1] - span[0])


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
    handles: dict[str, BinaryIO] = {}
    try:
        data = b"".join(read_span(handles, folder, piece.batch, piece.block) for piece in pieces)
    finally:
        for handle in handles.values():
            handle.close()
    if data:
        store.bulk_load(data, format=ox.RdfFormat.TRIG)
    store.flush()
