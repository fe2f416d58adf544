"""Check that every id is defined once and that every reference names a thing of the right kind.

Events and relationships are the exception to "defined once": each entry with their id is one reporter's
account of one shared node, so their records are gathered into nodes (``Node``), whose identity (type,
label, ends) the accounts must agree on, and which a ``same_as`` declaration may merge.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ontology.errors import InputError
from ontology.records import CODED_EVENT, LEADERSHIP_FIELDS, SAME_AS, SPACE_OF_SECTION
from ontology.text import did_you_mean

from .loader import Corpus, Source
from .schema import Casualty, Period, Perpetrators, Problems, Record, describe


@dataclass
class Node:
    """Hold one event or relationship shared by all sources: its accounts, in read order, and its identity.

    ``identity`` holds the first value each identity field is given (``type``, ``label``, ``from``,
    ``to``), ``labels`` every distinct label in read order (the first is the name, the others alternative
    names).
    """

    id: str
    section: str
    accounts: list[Record] = field(default_factory=list)
    identity: dict[str, Any] = field(default_factory=dict)
    labels: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Known:
    """Stand for a record of a source left unread (an incremental build): what the records read need of it."""

    section: str
    #: The display name the emitter gives it (its ``name``, else its ``label``, else its id).
    label: str
    #: ``file:line`` of the record, for messages.
    where: str


@dataclass(frozen=True)
class Registry:
    """Map every id to the record that defines it, and every shared event or relationship to its node.

    ``records`` holds, for an event or relationship, its first account; ``merged`` maps each id a ``same_as``
    declaration merges to the id it keeps; ``outside`` the records of the sources not read this time.
    """

    records: dict[str, Record]
    nodes: dict[str, Node] = field(default_factory=dict)
    merged: dict[str, str] = field(default_factory=dict)
    outside: Mapping[str, Known] = field(default_factory=dict)

    def kept(self, node_id: str) -> str:
        """Return the id a node is known by: the kept id of a merged one, else the id itself."""
        return self.merged.get(node_id, node_id)

    def section(self, node_id: str) -> str | None:
        """Return the section of the record an id names, read or left unread; None for an unknown id."""
        record = self.records.get(node_id)
        if record is not None:
            return record.section
        known = self.outside.get(node_id)
        return None if known is None else known.section

    def where(self, node_id: str) -> str:
        """Return ``file:line`` of the record an id names (known to ``section``)."""
        record = self.records.get(node_id)
        return f"{record.file}:{record.line}" if record is not None else self.outside[node_id].where

    def space(self, node_id: str) -> str:
        """Return the kind of thing an id names (``actor``, ``event``, …)."""
        section = self.section(node_id)
        if section is None:
            raise KeyError(node_id)
        return SPACE_OF_SECTION[section]

    def name(self, node_id: str) -> str:
        """Return the display name of the record an id names (see ``record_name``)."""
        record = self.records.get(node_id)
        if record is None:
            return self.outside[node_id].label
        return record_name(record)

    def ids_in(self, space: str) -> list[str]:
        """Return the ids of one kind, sorted."""
        ids = {i for i, r in self.records.items() if SPACE_OF_SECTION[r.section] == space}
        ids.update(i for i, k in self.outside.items() if SPACE_OF_SECTION[k.section] == space)
        return sorted(ids)

    def value(self, node_id: str, name: str) -> Any:
        """Return a field of the thing an id names: of its identity for an event or relationship."""
        node = self.nodes.get(self.kept(node_id))
        if node is not None:
            return node.identity.get(name)
        return self.records[node_id].values.get(name)

    def account_path(self, record: Record) -> str:
        """Return the path of an account's nodes: ``<kept id>/<source>/<reporter>``."""
        return f"{self.kept(record.id)}/{record.source}/{record.values['reported_by']}"


def record_name(record: Record) -> str:
    """Return the display name of a record: its ``name``, else its ``label``, else its id."""
    return str(record.values.get("name") or record.values.get("label") or record.id)


def references(record: Record) -> list[str]:
    """Return the ids a record's fields name."""
    return [
        target
        for spec in record.kind.fields
        if spec.ref is not None and spec.name in record.values
        for target in _targets(record.values[spec.name])
    ]


def resolve(
    corpus: Corpus, *, problems: Problems | None = None, outside: Mapping[str, Known] | None = None
) -> Registry:
    """Register every id once and check every reference; raise InputProblems with every problem found.

    Given ``problems``, add to it instead of raising (the run raises once all stages have looked). Given
    ``outside``, the corpus holds some of the sources only, and ``outside`` the records of the others (an
    incremental build's): ids and references are checked against both.
    """
    own = problems is None
    problems = Problems() if problems is None else problems
    outside = {} if outside is None else outside
    records: dict[str, Record] = {}
    nodes: dict[str, Node] = {}
    for record in [*corpus.entity_records(), *corpus.fact_records()]:
        first = records.get(record.id)
        known = outside.get(record.id)
        if known is not None and not (known.section == record.section and record.kind.accounts):
            problems.add(
                InputError(
                    f"duplicate id {record.id!r}: ids are shared by all sources, and this one is already "
                    f"used by the {describe(known.section)} at {known.where} "
                    f"(this {describe(record.section)} is at {record.where})",
                    file=record.file,
                    line=record.line_of("id"),
                    value=record.id,
                )
            )
            continue
        if first is None:
            records[record.id] = record
            if record.kind.accounts:
                nodes[record.id] = Node(record.id, record.section, [record])
            continue
        if first.section == record.section and record.kind.accounts:
            nodes[record.id].accounts.append(record)
            continue
        problems.add(
            InputError(
                f"duplicate id {record.id!r}: ids are shared by all sources, and this one is already "
                f"used by the {describe(first.section)} at {first.where} "
                f"(this {describe(record.section)} is at {record.where})",
                file=record.file,
                line=record.line_of("id"),
                value=record.id,
            )
        )
    order = {id(record): n for n, record in enumerate(corpus.fact_records())}
    merged = _merge(corpus, records, nodes, order, problems)
    registry = Registry(records, nodes, merged, outside)
    for node in nodes.values():
        _check_node(node, corpus.left_out, problems)
    for source in corpus.sources:
        _check_open_periods(source, problems)
    for record in [*corpus.entity_records(), *corpus.fact_records(), *(s.record for s in corpus.sources)]:
        if records.get(record.id) is not record and record.section != "source" and not record.kind.accounts:
            continue  # a duplicate, reported above: its references would be checked against the other
        for spec in record.kind.fields:
            if spec.ref is None or spec.name not in record.values:
                continue
            for target in _targets(record.values[spec.name]):
                if target in corpus.left_out:
                    continue  # the record it names is broken, and reported as such
                problem = _reference_problem(registry, record, spec.name, target, spec.ref)
                if problem is not None:
                    problems.add(problem)
    if own:
        problems.raise_if_any()
    return registry


def _targets(value: Any) -> list[str]:
    """Return the ids a field's value names."""
    if isinstance(value, Perpetrators):
        return list(value.candidates)
    if isinstance(value, list):
        return [item.of for item in value if isinstance(item, Casualty) and item.of is not None] + [
            item for item in value if isinstance(item, str)
        ]
    return [value]


def _merge(
    corpus: Corpus,
    records: dict[str, Record],
    nodes: dict[str, Node],
    order: dict[int, int],
    problems: Problems,
) -> dict[str, str]:
    """Apply the ``same_as`` declarations: move the accounts of the other ids to the first; return the map."""
    merged: dict[str, str] = {}
    declared_at: dict[str, Record] = {}
    for source in corpus.sources:
        for declaration in source.facts.get(SAME_AS.section, []):
            ids = list(dict.fromkeys(declaration.values["ids"]))
            at = declaration.line_of("ids")

            def bad(message: str, value: object, declaration: Record = declaration, at: int = at) -> None:
                problems.add(
                    InputError(
                        f"identity declaration {declaration.id!r}: {message}",
                        file=declaration.file,
                        line=at,
                        value=value,
                    )
                )

            if len(ids) < 2:
                bad("'ids' must name two different ids or more", declaration.values["ids"])
                continue
            unknown = [i for i in ids if i not in nodes and i not in corpus.left_out]
            for node_id in unknown:
                known = records.get(node_id)
                hint = (
                    f": it is the {describe(known.section)} at {known.where}"
                    if known is not None
                    else did_you_mean(node_id, list(nodes))
                )
                bad(f"{node_id!r} is no event or relationship{hint}", node_id)
            if unknown or any(i in corpus.left_out for i in ids):
                continue
            sections = {nodes[i].section for i in ids}
            if len(sections) > 1:
                bad("'ids' must all be events or all relationships, not both", ids)
                continue
            again = [i for i in ids if i in declared_at]
            if again:
                first = declared_at[again[0]]
                bad(
                    f"{again[0]!r} is already merged by the identity declaration {first.id!r} at "
                    f"{first.where}: name all the ids of one event in one declaration",
                    again[0],
                )
                continue
            kept = nodes[ids[0]]
            for other in ids[1:]:
                kept.accounts.extend(nodes.pop(other).accounts)
                merged[other] = kept.id
            kept.accounts.sort(key=lambda record: order[id(record)])
            for node_id in ids:
                declared_at[node_id] = declaration
    return merged


def _check_node(node: Node, left_out: frozenset[str], problems: Problems) -> None:
    """Work out a node's identity from its accounts; note disagreements, gaps and repeated reporters."""
    what = describe(node.section)
    given_at: dict[str, Record] = {}
    for account in node.accounts:
        for name in account.kind.identity_fields:
            if name not in account.values:
                continue
            value = account.values[name]
            first = given_at.get(name)
            if first is None:
                given_at[name] = account
                node.identity[name] = value
            elif name == "type" and CODED_EVENT in (value, node.identity[name]):
                if node.identity[name] == CODED_EVENT:  # the analyst's class is the node's type
                    given_at[name] = account
                    node.identity[name] = value
            elif value != node.identity[name] and name != "label":
                problems.add(
                    InputError(
                        f"{what} {node.id!r} has {name} {node.identity[name]!r} in the account at "
                        f"{first.where} but {value!r} here: every account that gives its {name} must agree",
                        file=account.file,
                        line=account.line_of(name),
                        value=value,
                    )
                )
            if name == "label" and value not in node.labels:
                node.labels.append(value)
    if not any(account.id in left_out for account in node.accounts):
        first = node.accounts[0]
        for name in first.kind.identity_fields:
            if name not in node.identity:
                problems.add(
                    InputError(
                        f"no account of {what} {node.id!r} gives its {name!r}: give it on one of them "
                        f"(accounts at {', '.join(a.where for a in node.accounts)})",
                        file=first.file,
                        line=first.line,
                        value=node.id,
                    )
                )
    seen: dict[tuple[str | None, str], Record] = {}
    for account in node.accounts:
        key = (account.source, account.values["reported_by"])
        earlier = seen.get(key)
        if earlier is not None:
            problems.add(
                InputError(
                    f"two accounts of {what} {node.id!r} by {key[1]!r} in one source (the other at "
                    f"{earlier.where}): merge them into one account",
                    file=account.file,
                    line=account.line_of("reported_by"),
                    value=key[1],
                )
            )
        seen.setdefault(key, account)
    relationship_type = node.identity.get("type")
    if node.section == "relationships" and relationship_type not in (None, "leads"):
        for account in node.accounts:
            for name in LEADERSHIP_FIELDS:
                if name in account.values:
                    problems.add(
                        InputError(
                            f"field {name!r} of {what} {node.id!r} belongs to a 'leads' relationship, "
                            f"not {relationship_type!r}",
                            file=account.file,
                            line=account.line_of(name),
                            value=account.values[name],
                        )
                    )


def _check_open_periods(source: Source, problems: Problems) -> None:
    """Note each period without an end that starts after its source was published (it would run backwards)."""
    published = source.record.values["published"]
    for record in source.all_facts():
        periods: list[tuple[str, Period]] = []
        if isinstance(record.values.get("period"), Period):
            periods.append(("period", record.values["period"]))
        for figure in record.values.get("casualties", []):
            if figure.period is not None:
                periods.append(("casualties", figure.period))
        for name, period in periods:
            if period.end is None and period.start > published.latest:
                problems.add(
                    InputError(
                        f"field {name!r} of {describe(record.section)} {record.id!r}: a period without 'to' "
                        f"runs up to the source's publication ({published.latest}), but starts after it "
                        f"({period.start}): give its 'to'",
                        file=record.file,
                        line=record.line_of(name),
                        value=str(period.start),
                    )
                )


def _reference_problem(
    registry: Registry, record: Record, name: str, target: str, space: str
) -> InputError | None:
    known = registry.section(target)
    if known is not None and (space == "any" or registry.space(target) == space):
        return None
    what = "thing" if space == "any" else space
    if known is not None:
        return InputError(
            f"field {name!r} of {describe(record.section)} {record.id!r} must name a {what}, "
            f"but {target!r} is "
            f"the {registry.space(target)} at {registry.where(target)}",
            file=record.file,
            line=record.line_of(name),
            value=target,
        )
    candidates = [*registry.records, *registry.outside] if space == "any" else registry.ids_in(space)
    hint = did_you_mean(target, candidates)
    return InputError(
        f"unknown {what} id {target!r} in field {name!r} of {describe(record.section)} {record.id!r}{hint}",
        file=record.file,
        line=record.line_of(name),
        value=target,
    )
