"""The README's generated blocks: rendered from the registries, and a drifted block fails the check."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from graph_builder import docs
from graph_builder.cli import main as cli
from graph_builder.export import FORMATS
from graph_builder.workspace import OUTPUT_FILES
from ontology.errors import InputError
from queries.catalog import named_queries
from tests.helpers import REPO

CONTEXT = docs.Context(cli)


@pytest.fixture
def readme(tmp_path: Path) -> Path:
    copy = tmp_path / "README.md"
    shutil.copyfile(REPO / "README.md", copy)
    return copy


def test_the_readme_is_up_to_date_with_the_registries() -> None:
    assert docs.drifted((REPO / "README.md").read_text(encoding="utf-8"), CONTEXT) == []


def test_every_block_renders_what_its_registry_holds() -> None:
    assert all(f"`{name}`" in docs.export_formats(CONTEXT) for name in FORMATS)
    assert all(f"`{name}`" in docs.named_queries(CONTEXT) for name in named_queries())
    assert f"{len(named_queries())} named queries" in docs.named_queries(CONTEXT)
    assert all(f"`{name}`" in docs.commands(CONTEXT) for name in cli.commands)
    assert "`CeasefireViolation` | ceasefire violation |" in docs.event_types(CONTEXT)
    assert all(f"`{name}`" in docs.output_files(CONTEXT) for name in OUTPUT_FILES)


def test_the_check_names_each_drifted_block_and_changes_nothing(
    readme: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = readme.read_text(encoding="utf-8")
    drifted = text.replace("| `gexf` |", "| `gexf2` |").replace("| `md` |", "| `markdown` |")
    readme.write_text(drifted, encoding="utf-8")
    assert docs.main(["--check", str(readme)], commands=cli) == docs.EXIT_DRIFTED
    err = capsys.readouterr().err
    assert f"{readme}: block 'export-formats' is out of date" in err
    assert f"{readme}: block 'result-formats' is out of date" in err
    assert "'queries'" not in err
    assert readme.read_text(encoding="utf-8") == drifted
    assert docs.main([str(readme)], commands=cli) == 0
    assert readme.read_text(encoding="utf-8") == text
    assert docs.main(["--check", str(readme)], commands=cli) == 0


def test_a_readme_without_a_block_is_refused_with_its_name(
    readme: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = readme.read_text(encoding="utf-8")
    readme.write_text(text.replace("<!-- queries:begin -->", ""), encoding="utf-8")
    assert docs.main(["--check", str(readme)], commands=cli) == docs.EXIT_BAD_INPUT
    assert "block 'queries' ends where it did not begin" in capsys.readouterr().err


def test_an_unknown_block_is_refused() -> None:
    text = "<!-- nonsense:begin -->\n<!-- nonsense:end -->\n"
    with pytest.raises(InputError, match="no generator for block 'nonsense'"):
        docs.rewrite(text, CONTEXT)


def test_python_dash_m_checks_the_readme() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "graph_builder.docs", "--check", str(REPO / "README.md")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
