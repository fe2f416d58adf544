"""The workspace: staleness as a pure function, the manifest, opening or rebuilding the store, writes."""

from __future__ import annotations

import errno
import hashlib
import logging
import os
import stat
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest

from graph_builder import workspace
from graph_builder.workspace import (
    Manifest,
    Workspace,
    fingerprint,
    stale_reason,
    write_all_atomic,
    write_atomic,
)

SOURCES = "/data/sources"
MANIFEST = Manifest("0.1.0", SOURCES, "abc", triples=10, quads=12)


def test_a_store_is_current_when_folder_and_fingerprint_match() -> None:
    assert stale_reason(MANIFEST, sources=SOURCES, fingerprint="abc") is None


def test_no_manifest_means_stale_and_says_why() -> None:
    reason = stale_reason(None, sources=SOURCES, fingerprint="abc")
    assert reason is not None and "no readable manifest.json" in reason


def test_another_sources_folder_means_stale_and_names_it() -> None:
    assert stale_reason(MANIFEST, sources="/elsewhere", fingerprint="abc") == f"it was built from {SOURCES}"


def test_a_changed_fingerprint_means_stale() -> None:
    assert (
        stale_reason(MANIFEST, sources=SOURCES, fingerprint="abd") == f"{SOURCES} changed since it was built"
    )


def test_the_manifest_reads_back_what_was_written() -> None:
    assert Manifest.from_json(MANIFEST.to_json()) == MANIFEST


@pytest.mark.parametrize(
    "text",
    ['{"version": "0.1.0", "sources": "s", "fingerprint": "f", "triples": 1}', "{not json", "[]", ""],
    ids=["older-without-quads", "damaged", "not-an-object", "empty"],
)
def test_a_manifest_that_is_not_one_reads_as_none(text: str) -> None:
    assert Manifest.from_json(text) is None


def test_the_fingerprint_changes_with_a_file_and_only_then(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    facts = tmp_path / "a" / "facts.yaml"
    facts.write_text("x: 1\n", encoding="utf-8")
    first = fingerprint(tmp_path)
    assert fingerprint(tmp_path) == first
    facts.write_text("x: 22\n", encoding="utf-8")
    assert fingerprint(tmp_path) != first
    (tmp_path / "a" / "__pycache__").mkdir()
    (tmp_path / "a" / "__pycache__" / "x.pyc").write_bytes(b"")
    second = fingerprint(tmp_path)
    (tmp_path / "b.txt").write_text("new", encoding="utf-8")
    assert fingerprint(tmp_path) != second


def test_the_fingerprint_is_the_sha256_older_manifests_hold(tmp_path: Path) -> None:
    # Taken without hashlib (a query need not load OpenSSL): a store built before must not look stale.
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "facts.yaml").write_bytes(b"x: 1\n")
    stat = (tmp_path / "a" / "facts.yaml").stat()
    folder = hashlib.sha256(f"a/facts.yaml\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode()).hexdigest()
    outside = hashlib.sha256().hexdigest()
    expected = hashlib.sha256(f"/\0{outside}\na\0{folder}\n".encode()).hexdigest()
    assert workspace.fingerprints(tmp_path) == {"/": outside, "a": folder}
    assert fingerprint(tmp_path) == expected


def test_the_workspace_names_the_files_of_the_output_folder(tmp_path: Path) -> None:
    space = Workspace(tmp_path)
    assert [space.store, space.graph_ttl, space.graph_trig, space.ontology_ttl, space.graph_html] == [
        tmp_path / name for name in ("store", "graph.ttl", "graph.trig", "ontology.ttl", "graph.html")
    ]
    assert space.manifest_path == tmp_path / "manifest.json"


class FakeBuild:
    """Stand in for the build: make an empty store and a manifest of the sources, and count the calls."""

    def __init__(self) -> None:
        self.calls: list[tuple[Path, Path]] = []

    def __call__(self, sources: Path, /, *, out: Path) -> object:
        self.calls.append((sources, out))
        space = Workspace(out)
        out.mkdir(exist_ok=True)
        store = ox.Store(str(space.store))
        store.add(ox.Quad(ox.NamedNode("http://e/s"), ox.NamedNode("http://e/p"), ox.Literal("o")))
        store.flush()
        del store
        space.write_manifest(Manifest("t", str(sources.resolve()), fingerprint(sources), 1, 1))
        return None


@pytest.fixture
def sources(tmp_path: Path) -> Path:
    folder = tmp_path / "sources"
    folder.mkdir()
    (folder / "entities.yaml").write_text("actors: []\n", encoding="utf-8")
    return folder


def test_open_store_builds_a_missing_store_first_then_reads_it(sources: Path, tmp_path: Path) -> None:
    space, build = Workspace(tmp_path / "out"), FakeBuild()
    assert space.stale_reason(sources) == f"no store in {space.folder}"
    store = space.open_store(sources, rebuild=build)
    assert build.calls == [(sources, space.folder)]
    assert len(store) == 1
    with pytest.raises(RuntimeError, match="read-write"):  # opened read-only
        store.add(ox.Quad(ox.NamedNode("http://e/s"), ox.NamedNode("http://e/p"), ox.Literal("x")))


def test_open_store_leaves_a_current_store_alone_and_rebuilds_a_stale_one(
    sources: Path, tmp_path: Path
) -> None:
    space, build = Workspace(tmp_path / "out"), FakeBuild()
    build(sources, out=space.folder)
    space.open_store(sources, rebuild=build)
    assert len(build.calls) == 1
    (sources / "entities.yaml").write_text("actors: []\nplaces: []\n", encoding="utf-8")
    assert space.stale_reason(sources) == f"{sources.resolve()} changed since it was built"
    space.open_store(sources, rebuild=build)
    assert len(build.calls) == 2


def test_built_files_need_the_turtle_the_trig_and_the_manifest(tmp_path: Path) -> None:
    space = Workspace(tmp_path)
    space.write_manifest(MANIFEST)
    space.graph_ttl.write_text("", encoding="utf-8")
    assert space.built_files() is None
    space.graph_trig.write_text("", encoding="utf-8")
    built = space.built_files()
    assert built is not None and built.manifest == MANIFEST and built.trig == space.graph_trig


@pytest.fixture
def umask() -> Iterator[None]:
    previous = os.umask(0o022)
    yield
    os.umask(previous)


@pytest.mark.usefixtures("umask")
@pytest.mark.parametrize("mask", [0o022, 0o027, 0o077])
def test_the_mode_of_a_written_file_follows_the_umask(tmp_path: Path, mask: int) -> None:
    os.umask(mask)
    target = tmp_path / "page.html"
    write_atomic(target, "<p>ä</p>")
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~mask
    assert target.read_bytes() == "<p>ä</p>".encode()


def test_bytes_are_written_as_they_are_and_replace_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "graph.ttl"
    target.write_bytes(b"old")
    write_atomic(target, b"\xef\xbb\xbfnew\r\n")
    assert target.read_bytes() == b"\xef\xbb\xbfnew\r\n"
    assert [p.name for p in tmp_path.iterdir()] == ["graph.ttl"]


def test_a_failed_write_leaves_the_old_file_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "manifest.json"
    target.write_text("old", encoding="utf-8")

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(OSError, match="No space left"):
        write_atomic(target, "new")
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["manifest.json"]


def test_several_files_are_replaced_only_once_all_are_staged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second = tmp_path / "nodes.csv", tmp_path / "edges.csv"
    for path in (first, second):
        path.write_text("old", encoding="utf-8")
    staged = workspace._stage

    def second_fails(path: Path, data: bytes) -> Path:
        if path == second:
            raise OSError(errno.EACCES, "Permission denied")
        return staged(path, data)

    monkeypatch.setattr(workspace, "_stage", second_fails)
    with pytest.raises(OSError):
        write_all_atomic({first: "new", second: "new"})
    assert first.read_text(encoding="utf-8") == second.read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["edges.csv", "nodes.csv"]


# The layout of version folders: one switch, readers that keep their build, leftovers removed.


def _version(space: Workspace, text: str, sources: Path | None = None) -> Path:
    """Make a version folder holding a store of one quad with ``text`` and the other files.

    Its manifest says it was built from ``sources`` as they are now (so that it is current).
    """
    version = space.new_version()
    store = ox.Store(str(version / "store"))
    store.add(ox.Quad(ox.NamedNode("http://e/s"), ox.NamedNode("http://e/p"), ox.Literal(text)))
    store.flush()
    del store
    for name in ("graph.ttl", "graph.trig", "ontology.ttl", "graph.html"):
        (version / name).write_text(text, encoding="utf-8")
    manifest = MANIFEST
    if sources is not None:
        manifest = Manifest("t", str(sources.resolve()), fingerprint(sources), 1, 1)
    Workspace(version).write_manifest(manifest)
    return version


def _text(store: ox.Store) -> str:
    text: str = next(iter(store)).object.value
    return text


@pytest.fixture
def released() -> Iterator[None]:
    """Let go of the builds a test read, so that they do not outlive it in this process."""
    workspace.release_readings()
    yield
    workspace.release_readings()


@pytest.mark.usefixtures("released")
def test_defect_1_readers_see_one_whole_build_and_keep_it_while_newer_ones_switch_in(
    sources: Path, tmp_path: Path
) -> None:
    space = Workspace(tmp_path / "out")
    first = _version(space, "first")
    space.switch_to(first)
    assert (space.folder / ".current").readlink() == Path(".builds") / first.name
    assert space.graph_ttl.read_text(encoding="utf-8") == "first"  # the README's names, through .current
    assert space.read_version() == first
    second = _version(space, "second")
    space.switch_to(second)
    third = _version(space, "third")
    space.switch_to(third)
    # first is neither the current build nor the one before, but this process reads it: it stays.
    assert first.is_dir() and second.is_dir()
    assert Workspace(first).graph_ttl.read_text(encoding="utf-8") == "first"
    workspace.release_readings()
    fourth = _version(space, "fourth")
    space.switch_to(fourth)
    assert set(space.builds.iterdir()) == {third, fourth}  # names made in one second sort at random
    assert space.graph_ttl.read_text(encoding="utf-8") == "fourth"


@pytest.mark.usefixtures("released")
def test_defect_1_a_reader_that_found_a_build_being_deleted_reads_the_current_one(
    sources: Path, tmp_path: Path
) -> None:
    space = Workspace(tmp_path / "out")
    old, new = _version(space, "old", sources), _version(space, "new", sources)
    space.switch_to(new)
    # A reader that resolved .current before the switch, then lost the race against the deletion.
    assert workspace._retire(old) and not old.exists()
    assert workspace._lock_shared(old / workspace.READERS) is None
    assert _text(space.open_store(sources, rebuild=FakeBuild())) == "new"


@pytest.mark.usefixtures("released")
def test_defect_2_a_build_killed_before_the_rename_leaves_the_old_build_current(
    sources: Path, tmp_path: Path
) -> None:
    space = Workspace(tmp_path / "out")
    space.switch_to(_version(space, "old", sources))
    killed = _version(space, "half")
    # What a build killed between making the new link and renaming it leaves.
    (space.folder / ".current.999999999.new").symlink_to(Path(".builds") / killed.name)
    assert _text(space.open_store(sources, rebuild=FakeBuild())) == "old"
    with space.build_lock():
        removed = space.remove_leftovers()
    assert killed in removed and not killed.exists()
    assert not (space.folder / ".current.999999999.new").is_symlink()


def test_defect_2_a_second_build_waits_for_the_lock_and_names_the_process_it_waits_for(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    space, order = Workspace(tmp_path / "out"), []
    held, waiting = threading.Event(), threading.Event()

    def second() -> None:
        held.wait()
        with space.build_lock():
            order.append("second")

    thread = threading.Thread(target=second)
    thread.start()
    with caplog.at_level(logging.WARNING, logger="graph_builder.workspace"), space.build_lock():
        held.set()
        for _ in range(200):
            if any("waiting for the build" in record.getMessage() for record in caplog.records):
                waiting.set()
                break
            time.sleep(0.02)
        order.append("first")
    thread.join()
    assert waiting.is_set() and order == ["first", "second"]
    assert f"waiting for the build of process {os.getpid()} into {space.folder}" in caplog.text


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", ""])
    child.wait()
    return child.pid


def test_defect_4_a_write_removes_the_temporary_files_of_killed_writers_only(tmp_path: Path) -> None:
    target = tmp_path / "nodes.csv"
    dead = tmp_path / f".nodes.csv.{_dead_pid()}-0123456789ab.tmp"
    older = tmp_path / ".nodes.csv.0123456789ab.tmp"  # named by an older version, without a process id
    live = tmp_path / f".nodes.csv.{os.getpid()}-0123456789ab.tmp"
    other = tmp_path / f".edges.csv.{_dead_pid()}-0123456789ab.tmp"
    for path in (dead, older, live, other):
        path.write_text("half", encoding="utf-8")
    write_atomic(target, "whole")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["nodes.csv", live.name, other.name])


def test_defect_4_hermit_folders_are_removed_once_no_process_uses_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    dead, used, fresh = (tmp_path / f"ceasefire-kg-hermit-{name}" for name in ("dead", "used", "fresh"))
    for folder in (dead, used, fresh):
        folder.mkdir()
        (folder / "tmpgraph").write_text("<a> <b> <c> .\n", encoding="utf-8")
    for folder in (dead, used):
        os.utime(folder, (time.time() - 60, time.time() - 60))
    with (used / "tmpgraph").open(encoding="utf-8"):
        assert workspace.remove_dead_hermit_folders() == [dead]
    assert not dead.exists() and used.is_dir() and fresh.is_dir()


def test_defect_4_a_fresh_hermit_folder_of_a_dead_run_is_removed_at_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    gone = subprocess.Popen(["true"])
    gone.wait()
    dead = tmp_path / f"ceasefire-kg-hermit-{gone.pid}-abc"
    mine = tmp_path / f"ceasefire-kg-hermit-{os.getpid()}-abc"
    for folder in (dead, mine):
        folder.mkdir()  # just made: no grace for a named run whose process is gone
    assert workspace.remove_dead_hermit_folders() == [dead]
    assert mine.is_dir()


def test_defect_4_the_older_layouts_staging_and_retired_folders_are_removed(tmp_path: Path) -> None:
    space = Workspace(tmp_path / "out")
    staging, retired = tmp_path / ".out.building-0123456789ab", tmp_path / ".out.old-4242"
    for folder in (staging, retired, tmp_path / ".other.building-0123456789ab"):
        (folder / "store").mkdir(parents=True)
    with space.build_lock():
        space.remove_leftovers()
    assert sorted(p.name for p in tmp_path.iterdir()) == [".other.building-0123456789ab", "out"]


@pytest.mark.usefixtures("released")
def test_an_output_folder_of_the_older_layout_is_moved_into_a_version_folder_once(tmp_path: Path) -> None:
    space = Workspace(tmp_path / "out")
    space.folder.mkdir()
    for name in ("graph.ttl", "graph.html"):
        (space.folder / name).write_text("older layout", encoding="utf-8")
    (space.folder / "store").mkdir()
    (space.folder / "notes.txt").write_text("the user's", encoding="utf-8")
    assert space.read_version() == space.folder
    new = _version(space, "new")
    space.switch_to(new)
    for name in ("store", "graph.ttl", "graph.trig", "ontology.ttl", "graph.html", "manifest.json"):
        assert (space.folder / name).readlink() == Path(".current") / name
    assert space.graph_ttl.read_text(encoding="utf-8") == "new"
    (legacy,) = (p for p in space.builds.iterdir() if p != new)
    assert (legacy / "graph.ttl").read_text(encoding="utf-8") == "older layout"
    assert (space.folder / "notes.txt").read_text(encoding="utf-8") == "the user's"


@pytest.mark.usefixtures("released")
def test_a_write_to_a_name_of_the_output_folder_writes_the_current_build(tmp_path: Path) -> None:
    space = Workspace(tmp_path / "out")
    version = _version(space, "built")
    space.switch_to(version)
    write_atomic(space.graph_html, "<p>drawn again</p>")
    assert space.graph_html.is_symlink()
    assert (version / "graph.html").read_text(encoding="utf-8") == "<p>drawn again</p>"


@pytest.mark.usefixtures("umask")
def test_defect_15_version_folders_and_lock_files_follow_the_umask(tmp_path: Path) -> None:
    os.umask(0o027)
    space = Workspace(tmp_path / "out")
    with space.build_lock():
        version = space.new_version()
    modes = {
        path.name: stat.S_IMODE(path.stat().st_mode)
        for path in (space.folder, space.builds, version, version / ".readers", space.folder / ".build.lock")
    }
    assert modes == {
        "out": 0o750,
        ".builds": 0o750,
        version.name: 0o750,
        ".readers": 0o640,
        ".build.lock": 0o640,
    }
