"""The workspace: staleness as a pure function, the manifest, opening or rebuilding the store, writes."""

from __future__ import annotations

import errno
import os
import stat
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
