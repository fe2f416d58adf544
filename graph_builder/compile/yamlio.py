"""Load YAML with the line of every mapping and key, using libyaml's C parser when it is there.

A source file is data from anywhere, so its shape is bounded before any value is built: at most
``MAX_DEPTH`` levels of nesting (deeper values would exhaust Python's stack while they are built and shown),
and aliases that add at most ``MAX_ALIAS_NODES`` nodes beyond those written (a few hundred bytes of aliases
to aliases expand to billions of values, the "billion laughs").
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import yaml

from ontology.errors import InputError

log = logging.getLogger(__name__)

#: The deepest nesting of lists and mappings a source file may have (facts nest five or six levels).
MAX_DEPTH = 100
#: How many nodes aliases (``*name``) and merge keys may add to a YAML file beyond the nodes written in it.
MAX_ALIAS_NODES = 100_000

_Base: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class LineDict(dict[str, Any]):
    """Hold a YAML mapping with the line it starts on and the line of each key."""

    line: int
    key_lines: dict[str, int]


class _Loader(_Base):  # type: ignore[misc,valid-type]
    """Construct mappings as LineDicts; keep timestamps as text so that dates are checked with their line."""

    #: Whether the text may hold anchors (``&name``); without one, no node is reached twice.
    may_alias = True

    def get_single_data(self) -> Any:
        """Compose the document, refuse it if it is too deep or its aliases explode, then build its value.

        A document of plain mappings, lists and scalars without anchors (every source file we know) is
        checked and built in one walk; anything else, and every document with a problem, takes the walk that
        checks the whole shape before any value is built and then PyYAML's constructors, which say what is
        wrong.
        """
        node: yaml.Node | None = self.get_single_node()
        if node is None:
            return None
        if not self.may_alias:
            try:
                return _build(self, node, 1)
            except _Irregular:
                pass
        _check_shape(node)
        return self.construct_document(node)

    def resolve(self, kind: type[yaml.Node], value: Any, implicit: tuple[bool, bool]) -> str:
        """Tag a node written without one; the common text, lists and mappings without trying every pattern.

        The same tags as PyYAML's resolver: a plain scalar whose first character starts no implicit type
        (a bool, a number, null, a date, …), and every quoted one, is text.
        """
        if not self.yaml_path_resolvers and None not in self.yaml_implicit_resolvers:
            if kind is yaml.ScalarNode:
                if not implicit[0] or value[:1] not in self.yaml_implicit_resolvers:
                    return _STR
            elif kind is yaml.MappingNode:
                return _MAP
            elif kind is yaml.SequenceNode:
                return _SEQ
        tag: str = super().resolve(kind, value, implicit)
        return tag


class _PlainLoader(_Loader):
    """Load a text without anchors (no ``&`` anywhere in it): no node can be reached twice."""

    may_alias = False


_STR = "tag:yaml.org,2002:str"
_MAP = yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG
_SEQ = yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG
#: The scalar types built by their own constructors on the one-walk path (text is the node's value).
_SCALARS = frozenset("tag:yaml.org,2002:" + name for name in ("null", "bool", "int", "float", "timestamp"))


class _Irregular(Exception):
    """Leave the one-walk path: the node graph needs the checks and constructors of the general one."""


def _build(loader: _Loader, node: yaml.Node, depth: int) -> Any:
    """Return the value of a node of plain mappings, lists and scalars, checking the depth on the way.

    Raise _Irregular on anything else (another tag, a key that is no text, a repeated key, a value nested
    too deep), so that the general path reports it exactly as it always has.
    """
    tag = node.tag
    if tag == _STR:
        return node.value
    if depth >= MAX_DEPTH and isinstance(node, yaml.CollectionNode) and node.value:
        raise _Irregular
    if tag == _MAP:
        mapping = LineDict()
        mapping.line = node.start_mark.line + 1
        key_lines: dict[str, int] = {}
        mapping.key_lines = key_lines
        for key_node, value_node in node.value:
            if key_node.tag != _STR:
                raise _Irregular
            key = key_node.value
            if key in mapping:
                raise _Irregular
            mapping[key] = _build(loader, value_node, depth + 1)
            key_lines[key] = key_node.start_mark.line + 1
        return mapping
    if tag == _SEQ:
        return [_build(loader, item, depth + 1) for item in node.value]
    if tag in _SCALARS:
        return loader.yaml_constructors[tag](loader, node)
    raise _Irregular


def _check_shape(root: yaml.Node) -> None:
    """Raise _KeyProblem when the node graph nests deeper than MAX_DEPTH or aliases expand it too much.

    The walk is iterative (a deep document must not exhaust the stack here either) and visits each node
    written once: a node reached again through an alias adds its whole expanded size, which is what
    building the value would cost.
    """
    size: dict[int, int] = {}  # expanded size of each node walked so far
    on_path: set[int] = set()
    extra = 0
    stack: list[tuple[yaml.Node, list[yaml.Node]]] = [(root, _children(root))]
    on_path.add(id(root))
    while stack:
        node, pending = stack[-1]
        if not pending:
            stack.pop()
            on_path.discard(id(node))
            size[id(node)] = 1 + sum(size[id(child)] for child in _children(node))
            continue
        child = pending.pop()
        if id(child) in on_path:
            raise _KeyProblem(
                "an alias refers to a value that contains it (a value cannot hold itself)", _line(node)
            )
        if id(child) in size:  # written once, used again through an alias
            extra += size[id(child)]
            if extra > MAX_ALIAS_NODES:
                raise _KeyProblem(
                    f"aliases expand this file beyond {MAX_ALIAS_NODES:,} values more than are written in it "
                    "(write the values out, or use fewer aliases of aliases)",
                    _line(node),
                )
            continue
        if len(stack) >= MAX_DEPTH:
            raise _KeyProblem(f"values nested more than {MAX_DEPTH} levels deep", _line(child))
        stack.append((child, _children(child)))
        on_path.add(id(child))


def _children(node: yaml.Node) -> list[yaml.Node]:
    """Return the nodes a collection holds, last first (the walk pops them in the order written)."""
    if isinstance(node, yaml.SequenceNode):
        items: list[yaml.Node] = node.value
        return items[::-1]
    if isinstance(node, yaml.MappingNode):
        pairs: list[tuple[yaml.Node, yaml.Node]] = node.value
        return [part for pair in pairs for part in pair][::-1]
    return []


def _line(node: yaml.Node) -> int:
    return int(node.start_mark.line) + 1


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
    """Read a file as UTF-8 text the way a reader receives it: without a BOM, every line ending in LF.

    Offsets into a document count the characters of this text (see "Adding a source" in the README): a
    leading byte order mark is no character of the text, and CRLF or a lone CR is one line end, as a
    browser or Python's text mode hands the text to a reader. A BOM or a mix of line ends is logged as a
    warning naming the file (an editor may have changed the file by accident). Raise InputError naming the
    file, line and byte when it is not UTF-8, or when it is too large to read.
    """
    name = display or str(path)
    try:
        raw = path.read_bytes()
        text = _decode(raw, name)
    except MemoryError:
        raise InputError("too large to read into memory", file=name) from None
    if text.startswith("\ufeff"):
        log.warning(
            "%s: starts with a UTF-8 byte order mark; read without it (offsets do not count it)", name
        )
        text = text[1:]
    if "\r" in text:
        crlf = text.count("\r\n")
        lone_cr = text.count("\r") - crlf
        lf = text.count("\n") - crlf
        kinds = [f"{n:,} {kind}" for n, kind in ((crlf, "CRLF"), (lf, "LF"), (lone_cr, "CR")) if n]
        if len(kinds) > 1:
            log.warning(
                "%s: mixes line ends (%s); each is read as one LF (offsets count one character per line end)",
                name,
                ", ".join(kinds),
            )
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def _decode(raw: bytes, name: str) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError(
            f"not UTF-8: byte {raw[exc.start]:#04x} at offset {exc.start} cannot be decoded "
            "(save it as UTF-8)",
            file=name,
            line=line,
            value=raw[exc.start : exc.start + 1],
        ) from None


def load_yaml(path: Path, *, display: str | None = None) -> Any:
    """Parse one YAML file; raise InputError naming the file and line on any syntax or encoding problem."""
    name = display or str(path)
    text = read_utf8(path, display=name)
    try:
        return yaml.load(text, Loader=_Loader if "&" in text else _PlainLoader)
    except RecursionError:  # a shape _check_shape lets through must still not end in a traceback
        raise InputError(f"values nested too deeply (at most {MAX_DEPTH} levels)", file=name) from None
    except MemoryError:
        raise InputError("too large to build in memory", file=name) from None
    except _KeyProblem as exc:
        raise InputError(exc.message, file=name, line=exc.line) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        what = " ".join(part for part in (exc.context, exc.problem) if part)
        raise InputError(f"malformed YAML: {what}", file=name, line=line) from None
    except yaml.YAMLError as exc:
        raise InputError(f"malformed YAML: {exc}", file=name) from None
