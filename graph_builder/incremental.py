"""Tell what a build must read again since the last one, and keep what the next build needs to tell it.

A build leaves an index next to its files (``INDEX``): for each source folder, the ids it defines, the
events and relationships it gives accounts of, the ids it names, its identity declarations; for each named
graph, where it stands in the raw files, graph.ttl and graph.trig (``store.GraphPiece``). The next build
compares the fingerprint of every source folder with the manifest's (``workspace.fingerprints``) and reads
again only the folders that changed, were added, and those whose graphs a change can reach:

- the other sources with an account of an event or relationship a changed source gives an account of (or
  gave one of): a node's type, name and alternative names come from all of its accounts, in read order;
- the sources that name an id a changed source defines or defined, or such an event or relationship: the
  IRI and the label they write for it come from its record, and the reference must still hold.

What it reads is compiled and checked as in a full build, against the records of the sources left unread
(``compile.resolve.Known``). A full build is the answer whenever this cannot be sure: no usable earlier
build, another version or code of the compiler, the files outside the source folders (entities.yaml)
changed, or an identity declaration (``same_as``) takes part.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

from ontology import resources
from ontology.records import SAME_AS

from .compile.loader import Corpus
from .compile.resolve import Known, record_name, references
from .store import GraphPiece, Span, piece_from_json, piece_to_json
from .workspace import MANIFEST, OUTSIDE_SOURCES, STORE_DIR, Manifest, Workspace

log = logging.getLogger(__name__)

#: The index a build leaves in its version folder for the next one.
INDEX: Final = ".index.json"
#: The layout of the index file: another number is an index this version cannot read (a full build follows).
INDEX_LAYOUT: Final = 1
#: The code whose output the index describes: the same code gives the same graphs from the same sources.
BUILDER_PACKAGES: Final = ("ontology", "graph_builder.compile")


@dataclass
class SourceEntry:
    """Hold what other sources' graphs depend on in one source, and what its graph depends on elsewhere."""

    #: The records it defines that are no accounts, by id.
    defines: dict[str, Known] = field(default_factory=dict)
    #: The events and relationships it gives accounts of: id → section.
    accounts: dict[str, str] = field(default_factory=dict)
    #: Every id its records name.
    references: list[str] = field(default_factory=list)
    #: The ids of each of its identity declarations.
    declarations: list[list[str]] = field(default_factory=list)
    records: int = 0


@dataclass
class BuildIndex:
    """Describe one build for the next: the code it was made by, its sources, its graphs' pieces."""

    code: str
    sources: dict[str, SourceEntry]
    #: Every named graph in build order (entities first, then the sources in folder order).
    pieces: list[GraphPiece]
    #: Where the shared lines of all graphs stand in graph.ttl.
    shared_turtle: Span
    #: The records of entities.yaml.
    entity_records: int

    def to_json(self) -> str:
        """Return the index as JSON text (by hand: ``dataclasses.asdict`` copies deeply, seconds at 1M)."""
        sources = {
            name: {
                "defines": {key: [k.section, k.label, k.where] for key, k in entry.defines.items()},
                "accounts": entry.accounts,
                "references": entry.references,
                "declarations": entry.declarations,
                "records": entry.records,
            }
            for name, entry in self.sources.items()
        }
        data = {
            "layout": INDEX_LAYOUT,
            "code": self.code,
            "sources": sources,
            "pieces": [piece_to_json(piece) for piece in self.pieces],
            "shared_turtle": self.shared_turtle,
            "entity_records": self.entity_records,
        }
        return json.dumps(data, separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str) -> BuildIndex | None:
        """Read an index's JSON text; None when it is none (damaged, or of another layout)."""
        try:
            data = json.loads(text)
            if data["layout"] != INDEX_LAYOUT:
                return None
            sources = {
                name: SourceEntry(
                    {
                        key: Known(str(value[0]), str(value[1]), str(value[2]))
                        for key, value in entry["defines"].items()
                    },
                    {str(key): str(value) for key, value in entry["accounts"].items()},
                    [str(value) for value in entry["references"]],
                    [[str(value) for value in ids] for ids in entry["declarations"]],
                    int(entry["records"]),
                )
                for name, entry in data["sources"].items()
            }
            pieces = [piece_from_json(item) for item in data["pieces"]]
            shared = (int(data["shared_turtle"][0]), int(data["shared_turtle"][1]))
            return cls(str(data["code"]), sources, pieces, shared, int(data["entity_records"]))
        except (ValueError, KeyError, TypeError, AttributeError, IndexError):
            return None


def builder_code() -> str:
    """Return the digest of the code and files that turn sources into graphs."""
    return resources.code_digest(*BUILDER_PACKAGES)


def source_entries(corpus: Corpus) -> dict[str, SourceEntry]:
    """Return the index entries of the sources of a corpus."""
    entries = {}
    for source in corpus.sources:
        entry = SourceEntry()
        facts = source.all_facts()
        named: dict[str, None] = {}
        for record in [source.record, *facts]:
            named.update(dict.fromkeys(references(record)))
        for record in facts:
            if record.kind.accounts:
                entry.accounts[record.id] = record.section
            else:
                entry.defines[record.id] = Known(record.section, record_name(record), record.where)
        entry.references = list(named)
        entry.declarations = [list(r.values["ids"]) for r in source.facts.get(SAME_AS.section, [])]
        entry.records = len(facts)
        entries[source.id] = entry
    return entries


@dataclass(frozen=True)
class Previous:
    """Hold the build an incremental build starts from: its folder, manifest and index."""

    folder: Path
    manifest: Manifest
    index: BuildIndex


@dataclass(frozen=True)
class Plan:
    """Say what an incremental build reads again, and why."""

    previous: Previous
    added: frozenset[str]
    changed: frozenset[str]
    removed: frozenset[str]
    #: Every source folder to read: the added and changed ones, and those their change reaches.
    read: frozenset[str]

    def describe(self) -> str:
        """Return the one line the build says which way it went by."""
        parts = [
            f"{len(names)} source(s) {what} ({', '.join(sorted(names)[:3])}{', …' if len(names) > 3 else ''})"
            for names, what in ((self.added, "added"), (self.changed, "changed"), (self.removed, "removed"))
            if names
        ]
        others = len(self.read - self.added - self.changed)
        reached = f"; {others} other source(s) they share events, relationships or ids with read again"
        return f"incremental: {', '.join(parts) or 'nothing changed'}{reached if others else ''}"

    def outside(self) -> dict[str, Known]:
        """Return the records of the sources left unread: their definitions and their accounts' nodes."""
        known: dict[str, Known] = {}
        for name, entry in self.previous.index.sources.items():
            if name in self.read or name in self.removed:
                continue
            known.update(entry.defines)
            for node, section in entry.accounts.items():
                known.setdefault(node, Known(section, node, f"the source {name}"))
        return known


def previous_build(space: Workspace) -> Previous | str:
    """Return the current build of an output folder to start from, or why there is none to use."""
    folder = space.current()
    if folder is None or not (folder / STORE_DIR).is_dir():
        return "no earlier build to start from"
    try:
        manifest = Manifest.from_json((folder / MANIFEST).read_text(encoding="utf-8"))
        index = BuildIndex.from_json((folder / INDEX).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError):
        manifest = index = None
    if manifest is None or index is None or not manifest.parts:
        return "the earlier build's manifest or index is missing or damaged"
    missing = [p.batch for p in index.pieces if not (folder / p.batch).is_file()]
    if missing:
        return f"the earlier build's raw file {missing[0]} is missing"
    return Previous(folder, manifest, index)


def plan(
    previous: Previous | str,
    *,
    sources: Path,
    parts: Mapping[str, str],
    version: str,
    new_entries: Mapping[str, SourceEntry] | None = None,
) -> Plan | str:
    """Work out what to read again since ``previous``; return the plan, or why a full build is needed.

    ``new_entries`` holds the entries of the added and changed sources as they are now (read by the
    caller first, from ``changed_sources``); without them only the first checks are made.
    """
    if isinstance(previous, str):
        return previous
    manifest, index = previous.manifest, previous.index
    if manifest.version != version:
        return f"the earlier build was made by version {manifest.version}"
    if manifest.sources != str(sources.resolve()):
        return f"the earlier build was made from {manifest.sources}"
    if index.code != builder_code():
        return "the compiler or the ontology changed since the earlier build"
    if parts.get(OUTSIDE_SOURCES) != manifest.parts.get(OUTSIDE_SOURCES):
        return "entities.yaml (or another file outside the source folders) changed"
    added, changed, removed = changed_sources(manifest.parts, parts)
    if new_entries is None:
        return Plan(previous, added, changed, removed, added | changed)
    return _reach(previous, added, changed, removed, new_entries)


def changed_sources(
    before: Mapping[str, str], now: Mapping[str, str]
) -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """Return the source folders added, changed and removed between two sets of fingerprints."""
    old = set(before) - {OUTSIDE_SOURCES}
    new = set(now) - {OUTSIDE_SOURCES}
    changed = frozenset(name for name in old & new if before[name] != now[name])
    return frozenset(new - old), changed, frozenset(old - new)


def _reach(
    previous: Previous,
    added: frozenset[str],
    changed: frozenset[str],
    removed: frozenset[str],
    new_entries: Mapping[str, SourceEntry],
) -> Plan | str:
    """Add to the changed sources every source their change can reach; or say why a full build is needed."""
    old = previous.index.sources
    holders: dict[str, set[str]] = {}
    naming: dict[str, set[str]] = {}
    for name, entry in old.items():
        for node in entry.accounts:
            holders.setdefault(node, set()).add(name)
        for target in entry.references:
            naming.setdefault(target, set()).add(name)
    dirty = added | changed | removed
    entries = [old[name] for name in changed | removed] + [new_entries[name] for name in added | changed]
    if any(entry.declarations for entry in entries):
        return "an identity declaration (same_as) changed"
    touched: set[str] = set()
    for entry in entries:
        touched.update(entry.accounts)
        touched.update(entry.defines)
    read = set(added | changed)
    # A touched id reaches the sources that name it or hold an account of it; a source read again brings the
    # other holders of its own accounts' nodes, whose names and types come from all of their accounts.
    pending = [(node, True) for node in touched]
    pending += [(node, False) for name in read for node in new_entries[name].accounts]
    seen: set[str] = set()
    while pending:
        node, named = pending.pop()
        reaching = holders.get(node, set()) | (naming.get(node, set()) if named else set())
        if not named and node in seen:
            continue
        seen.add(node)
        for name in reaching:
            if name in read or name in removed:
                continue
            read.add(name)
            pending.extend((other, False) for other in old[name].accounts)
    declared = {
        node for name, entry in old.items() if name not in dirty for ids in entry.declarations for node in ids
    }
    reached = _named(read, old, new_entries)
    if declared & reached:
        return "an identity declaration (same_as) names a record of a changed source"
    return Plan(previous, added, changed, removed, frozenset(read))


def _named(read: Iterable[str], old: Mapping[str, SourceEntry], new: Mapping[str, SourceEntry]) -> set[str]:
    """Return every id the sources to read define, give accounts of, or name."""
    ids: set[str] = set()
    for name in read:
        entry = new.get(name) or old[name]
        ids.update(entry.defines, entry.accounts, entry.references)
    return ids


def piece_by_name(pieces: Iterable[GraphPiece]) -> dict[str, GraphPiece]:
    """Return the pieces by the name of their graph."""
    return {piece.name: piece for piece in pieces}
