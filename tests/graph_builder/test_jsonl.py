"""facts.jsonl: the facts of facts.yaml one per line, checked by the same schema, errors at file:line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import rdflib
from click.testing import CliRunner

from graph_builder.build import compile_sources
from graph_builder.cli import main
from graph_builder.compile.loader import load_corpus
from graph_builder.compile.yamlio import load_yaml
from ontology.errors import InputProblems
from tests.helpers import MINI_WIRE_FACTS, assert_isomorphic, write_mini, write_mini_wire


def _to_jsonl(facts_yaml: Path) -> list[str]:
    """Turn a facts.yaml into the lines of the equivalent facts.jsonl (the source line first)."""
    document = load_yaml(facts_yaml)
    lines = [json.dumps({"section": "source", **document["source"]}, ensure_ascii=False)]
    for section, records in document.items():
        if section != "source":
            lines += [json.dumps({"section": section, **record}, ensure_ascii=False) for record in records]
    return lines


@pytest.fixture
def jsonl_sources(tmp_path: Path) -> Path:
    """Return the mini corpus with its facts as facts.jsonl instead of facts.yaml."""
    sources = write_mini(tmp_path / "jsonl")
    facts = sources / "mini-article" / "facts.yaml"
    (facts.parent / "facts.jsonl").write_text("\n".join(_to_jsonl(facts)) + "\n", encoding="utf-8")
    facts.unlink()
    return sources


def _union(sources: Path) -> rdflib.Graph:
    compiled = compile_sources(sources)
    return rdflib.Graph().parse(data="".join(compiled.emitted.union_lines()), format="nt")


def test_jsonl_facts_give_the_graph_yaml_facts_give(mini_sources: Path, jsonl_sources: Path) -> None:
    assert_isomorphic(_union(mini_sources), _union(jsonl_sources), "the graphs of facts.yaml and facts.jsonl")


def test_jsonl_accounts_give_the_graph_yaml_accounts_give(mini_sources: Path, tmp_path: Path) -> None:
    # Periods, figures and casualties are nested mappings; a same_as declaration is a section of its own.
    same_as = "same_as:\n  - id: one-event\n    ids: [mini-losses, mini-violations]\n"
    same_as += '    evidence: [{quote: "Turkey said", occurrence: 2}]\n'
    wire = (
        MINI_WIRE_FACTS.replace(
            "    reported_by: turkey\n    date", "    reported_by: mini-news\n    date"
        ).replace("    type: Hostilities\n", "")
        + same_as
    )
    write_mini_wire(mini_sources, wire)
    jsonl = write_mini(tmp_path / "jsonl")
    facts = write_mini_wire(jsonl, wire)
    (facts.parent / "facts.jsonl").write_text("\n".join(_to_jsonl(facts)) + "\n", encoding="utf-8")
    facts.unlink()
    expected = _union(mini_sources)
    assert (None, rdflib.URIRef("https://w3id.org/ceasefire-kg/ontology#mergedId"), None) in expected
    assert_isomorphic(expected, _union(jsonl), "the graphs of accounts in facts.yaml and facts.jsonl")


def test_each_fact_keeps_its_line(jsonl_sources: Path) -> None:
    corpus = load_corpus(jsonl_sources)
    (source,) = corpus.sources
    lines = (jsonl_sources / "mini-article" / "facts.jsonl").read_text(encoding="utf-8").splitlines()
    for record in source.all_facts():
        assert json.loads(lines[record.line - 1])["id"] == record.id
        assert record.line_of("evidence") == record.line
    assert source.facts_file.endswith("mini-article/facts.jsonl")


def _edit_line(path: Path, index: int, change: dict[str, object] | str) -> int:
    """Replace line ``index`` (0-based) by new text, or update its JSON object; return its line number."""
    lines = path.read_text(encoding="utf-8").splitlines()
    if isinstance(change, str):
        lines[index] = change
    else:
        record = json.loads(lines[index])
        record.update(change)
        lines[index] = json.dumps({k: v for k, v in record.items() if v is not None}, ensure_ascii=False)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return index + 1


@pytest.mark.parametrize(
    ("index", "change", "phrase"),
    [
        (1, '{"section": "events", "id": "mini-violations",', "malformed JSON"),
        (1, '["events"]', "one JSON object per line"),
        (1, {"section": "incidents"}, "unknown section 'incidents'"),
        (1, {"section": None}, "missing key 'section'"),
        (1, {"severity": "high"}, "unknown field 'severity' in an event"),
        (1, {"count": -2}, "a whole number, 0 or more"),
        (1, {"date": "2020-02-30"}, "a date that exists"),
        (1, {"date": {"earliest": "2020-03-10", "latest": "2020-03-09"}}, "not after its latest"),
        (2, {"speaker": "hulusi-akkar"}, "unknown actor id 'hulusi-akkar'"),
        (2, {"section": "source"}, "a second 'source' line (the first is line 1)"),
        (3, '{"section": "relationships", "id": "a", "id": "b"}', "duplicate key 'id'"),
        (3, '{"section": "statements", "text": "\\ud800"}', "lone surrogate"),
    ],
)
def test_bad_lines_are_refused_with_file_and_line(
    jsonl_sources: Path, index: int, change: dict[str, object] | str, phrase: str
) -> None:
    path = jsonl_sources / "mini-article" / "facts.jsonl"
    line = _edit_line(path, index, change)
    with pytest.raises(InputProblems) as caught:
        compile_sources(jsonl_sources)
    (problem,) = caught.value.problems
    assert phrase in str(problem)
    assert problem.file == str(path)
    assert problem.line == line


@pytest.mark.parametrize(
    ("changes", "phrases"),
    [
        (['{"section": "events", "id": "x",', '["events"]'], ["malformed JSON", "one JSON object per line"]),
        ([{"section": "evnts"}, {"section": "incidents"}], ["section 'evnts'", "section 'incidents'"]),
    ],
    ids=["two lines that are no JSON object", "two unknown sections"],
)
def test_every_bad_line_of_a_file_is_reported_at_once(
    jsonl_sources: Path, changes: list[dict[str, object] | str], phrases: list[str]
) -> None:
    path = jsonl_sources / "mini-article" / "facts.jsonl"
    lines = [_edit_line(path, index, change) for index, change in enumerate(changes, start=1)]
    with pytest.raises(InputProblems) as caught:
        load_corpus(jsonl_sources)
    found = caught.value.problems
    assert [p.line for p in found] == lines
    assert all(phrase in p.message for p, phrase in zip(found, phrases, strict=True))


def test_blank_lines_are_skipped_and_lines_keep_their_numbers(jsonl_sources: Path) -> None:
    path = jsonl_sources / "mini-article" / "facts.jsonl"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n\n".join(lines) + "\n", encoding="utf-8")
    (source,) = load_corpus(jsonl_sources).sources
    (event,) = source.facts["events"]
    assert event.line == 3


def test_both_fact_files_in_one_folder_are_refused(jsonl_sources: Path, mini_sources: Path) -> None:
    yaml_facts = (mini_sources / "mini-article" / "facts.yaml").read_text(encoding="utf-8")
    (jsonl_sources / "mini-article" / "facts.yaml").write_text(yaml_facts, encoding="utf-8")
    with pytest.raises(InputProblems) as caught:
        load_corpus(jsonl_sources)
    (problem,) = caught.value.problems
    assert "both facts.yaml and facts.jsonl" in problem.message


def test_the_cli_reports_a_bad_jsonl_line_under_its_file(jsonl_sources: Path, runner: CliRunner) -> None:
    path = jsonl_sources / "mini-article" / "facts.jsonl"
    line = _edit_line(path, 1, {"status": "happened"})
    result = runner.invoke(main, ["validate", "--sources", str(jsonl_sources)])
    assert result.exit_code == 2
    heading, problem, count = result.stderr.strip().splitlines()
    assert heading == f"{path}:"
    assert problem.startswith(f"  line {line}: field 'status' of event 'mini-violations'")
    assert count.startswith("error: 1 problem in the sources")
