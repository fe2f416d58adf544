"""Read a facts.jsonl file: one JSON object per line, each a fact (or the source) with a "section" key.

JSON Lines is the format for machine-made sources: a scraper or a model writes one fact per line, and it reads
about fifteen times faster than YAML. Each line becomes a mapping with its line number, so the schema checks
it exactly as it checks facts.yaml and every error names the file and the line.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from ontology.errors import InputError, InputProblems

from .yamlio import MAX_DEPTH, LineDict, read_utf8

#: The key that says which section of facts.yaml a line belongs to.
SECTION = "section"


def _mapping_at(line: int, file: str) -> Callable[[list[tuple[str, Any]]], LineDict]:
    def build(pairs: list[tuple[str, Any]]) -> LineDict:
        mapping = LineDict()
        mapping.line = line
        mapping.key_lines = {}
        for key, value in pairs:
            if key in mapping:
                raise InputError(f"duplicate key {key!r}", file=file, line=line, value=key)
            mapping[key] = value
            mapping.key_lines[key] = line
        return mapping

    return build


def _parse_line(line: str, number: int, name: str) -> LineDict:
    if line.count("[") + line.count("{") > MAX_DEPTH and _depth(line) > MAX_DEPTH:
        raise InputError(f"values nested more than {MAX_DEPTH} levels deep", file=name, line=number)
    try:
        value = json.loads(line, object_pairs_hook=_mapping_at(number, name))
    except MemoryError:
        raise InputError("too large to build in memory", file=name, line=number) from None
    except json.JSONDecodeError as exc:
        raise InputError(
            f"malformed JSON: {exc.msg} at column {exc.colno}", file=name, line=number, value=line
        ) from None
    if not isinstance(value, LineDict):
        raise InputError(
            'expected one JSON object per line, e.g. {"section": "events", "id": "...", ...}',
            file=name,
            line=number,
            value=value,
        )
    if "\\u" in line:
        _check_encodable(value, name, number)
    return value


def _depth(line: str) -> int:
    """Return how deep the brackets of a JSON line nest, outside strings (before it is parsed)."""
    depth = deepest = 0
    in_string = escaped = False
    for char in line:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth -= 1
    return deepest


def _check_encodable(value: Any, file: str, line: int) -> None:
    """Refuse a lone surrogate such as "\\ud800": JSON allows it, UTF-8 (and so RDF) does not."""
    try:
        json.dumps(value, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        raise InputError(
            "a \\u escape makes a lone surrogate, which is not a character: write the character itself",
            file=file,
            line=line,
        ) from None


def _place(document: LineDict, mapping: LineDict, sections: tuple[str, ...], file: str) -> None:
    """Put one line's mapping under its section of ``document``."""
    section = mapping.pop(SECTION, None)
    line = mapping.key_lines.pop(SECTION, mapping.line)
    if section is None:
        raise InputError(
            f"missing key {SECTION!r}: each line says where it belongs ({', '.join(sections)})",
            file=file,
            line=mapping.line,
        )
    if section not in sections:
        raise InputError(
            f"unknown section {section!r} (known sections: {', '.join(sections)})",
            file=file,
            line=line,
            value=section,
        )
    if section == "source":
        if "source" in document:
            raise InputError(
                f"a second 'source' line (the first is line {document.key_lines['source']})",
                file=file,
                line=line,
            )
        document["source"] = mapping
        document.key_lines["source"] = line
    else:
        document.setdefault(section, []).append(mapping)
        document.key_lines.setdefault(section, line)


class _Pending(list[LineDict]):
    """Hold the lines of one section unparsed; each becomes its mapping as the section is read.

    A mapping with the line of every key takes eight times the memory of its JSON text: a machine-made
    source of 100,000 lines held as mappings at once took 700 MB. Iterating yields each line's mapping as
    ``_place`` would have put it (its section key removed); nothing else reads a section.
    """

    def __init__(self, file: str) -> None:
        super().__init__()
        self.file = file
        self.lines: list[tuple[int, str]] = []

    def __iter__(self) -> Iterator[LineDict]:
        for number, line in self.lines:
            mapping = _parse_line(line, number, self.file)
            mapping.pop(SECTION)
            mapping.key_lines.pop(SECTION)
            yield mapping

    def __len__(self) -> int:
        return len(self.lines)

    def __bool__(self) -> bool:
        return bool(self.lines)


class _Repeated(Exception):
    """A JSON object repeats a key: the line is read again by the path that says which."""


def _unique(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    mapping = dict(pairs)
    if len(mapping) != len(pairs):
        raise _Repeated
    return mapping


def _plain_section(line: str, sections: tuple[str, ...]) -> str | None:
    """Return the section of a line that is a sound fact of a known section, else None (read it in full).

    A line for which this says None is parsed and placed by the full path, which names what is wrong.
    """
    if "\\u" in line or line.count("[") + line.count("{") > MAX_DEPTH:
        return None
    try:
        value = json.loads(line, object_pairs_hook=_unique)
    except (ValueError, _Repeated, MemoryError):
        return None
    if not isinstance(value, dict):
        return None
    section = value.get(SECTION)
    if type(section) is not str or section == "source" or section not in sections:
        return None
    return section


def read_facts(path: Path, *, sections: tuple[str, ...], display: str | None = None) -> LineDict:
    """Read a facts.jsonl into the mapping a facts.yaml would give: its lines grouped by their section.

    The same document and the same problems, in the same order (every line that is no JSON object; if none,
    every line whose section is missing, unknown or a second source), but each fact stays JSON text until
    its section is read, so that the file's mappings are never all in memory at once.
    """
    name = display or str(path)
    text = read_utf8(path, display=name)
    document = LineDict()
    document.line = 1
    document.key_lines = {}
    malformed: list[InputError] = []
    misplaced: list[InputError] = []
    start, number = 0, 0
    while start < len(text):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        line, start, number = text[start:end], end + 1, number + 1
        if not line.strip():
            continue
        section = _plain_section(line, sections)
        if section is None:
            try:
                mapping = _parse_line(line, number, name)
            except InputError as problem:
                malformed.append(problem)
                continue
            found = mapping.get(SECTION)
            if type(found) is str and found != "source" and found in sections:
                section = found
            else:
                if not malformed:
                    try:
                        _place(document, mapping, sections, name)
                    except InputError as problem:
                        misplaced.append(problem)
                continue
        _add_pending(document, section, number, line, name)
    if malformed:
        raise InputProblems(malformed)
    if misplaced:
        raise InputProblems(misplaced)
    return document


def _add_pending(document: LineDict, section: str, number: int, line: str, file: str) -> None:
    """Keep one line of a fact under its section, unparsed until the section is read."""
    pending = document.get(section)
    if pending is None:
        pending = document[section] = _Pending(file)
        document.key_lines[section] = number
    pending.lines.append((number, line))
