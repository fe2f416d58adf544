"""Name the files a source folder may keep its facts in, each with the function that reads it.

A reader turns its file into one facts document: a mapping of ``source`` and the fact sections, with the
line of every key. A new input format is one function here (or in a module of its own) and one entry in
``READERS``; the loader, its messages and the README's list of formats take the file names from it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ontology.records import FACT_SECTIONS

from .jsonlio import read_facts
from .yamlio import load_yaml


@dataclass(frozen=True)
class SourceReader:
    """Describe one file format of a source's facts: its file name, what it is for, how to read it."""

    file_name: str
    description: str
    #: Read the file at a path (shown in messages as the given text) into a facts document.
    read: Callable[[Path, str], Any]


def _read_yaml(path: Path, shown: str) -> Any:
    return load_yaml(path, display=shown)


def _read_jsonl(path: Path, shown: str) -> Any:
    return read_facts(path, sections=("source", *FACT_SECTIONS), display=shown)


#: The readers by file name, the curated format first.
READERS: dict[str, SourceReader] = {
    reader.file_name: reader
    for reader in (
        SourceReader("facts.yaml", "curated facts, written by hand (YAML)", _read_yaml),
        SourceReader(
            "facts.jsonl",
            'the same facts as JSON Lines, one per line with a "section" key (for machine-made sources)',
            _read_jsonl,
        ),
    )
}
