"""Choose what the SHACL shapes and HermiT see: the whole graph when it is small, a fixed sample when large.

pyshacl takes seconds per hundred thousand triples and HermiT far longer, so above ``FULL_CHECK_TRIPLES`` the
checks run on a deterministic subset that still sees everything a clash can come from:

- every triple about every actor, place and agreement, and the identity of every event and relationship
  (type, label, ends, cf:hasAccount: the nodes several sources describe; two values of a functional
  property or a domain clash on an actor stand there);
- every fact, and every source, whose combination of fields is the first of its kind: section, type, which
  fields it has, the kinds of the things it names (a Person or a State), exact date or range, quote or article
  evidence — so each way the builder turns a record into triples is checked at least once, with the classes
  its links imply;
- one fact in ``every`` of the rest, chosen by a hash of its id (the same facts each time), and the source of
  each fact checked (a fact must be derived from a typed cf:Source).

Each node in the subset comes with all its triples (a fact or an account with its evidence, selectors,
figures and attribution): the emitter writes them from that record alone, so a shape sees the node exactly
as in the whole graph. An event's cf:hasAccount may name an account left out of the sample: the shapes ask
for an account there, not for its class.
"""

from __future__ import annotations

import math
import zlib
from collections.abc import Hashable
from dataclasses import dataclass

from .compile.emit import Emitted
from .compile.resolve import Registry
from .compile.schema import Casualty, EvidenceItem, Period, Perpetrators, Quantity, Record, When

#: Graphs up to this many triples are checked whole.
FULL_CHECK_TRIPLES = 50_000
#: Above it, the facts chosen one in ``every`` bring about this many triples.
SAMPLE_FACT_TRIPLES = 10_000


@dataclass(frozen=True)
class CheckScope:
    """Say what the checks saw: the whole graph, or which part of it."""

    full: bool
    triples: int
    triples_total: int
    facts: int
    facts_total: int
    kinds: int = 0
    every: int = 1
    limit: int = FULL_CHECK_TRIPLES

    def describe(self) -> str:
        """Return one line for the build summary."""
        if self.full:
            return f"the whole graph ({self.triples_total:,} triples)"
        return (
            f"{self.triples:,} of {self.triples_total:,} triples: every actor, place and agreement, and "
            f"{self.facts:,} of {self.facts_total:,} facts and sources ({self.kinds:,} combinations of "
            f"fields, each at least once, 1 in {self.every:,} of the other facts, and their sources)"
        )


def _kind(registry: Registry, node_id: str) -> str:
    """Return the class an id names (an event's type, whichever of its accounts gives it), or its space."""
    return str(registry.value(node_id, "kind") or registry.value(node_id, "type") or registry.space(node_id))


def _figure(registry: Registry, figure: Quantity, of: str | None = None) -> Hashable:
    """Return what decides the triples of a figure: its precision, its bounds, whose it is."""
    bounds = (figure.low is not None, figure.high is not None)
    return (figure.precision, bounds, None if of is None else _kind(registry, of))


def signature(record: Record, registry: Registry) -> Hashable:
    """Return what decides the shape of a record's triples: its fields, their kinds and choices."""
    fields = record.kind.by_name
    parts: list[Hashable] = [record.section]
    if record.section == "source":
        # An article's description has its document's SHA-256; a record's has none.
        parts.append(("kind", record.values["kind"]))
    for name, value in record.values.items():
        spec = fields[name]
        if isinstance(value, Quantity):
            parts.append((name, _figure(registry, value)))
        elif isinstance(value, Period):
            parts.append((name, value.end is None))
        elif spec.kind == "casualties":
            figures: list[Casualty] = value
            parts.append(
                (
                    name,
                    tuple(
                        sorted(
                            {(f.what, _figure(registry, f.count, f.of), f.period is None) for f in figures},
                            key=repr,
                        )
                    ),
                )
            )
        elif isinstance(value, Perpetrators):
            parts.append((name, value.mode, tuple(sorted({_kind(registry, c) for c in value.candidates}))))
        elif spec.ref is not None:
            ids = value if isinstance(value, list) else [value]
            parts.append((name, tuple(sorted({_kind(registry, i) for i in ids}))))
        elif isinstance(value, When):
            parts.append((name, value.exact is None))
        elif spec.kind == "choice":
            parts.append((name, value))
        elif spec.kind == "evidence":
            items: list[EvidenceItem] = value
            parts.append((name, tuple(sorted({(i.quote is None, i.url is None) for i in items}))))
        elif name != "id":
            parts.append(name)
    return tuple(sorted(parts, key=repr))


def _new(record: Record, registry: Registry, seen: set[Hashable]) -> bool:
    """Tell whether a record is the first of its kind (and remember its kind)."""
    kind = signature(record, registry)
    if kind in seen:
        return False
    seen.add(kind)
    return True


def check_subset(
    emitted: Emitted, registry: Registry, *, full: bool | None = None
) -> tuple[CheckScope, list[str]]:
    """Return what the checks see and its N-Triples lines; ``full`` forces (True) or forbids a full check."""
    records = fact_triples = 0
    for graph in emitted.graphs:
        for owner, chunk in graph.chunks:
            if owner is not None:
                records += 1
                fact_triples += chunk.count("\n")
    lines = list(emitted.union_lines())
    total = sum(line.count("\n") for line in lines)
    if full is True or (full is None and total <= FULL_CHECK_TRIPLES):
        return CheckScope(True, total, total, records, records, limit=FULL_CHECK_TRIPLES), lines
    every = max(1, math.ceil(fact_triples / SAMPLE_FACT_TRIPLES))
    seen: set[Hashable] = set()
    chosen: list[str] = []
    shared: dict[str, None] = {}
    for graph in emitted.graphs:
        # Each source graph holds the source's own description (its record is the source) and its facts.
        description: str | None = None
        described = False
        taken: list[str] = []
        for record, chunk in graph.chunks:
            if record is None:
                continue  # an entity: all its lines are shared ones
            if record.section == "source":
                description = chunk
                described = _new(record, registry, seen)
                if described:
                    taken.append(chunk)
            elif _new(record, registry, seen) or zlib.crc32(record.key.encode("utf-8")) % every == 0:
                taken.append(chunk)
        if taken and description is not None and not described:
            taken.append(description)
        chosen.extend(taken)
        shared.update(graph.shared)
    chosen.extend(shared)
    triples = sum(chunk.count("\n") for chunk in chosen)
    checked = len(chosen) - len(shared)
    scope = CheckScope(False, triples, total, checked, records, len(seen), every, FULL_CHECK_TRIPLES)
    return scope, chosen
