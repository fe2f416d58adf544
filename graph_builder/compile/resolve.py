"""Check that every id is defined once and that every reference names a thing of the right kind."""

from __future__ import annotations

from dataclasses import dataclass

from ontology.errors import InputError
from ontology.text import did_you_mean

from .loader import Corpus
from .schema import SCHEMAS, Perpetrators, Record, describe

#: What kind of thing each id space holds, by the section its records come from.
SPACE_OF_SECTION = {
    "actors": "actor",
    "places": "place",
    "agreement_entities": "agreement",
    "provisions": "provision",
    "events": "event",
    "statements": "statement",
    "relationships": "relationship",
    "agreements": "agreement fact",
}


@dataclass(frozen=True)
class Registry:
    """Map every id to the record that defines it."""

    records: dict[str, Record]

    def space(self, node_id: str) -> str:
        """Return the kind of thing an id names (``actor``, ``event``, …)."""
        return SPACE_OF_SECTION[self.records[node_id].section]

    def ids_in(self, space: str) -> list[str]:
        """Return the ids of one kind, sorted."""
        return sorted(i for i, r in self.records.items() if SPACE_OF_SECTION[r.section] == space)


def resolve(corpus: Corpus) -> Registry:
    """Register every id once and check every reference; raise InputError at the first problem."""
    records: dict[str, Record] = {}
    for record in [*corpus.entity_records(), *corpus.fact_records()]:
        first = records.get(record.id)
        if first is not None:
            raise InputError(
                f"duplicate id {record.id!r}: already used by the {describe(first.section)} at "
                f"{first.file}:{first.line}",
                file=record.file,
                line=record.line_of("id"),
                value=record.id,
            )
        records[record.id] = record
    registry = Registry(records)
    for record in records.values():
        for name, spec in SCHEMAS[record.section].items():
            if spec.ref is None or name not in record.values:
                continue
            value = record.values[name]
            if isinstance(value, Perpetrators):
                targets = list(value.candidates)
            elif isinstance(value, list):
                targets = value
            else:
                targets = [value]
            for target in targets:
                _check_reference(registry, record, name, target, spec.ref)
    for source in corpus.sources:
        _check_reference(registry, source.record, "publisher", source.record.values["publisher"], "actor")
    return registry


def _check_reference(registry: Registry, record: Record, name: str, target: str, space: str) -> None:
    known = registry.records.get(target)
    if known is not None and (space == "any" or registry.space(target) == space):
        return
    what = "thing" if space == "any" else space
    if known is not None:
        raise InputError(
            f"field {name!r} of {describe(record.section)} {record.id!r} must name a {what}, "
            f"but {target!r} is "
            f"the {registry.space(target)} at {known.file}:{known.line}",
            file=record.file,
            line=record.line_of(name),
            value=target,
        )
    candidates = list(registry.records) if space == "any" else registry.ids_in(space)
    hint = did_you_mean(target, candidates)
    raise InputError(
        f"unknown {what} id {target!r} in field {name!r} of {describe(record.section)} {record.id!r}{hint}",
        file=record.file,
        line=record.line_of(name),
        value=target,
    )
