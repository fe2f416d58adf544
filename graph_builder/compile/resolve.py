"""Check that every id is defined once and that every reference names a thing of the right kind."""

from __future__ import annotations

from dataclasses import dataclass

from ontology.errors import InputError
from ontology.records import SPACE_OF_SECTION
from ontology.text import did_you_mean

from .loader import Corpus
from .schema import Perpetrators, Problems, Record, describe


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


def resolve(corpus: Corpus, *, problems: Problems | None = None) -> Registry:
    """Register every id once and check every reference; raise InputProblems with every problem found.

    Given ``problems``, add to it instead of raising (the run raises once all stages have looked).
    """
    own = problems is None
    problems = Problems() if problems is None else problems
    records: dict[str, Record] = {}
    for record in [*corpus.entity_records(), *corpus.fact_records()]:
        first = records.get(record.id)
        if first is not None:
            problems.add(
                InputError(
                    f"duplicate id {record.id!r}: ids are shared by all sources, and this one is already "
                    f"used by the {describe(first.section)} at {first.file}:{first.line_of('id')} "
                    f"(this {describe(record.section)} is at {record.file}:{record.line_of('id')})",
                    file=record.file,
                    line=record.line_of("id"),
                    value=record.id,
                )
            )
            continue
        records[record.id] = record
    registry = Registry(records)
    for record in [*corpus.entity_records(), *corpus.fact_records(), *(s.record for s in corpus.sources)]:
        if records.get(record.id) is not record and record.section != "source":
            continue  # a duplicate, reported above: its references would be checked against the other
        for spec in record.kind.fields:
            if spec.ref is None or spec.name not in record.values:
                continue
            value = record.values[spec.name]
            if isinstance(value, Perpetrators):
                targets = list(value.candidates)
            elif isinstance(value, list):
                targets = value
            else:
                targets = [value]
            for target in targets:
                if target in corpus.left_out:
                    continue  # the record it names is broken, and reported as such
                problem = _reference_problem(registry, record, spec.name, target, spec.ref)
                if problem is not None:
                    problems.add(problem)
    if own:
        problems.raise_if_any()
    return registry


def _reference_problem(
    registry: Registry, record: Record, name: str, target: str, space: str
) -> InputError | None:
    known = registry.records.get(target)
    if known is not None and (space == "any" or registry.space(target) == space):
        return None
    what = "thing" if space == "any" else space
    if known is not None:
        return InputError(
            f"field {name!r} of {describe(record.section)} {record.id!r} must name a {what}, "
            f"but {target!r} is "
            f"the {registry.space(target)} at {known.file}:{known.line}",
            file=record.file,
            line=record.line_of(name),
            value=target,
        )
    candidates = list(registry.records) if space == "any" else registry.ids_in(space)
    hint = did_you_mean(target, candidates)
    return InputError(
        f"unknown {what} id {target!r} in field {name!r} of {describe(record.section)} {record.id!r}{hint}",
        file=record.file,
        line=record.line_of(name),
        value=target,
    )
