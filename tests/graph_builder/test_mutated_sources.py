"""Mutated seed sources: every ``validate`` ends with exit 0, 1 or 2 and a message, never a traceback.

Hypothesis takes the bundled seed, changes one of its files (entities.yaml or a facts.yaml; a facts file
may also be written as facts.jsonl) by deleting a key, duplicating a value, giving a value another type,
nesting it, or cutting the file short, and runs ``validate`` in-process on a copy. A mutation that leaves
the input well-formed may still make a graph the checks refuse (SHACL shapes, HermiT): exit 1, with the
problems listed, is the right answer then, as exit 0 is for a mutation that changes nothing that matters.
The runs are derandomized (the same examples each time) and bounded, so that the test stays short.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path
from typing import Any

import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph_builder.cli import main
from tests.helpers import SEED_SOURCES, seed_source_ids

#: The files a mutation may change, relative to the sources folder.
FILES = ["entities.yaml", *(f"{source}/facts.yaml" for source in seed_source_ids())]

#: Values a mutation puts in place of another: other types, edge values, hostile text.
ODD_VALUES: list[Any] = [
    None,
    True,
    0,
    -1,
    2**63,
    2**64 + 1,
    1.5,
    float("inf"),
    "",
    " ",
    "x" * 500,
    "http://x y",
    "2020-02-30",
    "Q0",
    "not-an-id-\u202e",
    "\x00",
    [],
    {},
    [[[]]],
    {"one_of": []},
    {"earliest": "2020-03-09"},
    {"best": 1, "low": 2},
]

OPERATIONS = ["delete", "duplicate", "retype", "nest", "truncate", "cut-line"]


def _children(value: Any) -> list[tuple[Any, Any]]:
    """Return (key or index, child) of a mapping or list; nothing for a scalar."""
    if isinstance(value, dict):
        return list(value.items())
    if isinstance(value, list):
        return list(enumerate(value))
    return []


def _pick_path(data: st.DataObject, document: Any) -> list[Any]:
    """Draw a path from the document's top down to one of its values (at least one step deep)."""
    path: list[Any] = []
    node = document
    while True:
        children = _children(node)
        if not children:
            break
        key, child = children[data.draw(st.integers(0, len(children) - 1), label="child")]
        path.append(key)
        node = child
        if len(path) > 1 and data.draw(st.booleans(), label="stop here"):
            break
    return path


def _mutate(data: st.DataObject, document: Any, operation: str) -> Any:
    """Apply one structural operation at a drawn path of ``document`` (changed in place); return it."""
    path = _pick_path(data, document)
    if not path:
        return data.draw(st.sampled_from(ODD_VALUES), label="whole document")
    parent = document
    for key in path[:-1]:
        parent = parent[key]
    key = path[-1]
    value = parent[key]
    if operation == "delete":
        del parent[key]
    elif operation == "duplicate":
        if isinstance(parent, list):
            parent.insert(key, json.loads(json.dumps(value, default=str)))
        else:
            parent[f"{key}_copy" if data.draw(st.booleans(), label="new key") else key] = value
    elif operation == "retype":
        parent[key] = data.draw(st.sampled_from(ODD_VALUES), label="odd value")
    else:  # nest
        parent[key] = data.draw(st.sampled_from([[value], {"value": value}, [[value]]]), label="nesting")
    return document


def _write(path: Path, document: Any, as_jsonl: bool) -> None:
    """Write a facts or entities document back as YAML, or (facts only) as JSON Lines."""
    if not as_jsonl:
        path.write_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False), encoding="utf-8")
        return
    lines = []
    sections = document.items() if isinstance(document, dict) else [("events", document)]
    for section, items in sections:
        for item in items if isinstance(items, list) else [items]:
            line = {"section": section, **item} if isinstance(item, dict) else item
            lines.append(json.dumps(line, default=str, ensure_ascii=False))
    path.with_name("facts.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    path.unlink()


def _apply(data: st.DataObject, sources: Path) -> str:
    """Mutate one file of the sources copy; return what was done, for the failure message."""
    name = data.draw(st.sampled_from(FILES), label="file")
    operation = data.draw(st.sampled_from(OPERATIONS), label="operation")
    path = sources / name
    text = path.read_text(encoding="utf-8")
    lines = text.split("\n")
    if operation == "truncate":
        keep = data.draw(st.integers(0, len(lines) - 1), label="lines kept")
        path.write_text("\n".join(lines[:keep]), encoding="utf-8")
        return f"{name}: kept {keep} lines"
    if operation == "cut-line":
        at = data.draw(st.integers(0, len(lines) - 1), label="line")
        cut = data.draw(st.integers(0, max(0, len(lines[at]) - 1)), label="column")
        lines[at] = lines[at][:cut]
        path.write_text("\n".join(lines), encoding="utf-8")
        return f"{name}: line {at + 1} cut at column {cut}"
    document = _mutate(data, yaml.safe_load(text), operation)
    as_jsonl = name != "entities.yaml" and data.draw(st.booleans(), label="as facts.jsonl")
    _write(path, document, as_jsonl)
    return f"{name}: {operation}{' (as facts.jsonl)' if as_jsonl else ''}"


@settings(
    derandomize=True,
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    database=None,
)
@given(st.data())
def test_mutated_seed_sources_end_in_a_message_never_a_traceback(data: st.DataObject) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        sources = Path(tmp) / "sources"
        shutil.copytree(SEED_SOURCES, sources)
        done = _apply(data, sources)
        result = CliRunner().invoke(main, ["validate", "--sources", str(sources)])
    where = f"after {done}: exit {result.exit_code}\n{result.output}"
    assert result.exception is None or isinstance(result.exception, SystemExit), where
    assert "Traceback" not in result.output, where
    assert result.exit_code in (0, 1, 2), where
    assert result.output.strip(), where  # every run says something: a summary or the problems
    if result.exit_code == 1:  # only a failed check of a well-formed graph
        assert "error:" in result.output, where
