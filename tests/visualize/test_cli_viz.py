"""The viz command, the page that build writes, and the central actors that stats lists."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from graph_builder.cli import main
from graph_builder.page import write_page


def viz(runner: CliRunner, out: Path, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(
        main, ["viz", "--sources", str(out.parent / "sources"), "--out-dir", str(out), *args]
    )
    return result.exit_code, result.stdout, result.stderr


def test_viz_writes_the_page_and_says_what_it_holds(
    runner: CliRunner, mini_output: Path, tmp_path: Path
) -> None:
    target = tmp_path / "pages" / "mini.html"
    code, stdout, stderr = viz(runner, mini_output, "--out", str(target))
    assert code == 0, stderr
    assert stdout == f"Wrote {target}: 10 nodes, 8 links\n"
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_viz_to_stdout_keeps_the_summary_on_stderr(runner: CliRunner, mini_output: Path) -> None:
    code, stdout, stderr = viz(runner, mini_output, "--out", "-", "--max-nodes", "4")
    assert code == 0, stderr
    assert stdout.startswith("<!DOCTYPE html>")
    assert stderr == "4 nodes, 3 links; left out the 6 less central nodes (--max-nodes)\n"


def test_viz_focus_and_depth(runner: CliRunner, mini_output: Path, tmp_path: Path) -> None:
    code, stdout, _ = viz(
        runner, mini_output, "--focus", "hulusi-akar", "--depth", "1", "--out", str(tmp_path / "a.html")
    )
    assert code == 0
    assert "3 nodes, 3 links" in stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--focus", "hulusi-akr"], "error: unknown focus id 'hulusi-akr'; nearest: hulusi-akar"),
        (
            ["--since", "2020-03-12", "--until", "2020-03-10"],
            "error: --since 2020-03-12 is after --until 2020-03-10",
        ),
        (["--since", "2021-01-01"], "error: no event or statement is dated between 2021-01-01 and the end; "),
        (["--since", "12 March"], "Invalid value for '--since'"),
        (["--max-nodes", "0"], "Invalid value for '--max-nodes'"),
        (["--depth", "-1"], "Invalid value for '--depth'"),
    ],
    ids=["unknown-focus", "since-after-until", "empty-window", "bad-date", "no-nodes", "negative-depth"],
)
def test_bad_input_exits_2_with_one_message_and_writes_nothing(
    runner: CliRunner, mini_output: Path, tmp_path: Path, args: list[str], message: str
) -> None:
    target = tmp_path / "never.html"
    code, stdout, stderr = viz(runner, mini_output, *args, "--out", str(target))
    assert code == 2
    assert message in stderr
    assert "Traceback" not in stderr
    assert stdout == ""
    assert not target.exists()


def test_build_writes_the_page_viz_draws_from_the_store(built_seed: Path, tmp_path: Path) -> None:
    # The build draws its page from an in-memory copy of the graph in a process of its own.
    page = built_seed / "graph.html"
    assert 'id="graph-data"' in page.read_text(encoding="utf-8")
    again = tmp_path / "graph.html"
    write_page(ox.Store.read_only(str(built_seed / "store")), again)
    assert again.read_bytes() == page.read_bytes()


def test_stats_lists_the_most_central_actors(runner: CliRunner, mini_output: Path) -> None:
    result = runner.invoke(
        main, ["stats", "--sources", str(mini_output.parent / "sources"), "--out", str(mini_output)]
    )
    assert result.exit_code == 0, result.stderr
    section = result.stdout.split("most central actors", 1)[1].splitlines()[1:]
    # Akar and Turkey are each linked to 2 of the 9 other nodes; ties go by name. Mini News only reports.
    assert [line.split() for line in section[:2]] == [
        ["Hulusi", "Akar", "2", "0.222"],
        ["Turkey", "2", "0.222"],
    ]
    assert "Mini News" not in result.stdout.split("most central actors", 1)[1]
