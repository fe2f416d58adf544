"""Check one mapping of a source file against its record kind (``ontology.records``) and parse its values."""

from __future__ import annotations

import datetime as dt
import re
import reprlib
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from ontology.errors import InputError, InputProblems
from ontology.records import (
    CASUALTY_KEYS,
    CASUALTY_KINDS,
    ESTIMATE_KEYS,
    ESTIMATE_PRECISION,
    LEADERSHIP_FIELDS,
    PRECISION_KEYS,
    RECORD_KINDS,
    VAGUE_KEY,
    FieldKind,
    FieldSpec,
    RecordKind,
)
from ontology.text import ISO_DAY, SLUG, is_url

from .yamlio import LineDict

WIKIDATA = re.compile(r"^Q[1-9][0-9]*$")
#: The largest whole number a field may hold: Oxigraph keeps xsd:integer as a signed 64-bit number and
#: owlready2 (HermiT's loader) stores it in SQLite's 64-bit INTEGER, so 2**63 and more would fail there.
MAX_INTEGER = 2**63 - 1
#: A GeoSPARQL WKT point in WGS 84: longitude, then latitude, each a decimal number.
WKT_POINT = re.compile(
    r"^POINT ?\((-?(?:180|1[0-7][0-9]|[0-9]{1,2})(?:\.[0-9]+)?) (-?(?:90|[0-8]?[0-9])(?:\.[0-9]+)?)\)$"
)
EVIDENCE_KEYS = ("quote", "occurrence", "start", "article", "url")
#: The key of a draft's review note on a record (``ceasefire-kg draft``): never a field, refused with its
#: own message so that a draft whose notes are not all dealt with cannot be built.
REVIEW_KEY = "review"


class Problems:
    """Collect the input problems of a run, so that it reports all of them at once.

    ``left_out`` holds the ids of records left out because they are broken (a reference to one is not
    reported again as unknown); ``fatal`` says that a whole file could not be read, so that no later stage
    may run (every id of that file would be reported unknown).
    """

    def __init__(self) -> None:
        self.found: list[InputError] = []
        self.left_out: set[str] = set()
        self.fatal = False

    def add(self, problem: InputError) -> None:
        """Remember one problem."""
        self.found.append(problem)

    def raise_if_any(self) -> None:
        """Raise InputProblems with every problem found, when there is one, each file's in line order."""
        if self.found:
            order: dict[str | None, int] = {}  # files in the order of their first problem
            for problem in self.found:
                order.setdefault(problem.file, len(order))
            raise InputProblems(sorted(self.found, key=lambda p: (order[p.file], p.line or 0)))


@dataclass(frozen=True, slots=True)
class When:
    """Hold a day, or the range of days a vaguely dated fact must lie in."""

    earliest: dt.date
    latest: dt.date

    @property
    def exact(self) -> dt.date | None:
        """Return the day when the range is a single day."""
        return self.earliest if self.earliest == self.latest else None


@dataclass(frozen=True, slots=True)
class Period:
    """Hold a whole period an account covers; ``end`` None means up to the source's publication day."""

    start: dt.date
    end: dt.date | None

    def until(self, published: When) -> dt.date:
        """Return the last day of the period, the source's (latest) publication day when none is given."""
        return self.end if self.end is not None else published.latest


@dataclass(frozen=True, slots=True)
class Quantity:
    """Hold a figure as the source gives it: a number and its precision, or a vague word; bounds if any."""

    precision: str  # a concept of the precision scheme (exact, approximate, at-least, …, vague)
    value: int | None = None
    word: str | None = None
    low: int | None = None
    high: int | None = None


@dataclass(frozen=True, slots=True)
class Casualty:
    """Hold one casualty figure of an account: what is counted, of whom, how many, over what period."""

    what: str
    count: Quantity
    of: str | None = None
    period: Period | None = None


@dataclass(frozen=True, slots=True)
class EvidenceItem:
    """Hold one evidence item: a quote of the document (articles) or an article of a record."""

    line: int
    quote: str | None = None
    occurrence: int | None = None
    article: str | None = None
    url: str | None = None
    #: Where the quote starts in the document (a character offset), as a machine-made source knows it.
    start: int | None = None


@dataclass(frozen=True, slots=True)
class Perpetrators:
    """Hold who is said to have done an event: all of the candidates, or exactly one of them."""

    mode: str
    candidates: tuple[str, ...]


@dataclass(slots=True)
class Record:
    """Hold one checked mapping of a source file: its section, id, parsed values and where it stands."""

    section: str
    id: str
    values: dict[str, Any]
    file: str
    line: int
    key_lines: dict[str, int] = field(default_factory=dict)
    #: The id of the source a fact belongs to (set by the loader; None for the shared entities).
    source: str | None = None

    @property
    def kind(self) -> RecordKind:
        """Return the declaration of this record's kind."""
        return RECORD_KINDS[self.section]

    @property
    def key(self) -> str:
        """Return what tells this record apart from every other: its id, or for an account its path.

        An account's path is ``<id as written>/<source>/<reporter>``: several accounts share an id, but one
        source holds one account of a node by each reporter.
        """
        if not self.kind.accounts:
            return self.id
        return f"{self.id}/{self.source}/{self.values['reported_by']}"

    @property
    def where(self) -> str:
        """Return ``file:line`` of the record, for messages that name two places."""
        return f"{self.file}:{self.line_of('id')}"

    def line_of(self, key: str) -> int:
        """Return the line of one field, or of the record when the field is absent."""
        return self.key_lines.get(key, self.line)


def describe(section: str) -> str:
    """Return the human name of a record kind, e.g. ``event``."""
    return RECORD_KINDS[section].singular


def report_unknown_keys(
    mapping: LineDict,
    known: Iterable[str],
    *,
    noun: str,
    where: str = "",
    file: str,
    problems: Problems,
    besides: Iterable[str] = (),
) -> None:
    """Add a problem for each key of ``mapping`` that is not ``known`` (a field, a section), at its line.

    Keys in ``besides`` are neither known nor reported here (the caller reports them in its own words).
    """
    names = tuple(known)
    other = tuple(besides)
    for key in mapping:
        if key not in names and key not in other:
            problems.add(
                InputError(
                    f"unknown {noun} {key!r}{where} (known {noun}s: {', '.join(names)})",
                    file=file,
                    line=mapping.key_lines[key],
                    value=key,
                )
            )


def check_record(mapping: Any, section: str, *, file: str, line: int, problems: Problems) -> Record | None:
    """Check one mapping against its record kind; add each problem to ``problems``, return None if any."""
    kind = RECORD_KINDS[section]
    what = kind.singular
    a_what = f"{'an' if what[0] in 'aeiou' else 'a'} {what}"
    if not isinstance(mapping, LineDict):
        problems.add(
            InputError(
                f"expected a mapping for {a_what}, found {_shown(mapping)}",
                file=file,
                line=line,
                value=mapping,
            )
        )
        return None
    fields = kind.by_name
    before = len(problems.found)
    record_id = mapping.get("id")
    label = f"{what} {record_id!r}" if isinstance(record_id, str) else a_what
    if REVIEW_KEY in mapping:  # a draft's note, left in: the curator has not finished the record
        problems.add(
            InputError(
                f"{label} still holds the review note of a draft: check what it says, then delete the "
                f"'{REVIEW_KEY}:' line",
                file=file,
                line=mapping.key_lines[REVIEW_KEY],
                value=mapping[REVIEW_KEY],
            )
        )
    report_unknown_keys(
        mapping,
        fields,
        noun="field",
        where=f" in {a_what}",
        file=file,
        problems=problems,
        besides=(REVIEW_KEY,),
    )
    values: dict[str, Any] = {}
    for name, spec in fields.items():
        if name not in mapping or mapping[name] is None:
            if spec.required:
                problems.add(
                    InputError(f"missing required field {name!r} in {label}", file=file, line=mapping.line)
                )
            continue
        at = mapping.key_lines[name]
        try:
            values[name] = parse_value(mapping[name], spec, label=label, file=file, line=at)
        except InputError as problem:
            problems.add(problem)
    for group in kind.one_of:
        given = [name for name in group if name in mapping and mapping[name] is not None]
        if len(given) != 1:
            names = " or ".join(repr(name) for name in group)
            problems.add(
                InputError(
                    f"{label} gives {' and '.join(repr(n) for n in given)} together: give one of {names}"
                    if given
                    else f"missing {names} in {label}: give exactly one",
                    file=file,
                    line=mapping.key_lines[given[1]] if given else mapping.line,
                    value=given or None,
                )
            )
    relationship_type = values.get("type", "leads")
    if section == "relationships" and relationship_type != "leads":
        for name in LEADERSHIP_FIELDS:
            if name in values:
                problems.add(
                    InputError(
                        f"field {name!r} of {label} belongs to a 'leads' relationship, "
                        f"not {relationship_type!r}",
                        file=file,
                        line=mapping.key_lines[name],
                        value=values[name],
                    )
                )
    if len(problems.found) > before:
        if isinstance(record_id, str):
            problems.left_out.add(record_id)
        return None
    # A field on the record's own line needs no line of its own (``line_of`` falls back to the record's):
    # every field of a JSON Lines record, the first of a YAML one.
    key_lines = {key: at for key, at in mapping.key_lines.items() if at != mapping.line}
    return Record(section, values["id"], values, file, mapping.line, key_lines)


class _Brief(reprlib.Repr):
    """Write a value the way a message shows it: a few items, a few levels, never the whole of a big one."""

    def __init__(self) -> None:
        super().__init__()
        self.maxlevel, self.maxlist, self.maxdict, self.maxstring, self.maxother = 3, 6, 4, 80, 80

    def repr_LineDict(self, value: LineDict, level: int) -> str:
        """Write a mapping read from a file like a dict."""
        return self.repr_dict(value, level)


_BRIEF = _Brief()


def _shown(value: Any) -> str:
    """Return a value for a message, cut to 80 characters before it is written out in full."""
    text = _BRIEF.repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


_SLOW = object()


def _fast(value: Any, spec: FieldSpec) -> Any:
    """Return the common values that are fine as written, or ``_SLOW`` for the path that explains problems.

    A corpus of a million triples has half a million values: checking them without building an error
    helper for each halves the time the schema takes.
    """
    kind = spec.kind
    kind_of_value = type(value)
    if kind_of_value is str:
        if kind == "text":
            return value if value.strip() else _SLOW
        # Ids and choices recur in every record: one string each, not one per record that names it.
        if kind == "id" or kind == "slug" or kind == "reporter":
            return sys.intern(value) if SLUG.match(value) else _SLOW
        if kind == "choice":
            return sys.intern(value) if value in spec.choices else _SLOW
        if kind == "when" and ISO_DAY.match(value):
            try:
                day = dt.date.fromisoformat(value)
            except ValueError:
                return _SLOW
            return When(day, day)
    elif kind_of_value is list and kind == "ids" and value:
        if all(type(item) is str and SLUG.match(item) for item in value):
            return [sys.intern(item) for item in value]
    elif kind_of_value is int and kind == "int" and 0 <= value <= MAX_INTEGER:
        return value
    return _SLOW


class _Bad:
    """Make the error of one field: its name, its record and where it stands."""

    def __init__(self, spec: FieldSpec, value: Any, label: str, file: str, line: int) -> None:
        self.spec, self.value, self.label, self.file, self.line = spec, value, label, file, line

    def __call__(self, expected: str, shown: Any = _SLOW) -> InputError:
        shown = self.value if shown is _SLOW else shown
        return InputError(
            f"field {self.spec.name!r} of {self.label} must be {expected}, found {_shown(shown)}",
            file=self.file,
            line=self.line,
            value=shown,
        )

    def item(self, value: Any, kind: FieldKind) -> Any:
        """Parse one item of a list field as a field of ``kind``."""
        spec = FieldSpec(self.spec.name, kind)
        return parse_value(value, spec, label=self.label, file=self.file, line=self.line)


def parse_value(value: Any, spec: FieldSpec, *, label: str, file: str, line: int) -> Any:
    """Return the parsed value of one field; raise InputError naming the field, the value and the line."""
    parsed = _fast(value, spec)
    if parsed is not _SLOW:
        return parsed
    return _PARSERS[spec.kind](value, spec, _Bad(spec, value, label, file, line))


def _text(value: Any, spec: FieldSpec, bad: _Bad) -> str:
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise bad("text")
    text = str(value)
    if not text.strip():
        raise bad("non-empty text")
    return text


def _texts(value: Any, spec: FieldSpec, bad: _Bad) -> list[str]:
    if not isinstance(value, list):
        raise bad("a list of texts")
    return [bad.item(item, "text") for item in value]


def _slug(value: Any, spec: FieldSpec, bad: _Bad) -> str:
    if not isinstance(value, str) or not SLUG.match(value):
        raise bad("an id (lowercase letters, digits and hyphens, e.g. 'hulusi-akar')")
    return value


def _ids(value: Any, spec: FieldSpec, bad: _Bad) -> list[str]:
    items = value if isinstance(value, list) else [value]
    if not items:
        raise bad("a non-empty list of ids")
    return [bad.item(item, "id") for item in items]


def _choice(value: Any, spec: FieldSpec, bad: _Bad) -> str:
    if value not in spec.choices:
        raise bad(f"one of {', '.join(spec.choices)}")
    return str(value)


def _date(value: Any, spec: FieldSpec, bad: _Bad) -> dt.date:
    text = str(value)
    if not ISO_DAY.match(text):
        raise bad("a date written YYYY-MM-DD")
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise bad("a date that exists (YYYY-MM-DD)") from None


def _when(value: Any, spec: FieldSpec, bad: _Bad) -> When:
    if isinstance(value, LineDict):
        unknown = set(value) - {"earliest", "latest"}
        if unknown or "earliest" not in value or "latest" not in value:
            raise bad("a date or {earliest: DATE, latest: DATE}")
        earliest, latest = _date(value["earliest"], spec, bad), _date(value["latest"], spec, bad)
        if earliest > latest:
            raise bad("a range whose earliest day is not after its latest day")
        return When(earliest, latest)
    day = _date(value, spec, bad)
    return When(day, day)


def _datetime(value: Any, spec: FieldSpec, bad: _Bad) -> dt.datetime:
    try:
        return dt.datetime.fromisoformat(str(value))
    except ValueError:
        raise bad("a date and time such as 2020-03-06T00:01:00") from None


_AT_MOST = f"at most {MAX_INTEGER:,}, 2**63 - 1: the store and the checks hold 64-bit integers"


def _is_whole(value: Any, least: int = 0) -> bool:
    return not isinstance(value, bool) and isinstance(value, int) and least <= value <= MAX_INTEGER


def _int(value: Any, spec: FieldSpec, bad: _Bad) -> int:
    if not _is_whole(value):
        raise bad(f"a whole number, 0 or more ({_AT_MOST})")
    return int(value)


def _decimal(value: Any, spec: FieldSpec, bad: _Bad) -> Decimal:
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        raise bad("a number") from None
    if isinstance(value, bool) or not number.is_finite() or number < 0:
        raise bad("a number, 0 or more")
    return number


_A_URL = "an http(s) URL with a host and no spaces or control characters"


def _url(value: Any, spec: FieldSpec, bad: _Bad) -> str:
    if not isinstance(value, str) or not is_url(value):
        raise bad(_A_URL)
    return value


def _wikidata(value: Any, spec: FieldSpec, bad: _Bad) -> str:
    if not isinstance(value, str) or not WIKIDATA.match(value):
        raise bad("a Wikidata item id such as Q43")
    return value


def _wkt(value: Any, spec: FieldSpec, bad: _Bad) -> str:
    if not isinstance(value, str) or not WKT_POINT.match(value):
        raise bad("a WKT point POINT(LONGITUDE LATITUDE), e.g. POINT(36.6 35.8)")
    return value


def _reporter(value: Any, spec: FieldSpec, bad: _Bad) -> str:
    if isinstance(value, list):
        raise bad(
            "one actor id: an account is one reporter's version, so write one account (entry) per reporter, "
            "each with its own evidence"
        )
    return _slug(value, spec, bad)


def _period(value: Any, spec: FieldSpec, bad: _Bad) -> Period:
    if not isinstance(value, LineDict) or "from" not in value or set(value) - {"from", "to"}:
        raise bad("a period {from: DATE, to: DATE} ('to' may be left out: up to the source's date)")
    start = _date(value["from"], spec, bad)
    end = None if value.get("to") is None else _date(value["to"], spec, bad)
    if end is not None and end < start:
        raise bad("a period whose 'from' is not after its 'to'")
    return Period(start, end)


def _count_number(value: Any, key: str, bad: _Bad) -> int:
    if not _is_whole(value):
        raise bad(f"a whole number, 0 or more, after {key!r} ({_AT_MOST})", value)
    return int(value)


_QUANTITY_FORMS = (
    "a whole number or a mapping with one of "
    + ", ".join(f"{key}: {'WORD' if key == VAGUE_KEY else 'N'}" for key in PRECISION_KEYS)
    + ", or {best: N, low: N, high: N}"
)


def _quantity(value: Any, spec: FieldSpec, bad: _Bad) -> Quantity:
    if isinstance(value, int) and not isinstance(value, bool):
        return Quantity("exact", _count_number(value, spec.name, bad))
    if not isinstance(value, LineDict):
        raise bad(_QUANTITY_FORMS)
    keys = set(value)
    if "best" in keys:
        if keys - set(ESTIMATE_KEYS):
            raise bad(_QUANTITY_FORMS)
        low = None if value.get("low") is None else _count_number(value["low"], "low", bad)
        high = None if value.get("high") is None else _count_number(value["high"], "high", bad)
        best = _count_number(value["best"], "best", bad)
        if (low is not None and low > best) or (high is not None and high < best):
            raise bad("an estimate with low <= best <= high")
        return Quantity(ESTIMATE_PRECISION, best, low=low, high=high)
    if len(keys) != 1 or not keys <= set(PRECISION_KEYS):
        raise bad(_QUANTITY_FORMS)
    (key,) = keys
    if key == VAGUE_KEY:
        word = value[key]
        if not isinstance(word, str) or not word.strip():
            raise bad("a word after 'vague' (vague: several)", word)
        return Quantity(PRECISION_KEYS[key], word=word)
    return Quantity(PRECISION_KEYS[key], _count_number(value[key], key, bad))


def _casualties(value: Any, spec: FieldSpec, bad: _Bad) -> list[Casualty]:
    if not isinstance(value, list) or not value:
        raise bad("a list of {what: ..., of: ..., count: ...} figures")
    figures = []
    for item in value:
        if not isinstance(item, LineDict) or set(item) - set(CASUALTY_KEYS) or "count" not in item:
            raise bad(
                "a figure {what: KIND, of: ACTOR, count: N, period: {from, to}} (what, count required)", item
            )
        what = item.get("what")
        if what not in CASUALTY_KINDS:
            raise bad(f"a figure whose 'what' is one of {', '.join(CASUALTY_KINDS)}", what)
        of = None if item.get("of") is None else _slug(item["of"], spec, bad)
        period = None if item.get("period") is None else _period(item["period"], spec, bad)
        figures.append(Casualty(str(what), _quantity(item["count"], spec, bad), of, period))
    return figures


def _perpetrators(value: Any, spec: FieldSpec, bad: _Bad) -> Perpetrators:
    if not isinstance(value, LineDict) or len(value) != 1 or not ({"one_of", "all_of"} & set(value)):
        raise bad("{one_of: [ids]} or {all_of: [ids]}")
    mode = next(iter(value))
    candidates = _ids(value[mode], spec, bad)
    if mode == "one_of" and len(candidates) < 2:
        raise bad("{one_of: [...]} with at least two candidates", value[mode])
    return Perpetrators(mode, tuple(candidates))


def _evidence(value: Any, spec: FieldSpec, bad: _Bad) -> list[EvidenceItem]:
    if not isinstance(value, list) or not value:
        raise bad("a non-empty list of evidence items ({quote: ...} or {article: ...})")
    return [_evidence_item(item, bad) for item in value]


def _evidence_item(item: Any, bad: _Bad) -> EvidenceItem:
    if not isinstance(item, LineDict):
        raise bad("a list of {quote: ...} or {article: ...} items", item)
    unknown = set(item) - set(EVIDENCE_KEYS)
    if unknown:
        raise InputError(
            f"unknown field {sorted(unknown)[0]!r} in an evidence item (known fields: "
            f"{', '.join(EVIDENCE_KEYS)})",
            file=bad.file,
            line=item.line,
            value=sorted(unknown)[0],
        )
    if ("quote" in item) == ("article" in item):
        raise bad("an evidence item with exactly one of 'quote' or 'article'", item)
    occurrence = item.get("occurrence")
    if occurrence is not None and not _is_whole(occurrence, 1):
        raise bad(f"an evidence 'occurrence' of 1 or more ({_AT_MOST})", occurrence)
    quote = item.get("quote")
    if quote is not None and (not isinstance(quote, str) or not quote.strip()):
        raise bad("a quote that is non-empty text", quote)
    url = item.get("url")
    if url is not None and (not isinstance(url, str) or not is_url(url)):
        raise bad(_A_URL, url)
    if url is not None and quote is not None:
        raise InputError(
            "an evidence item with a 'quote' has no 'url': a quote stands in the source's document, whose "
            "URL is the source's 'url' (an item's 'url' goes with its 'article')",
            file=bad.file,
            line=item.key_lines.get("url", item.line),
            value=url,
        )
    start = item.get("start")
    if start is not None and (
        isinstance(start, bool) or not isinstance(start, int) or not 0 <= start <= MAX_INTEGER
    ):
        raise bad("an evidence 'start' offset of 0 or more", start)
    article = item.get("article")
    return EvidenceItem(item.line, quote, occurrence, None if article is None else str(article), url, start)


_PARSERS: dict[FieldKind, Callable[[Any, FieldSpec, _Bad], Any]] = {
    "slug": _slug,
    "id": _slug,
    "ids": _ids,
    "reporter": _reporter,
    "text": _text,
    "texts": _texts,
    "choice": _choice,
    "date": _date,
    "when": _when,
    "period": _period,
    "datetime": _datetime,
    "int": _int,
    "decimal": _decimal,
    "url": _url,
    "wkt": _wkt,
    "wikidata": _wikidata,
    "perpetrators": _perpetrators,
    "quantity": _quantity,
    "casualties": _casualties,
    "evidence": _evidence,
}
