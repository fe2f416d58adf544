"""Own the output folder: its files, the manifest, staleness, opening the store, and atomic writes.

A build writes one output folder (the store, graph.ttl, graph.trig, ontology.ttl, graph.html and
manifest.json) from one sources folder. Every command that reads the graph opens the store here, through
``Workspace.open_store``, which rebuilds it first when the manifest says it no longer matches the sources.
Every file the application writes goes through ``write_atomic``.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import secrets
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Final, Protocol

from ontology.errors import CeasefireKGError

if TYPE_CHECKING:
    import pyoxigraph as ox

log = logging.getLogger(__name__)

#: The files of the output folder, all written by one build from the same quads.
STORE_DIR: Final = "store"
GRAPH_TTL: Final = "graph.ttl"
GRAPH_TRIG: Final = "graph.trig"
ONTOLOGY_TTL: Final = "ontology.ttl"
GRAPH_HTML: Final = "graph.html"
MANIFEST: Final = "manifest.json"
#: What a build leaves in the output folder, in the order the build's summary and the README list it.
OUTPUT: Final = {
    STORE_DIR + "/": "the Oxigraph store (RocksDB): every named graph plus the ontology in `graph:ontology`",
    GRAPH_TTL: "the union of the data graphs as Turtle (for Protégé and any RDF tool)",
    GRAPH_TRIG: "the same with one named graph per source and one for the shared entities (`graph:entities`)",
    ONTOLOGY_TTL: "the ontology the graph was built against",
    GRAPH_HTML: "the interactive page of the graph (see `viz`), self-contained, works offline",
    MANIFEST: "the version, the sources folder and its fingerprint (so readers can tell a stale store), "
    "the counts of triples and quads",
}
OUTPUT_FILES: Final = tuple(OUTPUT)


def write_atomic(path: Path, data: bytes | str) -> None:
    """Write ``data`` (text as UTF-8) to ``path`` so that a reader sees the old file or the new, never part.

    The data goes to a new file in the same folder, flushed to disk, which is then renamed over ``path``;
    a failure leaves the previous file as it was. The new file's mode follows the umask, as ``open`` does.
    """
    write_all_atomic({path: data})


def write_all_atomic(files: Mapping[Path, bytes | str]) -> None:
    """Write several files as ``write_atomic`` does, each one only once all of them are staged.

    Raise the OSError of the first failure; no target is touched when any file could not be staged.
    """
    staged: dict[Path, Path] = {}
    try:
        for target, data in files.items():
            staged[target] = _stage(target, data.encode("utf-8") if isinstance(data, str) else data)
        for target, temporary in staged.items():
            temporary.replace(target)
    finally:
        for temporary in staged.values():
            temporary.unlink(missing_ok=True)


def _stage(path: Path, data: bytes) -> Path:
    """Write ``data`` to a new file next to ``path`` and return the new file's path."""
    while True:
        temporary = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
        try:
            # os.open with 0o666 lets the umask decide the mode, as for any file the user creates;
            # mkstemp would make it private.
            handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
            break
        except FileExistsError:
            continue
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return temporary


def fingerprint(sources: Path) -> str:
    """Return a digest of the names, sizes and modification times of every file under ``sources``."""
    digest = hashlib.sha256()
    for path in sorted(p for p in sources.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        stat = path.stat()
        digest.update(f"{path.relative_to(sources)}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


@dataclass(frozen=True)
class Manifest:
    """Record what a build was made from, so that readers can tell when it is stale."""

    version: str
    sources: str
    fingerprint: str
    #: The distinct triples of the data graphs' union (graph.ttl), and the quads of graph.trig.
    triples: int
    quads: int

    def to_json(self) -> str:
        """Return the manifest as the JSON text of manifest.json."""
        return json.dumps(asdict(self), indent=2) + "\n"

    @classmethod
    def from_json(cls, text: str) -> Manifest | None:
        """Read a manifest's JSON text; return None when it is not one (damaged, or of an older version)."""
        try:
            data = json.loads(text)
            return cls(
                str(data["version"]),
                str(data["sources"]),
                str(data["fingerprint"]),
                int(data["triples"]),
                int(data["quads"]),
            )
        except (ValueError, KeyError, TypeError):
            return None


def stale_reason(manifest: Manifest | None, *, sources: str, fingerprint: str) -> str | None:
    """Return why a store built as ``manifest`` says does not match the sources now, or None when it does.

    ``sources`` is the sources folder's absolute path and ``fingerprint`` its fingerprint now.
    """
    if manifest is None:
        return f"no readable {MANIFEST} (missing, damaged, or written by an older version)"
    if manifest.sources != sources:
        return f"it was built from {manifest.sources}"
    if manifest.fingerprint != fingerprint:
        return f"{sources} changed since it was built"
    return None


class Builder(Protocol):
    """Build the graph of a sources folder into an output folder (``graph_builder.build.build``)."""

    def __call__(self, sources: Path, /, *, out: Path) -> object:
        """Build ``sources`` into ``out``."""
        ...


@dataclass(frozen=True)
class BuiltFiles:
    """Hold the build's graph.ttl and graph.trig, and its manifest, which counts what they hold."""

    turtle: Path
    trig: Path
    manifest: Manifest


class StoreMissingError(CeasefireKGError):
    """Report that an output folder holds no store to read, or one that cannot be opened."""


@dataclass(frozen=True)
class Workspace:
    """Stand for one output folder: where each of its files lives, and what state it is in."""

    folder: Path

    @property
    def store(self) -> Path:
        """Return the folder of the Oxigraph store."""
        return self.folder / STORE_DIR

    @property
    def graph_ttl(self) -> Path:
        """Return the path of the union of the data graphs as Turtle."""
        return self.folder / GRAPH_TTL

    @property
    def graph_trig(self) -> Path:
        """Return the path of the named graphs as TriG."""
        return self.folder / GRAPH_TRIG

    @property
    def ontology_ttl(self) -> Path:
        """Return the path of the ontology the graph was built against."""
        return self.folder / ONTOLOGY_TTL

    @property
    def graph_html(self) -> Path:
        """Return the path of the interactive page."""
        return self.folder / GRAPH_HTML

    @property
    def manifest_path(self) -> Path:
        """Return the path of the manifest."""
        return self.folder / MANIFEST

    def read_manifest(self) -> Manifest | None:
        """Return the manifest, or None when it is missing or unreadable."""
        try:
            text = self.manifest_path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return None
        return Manifest.from_json(text)

    def write_manifest(self, manifest: Manifest) -> None:
        """Write the manifest atomically."""
        write_atomic(self.manifest_path, manifest.to_json())

    def stale_reason(self, sources: Path) -> str | None:
        """Return why the store must be rebuilt from ``sources``, or None when it is current."""
        if not self.store.is_dir():
            return f"no store in {self.folder}"
        return stale_reason(
            self.read_manifest(), sources=str(sources.resolve()), fingerprint=fingerprint(sources)
        )

    def open_store(self, sources: Path, *, rebuild: Builder) -> ox.Store:
        """Open the store read-only, building it first with ``rebuild`` when it is missing or stale.

        Read-only, so that several commands may read one store at once.
        """
        import pyoxigraph as ox

        reason = self.stale_reason(sources)
        if reason is not None:
            log.warning("building %s first: %s", self.folder, reason)
            rebuild(sources, out=self.folder)
        try:
            return ox.Store.read_only(str(self.store))
        except OSError as exc:
            raise StoreMissingError(f"cannot open the store in {self.folder}: {exc}") from None

    def built_files(self) -> BuiltFiles | None:
        """Return the build's graph.ttl, graph.trig and manifest, or None when any of them is missing."""
        manifest = self.read_manifest()
        if manifest is None or not self.graph_ttl.is_file() or not self.graph_trig.is_file():
            return None
        return BuiltFiles(self.graph_ttl, self.graph_trig, manifest)
