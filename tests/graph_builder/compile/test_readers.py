"""Source readers: the loader picks a source's facts file by name from the registry, and only one."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph_builder.compile import compile_sources
from graph_builder.compile.readers import READERS
from ontology.errors import InputProblems


def _facts_file(source: Path) -> Path:
    (found,) = (source / name for name in READERS if (source / name).is_file())
    return found


def test_a_source_without_a_facts_file_names_every_file_a_reader_takes(mini_sources: Path) -> None:
    source = next(p for p in mini_sources.iterdir() if p.is_dir())
    _facts_file(source).unlink()
    with pytest.raises(InputProblems) as caught:
        compile_sources(mini_sources)
    (problem,) = caught.value.problems
    assert problem.file is not None and problem.file.startswith(str(source))
    for name in READERS:
        assert name in problem.message


def test_each_reader_is_chosen_by_its_file_name(mini_sources: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = next(p for p in mini_sources.iterdir() if p.is_dir())
    facts = _facts_file(source)
    seen: list[str] = []
    reader = READERS[facts.name]

    def spy(path: Path, shown: str) -> object:
        seen.append(path.name)
        return reader.read(path, shown)

    monkeypatch.setitem(READERS, facts.name, type(reader)(reader.file_name, reader.description, spy))
    compile_sources(mini_sources)
    assert seen == [facts.name]
