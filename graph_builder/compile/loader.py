"""Read a sources folder (entities.yaml and one folder per source) into checked records."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ontology.errors import InputError, InputProblems
from ontology.layout import ENTITIES_FILE, source_folders
from ontology.namespaces import RESERVED_GRAPHS
from ontology.records import ENTITY_SECTIONS, FACT_SECTIONS

from .readers import READERS
from .schema import Problems, Record, check_record, report_unknown_keys
from .yamlio import LineDict, load_yaml, read_utf8

log = logging.getLogger(__name__)

#: The file a source folder usually keeps its facts in (the first reader's), named in messages.
FACTS_FILE = next(iter(READERS))
DOCUMENT_FILE = "document.txt"


@dataclass
class Source:
    """Hold one source: its description, its document text (articles) and its facts by section."""

    record: Record
    folder: Path
    facts_file: str
    text: str | None = None
    document_file: str | None = None
    sha256: str | None = None
    facts: dict[str, list[Record]] = field(default_factory=dict)

    @property
    def id(self) -> str:
        """Return the source id."""
        return self.record.id

    @property
    def kind(self) -> str:
        """Return ``article`` or ``record``."""
        return str(self.record.values["kind"])

    def all_facts(self) -> list[Record]:
        """Return every fact of this source in section order."""
        return [record for section in FACT_SECTIONS for record in self.facts.get(section, [])]


@dataclass
class Corpus:
    """Hold everything read from a sources folder: shared entities and the sources."""

    root: Path
    entities_file: str
    entities: dict[str, list[Record]]
    sources: list[Source]
    #: Ids of records left out because they are broken (the run reports them; nothing is emitted).
    left_out: frozenset[str] = frozenset()

    def entity_records(self) -> list[Record]:
        """Return actors, places and agreements in file order."""
        return [record for records in self.entities.values() for record in records]

    def fact_records(self) -> list[Record]:
        """Return the facts of every source."""
        return [record for source in self.sources for record in source.all_facts()]


def _shown_path(root: Path, *parts: str) -> str:
    return str(root.joinpath(*parts))


def check_inside(path: Path, root: Path, shown: str) -> None:
    """Refuse a file that resolves outside the sources folder ``root`` (itself resolved), through a link.

    A link to a file elsewhere (``document.txt`` to ``/etc/passwd``) would put that file's text in the
    graph, the page and the messages: the sources folder holds the sources, and nothing else is read.
    """
    try:
        real = path.resolve(strict=True)
    except (OSError, RuntimeError):  # a dangling link or a loop of links
        raise InputError(
            "is a link that leads nowhere (a missing file or a loop of links)", file=shown
        ) from None
    if not real.is_relative_to(root):
        raise InputError(
            f"is a link to a file outside the sources folder {root}: a source keeps its files in its own "
            "folder (copy the file in instead of linking to it)",
            file=shown,
        )


def load_corpus(
    root: Path,
    *,
    problems: Problems | None = None,
    on_source: Callable[[], None] | None = None,
    only: Collection[str] | None = None,
) -> Corpus:
    """Read and schema-check every file under ``root``; raise InputProblems with every problem found.

    Given ``problems``, add to it instead and return the sound records, so that later stages check them
    too (raising only when a whole file could not be read). A missing or empty folder is one InputError
    (nothing else can be read). ``on_source`` is called after each source folder is read (to show progress).
    Given ``only``, read entities.yaml and only the source folders of those names (an incremental build's).
    """
    if not root.is_dir():
        raise InputError("sources folder does not exist or is not a folder", file=str(root), value=str(root))
    entities_path = root / ENTITIES_FILE
    folders = source_folders(root)
    if not entities_path.is_file() and not folders:
        raise InputError(
            f"no sources here: expected {ENTITIES_FILE} and one folder per source holding {FACTS_FILE} "
            "(see 'Adding a source' in the README)",
            file=str(root),
            value=str(root),
        )
    if not folders:
        raise InputError(
            f"no source folders next to {ENTITIES_FILE}: add one folder per source holding {FACTS_FILE}",
            file=str(root),
            value=str(root),
        )
    own = problems is None
    problems = Problems() if problems is None else problems
    real_root = root.resolve()
    entities: dict[str, list[Record]] = {section: [] for section in ENTITY_SECTIONS.values()}
    if entities_path.is_file():
        try:
            entities = _load_entities(entities_path, _shown_path(root, ENTITIES_FILE), real_root, problems)
        except InputError as problem:  # the file cannot be read at all: its records are not checked
            problems.add(problem)
            problems.fatal = True
    else:
        problems.fatal = True
        problems.add(
            InputError(
                f"missing {ENTITIES_FILE}: the shared actors, places and agreements", file=str(entities_path)
            )
        )
    sources = []
    for folder in folders if only is None else [f for f in folders if f.name in only]:
        try:
            source = _load_source(folder, _shown_path(root, folder.name), real_root, problems)
        except InputError as problem:  # this source cannot be read further; the others still are
            problems.add(problem)
            source = None
        except InputProblems as many:  # lines of a facts.jsonl that are no record of a section
            problems.found.extend(many.problems)
            source = None
        if source is not None:
            sources.append(source)
        else:
            problems.fatal = True
        if on_source is not None:
            on_source()
    if own or problems.fatal:
        problems.raise_if_any()
    log.info(
        "read %d entities and %d sources from %s", sum(len(v) for v in entities.values()), len(sources), root
    )
    return Corpus(root, _shown_path(root, ENTITIES_FILE), entities, sources, frozenset(problems.left_out))


def read_entities(path: Path) -> dict[str, list[Record]]:
    """Read and schema-check one entities file alone (no sources); raise InputProblems with its problems."""
    problems = Problems()
    try:
        entities = _load_entities(path, str(path), path.parent.resolve(), problems)
    except InputError as problem:
        problems.add(problem)
        entities = {}
    problems.raise_if_any()
    return entities


def read_source_record(path: Path) -> Record | None:
    """Read the ``source`` block of one facts file (its other sections unchecked); None when it has none.

    Raise InputProblems when the file or the block is broken.
    """
    problems = Problems()
    document = load_yaml(path, display=str(path))
    if not isinstance(document, LineDict) or "source" not in document:
        return None
    record = check_record(
        document["source"], "source", file=str(path), line=document.key_lines["source"], problems=problems
    )
    problems.raise_if_any()
    return record


def _section_list(document: Any, key: str, file: str, problems: Problems) -> list[Any]:
    value = document.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        problems.add(
            InputError(f"{key!r} must be a list", file=file, line=document.key_lines[key], value=value)
        )
        return []
    return value


def _item_line(document: LineDict, key: str, item: Any) -> int:
    return item.line if isinstance(item, LineDict) else document.key_lines[key]


def _checked(document: LineDict, key: str, section: str, file: str, problems: Problems) -> list[Record]:
    records = []
    for item in _section_list(document, key, file, problems):
        line = _item_line(document, key, item)
        record = check_record(item, section, file=file, line=line, problems=problems)
        if record is not None:
            records.append(record)
    return records


def _load_entities(path: Path, shown: str, root: Path, problems: Problems) -> dict[str, list[Record]]:
    check_inside(path, root, shown)
    document = load_yaml(path, display=shown)
    if document is None:
        document = LineDict()
        document.line, document.key_lines = 1, {}
    if not isinstance(document, LineDict):
        raise InputError("expected a mapping with actors, places and agreements", file=shown, line=1)
    report_unknown_keys(document, ENTITY_SECTIONS, noun="section", file=shown, problems=problems)
    return {
        section: _checked(document, key, section, shown, problems) for key, section in ENTITY_SECTIONS.items()
    }


def _read_facts(folder: Path, shown: str, root: Path) -> tuple[Any, str]:
    """Read the facts of a source folder with the reader of the one facts file it holds.

    Return the facts document and the file as shown in messages.
    """
    present = [name for name in READERS if (folder / name).is_file()]
    if not present:
        names = " or ".join(READERS)
        raise InputError(f"no facts file in a source folder: expected {names}", file=f"{shown}/{FACTS_FILE}")
    if len(present) > 1:
        raise InputError(
            f"both {' and '.join(present)} in one source folder: keep one", file=f"{shown}/{present[-1]}"
        )
    (name,) = present
    facts_shown = f"{shown}/{name}"
    check_inside(folder / name, root, facts_shown)
    return READERS[name].read(folder / name, facts_shown), facts_shown


def _load_source(folder: Path, shown: str, root: Path, problems: Problems) -> Source | None:
    document, facts_shown = _read_facts(folder, shown, root)
    if not isinstance(document, LineDict):
        raise InputError("expected a mapping with 'source' and lists of facts", file=facts_shown, line=1)
    report_unknown_keys(
        document, ("source", *FACT_SECTIONS), noun="section", file=facts_shown, problems=problems
    )
    if "source" not in document:
        raise InputError("missing required section 'source'", file=facts_shown, line=1)
    record = check_record(
        document["source"], "source", file=facts_shown, line=document.key_lines["source"], problems=problems
    )
    facts = {
        section: _checked(document, section, section, facts_shown, problems) for section in FACT_SECTIONS
    }
    if record is None:
        return None
    if record.id in RESERVED_GRAPHS:
        raise InputError(
            f"source id {record.id!r} is reserved (it names the graph of the {record.id}); choose another",
            file=facts_shown,
            line=record.line_of("id"),
            value=record.id,
        )
    if record.id != folder.name:
        raise InputError(
            f"source id {record.id!r} differs from its folder name {folder.name!r}",
            file=facts_shown,
            line=record.line_of("id"),
            value=record.id,
        )
    source = Source(record, folder, facts_shown, facts=facts)
    for records in facts.values():
        for fact in records:
            fact.source = record.id
    if source.kind == "record" and "url" not in record.values:
        raise InputError(
            f"missing required field 'url' in record source {record.id!r}", file=facts_shown, line=record.line
        )
    document_path = folder / DOCUMENT_FILE
    if source.kind == "article":
        source.document_file = f"{shown}/{DOCUMENT_FILE}"
        if not document_path.is_file():
            raise InputError(
                f"missing {DOCUMENT_FILE}: an article source keeps its text verbatim there",
                file=source.document_file,
            )
        check_inside(document_path, root, source.document_file)
        source.text = read_utf8(document_path, display=source.document_file)
        source.sha256 = hashlib.sha256(source.text.encode("utf-8")).hexdigest()
    elif document_path.exists():
        raise InputError(
            f"a record source has no {DOCUMENT_FILE}: its evidence cites articles by number",
            file=f"{shown}/{DOCUMENT_FILE}",
        )
    return source
