"""Own the output folder: its files, the manifest, staleness, opening the store, and atomic writes.

A build writes one output folder (the store, graph.ttl, graph.trig, ontology.ttl, graph.html and
manifest.json) from one sources folder. Every command that reads the graph opens the store here, through
``Workspace.open_store``, which rebuilds it first when the manifest says it no longer matches the sources.
Every file the application writes goes through ``write_atomic``.

The output folder is a real folder the user opens, laid out so that a build switches in whole, in one step,
and no reader ever sees half of one::

    output/
        .builds/<id>/          one folder per build: store/, graph.ttl, … manifest.json, .readers
        .current -> .builds/<id>
        store -> .current/store, graph.ttl -> .current/graph.ttl, …   (the names the README gives)
        .build.lock            held by the one build that writes into the folder; says its process id

A build writes its version folder, then replaces ``.current`` by a new link with one ``rename``: the old
build or the new, never a mix, also for a process killed at any moment. The names users open are relative
links through ``.current``, so all of them switch at once. A reader resolves ``.current`` once, takes a
shared lock on the version's ``.readers`` file for as long as it lives (RocksDB opens its ``.sst`` files
lazily: a folder deleted under a reader fails its next query), and reads only from that version folder.
An old version is deleted only by whoever gets the exclusive lock on its ``.readers`` without waiting; it
is renamed away first, so that a reader who locked it meanwhile sees it gone and resolves again. The
switch keeps the build it replaced (a reader that resolved ``.current`` just before the switch finds it
still there instead of resolving again) and deletes the older ones; a build deletes what killed builds
left (version folders never switched in, temporary files) under the build lock, so never a running build's.
"""

from __future__ import annotations

import contextlib
import fcntl
import glob
import json
import logging
import os
import re
import shutil
import tempfile
import time
from collections.abc import Iterator, Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Final, Protocol

from ontology.errors import CeasefireKGError

if TYPE_CHECKING:
    from hashlib import _Hash, sha256

    import pyoxigraph as ox
else:
    # Every command that reads the store fingerprints the sources: CPython's own SHA-256 (the same digests)
    # spares it loading OpenSSL through hashlib, as the standard library's random does for its SHA-512.
    try:
        from _sha2 import sha256  # Python 3.12 and later
    except ImportError:
        try:
            from _sha256 import sha256
        except ImportError:
            from hashlib import sha256

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

#: The folder of the builds' version folders, the link to the current one, and the build lock.
BUILDS: Final = ".builds"
CURRENT: Final = ".current"
BUILD_LOCK: Final = ".build.lock"
#: The file in a version folder that its readers hold a shared lock on.
READERS: Final = ".readers"
#: A test hook: seconds to sleep between making the new ``.current`` link and renaming it into place.
SWITCH_PAUSE_ENV: Final = "CEASEFIRE_KG_SWITCH_PAUSE"
#: The prefix of the folders HermiT's runs work in (``ontology.reasoning``), in the temporary folder.
HERMIT_PREFIX: Final = "ceasefire-kg-hermit-"
#: A HermiT folder changed this recently may belong to a run that has not opened its first file yet.
_HERMIT_GRACE_SECONDS: Final = 5.0
#: The process id in the name of a HermiT folder made by this version.
_HERMIT_OWNER: Final = re.compile(re.escape(HERMIT_PREFIX) + r"([0-9]+)-")


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
    # A target that is a link (the output folder's graph.html) is written where it points, as open() does.
    files = {Path(os.path.realpath(target)): data for target, data in files.items()}
    for target in files:
        remove_stale_temporaries(target)
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
        # The process id in the name tells a later write whether the file is a killed writer's leftover.
        temporary = path.with_name(f".{path.name}.{os.getpid()}-{os.urandom(6).hex()}.tmp")
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


def remove_stale_temporaries(path: Path) -> None:
    """Delete the temporary files that killed writers of ``path`` left next to it (not a live one's)."""
    for temporary in path.parent.glob(f".{glob.escape(path.name)}.*.tmp"):
        owner = temporary.name.removeprefix(f".{path.name}.").split("-", 1)[0]
        # A name without a process id is an older version's: nothing writes those any more.
        if not (owner.isdigit() and _alive(int(owner))):
            temporary.unlink(missing_ok=True)


def _alive(pid: int) -> bool:
    """Say whether a process ``pid`` exists (a reused id counts as alive: keep rather than delete)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


#: The key of ``fingerprints`` for the files outside the source folders (entities.yaml, alias tables, …).
OUTSIDE_SOURCES: Final = "/"


def fingerprints(sources: Path) -> dict[str, str]:
    """Return a digest of the names, sizes and modification times of the files of each source folder.

    Keyed by the folder's name; the files outside the source folders (entities.yaml and any other) under
    ``OUTSIDE_SOURCES``. A source folder is one not named ``.…`` or ``_…``, as the loader reads them
    (``compile.loader.source_folders``; not imported: every command that reads the store calls this).
    """
    found: list[tuple[str, os.stat_result]] = []
    # os.scandir, not Path.rglob: a fraction of the time over the thousands of files of a large corpus.
    pending = [("", str(sources))]
    while pending:
        prefix, folder = pending.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):  # a link to a folder is not walked into (a loop)
                    if entry.name != "__pycache__":
                        pending.append((f"{prefix}{entry.name}/", entry.path))
                elif entry.is_file():
                    found.append((prefix + entry.name, entry.stat()))
    digests: dict[str, _Hash] = {OUTSIDE_SOURCES: sha256()}
    for relative, stat in sorted(found, key=lambda item: item[0].split("/")):
        top, separator, _ = relative.partition("/")
        key = top if separator and not top.startswith((".", "_")) else OUTSIDE_SOURCES
        digest = digests.get(key) or digests.setdefault(key, sha256())
        digest.update(f"{relative}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return {key: digest.hexdigest() for key, digest in sorted(digests.items())}


def fingerprint(sources: Path, parts: Mapping[str, str] | None = None) -> str:
    """Return one digest of every file under ``sources`` (of its ``fingerprints``, given or worked out)."""
    parts = fingerprints(sources) if parts is None else parts
    return sha256("".join(f"{k}\0{v}\n" for k, v in sorted(parts.items())).encode()).hexdigest()


@dataclass(frozen=True)
class Manifest:
    """Record what a build was made from, so that readers can tell when it is stale."""

    version: str
    sources: str
    fingerprint: str
    #: The distinct triples of the data graphs' union (graph.ttl), and the quads of graph.trig.
    triples: int
    quads: int
    #: The fingerprint of each source folder and of the files outside them (see ``fingerprints``), which
    #: tells the next build what changed.
    parts: dict[str, str] = field(default_factory=dict)

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
                {str(key): str(value) for key, value in data.get("parts", {}).items()},
            )
        except (ValueError, KeyError, TypeError, AttributeError):
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


#: The version folders this process reads, each with the open file that holds its shared lock, kept until
#: the process ends: a Store can carry neither an attribute nor a weak reference to release it with.
_readings: dict[Path, int] = {}
#: The version folder each output folder's store was last opened from, so that files read later in the
#: same process (export's graph.ttl) come from the same build as the store.
_opened: dict[Path, Path] = {}
#: How often a reader resolves ``.current`` again when the version it found was deleted meanwhile.
_RESOLVE_ATTEMPTS: Final = 100
_TRASH: Final = ".trash-"


@dataclass(frozen=True)
class Workspace:
    """Stand for one output folder: where each of its files lives, and what state it is in.

    The paths of the files are the names users open (links through ``.current`` once a build ran);
    ``read_version`` gives the folder of one whole build to read from.
    """

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

    @property
    def builds(self) -> Path:
        """Return the folder that holds one version folder per build."""
        return self.folder / BUILDS

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

    def current(self) -> Path | None:
        """Return the version folder ``.current`` names now, or None when there is none (older layout)."""
        try:
            return self.folder / (self.folder / CURRENT).readlink()
        except OSError:
            return None

    def read_version(self) -> Path:
        """Return the folder to read one whole build from, kept from deletion until this process ends.

        That is the version folder ``.current`` names, or the output folder itself in the older layout
        (real files, from before version folders), which no build of this version swaps under a reader.
        """
        for _ in range(_RESOLVE_ATTEMPTS):
            version = self.current()
            if version is None:
                return self.folder
            if version in _readings:
                return version
            handle = _lock_shared(version / READERS)
            if handle is not None:
                _readings[version] = handle
                return version
        raise StoreMissingError(
            f"cannot read {self.folder}: its current build changed {_RESOLVE_ATTEMPTS} times while opening it"
        )

    def ensure_built(self, sources: Path, *, rebuild: Builder) -> None:
        """Build the store with ``rebuild`` when it is missing or older than ``sources``, saying why."""
        reason = self.stale_reason(sources)
        if reason is not None:
            log.warning("building %s first: %s", self.folder, reason)
            rebuild(sources, out=self.folder)

    def open_version(self) -> tuple[Path, ox.Store]:
        """Open the current build's store read-only; return its version folder (kept while held) and it.

        For a process that reads for long (a server's worker): ``release_readings`` lets the version go
        once its store is no longer used.
        """
        import pyoxigraph as ox

        version = self.read_version()
        try:
            store = ox.Store.read_only(str(version / STORE_DIR))
        except OSError as exc:
            raise StoreMissingError(f"cannot open the store in {self.folder}: {exc}") from None
        return version, store

    def open_store(self, sources: Path, *, rebuild: Builder) -> ox.Store:
        """Open the store read-only, building it first with ``rebuild`` when it is missing or stale.

        Read-only, so that several commands may read one store at once; from one version folder, which
        stays on disk while this process lives, so that a build switched in meanwhile cannot pull the
        store's files away.
        """
        self.ensure_built(sources, rebuild=rebuild)
        version, store = self.open_version()
        _opened[self.folder.absolute()] = version
        return store

    def built_files(self) -> BuiltFiles | None:
        """Return the build's graph.ttl, graph.trig and manifest, or None when any of them is missing.

        They are the files of the build whose store this process opened last, else of the current one.
        """
        built = Workspace(_opened.get(self.folder.absolute()) or self.read_version())
        manifest = built.read_manifest()
        if manifest is None or not built.graph_ttl.is_file() or not built.graph_trig.is_file():
            return None
        return BuiltFiles(built.graph_ttl, built.graph_trig, manifest)

    @contextlib.contextmanager
    def build_lock(self) -> Iterator[None]:
        """Hold the lock that lets one build at a time write into the folder; while another holds it, wait.

        The wait is announced (on the log, so on stderr) with the process id of the build it waits for.
        """
        self.folder.mkdir(parents=True, exist_ok=True)
        handle = os.open(self.folder / BUILD_LOCK, os.O_RDWR | os.O_CREAT, 0o666)
        try:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                holder = os.pread(handle, 32, 0).decode("ascii", "replace").strip() or "unknown"
                log.warning("waiting for the build of process %s into %s to finish", holder, self.folder)
                fcntl.flock(handle, fcntl.LOCK_EX)
            os.ftruncate(handle, 0)
            os.pwrite(handle, f"{os.getpid()}\n".encode("ascii"), 0)
            yield
        finally:
            os.close(handle)

    def tidy(self) -> None:
        """Delete what killed builds left in the folder, unless a build runs now (its own end tidies)."""
        if not self.folder.is_dir():
            return
        handle = os.open(self.folder / BUILD_LOCK, os.O_RDWR | os.O_CREAT, 0o666)
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return
        else:
            self.remove_leftovers()
        finally:
            os.close(handle)

    def new_version(self) -> Path:
        """Make a new, empty version folder for a build and return it; its mode follows the umask.

        Not tempfile.mkdtemp: its folder is private (0700), and this one holds what users open.
        """
        self.builds.mkdir(mode=0o777, parents=True, exist_ok=True)
        while True:
            name = f"{time.strftime('%Y%m%dT%H%M%S')}-{os.getpid()}-{os.urandom(3).hex()}"
            try:
                (self.builds / name).mkdir(mode=0o777)
            except FileExistsError:
                continue
            (self.builds / name / READERS).touch(mode=0o666)
            return self.builds / name

    def switch_to(self, version: Path) -> None:
        """Make ``version`` the current build with one rename, then delete the builds before the last.

        The caller holds the build lock. An output folder of the older layout (real files) is moved into
        a version folder of its own here, once: it is then the build before the last, deleted next time.
        """
        previous = self.current()
        link = self.folder / f"{CURRENT}.{os.getpid()}.new"
        link.unlink(missing_ok=True)
        link.symlink_to(version.relative_to(self.folder))
        pause = os.environ.get(SWITCH_PAUSE_ENV)
        if pause:
            time.sleep(float(pause))
        link.replace(self.folder / CURRENT)
        _sync_folder(self.folder)
        legacy = self._link_names()
        self.remove_leftovers(keep={version, previous or legacy})

    def _link_names(self) -> Path | None:
        """Make each name of OUTPUT_FILES a relative link through ``.current``; return where old files went.

        A name that is still a real file or folder (the older layout) is first moved into a version folder
        of its own, so that nothing of the user's build is deleted without the rules for old builds.
        """
        legacy: Path | None = None
        for name in (name.rstrip("/") for name in OUTPUT_FILES):
            path, target = self.folder / name, f"{CURRENT}/{name}"
            if path.is_symlink() and str(path.readlink()) == target:
                continue
            if path.exists() and not path.is_symlink():
                if legacy is None:
                    legacy = self.new_version()
                path.rename(legacy / name)
            link = path.with_name(f".{name}.{os.getpid()}.link")
            link.unlink(missing_ok=True)
            link.symlink_to(target)
            link.replace(path)
        return legacy

    def remove_leftovers(self, *, keep: set[Path | None] | None = None) -> list[Path]:
        """Delete what killed or replaced builds left; return what was deleted. Hold the build lock.

        Deleted: version folders other than the current one and ``keep`` that no reader holds (a version
        folder never switched in is a killed build's: only the lock's holder builds), half-made links and
        temporary files, the older layout's ``.NAME.building-*``/``.NAME.old-*`` folders beside the output
        folder, and HermiT folders in the temporary folder that no process uses any more.
        """
        kept = {self.current(), *(keep or set())}
        removed: list[Path] = []
        if self.builds.is_dir():
            for entry in sorted(self.builds.iterdir()):
                if entry not in kept and _retire(entry):
                    removed.append(entry)
        for pattern in (f"{CURRENT}.*.new", ".*.*.link"):
            for entry in self.folder.glob(pattern):
                if entry.is_symlink():
                    entry.unlink(missing_ok=True)
                    removed.append(entry)
        for name in (name.rstrip("/") for name in OUTPUT_FILES):
            remove_stale_temporaries(self.folder / name)
        parent, name = self.folder.absolute().parent, glob.escape(self.folder.name)
        for pattern in (f".{name}.building-*", f".{name}.old-*"):
            for entry in parent.glob(pattern):
                shutil.rmtree(entry, ignore_errors=True)
                removed.append(entry)
        removed.extend(remove_dead_hermit_folders())
        if removed:
            log.info("removed %d leftover(s) of earlier builds: %s", len(removed), removed)
        return removed


def release_readings() -> None:
    """Let go of every build this process read, so that later builds may delete them.

    For a process that lives on after its reads (a server between requests, a test); the stores opened
    from those builds must no longer be used.
    """
    while _readings:
        os.close(_readings.popitem()[1])
    _opened.clear()


def _lock_shared(readers: Path) -> int | None:
    """Take a shared lock on a version's readers file; None when the version is gone or going."""
    try:
        handle = os.open(readers, os.O_RDONLY)
    except FileNotFoundError:
        return None
    # Blocks only while a deleter holds the exclusive lock, which it keeps just for one rename.
    fcntl.flock(handle, fcntl.LOCK_SH)
    try:
        same = readers.stat().st_ino == os.fstat(handle).st_ino
    except FileNotFoundError:
        same = False
    if not same:
        os.close(handle)
        return None
    return handle


def _retire(version: Path) -> bool:
    """Delete a version folder unless a reader holds it; rename it away first. Return whether deleted."""
    handle: int | None = None
    if not version.name.startswith(_TRASH):
        try:
            handle = os.open(version / READERS, os.O_RDONLY)
        except FileNotFoundError:
            pass  # a build killed before its folder was ready: nobody ever read it
        except NotADirectoryError:
            version.unlink(missing_ok=True)
            return True
        if handle is not None:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(handle)
                return False
    try:
        trash = version.with_name(f"{_TRASH}{os.urandom(6).hex()}") if handle is not None else version
        if trash != version:
            version.rename(trash)
    finally:
        if handle is not None:
            os.close(handle)
    shutil.rmtree(trash, ignore_errors=True)
    return True


def _sync_folder(folder: Path) -> None:
    """Flush a folder's entries to disk, so that a rename in it survives a power cut."""
    handle = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


def remove_dead_hermit_folders() -> list[Path]:
    """Delete HermiT work folders in the temporary folder that no process uses; return them.

    A name with the process id of its run (``ceasefire-kg-hermit-PID-…``, as ``ontology.reasoning`` makes
    them) goes as soon as that process is dead. For one without, the test is whether any process has a file
    open in one or names one on its command line (HermiT's JVM does), and whether its contents changed in
    the last seconds (a run that has not opened its first file).
    """
    now = time.time()
    candidates = []
    removed = []
    for entry in Path(tempfile.gettempdir()).glob(f"{HERMIT_PREFIX}*"):
        try:
            info = entry.lstat()
        except FileNotFoundError:
            continue
        if not entry.is_dir() or info.st_uid != os.getuid():
            continue
        owner = _HERMIT_OWNER.match(entry.name)
        if owner is not None:
            if not _alive(int(owner.group(1))):
                shutil.rmtree(entry, ignore_errors=True)
                removed.append(entry)
        elif now - info.st_mtime > _HERMIT_GRACE_SECONDS:
            candidates.append(entry)
    if not candidates:
        return removed
    used = _paths_in_use()
    for folder in candidates:
        if not any(str(folder) in path for path in used):
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
    return removed


def _paths_in_use() -> list[str]:
    """Return every open file, working folder and command line of the processes this user can see."""
    used: list[str] = []
    for process in Path("/proc").glob("[0-9]*"):
        with contextlib.suppress(OSError):
            used.append((process / "cmdline").read_bytes().decode("utf-8", "replace"))
        with contextlib.suppress(OSError):
            used.append(str((process / "cwd").readlink()))
        with contextlib.suppress(OSError):
            for handle in (process / "fd").iterdir():
                with contextlib.suppress(OSError):
                    used.append(str(handle.readlink()))
    return used
