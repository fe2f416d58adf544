"""Load YAML with the line of every mapping and key, using libyaml's C parser when it is there."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from ontology.errors import InputError

_Base: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class LineDict(dict[str, Any]):
    """Hold a YAML mapping with the line it starts on and the line of each key."""

    line: int
    key_lines: dict[str, int]


class _Loader(_Base):  # type: ignore[misc,valid-type]
    """Construct mappings as LineDicts; keep timestamps as text so that dates are checked with their line."""


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    mapping = LineDict()
    mapping.line = node.start_mark.line + 1
    mapping.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        line = key_node.start_mark.line + 1
        if not isinstance(key, str):
            raise _KeyProblem(f"a key must be text, not {key!r}", line)
        if key in mapping:
            raise _KeyProblem(f"duplicate key {key!r} (first on line {mapping.key_lines[key]})", line)
        mapping[key] = loader.construct_object(value_node, deep=True)
        mapping.key_lines[key] = line
    return mapping


def _construct_timestamp(loader: _Loader, node: yaml.ScalarNode) -> str:
    return str(loader.construct_scalar(node))


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)


class _KeyProblem(Exception):
    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


def read_utf8(path: Path, *, display: str | None = None) -> str:
    """Read a file as UTF-8; raise InputError naming the file, line and byte when it is not UTF-8."""
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError(
            f"not UTF-8: byte {raw[exc.start]:#04x} at offset {exc.start} cannot be decoded "
            "(save it as UTF-8)",
            file=display or str(path),
            line=line,
            value=raw[exc.start : exc.start + 1],
        ) from None


def load_yaml(path: Path, *, display: str | None = None) -> Any:
    """Parse one YAML file; raise InputError naming the file and line on any syntax or encoding problem."""
    name = display or str(path)
    text = read_utf8(path, display=name)
    try:
        return yaml.load(text, Loader=_Loader)
    except _KeyProblem as exc:
        raise InputError(exc.message, file=name, line=exc.line) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        what = " ".join(part for part in (exc.context, exc.problem) if part)
        raise InputError(f"malformed YAML: {what}", file=name, line=line) from None
    except yaml.YAMLError as exc:
        raise InputError(f"malformed YAML: {exc}", file=name) from None
