"""Render the README's generated blocks from the registries, and tell which blocks drifted from them.

A block is the text between ``<!-- NAME:begin -->`` and ``<!-- NAME:end -->``; ``BLOCKS`` maps each name to
the function that renders it. Adding a block is one entry there and its two markers in the README::

    python -m graph_builder.docs README.md           # rewrite every block
    python -m graph_builder.docs --check README.md   # exit 1 naming each block that is out of date
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import click

from ontology.errors import InputError

#: Exit codes of ``--check``: 1 a block is out of date, 2 the file or its markers are wrong.
EXIT_DRIFTED: Final = 1
EXIT_BAD_INPUT: Final = 2
_MARKER = re.compile(r"<!-- (?P<name>[a-z][a-z0-9-]*):(?P<end>begin|end) -->")


@dataclass(frozen=True)
class Context:
    """Hold what a block is rendered from besides the registries: the CLI's command group."""

    commands: click.Group


#: Render one block's Markdown (without its markers) from the registries.
BlockRenderer = Callable[[Context], str]


def _table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """Return a Markdown table; a ``|`` inside a cell is escaped."""
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(" --- " for _ in header) + "|"]
    lines.extend("| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in rows)
    return "\n".join(lines) + "\n"


def export_formats(context: Context) -> str:
    """Render the export formats: name, file, media type and what each is for and holds."""
    from .export import FORMATS, KIND_HOLDS

    return _table(
        ("format", "file", "media type", "what it is", "holds"),
        [
            (
                f"`{f.name}`",
                f"`{f.filename}`" if f.filename else "a folder",
                f.media_type,
                f.description,
                KIND_HOLDS[f.kind],
            )
            for f in FORMATS.values()
        ],
    )


def result_formats(context: Context) -> str:
    """Render the formats of query answers with what each one is."""
    from queries.formats import FORMATS

    return _table(("format", "what it is"), [(f"`{f.name}`", f.description) for f in FORMATS.values()])


def event_types(context: Context) -> str:
    """Render the event types of the ontology (the subclasses of Event) with their label and definition."""
    from ontology import terms

    classes = {spec.name: spec for spec in terms.CLASSES}
    return _table(
        ("type", "label", "what it is"),
        [(f"`{name}`", classes[name].label, classes[name].comment) for name in terms.subclasses("Event")],
    )


def fields(context: Context) -> str:
    """Render every record kind's fields (the source format's reference), from the record declaration."""
    from .compile.jsonschema import field_reference_markdown

    return field_reference_markdown()


def named_queries(context: Context) -> str:
    """Render the named queries, each with the question it answers."""
    from queries.catalog import named_queries_loaded

    queries = named_queries_loaded()
    return f"{len(queries)} named queries:\n\n" + _table(
        ("query", "what it answers"), [(f"`{q.name}`", q.description) for q in queries]
    )


def output_files(context: Context) -> str:
    """Render what the output folder holds after a build."""
    from .workspace import OUTPUT

    return _table(("file", "what it is"), [(f"`{name}`", what) for name, what in OUTPUT.items()])


def commands(context: Context) -> str:
    """Render each command of the CLI with the first line of its help."""
    group = context.commands
    with click.Context(group) as ctx:
        names = group.list_commands(ctx)
        found = {name: group.get_command(ctx, name) for name in names}
    return _table(
        ("command", "does"),
        [(f"`{name}`", command.get_short_help_str(limit=200)) for name, command in found.items() if command],
    )


#: Each generated block of the README by its marker name, in the order they are checked.
BLOCKS: Final[dict[str, BlockRenderer]] = {
    "commands": commands,
    "output-files": output_files,
    "queries": named_queries,
    "result-formats": result_formats,
    "export-formats": export_formats,
    "event-types": event_types,
    "fields": fields,
}


@dataclass(frozen=True)
class _Block:
    name: str
    #: Where the block's content starts and ends (just after its begin marker, at its end marker).
    start: int
    end: int


def _blocks(text: str, *, file: str) -> list[_Block]:
    """Find the blocks of a text; raise InputError for a marker without its pair or an unknown name."""
    blocks: list[_Block] = []
    open_: tuple[str, int, int] | None = None
    for match in _MARKER.finditer(text):
        name, line = match.group("name"), text.count("\n", 0, match.start()) + 1
        if match.group("end") == "begin":
            if open_ is not None:
                raise InputError(f"block {name!r} begins inside block {open_[0]!r}", file=file, line=line)
            open_ = (name, match.end(), line)
        else:
            if open_ is None or open_[0] != name:
                raise InputError(f"block {name!r} ends where it did not begin", file=file, line=line)
            blocks.append(_Block(name, open_[1], match.start()))
            open_ = None
    if open_ is not None:
        raise InputError(f"block {open_[0]!r} never ends", file=file, line=open_[2])
    for block in blocks:
        if block.name not in BLOCKS:
            raise InputError(
                f"no generator for block {block.name!r}; known: {', '.join(BLOCKS)}",
                file=file,
                value=block.name,
            )
    missing = [name for name in BLOCKS if name not in {block.name for block in blocks}]
    if missing:
        raise InputError(f"no block for {', '.join(missing)} (add its begin and end markers)", file=file)
    return blocks


def rendered(name: str, context: Context) -> str:
    """Return a block's content as it stands between its markers: blank lines around the Markdown."""
    return "\n\n" + BLOCKS[name](context).strip("\n") + "\n\n"


def rewrite(text: str, context: Context, *, file: str = "README.md") -> str:
    """Return ``text`` with every block rendered anew."""
    parts: list[str] = []
    last = 0
    for block in _blocks(text, file=file):
        parts.extend((text[last : block.start], rendered(block.name, context)))
        last = block.end
    return "".join(parts) + text[last:]


def drifted(text: str, context: Context, *, file: str = "README.md") -> list[str]:
    """Return the names of the blocks of ``text`` whose content differs from what they render now."""
    return [
        block.name
        for block in _blocks(text, file=file)
        if text[block.start : block.end] != rendered(block.name, context)
    ]


def main(argv: Sequence[str], *, commands: click.Group) -> int:
    """Rewrite the blocks of the files given, or with ``--check`` name those that drifted; return the code."""
    parser = argparse.ArgumentParser(prog="python -m graph_builder.docs", description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="+", type=Path, help="Markdown files with generated blocks")
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 when a block drifted")
    args = parser.parse_args(argv)
    from .workspace import write_atomic

    context = Context(commands)
    code = 0
    for path in args.files:
        try:
            text = path.read_text(encoding="utf-8")
            if args.check:
                for name in drifted(text, context, file=str(path)):
                    print(f"{path}: block {name!r} is out of date", file=sys.stderr)
                    code = EXIT_DRIFTED
            else:
                new = rewrite(text, context, file=str(path))
                if new != text:
                    write_atomic(path, new)
                    print(f"rewrote the blocks of {path}", file=sys.stderr)
        except (OSError, InputError) as exc:
            print(f"error: {exc}", file=sys.stderr)
            return EXIT_BAD_INPUT
    if code == EXIT_DRIFTED:
        print(f"run: python -m graph_builder.docs {' '.join(map(str, args.files))}", file=sys.stderr)
    return code


if __name__ == "__main__":
    # The only import of the CLI outside python -m graph_builder: the commands block lists its commands.
    from .cli import main as cli

    sys.exit(main(sys.argv[1:], commands=cli))
