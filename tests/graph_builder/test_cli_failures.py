"""Every failure of a command is one line and its exit code, never a traceback, and loses nothing written.

Exit codes: 3 when a cause outside the input stops a run (a full disk, no memory, no Java), 4 for a defect of
the program (an exception no project error explains), 130 for Ctrl-C. The full disk is simulated by making
the write itself fail with ENOSPC, as the kernel does.
"""

from __future__ import annotations

import errno
import os
import re
import shutil
import subprocess
import sys
import types
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from graph_builder import failures, stats, store
from graph_builder.child import ChildStepError, run_in_child
from graph_builder.cli import main
from ontology.errors import CannotFinishError
from tests.helpers import SEED_SOURCES, tree_digest, write_mini

PREVIOUS_PAGE = "<!doctype html><title>the previous page</title>\n"


def disk_full(*args: object, **kwargs: object) -> None:
    raise OSError(errno.ENOSPC, "No space left on device")


def fill_the_disk(path: str) -> None:
    """Fail as a write on a full disk does (a step run in a process of its own)."""
    raise OSError(errno.ENOSPC, "No space left on device", path)


def run_out_of_memory() -> None:
    raise MemoryError


def one_line(result: Result) -> str:
    """Return the only line a failed command wrote to stderr, after checking that it is the only one."""
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    return lines[0]


@pytest.fixture(scope="module")
def good_output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the small corpus once; a test copies this output and checks that a failure leaves it."""
    root = tmp_path_factory.mktemp("good")
    result = CliRunner().invoke(
        main, ["build", "--sources", str(write_mini(root)), "--out", str(root / "output")]
    )
    assert result.exit_code == 0, result.output
    return root / "output"


def test_a_disk_full_in_build_is_one_line_exit_3_and_keeps_the_previous_output(
    good_output: Path, tmp_path: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    sources = write_mini(tmp_path)
    out = tmp_path / "output"
    shutil.copytree(good_output, out, symlinks=True)
    before = tree_digest(out)
    monkeypatch.setattr(store.RawBatchWriter, "chunk", disk_full)

    result = runner.invoke(main, ["build", "--sources", str(sources), "--out", str(out)])

    assert result.exit_code == 3
    assert one_line(result) == "error: could not finish: No space left on device"
    assert tree_digest(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["output", "sources"], "the staging folder stayed"


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full, where every write fails ENOSPC")
@pytest.mark.parametrize(
    "command",
    [["export", "--format", "nt", "--out-dir"], ["viz", "--out", "-", "--out-dir"], ["stats", "--out"]],
)
def test_a_full_disk_behind_stdout_is_one_line_exit_3(command: list[str], built_seed: Path) -> None:
    # A real full disk: the kernel answers every write to /dev/full with ENOSPC.
    with Path("/dev/full").open("wb") as full:
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "graph_builder",
                *command,
                str(built_seed),
                "--sources",
                str(SEED_SOURCES),
            ],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
        )
    assert result.returncode == 3, result.stderr
    assert result.stderr == "error: could not finish: No space left on device\n"


def test_a_disk_full_in_a_step_of_its_own_process_is_a_cause_outside_the_input(tmp_path: Path) -> None:
    target = tmp_path / "graph.html"
    with pytest.raises(CannotFinishError) as caught:
        run_in_child(fill_the_disk, str(target), what="writing graph.html")
    assert str(caught.value) == f"writing graph.html failed: No space left on device: {target}"


def test_memory_running_out_in_a_step_of_its_own_process_is_a_cause_outside_the_input() -> None:
    with pytest.raises(CannotFinishError, match=r"^writing graph\.ttl failed: out of memory$"):
        run_in_child(run_out_of_memory, what="writing graph.ttl")


@pytest.mark.parametrize("where", ["default", "--out"])
def test_a_disk_full_in_viz_is_one_line_exit_3_and_keeps_the_previous_page(
    where: str, built_seed: Path, tmp_path: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    out_dir = tmp_path / "output"
    shutil.copytree(built_seed, out_dir, symlinks=True)
    page = out_dir / "graph.html" if where == "default" else tmp_path / "week.html"
    page.write_text(PREVIOUS_PAGE, encoding="utf-8")
    before = tree_digest(page.parent)
    monkeypatch.setattr(os, "fsync", disk_full)

    args = ["viz", "--sources", str(SEED_SOURCES), "--out-dir", str(out_dir)]
    result = runner.invoke(main, [*args, *(["--out", str(page)] if where == "--out" else [])])

    assert result.exit_code == 3
    assert one_line(result) == (
        f"error: cannot write {page}: No space left on device; the previous page is as it was"
    )
    assert page.read_text(encoding="utf-8") == PREVIOUS_PAGE
    assert tree_digest(page.parent) == before, "a temporary file was left"


def _raising(exception: BaseException) -> Callable[..., object]:
    def fail(*args: object, **kwargs: object) -> object:
        raise exception

    return fail


def stats_failing(
    exception: BaseException,
    built_seed: Path,
    runner: CliRunner,
    monkeypatch: pytest.MonkeyPatch,
    *flags: str,
) -> Result:
    """Run ``stats`` on the built seed with its library call raising ``exception``."""
    monkeypatch.setattr(stats, "graph_stats", _raising(exception))
    return runner.invoke(main, [*flags, "stats", "--sources", str(SEED_SOURCES), "--out", str(built_seed)])


def test_memory_running_out_is_one_line_exit_3(
    built_seed: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = stats_failing(MemoryError(), built_seed, runner, monkeypatch)
    assert result.exit_code == 3
    assert one_line(result) == "error: could not finish: out of memory"


def test_an_unexpected_error_says_it_is_one_where_it_happened_and_how_to_report_it(
    built_seed: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = stats_failing(RuntimeError("the counts went\nwrong"), built_seed, runner, monkeypatch)
    assert result.exit_code == 4
    line = one_line(result)
    assert re.fullmatch(
        r"error: internal error: RuntimeError: the counts went wrong "
        r"\(at graph_builder/cli\.py:\d+ in stats\); please report it( at \S+)? with the command and this "
        r"line; `ceasefire-kg -v stats …` shows the traceback",
        line,
    ), line


def test_verbose_shows_the_traceback_before_the_line(
    built_seed: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = stats_failing(RuntimeError("the counts went wrong"), built_seed, runner, monkeypatch, "-v")
    assert result.exit_code == 4
    assert result.stderr.startswith("Traceback (most recent call last):")
    last = result.stderr.splitlines()[-1]
    assert last.startswith("error: internal error: RuntimeError: the counts went wrong (at graph_builder/")
    assert "shows the traceback" not in last


def test_a_failed_step_of_a_checked_build_is_an_internal_error(
    built_seed: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    failed = ChildStepError("writing graph.html failed: KeyError: 'label'")
    result = stats_failing(failed, built_seed, runner, monkeypatch)
    assert result.exit_code == 4
    assert one_line(result).startswith(
        "error: internal error: writing graph.html failed: KeyError: 'label'; please report it"
    )


def test_ctrl_c_is_one_line_exit_130(
    built_seed: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = stats_failing(KeyboardInterrupt(), built_seed, runner, monkeypatch)
    assert result.exit_code == 130
    assert one_line(result) == "interrupted"


def test_where_names_the_innermost_frame_of_the_project() -> None:
    from graph_builder.export import export_format

    try:
        export_format(None)  # type: ignore[arg-type]  # a defect: None has no lower()
    except AttributeError as exc:
        assert re.fullmatch(r"graph_builder/export\.py:\d+ in export_format", failures.where(exc))
        assert failures.describe_unexpected(exc).startswith("AttributeError: 'NoneType' object has no")
    else:
        pytest.fail("export_format(None) raised nothing")


def test_an_unexpected_message_is_cut_to_one_short_line() -> None:
    described = failures.describe_unexpected(ValueError("x" * 10_000 + "\n" + "y"))
    assert "\n" not in described
    assert len(described) < 300
    assert described.startswith("ValueError: xxx") and "…" in described


def test_a_report_goes_to_the_issues_url_of_the_metadata(monkeypatch: pytest.MonkeyPatch) -> None:
    class Metadata:
        def __init__(self, urls: list[str]) -> None:
            self.urls = urls

        def get_all(self, name: str) -> list[str]:
            return self.urls if name == "Project-URL" else []

    urls = ["Homepage, https://example.org/kg", "Issues, https://example.org/kg/issues"]
    monkeypatch.setattr(failures, "metadata", lambda name: Metadata(urls))
    assert (
        failures.report_hint()
        == "please report it at https://example.org/kg/issues with the command and this line"
    )
    monkeypatch.setattr(failures, "metadata", lambda name: Metadata([]))
    assert failures.report_hint() == "please report it with the command and this line"


def test_ctrl_c_while_the_cli_still_loads_is_one_line_exit_130(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from graph_builder.__main__ import run

    class Loading(types.ModuleType):
        def __getattr__(self, name: str) -> object:
            raise KeyboardInterrupt  # what a Ctrl-C during the import of the CLI raises

    monkeypatch.setitem(sys.modules, "graph_builder.cli", Loading("graph_builder.cli"))
    with pytest.raises(SystemExit) as stopped:
        run()
    assert stopped.value.code == 130
    assert capsys.readouterr().err == "interrupted\n"
