"""Read the accounts of events and relationships, and say where the accounts of one event disagree.

An account (``cf:EventAccount``, ``cf:RelationshipAccount``) is what one reporter, in one source, says of an
event or relationship (``cf:accountOf``): its status, its time (a day, an unknown day in a range, or a whole
period), its place, counts and casualties (``cf:quantity``), perpetrators (``cf:attribution``). The
projection summarises them on the event's node and the page lists them side by side; both read them here.

Disagreement: two accounts of one event disagree on a property when both give it and the values differ;
an account that leaves a property out asserts nothing about it. Only accounts of what happened are compared
(``OUTCOMES``: occurred, cancelled, denied): a plan and what later became of it are the event's history, which
``planned_vs_occurred`` sets side by side, not a disagreement. The properties compared are ``DISPUTABLE``
and each casualty figure (what it counts, of whom: ``killed of Turkish Armed Forces``), as the
``disputed_facts`` query compares them. Participants are not compared: a shorter list does not deny a longer.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Final, Literal

import pyoxigraph as ox

from ontology.namespaces import PREFIXES

from .reading import restricted, select, together
from .reading import values as values_of

_CF = PREFIXES["cf"]
_DERIVED = PREFIXES["prov"] + "wasDerivedFrom"
_LABEL = PREFIXES["rdfs"] + "label"
_TYPE = PREFIXES["rdf"] + "type"

#: The statuses of accounts that say what happened; a planned or conditional account disputes nothing.
OUTCOMES: Final = frozenset({"occurred", "cancelled", "denied"})
#: The properties on which two accounts of an event can disagree, in the order the page names them.
DISPUTABLE: Final = ("status", "date", "count", "place", "destination", "perpetrators")

#: The words of a figure's precision, before its number ("about 60"); exact has none, vague has its word.
PRECISION_WORDS: Final = {
    "exact": "",
    "approximate": "about",
    "at-least": "at least",
    "more-than": "more than",
    "at-most": "at most",
    "fewer-than": "fewer than",
    "nearly": "nearly",
}

#: The literal and link properties of an account read here (local names in cf:, and prov:wasDerivedFrom).
_ACCOUNT_PROPERTIES = (
    "reportedBy", "status", "date", "earliestDate", "latestDate", "periodStart", "periodEnd",
    "details", "quantity", "place", "destination", "attribution", "title", "rank",
)  # fmt: skip
_QUANTITY_PROPERTIES = (
    "counts", "countOf", "value", "precision", "vagueWord", "lowerBound", "upperBound", "periodStart",
    "periodEnd",
)  # fmt: skip
_SOURCE_PROPERTIES = ("date", "earliestDate", "latestDate")

TimeForm = Literal["day", "range", "period"]


def _local(iri: str) -> str:
    return iri.rsplit("/", 1)[-1].rsplit("#", 1)[-1]


@dataclass(frozen=True, order=True)
class Span:
    """The time of an account or a figure: a day, one unknown day in a range, or a whole period."""

    start: str
    end: str
    form: TimeForm = "day"

    @property
    def date(self) -> str:
        """Return the span as the projection writes dates: ``2020-03-15`` or ``2020-02-01/2020-03-16``."""
        return self.start if self.start == self.end else f"{self.start}/{self.end}"

    @property
    def text(self) -> str:
        """Return the span in words: the day, a day between two days, or a whole period."""
        if self.form == "period":
            return f"{self.start} to {self.end} (whole period)"
        if self.form == "range" and self.start != self.end:
            return f"one day, {self.start} to {self.end}"
        return self.start

    def overlaps(self, since: str | None, until: str | None) -> bool:
        """Say whether the span has a day in the window ``since``..``until`` (ISO days, either open)."""
        return (since is None or self.end >= since) and (until is None or self.start <= until)


@dataclass(frozen=True)
class Quantity:
    """A figure as the account gives it: what it counts, of whom, the number and how precise it is."""

    counts: str
    precision: str
    value: int | None = None
    vague: str | None = None
    low: int | None = None
    high: int | None = None
    of: str | None = None
    of_label: str | None = None
    period: Span | None = None

    @property
    def text(self) -> str:
        """Return the figure in words: ``13``, ``about 60``, ``several``, ``12 (10 to 15)``."""
        if self.value is None:
            number = self.vague or self.precision
        else:
            words = PRECISION_WORDS.get(self.precision, self.precision.replace("-", " "))
            number = f"{words} {self.value}".strip()
        if self.low is not None or self.high is not None:
            low = "…" if self.low is None else str(self.low)
            high = "…" if self.high is None else str(self.high)
            number += f" ({low} to {high})"
        return number

    @property
    def key(self) -> tuple[str, int | None, str | None, int | None, int | None]:
        """Return what makes two figures the same figure (what they count and whose aside)."""
        return (self.precision, self.value, self.vague, self.low, self.high)

    @property
    def what(self) -> str:
        """Return what the figure counts and whose (``killed of Turkish Armed Forces``); instances: count."""
        if self.counts == "instances":
            return "count"
        return f"{self.counts} of {self.of_label}" if self.of_label else self.counts

    @property
    def casualty_text(self) -> str:
        """Return a casualty figure in words: ``about 60 killed (Turkey), 2020-02-01 to 2020-03-16``."""
        text = f"{self.text} {self.counts}"
        if self.of_label:
            text += f" ({self.of_label})"
        if self.period is not None:
            text += f", {self.period.text}"
        return text


@dataclass(frozen=True)
class Account:
    """One reporter's version, in one source, of an event or a relationship."""

    iri: str
    of: str
    reporter: str | None = None
    reporter_label: str | None = None
    source: str | None = None
    #: The source's publication day, or its latest possible day when it gives a range (for ordering).
    source_date: str | None = None
    status: str | None = None
    span: Span | None = None
    details: tuple[str, ...] = ()
    count: Quantity | None = None
    casualties: tuple[Quantity, ...] = ()
    places: frozenset[str] = frozenset()
    destinations: frozenset[str] = frozenset()
    #: Each attribution as (alternative, candidates): "one of A or B" is (True, {A, B}).
    perpetrators: frozenset[tuple[bool, frozenset[str]]] = frozenset()
    title: str | None = None
    rank: str | None = None

    @property
    def spans(self) -> list[Span]:
        """Return every time the account speaks of: its own, and the periods of its figures."""
        own = [self.span] if self.span is not None else []
        return own + [q.period for q in self.casualties if q.period is not None]

    def values(self) -> dict[str, Hashable]:
        """Return the values the account gives of the properties accounts can disagree on, by property."""
        given: dict[str, Hashable] = {
            "status": self.status,
            "date": self.span,
            "count": None if self.count is None else self.count.key,
            "place": self.places or None,
            "destination": self.destinations or None,
            "perpetrators": self.perpetrators or None,
        }
        for figure in self.casualties:
            given[figure.what] = figure.key
        return {prop: value for prop, value in given.items() if value is not None}


def disputed_properties(accounts: Sequence[Account]) -> list[str]:
    """Return the properties on which two of the accounts give different values.

    In the order of ``DISPUTABLE``, then the casualty figures by name.
    """
    values: dict[str, set[Hashable]] = defaultdict(set)
    for account in accounts:
        if account.status not in OUTCOMES:
            continue
        for prop, value in account.values().items():
            values[prop].add(value)
    disputed = {prop for prop, found in values.items() if len(found) > 1}
    order = {prop: index for index, prop in enumerate(DISPUTABLE)}
    return sorted(disputed, key=lambda prop: (order.get(prop, len(order)), prop))


def latest(accounts: Sequence[Account]) -> Account:
    """Return the most recent account: the last by its source's date (accounts come in that order)."""
    return accounts[-1]


def _order(account: Account) -> tuple[int, str, str, str]:
    # Accounts without a source date come first: nothing says they are more recent than the others.
    dated = account.source_date is not None
    return (dated, account.source_date or "", account.reporter_label or "", account.iri)


@dataclass
class _Values:
    """Property values by subject, read over the union graph (each value once)."""

    by_property: dict[str, dict[str, list[str]]] = field(default_factory=lambda: defaultdict(dict))

    def add(self, subject: str, prop: str, value: str) -> None:
        self.by_property[prop].setdefault(subject, []).append(value)

    def all(self, subject: str, prop: str) -> list[str]:
        return sorted(self.by_property.get(prop, {}).get(subject, []))

    def one(self, subject: str, prop: str) -> str | None:
        found = self.all(subject, prop)
        return found[0] if found else None

    def number(self, subject: str, prop: str) -> int | None:
        found = self.one(subject, prop)
        return None if found is None else int(found)


def _iris(names: Iterable[str]) -> str:
    return " ".join(f"<{_CF}{name}>" for name in names)


def _accounts_of(store: ox.Store, of: Collection[str] | None) -> dict[str, str]:
    """Return what each account is of: every account's, or those of these things."""
    things = "" if of is None else values_of("x", of)
    query = f"""SELECT DISTINCT ?a ?x WHERE {{ {things}
        {{ SELECT ?a ?x WHERE {{ ?a <{_CF}accountOf> ?x }} }} }}"""
    return {row["a"].value: row["x"].value for row in select(store, query)}


def _read_values(
    store: ox.Store, account_of: dict[str, str], *, every: bool
) -> tuple[_Values, _Values, _Values, dict[str, str]]:
    """Return the values of these accounts (``every`` account of the store), figures and sources, and labels.

    The accounts' queries join sub-SELECTs (see ``visualize.reading``): Oxigraph hashes them instead of
    looking every row up, and only the rows of the accounts asked for are decoded; the accounts' values
    and their figures are read together. Their sources and the things they name are few: those are looked
    up by the IRIs read.
    """
    sources = _Values()
    labels: dict[str, str] = {}
    # Every account, or the accounts of the things asked for, listed: the same rows, fewer of them read.
    scope = (
        f"{{ SELECT DISTINCT ?a WHERE {{ ?a <{_CF}accountOf> ?x }} }}"
        if every
        else values_of("a", account_of)
    )

    def read_of_accounts() -> _Values:
        found = _Values()
        query = f"""SELECT DISTINCT ?a ?p ?o WHERE {{ {scope}
            {{ SELECT ?a ?p ?o WHERE {{
                VALUES ?p {{ {_iris(_ACCOUNT_PROPERTIES)} <{_DERIVED}> }} ?a ?p ?o }} }} }}"""
        for row in select(store, query):
            found.add(row["a"].value, _local(row["p"].value), row["o"].value)
        return found

    def read_quantities() -> _Values:
        found = _Values()
        query = f"""SELECT DISTINCT ?q ?p ?o WHERE {{ {scope}
            {{ SELECT ?a ?q WHERE {{ ?a <{_CF}quantity> ?q }} }}
            {{ SELECT ?q ?p ?o WHERE {{ VALUES ?p {{ {_iris(_QUANTITY_PROPERTIES)} }} ?q ?p ?o }} }} }}"""
        for row in select(store, query):
            found.add(row["q"].value, _local(row["p"].value), row["o"].value)
        return found

    accounts, quantities = together(read_of_accounts, read_quantities)
    # The few sources and labelled things the accounts name, looked up by what was read above.
    named = accounts.by_property
    cited = {source for values in named.get("wasDerivedFrom", {}).values() for source in values}
    listed = ", ".join(f"<{_CF}{name}>" for name in _SOURCE_PROPERTIES)
    of_sources = restricted(
        "s",
        cited,
        lookup=f"?s ?p ?o FILTER(?p IN ({listed}))",
        scan=f"VALUES ?p {{ {_iris(_SOURCE_PROPERTIES)} }} ?s ?p ?o",
    )
    query = f"SELECT DISTINCT ?s ?p ?o WHERE {{ {of_sources} }}"
    for row in select(store, query):
        sources.add(row["s"].value, _local(row["p"].value), row["o"].value)
    labelled = {reporter for values in named.get("reportedBy", {}).values() for reporter in values}
    labelled |= {whose for values in quantities.by_property.get("countOf", {}).values() for whose in values}
    pattern = f"?t <{_LABEL}> ?l"
    query = f"SELECT DISTINCT ?t ?l WHERE {{ {restricted('t', labelled, lookup=pattern, scan=pattern)} }}"
    for row in select(store, query):
        subject, label = row["t"].value, row["l"].value
        if subject not in labels or label < labels[subject]:
            labels[subject] = label
    return accounts, quantities, sources, labels


def _attributions(
    store: ox.Store, accounts: Collection[str] | None
) -> dict[str, tuple[bool, frozenset[str]]]:
    """Return each attribution the accounts make (every account's by default) as (alternative, candidates)."""
    scope = (
        f"{{ SELECT DISTINCT ?a WHERE {{ ?a <{_CF}accountOf> ?x }} }}"
        if accounts is None
        else values_of("a", accounts)
    )
    query = f"""SELECT DISTINCT ?t ?c ?alternative WHERE {{ {scope}
        {{ SELECT ?a ?t WHERE {{ ?a <{_CF}attribution> ?t }} }}
        {{ SELECT ?t ?c WHERE {{ ?t <{_CF}candidate> ?c }} }}
        OPTIONAL {{ SELECT ?t (true AS ?alternative) WHERE {{ ?t a <{_CF}AlternativeAttribution> }} }} }}"""
    candidates: dict[str, set[str]] = defaultdict(set)
    alternative: dict[str, bool] = {}
    for row in select(store, query):
        candidates[row["t"].value].add(row["c"].value)
        alternative[row["t"].value] = row["alternative"] is not None
    return {iri: (alternative[iri], frozenset(found)) for iri, found in candidates.items()}


def _span(values: _Values, subject: str, *, fallback_end: str | None = None) -> Span | None:
    """Return the time a subject gives: its day, its range or its period (None without any)."""
    day = values.one(subject, "date")
    if day is not None:
        return Span(day, day, "day")
    earliest, latest_day = values.one(subject, "earliestDate"), values.one(subject, "latestDate")
    if earliest is not None and latest_day is not None:
        return Span(earliest, latest_day, "range")
    start = values.one(subject, "periodStart")
    if start is not None:
        end = values.one(subject, "periodEnd") or fallback_end or start
        return Span(start, max(start, end), "period")
    return None


def _source_date(sources: _Values, source: str | None) -> str | None:
    if source is None:
        return None
    return sources.one(source, "date") or sources.one(source, "latestDate")


def read_accounts(store: ox.Store, *, of: Collection[str] | None = None) -> dict[str, list[Account]]:
    """Return the accounts of every event and relationship of the store's union graph, by the thing's IRI.

    ``of`` reads only the accounts of these things (a page's nodes), the same as the whole read has of them.
    Each list is in the order of the accounts' sources' dates (an undated source first), then reporter.
    """
    account_of = _accounts_of(store, of)
    (values, quantity_values, sources, labels), attributions = together(
        lambda: _read_values(store, account_of, every=of is None),
        lambda: _attributions(store, None if of is None else account_of),
    )
    found: dict[str, list[Account]] = defaultdict(list)
    for iri, thing in account_of.items():
        source = values.one(iri, "wasDerivedFrom")
        source_date = _source_date(sources, source)
        reporter = values.one(iri, "reportedBy")
        count: Quantity | None = None
        casualties: list[Quantity] = []
        for q in values.all(iri, "quantity"):
            counts = quantity_values.one(q, "counts")
            if counts is None:
                continue
            whose = quantity_values.one(q, "countOf")
            figure = Quantity(
                counts=_local(counts),
                precision=_local(quantity_values.one(q, "precision") or "exact"),
                value=quantity_values.number(q, "value"),
                vague=quantity_values.one(q, "vagueWord"),
                low=quantity_values.number(q, "lowerBound"),
                high=quantity_values.number(q, "upperBound"),
                of=whose,
                of_label=None if whose is None else labels.get(whose, _local(whose)),
                period=_span(quantity_values, q, fallback_end=source_date),
            )
            if figure.counts == "instances" and count is None:
                count = figure
            else:
                casualties.append(figure)
        status = values.one(iri, "status")
        found[thing].append(
            Account(
                iri=iri,
                of=thing,
                reporter=reporter,
                reporter_label=None if reporter is None else labels.get(reporter, _local(reporter)),
                source=source,
                source_date=source_date,
                status=None if status is None else _local(status),
                span=_span(values, iri, fallback_end=source_date),
                details=tuple(values.all(iri, "details")),
                count=count,
                casualties=tuple(sorted(casualties, key=lambda q: (q.counts, q.of or "", q.key[1] or 0))),
                places=frozenset(values.all(iri, "place")),
                destinations=frozenset(values.all(iri, "destination")),
                perpetrators=frozenset(
                    attributions[a] for a in values.all(iri, "attribution") if a in attributions
                ),
                title=values.one(iri, "title"),
                rank=values.one(iri, "rank"),
            )
        )
    return {thing: sorted(items, key=_order) for thing, items in found.items()}
