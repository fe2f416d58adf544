"""Find the named queries and read any query's comment header: what it answers, its parameters, an example.

A header is the block of ``#`` lines that opens a query. Its first line says what the query answers (the
one-line description the listing shows); ``@param`` lines declare the parameters and ``@example``
the values the tests and the listing use::

    # Who is an actor: its kind, offices, relationships, agreements, statements, events and reports?
    # @param actor: actor — the actor: an id (hulusi-akar), actor:… or a full IRI
    # @example actor=hulusi-akar
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ontology import resources
from ontology.errors import InputError
from ontology.text import nearest

from .params import PARAMETER_TYPES, Parameter

#: What stands for a query given as text, not by name or file, in messages.
QUERY_TEXT = "(query text)"


class UnknownQueryError(InputError):
    """Report a query name that is none of the named queries, with the nearest names."""


_PARAM = re.compile(
    r"^@param\s+(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*:\s*(?P<type>[a-z]+)(?P<optional>\s*,\s*optional)?"
    r"\s*(?:—|--|-)\s*(?P<description>\S.*)$"
)
_ASSIGNMENT = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)=(\S+)$")


@dataclass(frozen=True)
class Query:
    """Hold a query's text and what its header declares; ``origin`` names it in messages."""

    name: str
    text: str
    origin: str
    description: str = ""
    parameters: tuple[Parameter, ...] = ()
    example: dict[str, str] = field(default_factory=dict)


def named_queries() -> list[str]:
    """Return the names of the queries shipped in the ``queries`` package, sorted."""
    return list(resources.query_files())


def load_named(name: str) -> Query:
    """Return a named query (``violations_by_day``); an unknown name is an InputError naming the nearest."""
    files = resources.query_files()
    if name not in files:
        raise UnknownQueryError(_unknown(name, list(files)))
    text = files[name].read_text(encoding="utf-8")
    return parse(text, name=name, origin=f"queries/{name}.rq")


def load_file(path: Path) -> Query:
    """Return the query in a ``.rq`` file; a missing or unreadable file is an InputError."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError("no such query file", file=str(path)) from None
    except IsADirectoryError:
        raise InputError("is a folder, not a query file", file=str(path)) from None
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8 text (byte {exc.start})", file=str(path)) from None
    except OSError as exc:
        raise InputError(f"cannot read it: {exc.strerror}", file=str(path)) from None
    return parse(text, name=str(path), origin=str(path))


def load(name_or_path: str) -> Query:
    """Return a named query, or the query in a file when the argument is a path (``….rq``, or a file)."""
    if name_or_path in resources.query_files():
        return load_named(name_or_path)
    path = Path(name_or_path)
    if name_or_path.endswith(".rq") or "/" in name_or_path or path.exists():
        if not path.exists() and path.stem in resources.query_files():
            raise InputError(
                f"no such query file (the named query is run without .rq: {path.stem})", file=name_or_path
            )
        return load_file(path)
    return load_named(name_or_path)


def from_text(text: str, *, origin: str = QUERY_TEXT) -> Query:
    """Return a query given as text; its header, if any, may declare parameters.

    ``origin`` names the text in messages (the caller's name for it: an option, a form field).
    """
    return parse(text, name=origin, origin=origin)


def parse(text: str, *, name: str, origin: str) -> Query:
    """Read the comment header of a query text; a malformed ``@param`` or ``@example`` is an InputError."""
    description = ""
    parameters: list[Parameter] = []
    example: dict[str, str] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped:
            continue
        if not stripped.startswith("#"):
            break
        comment = stripped.lstrip("#").strip()
        if comment.startswith("@param"):
            parameters.append(_parameter(comment, origin=origin, line=number))
        elif comment.startswith("@example"):
            for assignment in comment.removeprefix("@example").split():
                match = _ASSIGNMENT.match(assignment)
                if match is None:
                    raise InputError(
                        f"@example {assignment!r}: write it as NAME=VALUE", file=origin, line=number
                    )
                example[match.group(1)] = match.group(2)
        elif comment and not description:
            description = comment
    names = [parameter.name for parameter in parameters]
    duplicated = sorted({n for n in names if names.count(n) > 1})
    if duplicated:
        raise InputError(f"parameter {', '.join(duplicated)} is declared twice", file=origin)
    undeclared = sorted(set(example) - set(names))
    if undeclared:
        raise InputError(f"@example gives {', '.join(undeclared)}, which no @param declares", file=origin)
    return Query(name, text, origin, description, tuple(parameters), example)


def _parameter(comment: str, *, origin: str, line: int) -> Parameter:
    match = _PARAM.match(comment)
    if match is None:
        raise InputError(
            "write a parameter as: # @param NAME: TYPE — what it means (TYPE one of "
            + ", ".join(PARAMETER_TYPES)
            + "; add ', optional' after TYPE when it may be left out)",
            file=origin,
            line=line,
        )
    kind = match.group("type")
    if kind not in PARAMETER_TYPES:
        raise InputError(
            f"parameter type {kind!r} is not one of {', '.join(PARAMETER_TYPES)}", file=origin, line=line
        )
    return Parameter(
        match.group("name"), kind, match.group("description").strip(), match.group("optional") is not None
    )


def _unknown(name: str, names: list[str]) -> str:
    close = nearest(name, names)
    if not close:
        # Words in common catch what edit distance misses (``violations`` for ``violations_by_day``).
        words = set(re.split(r"[_\W]+", name.lower())) - {""}
        close = [n for n in names if words & set(n.split("_"))][:3]
    hint = f"; nearest: {', '.join(close)}" if close else ""
    return f"no query named {name!r}{hint}"


def named_queries_loaded() -> list[Query]:
    """Return every named query, loaded and with its header read, sorted by name."""
    return [load_named(name) for name in named_queries()]


def format_listing(queries: list[Query], *, assign: str = "") -> str:
    """Return the listing of queries: each name, what it answers, its parameters.

    ``assign`` stands before each parameter's ``name=TYPE`` (the CLI's option, say).
    """
    width = max((len(query.name) for query in queries), default=0) + 2
    lines: list[str] = []
    for query in queries:
        lines.append(f"{query.name.ljust(width)}{query.description}")
        for parameter in query.parameters:
            example = query.example.get(parameter.name)
            notes = [parameter.description]
            if parameter.optional:
                notes.append("optional")
            if example is not None:
                notes.append(f"e.g. {parameter.name}={example}")
            lines.append(f"{'':{width}}  {assign}{parameter.usage()}  {'; '.join(notes)}")
    return "\n".join(lines) + ("\n" if lines else "")
