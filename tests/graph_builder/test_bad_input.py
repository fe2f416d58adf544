"""Bad input: every problem named with its file, line and value, all in one run, exit 2, old output intact."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from graph_builder.cli import main
from tests.helpers import SEED_SOURCES, tree_digest, write_mini


@pytest.fixture(scope="module")
def good_output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the small corpus once; each test starts from a copy of this output."""
    root = tmp_path_factory.mktemp("good")
    sources = write_mini(root)
    result = CliRunner().invoke(main, ["build", "--sources", str(sources), "--out", str(root / "output")])
    assert result.exit_code == 0, result.output
    return root / "output"


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"test setup: {old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _facts(sources: Path) -> Path:
    return sources / "mini-article" / "facts.yaml"


def _line_of(path: Path, needle: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {path}")


def _one_problem(stderr: str) -> str:
    """Return the one problem of a run's report as one line, ``error: FILE:LINE: message``."""
    lines = stderr.strip().splitlines()
    if len(lines) == 1:
        return lines[0]  # a problem of the whole folder, not of a file in it
    heading, problem, count = lines
    assert count.startswith("error: 1 problem in the sources"), lines
    numbered = re.fullmatch(r"  line (\d+): (.*)", problem)
    if numbered is None:
        return f"error: {heading} {problem.strip()}"
    return f"error: {heading}{numbered[1]}: {numbered[2]}"


Breaker = Callable[[Path], tuple[str, list[str]]]


def malformed_yaml(sources: Path) -> tuple[str, list[str]]:
    path = _facts(sources)
    _edit(path, "    count: 2\n", "    count: [2\n")
    return f"{path}:", ["malformed YAML"]


def unknown_field(sources: Path) -> tuple[str, list[str]]:
    path = _facts(sources)
    _edit(path, "    count: 2\n", "    count: 2\n    severity: high\n")
    return f"{path}:{_line_of(path, 'severity')}:", ["unknown field 'severity'", "event"]


def missing_required_field(sources: Path) -> tuple[str, list[str]]:
    path = _facts(sources)
    _edit(path, "    status: occurred\n", "")
    return f"{path}:{_line_of(path, 'id: mini-violations')}:", [
        "missing required field 'status'",
        "'mini-violations'",
    ]


def unknown_entity_id(sources: Path) -> tuple[str, list[str]]:
    path = _facts(sources)
    _edit(path, "speaker: hulusi-akar", "speaker: hulusi-akkar")
    return f"{path}:{_line_of(path, 'speaker:')}:", [
        "unknown actor id 'hulusi-akkar'",
        "nearest known: hulusi-akar",
    ]


def _second_line_of(path: Path, needle: str) -> int:
    lines = [n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line]
    return lines[1]


def duplicate_id(sources: Path) -> tuple[str, list[str]]:
    path = _facts(sources)
    _edit(path, "  - id: mini-akar-agreement", "  - id: mini-violations")
    return f"{path}:{_second_line_of(path, 'id: mini-violations')}:", [
        "duplicate id 'mini-violations'",
        "already used by the event",
    ]


def impossible_date(sources: Path) -> tuple[str, list[str]]:
    path = _facts(sources)
    _edit(path, "date: 2020-03-09", "date: 2020-02-30")
    return f"{path}:{_line_of(path, '2020-02-30')}:", ["'2020-02-30'", "a date that exists"]


def quote_not_in_document(sources: Path) -> tuple[str, list[str]]:
    path = _facts(sources)
    _edit(
        path,
        "the Russian reconciliation center registered two violations",
        "the Russian reconciliation centre registered two violations",
    )
    return f"{path}:{_line_of(path, 'reconciliation centre')}:", [
        "is not in",
        "reconciliation centre registered",
        "closest passage",
        "Russian reconciliation center registered two violations",
    ]


def document_not_utf8(sources: Path) -> tuple[str, list[str]]:
    path = sources / "mini-article" / "document.txt"
    path.write_bytes(path.read_bytes().replace("Hay’at".encode(), "Hay\x92at".encode("latin-1")))
    line = path.read_bytes().split(b"\x92")[0].count(b"\n") + 1
    return f"{path}:{line}:", ["not UTF-8", "0x92"]


def empty_sources_folder(sources: Path) -> tuple[str, list[str]]:
    shutil.rmtree(sources)
    sources.mkdir()
    return f"{sources}:", ["no sources here"]


@pytest.mark.parametrize(
    "breaker",
    [
        malformed_yaml,
        unknown_field,
        missing_required_field,
        unknown_entity_id,
        duplicate_id,
        impossible_date,
        quote_not_in_document,
        document_not_utf8,
        empty_sources_folder,
    ],
    ids=lambda f: f.__name__,
)
def test_bad_input_is_refused_and_keeps_previous_output(
    breaker: Breaker, good_output: Path, tmp_path: Path, runner: CliRunner
) -> None:
    sources = write_mini(tmp_path)
    out = tmp_path / "output"
    shutil.copytree(good_output, out, symlinks=True)
    before = tree_digest(out)
    where, phrases = breaker(sources)

    result = runner.invoke(main, ["build", "--sources", str(sources), "--out", str(out)])

    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    message = _one_problem(result.stderr)
    assert message.startswith(f"error: {where}"), message
    for phrase in phrases:
        assert phrase in message, f"{phrase!r} not in {message!r}"
    assert "Traceback" not in result.output
    assert tree_digest(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["output", "sources"]


def test_five_mistakes_in_three_files_are_reported_in_one_run(tmp_path: Path, runner: CliRunner) -> None:
    sources = tmp_path / "sources"
    shutil.copytree(SEED_SOURCES, sources, ignore=shutil.ignore_patterns("__pycache__", "__init__.py"))
    entities = sources / "entities.yaml"
    article = sources / "southfront-idlib-ceasefire-appears-to-hold" / "facts.yaml"
    record = sources / "pax-idlib-agreements" / "facts.yaml"
    _edit(
        entities, "    aliases: [Ankara, Republic of Turkey]\n", "    alias: [Ankara, Republic of Turkey]\n"
    )
    _edit(article, "eight violations were registered, by", "eight violations were recorded, by")
    _edit(article, "  - id: erdogan-leads-turkey\n", "  - id: pax-sochi-memorandum-2018\n")
    _edit(record, "    parties: [turkey, russia]\n", "    parties: [turkey, rusia]\n")
    text = article.read_text(encoding="utf-8")
    at = text.index("  - id: violations-2020-03-10\n")
    article.write_text(
        text[:at] + text[at:].replace("date: 2020-03-10", "date: 2020-03-32", 1), encoding="utf-8"
    )

    result = runner.invoke(main, ["validate", "--sources", str(sources)])

    assert result.exit_code == 2, result.output
    report = result.stderr.splitlines()
    assert report[-1].startswith("error: 5 problems in the sources")
    expected = {
        entities: [(_line_of(entities, "alias: [Ankara"), "unknown field 'alias' in an actor")],
        article: [
            (_line_of(article, "2020-03-32"), "field 'date' of event 'violations-2020-03-10'"),
            (
                _line_of(article, "id: pax-sochi-memorandum-2018"),
                "duplicate id 'pax-sochi-memorandum-2018': ids are shared by all sources",
            ),
            (_line_of(article, "were recorded, by"), "is not in"),
        ],
        record: [(_line_of(record, "parties: [turkey, rusia]"), "unknown actor id 'rusia'")],
    }
    for path, problems in expected.items():
        heading = report.index(f"{path}:")
        block = [line for line in report[heading + 1 :] if line.startswith("  ")]
        for line, phrase in problems:
            assert any(b.startswith(f"  line {line}: ") and phrase in b for b in block), (line, phrase, block)
    assert sum(1 for line in report if line.startswith("  line ")) == 5
    duplicate = next(line for line in report if "duplicate id" in line)
    assert f"{record}:{_line_of(record, 'id: pax-sochi-memorandum-2018')}" in duplicate
    assert "nearest known: russia" in next(line for line in report if "'rusia'" in line)
    assert "closest passage" in next(line for line in report if "is not in" in line)
