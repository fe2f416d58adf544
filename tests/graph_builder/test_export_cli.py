"""`ceasefire-kg export`: output to stdout or a file, bad input refused with exit 2, a failed write exit 3.

Nothing a good earlier export wrote is ever lost.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import stat
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import rdflib
from click.testing import CliRunner, Result

from graph_builder import workspace
from graph_builder.cli import main
from graph_builder.export import EDGES_CSV, NODES_CSV
from tests.helpers import SEED_SOURCES

#: The user id of nobody, as which the test of a read-only folder runs under root.
NOBODY = 65534
PREVIOUS = b"@prefix ex: <http://example.org/> .\nex:previous ex:export ex:good .\n"


def run(runner: CliRunner, built_seed: Path, *args: str) -> Result:
    return runner.invoke(
        main, ["export", "--sources", str(SEED_SOURCES), "--out-dir", str(built_seed), *args]
    )


@pytest.fixture
def previous(tmp_path: Path) -> Path:
    """Return a file that a good earlier export left, which a failed export must not touch."""
    path = tmp_path / "graph.ttl"
    path.write_bytes(PREVIOUS)
    return path


def assert_untouched(previous: Path) -> None:
    assert previous.read_bytes() == PREVIOUS
    assert sorted(p.name for p in previous.parent.iterdir()) == [previous.name], "a temporary file was left"


def test_turtle_goes_to_stdout_and_the_summary_to_stderr(runner: CliRunner, built_seed: Path) -> None:
    result = run(runner, built_seed, "--format", "turtle")
    assert result.exit_code == 0, result.stderr
    graph = rdflib.Graph().parse(data=result.stdout_bytes, format="turtle")
    assert result.stderr.strip() == f"Exported {len(graph):,} triples as turtle"


def test_dash_means_stdout(runner: CliRunner, built_seed: Path) -> None:
    result = run(runner, built_seed, "--format", "nt", "--out", "-")
    assert result.exit_code == 0, result.stderr
    assert len(rdflib.Graph().parse(data=result.stdout_bytes, format="nt")) > 1000


def test_out_replaces_the_previous_file_whole(runner: CliRunner, built_seed: Path, previous: Path) -> None:
    result = run(runner, built_seed, "--format", "turtle", "--out", str(previous))
    assert result.exit_code == 0, result.stderr
    graph = rdflib.Graph().parse(previous, format="turtle")
    assert result.stdout.strip() == f"Wrote {previous}: {len(graph):,} triples"
    assert sorted(p.name for p in previous.parent.iterdir()) == ["graph.ttl"]
    assert stat.S_IMODE(previous.stat().st_mode) == 0o644


def test_csv_writes_two_tables_into_the_folder(runner: CliRunner, built_seed: Path, tmp_path: Path) -> None:
    result = run(runner, built_seed, "--format", "csv", "--out", str(tmp_path))
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == [EDGES_CSV, NODES_CSV]
    assert "nodes and" in result.stdout


def test_an_unknown_format_is_refused_with_the_formats(
    runner: CliRunner, built_seed: Path, previous: Path
) -> None:
    result = run(runner, built_seed, "--format", "ttl", "--out", str(previous))
    assert result.exit_code == 2
    assert "Invalid value for '--format': unknown export format 'ttl'; did you mean turtle?" in result.stderr
    assert "jsonld" in result.stderr and "gexf" in result.stderr
    assert "Traceback" not in result.output
    assert_untouched(previous)


def test_an_unknown_source_is_refused_with_the_nearest_ids(
    runner: CliRunner, built_seed: Path, previous: Path
) -> None:
    result = run(runner, built_seed, "--format", "turtle", "--source", "pax-idlib", "--out", str(previous))
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "error: unknown source id 'pax-idlib'; did you mean pax-idlib-agreements?"
    )
    assert_untouched(previous)


def test_a_source_like_nothing_known_lists_the_ids(runner: CliRunner, built_seed: Path) -> None:
    result = run(runner, built_seed, "--format", "nq", "--source", "zzz")
    assert result.exit_code == 2
    assert "the graph holds: entities, pax-idlib-agreements, southfront-" in result.stderr
    assert result.stdout == ""


def test_an_output_folder_that_does_not_exist_is_refused(
    runner: CliRunner, built_seed: Path, tmp_path: Path
) -> None:
    target = tmp_path / "missing" / "graph.ttl"
    result = run(runner, built_seed, "--format", "turtle", "--out", str(target))
    assert result.exit_code == 2
    assert result.stderr.strip() == f"error: {tmp_path / 'missing'}: the output folder does not exist"
    assert not (tmp_path / "missing").exists()


def test_a_csv_folder_that_does_not_exist_is_refused(
    runner: CliRunner, built_seed: Path, tmp_path: Path
) -> None:
    result = run(runner, built_seed, "--format", "csv", "--out", str(tmp_path / "tables"))
    assert result.exit_code == 2
    assert "the output folder does not exist" in result.stderr
    assert list(tmp_path.iterdir()) == []


@pytest.fixture
def read_only_previous() -> Iterator[Path]:
    """Return a good earlier export in a folder nobody may write to, that everybody may enter."""
    folder = Path(tempfile.mkdtemp(prefix="ceasefire-kg-read-only-", dir="/tmp"))
    path = folder / "graph.ttl"
    path.write_bytes(PREVIOUS)
    path.chmod(0o644)
    folder.chmod(0o555)
    yield path
    folder.chmod(0o755)
    shutil.rmtree(folder)


def _as_nobody(work: Callable[[], Result]) -> tuple[int, str]:
    """Run ``work`` in a forked child that has given up root for the user nobody; return code and stderr.

    Root writes into any folder whatever its mode, so as root the test drops to a user the mode applies to.
    """
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns
        try:
            os.close(read_end)
            os.setgroups([])
            os.setgid(NOBODY)
            os.setuid(NOBODY)
            result = work()
            os.write(write_end, json.dumps([result.exit_code, result.stderr]).encode())
        finally:
            os._exit(0)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as pipe:
        answer = pipe.read()
    os.waitpid(pid, 0)
    code, stderr = json.loads(answer)
    return int(code), str(stderr)


def test_a_folder_that_is_not_writable_is_refused(
    runner: CliRunner, built_seed: Path, read_only_previous: Path
) -> None:
    def export_there() -> Result:
        return run(runner, built_seed, "--format", "turtle", "--out", str(read_only_previous))

    if os.geteuid() == 0:
        code, stderr = _as_nobody(export_there)
    else:
        result = export_there()
        code, stderr = result.exit_code, result.stderr
    assert code == 2
    assert stderr.strip() == f"error: {read_only_previous.parent}: the output folder is not writable"
    assert_untouched(read_only_previous)


def test_a_refused_write_leaves_the_previous_file(
    runner: CliRunner, built_seed: Path, previous: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # What the kernel says to a non-root user in a read-only folder (root is let through by chmod alone).
    opener = os.open

    def refuse(path: str, flags: int, mode: int = 0o777) -> int:
        if Path(path).parent == previous.parent:
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return opener(path, flags, mode)

    monkeypatch.setattr(os, "open", refuse)
    result = run(runner, built_seed, "--format", "turtle", "--out", str(previous))
    assert result.exit_code == 3
    assert result.stderr == (
        f"error: {previous}: cannot write the export: Permission denied; nothing was replaced\n"
    )
    assert_untouched(previous)


def test_a_disk_full_midway_leaves_the_previous_file_and_no_temporary(
    runner: CliRunner, built_seed: Path, previous: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    result = run(runner, built_seed, "--format", "rdfxml", "--out", str(previous))
    assert result.exit_code == 3
    assert result.stderr == (
        f"error: {previous}: cannot write the export: No space left on device; nothing was replaced\n"
    )
    assert_untouched(previous)


def test_a_failing_second_table_leaves_both_previous_tables(
    runner: CliRunner, built_seed: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in (NODES_CSV, EDGES_CSV):
        (tmp_path / name).write_text("previous\n", encoding="utf-8")
    staged = workspace._stage

    def second_fails(path: Path, data: bytes) -> Path:
        if path.name == EDGES_CSV:
            raise OSError(errno.ENOSPC, "No space left on device")
        return staged(path, data)

    monkeypatch.setattr(workspace, "_stage", second_fails)
    result = run(runner, built_seed, "--format", "csv", "--out", str(tmp_path))
    assert result.exit_code == 3
    assert result.stderr == (
        f"error: {tmp_path}: cannot write the export: No space left on device; nothing was replaced\n"
    )
    for name in (NODES_CSV, EDGES_CSV):
        assert (tmp_path / name).read_text(encoding="utf-8") == "previous\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == [EDGES_CSV, NODES_CSV]


def test_csv_to_stdout_is_refused(runner: CliRunner, built_seed: Path) -> None:
    result = run(runner, built_seed, "--format", "csv")
    assert result.exit_code == 2
    assert "give their folder as --out" in result.stderr


def test_a_folder_given_for_a_one_file_format_is_refused(
    runner: CliRunner, built_seed: Path, tmp_path: Path
) -> None:
    result = run(runner, built_seed, "--format", "gexf", "--out", str(tmp_path))
    assert result.exit_code == 2
    assert f"is a folder; give a file name, e.g. {tmp_path / 'graph.gexf'}" in result.stderr


def test_the_ontology_with_a_network_format_is_refused(runner: CliRunner, built_seed: Path) -> None:
    result = run(runner, built_seed, "--format", "graphml", "--with-ontology")
    assert result.exit_code == 2
    assert "--with-ontology applies to the RDF formats, not graphml" in result.stderr
    assert result.stdout == ""
