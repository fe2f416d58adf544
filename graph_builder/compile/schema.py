"""Declare the fields of every record in the source format and check one YAML mapping against them."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from ontology.errors import InputError
from ontology.namespaces import PLOVER_SCHEME, STATUS_SCHEME, TEXT_KIND_SCHEME
from ontology.terms import concepts, subclasses
from ontology.text import ISO_DAY, SLUG

from .yamlio import LineDict

# The kinds a source may name are the ontology's own classes and concepts, so the two cannot drift apart.
ACTOR_KINDS = subclasses("Actor")
AGREEMENT_KINDS = subclasses("Agreement")
PROVISION_KINDS = subclasses("Provision")
EVENT_TYPES = subclasses("Event")
STATUSES = concepts(str(STATUS_SCHEME))
TEXT_KINDS = concepts(str(TEXT_KIND_SCHEME))
PLOVER_CATEGORIES = concepts(str(PLOVER_SCHEME))
RELATIONSHIP_TYPES = ("backs", "officially-does-not-back", "leads", "part-of")
SOURCE_KINDS = ("article", "record")
WIKIDATA = re.compile(r"^Q[1-9][0-9]*$")


@dataclass(frozen=True)
class Field:
    """Describe one field: how to read its value, whether it is required, which ids it may name."""

    kind: str
    required: bool = False
    ref: str | None = None
    choices: tuple[str, ...] = ()


@dataclass(frozen=True)
class When:
    """Hold a day, or the range of days a vaguely dated fact must lie in."""

    earliest: dt.date
    latest: dt.date

    @property
    def exact(self) -> dt.date | None:
        """Return the day when the range is a single day."""
        return self.earliest if self.earliest == self.latest else None


@dataclass(frozen=True)
class EvidenceItem:
    """Hold one evidence item: a quote of the document (articles) or an article of a record."""

    line: int
    quote: str | None = None
    occurrence: int | None = None
    article: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class Perpetrators:
    """Hold who is said to have done an event: all of the candidates, or exactly one of them."""

    mode: str
    candidates: tuple[str, ...]


@dataclass
class Record:
    """Hold one checked mapping of a source file: its section, id, parsed values and where it stands."""

    section: str
    id: str
    values: dict[str, Any]
    file: str
    line: int
    key_lines: dict[str, int] = field(default_factory=dict)
    source_id: str | None = None

    def line_of(self, key: str) -> int:
        """Return the line of one field, or of the record when the field is absent."""
        return self.key_lines.get(key, self.line)


_WHEN = Field("when")
_EVIDENCE = Field("evidence", required=True)
_REPORTED_BY = Field("ids", required=True, ref="actor")

SCHEMAS: dict[str, dict[str, Field]] = {
    "actors": {
        "id": Field("slug", required=True),
        "kind": Field("choice", required=True, choices=ACTOR_KINDS),
        "name": Field("text", required=True),
        "aliases": Field("texts"),
        "wikidata": Field("wikidata"),
        "description": Field("text"),
    },
    "places": {
        "id": Field("slug", required=True),
        "name": Field("text", required=True),
        "aliases": Field("texts"),
        "wikidata": Field("wikidata"),
        "description": Field("text"),
        "part_of": Field("id", ref="place"),
    },
    "agreement_entities": {
        "id": Field("slug", required=True),
        "kind": Field("choice", required=True, choices=AGREEMENT_KINDS),
        "name": Field("text", required=True),
        "aliases": Field("texts"),
        "description": Field("text"),
    },
    "source": {
        "id": Field("slug", required=True),
        "kind": Field("choice", required=True, choices=SOURCE_KINDS),
        "title": Field("text", required=True),
        "publisher": Field("id", required=True, ref="actor"),
        "published": Field("when", required=True),
        "url": Field("url"),
        "language": Field("text"),
        "furniture": Field("texts"),
    },
    "agreements": {
        "id": Field("slug", required=True),
        "agreement": Field("id", required=True, ref="agreement"),
        "parties": Field("ids", ref="actor"),
        "signed_on": Field("date"),
        "signed_at": Field("id", ref="place"),
        "supplements": Field("ids", ref="agreement"),
        "recalls": Field("ids", ref="agreement"),
        "pax_id": Field("text"),
        "stage": Field("text"),
        "peace_process": Field("text"),
        "url": Field("url"),
        "evidence": _EVIDENCE,
    },
    "provisions": {
        "id": Field("slug", required=True),
        "agreement": Field("id", required=True, ref="agreement"),
        "kind": Field("choice", required=True, choices=PROVISION_KINDS),
        "article": Field("text"),
        "text": Field("text", required=True),
        "applies_to": Field("ids", ref="place"),
        "effective_from": Field("datetime"),
        "start_date": Field("date"),
        "deadline": Field("date"),
        "within_days": Field("int"),
        "width_km": Field("decimal"),
        "min_width_km": Field("decimal"),
        "max_width_km": Field("decimal"),
        "road": Field("id", ref="place"),
        "route_from": Field("id", ref="place"),
        "route_to": Field("id", ref="place"),
        "evidence": _EVIDENCE,
    },
    "events": {
        "id": Field("slug", required=True),
        "type": Field("choice", required=True, choices=EVENT_TYPES),
        "label": Field("text", required=True),
        "date": Field("when", required=True),
        "date_note": Field("text"),
        "status": Field("choice", required=True, choices=STATUSES),
        "count": Field("int"),
        "place": Field("id", ref="place"),
        "destination": Field("id", ref="place"),
        "participants": Field("ids", ref="actor"),
        "performed_by": Field("ids", ref="actor"),
        "escorted_party": Field("ids", ref="actor"),
        "initiated_by": Field("ids", ref="actor"),
        "perpetrators": Field("perpetrators", ref="actor"),
        "concerns": Field("ids", ref="provision"),
        "plover": Field("choice", choices=PLOVER_CATEGORIES),
        "reported_by": _REPORTED_BY,
        "evidence": _EVIDENCE,
    },
    "statements": {
        "id": Field("slug", required=True),
        "speaker": Field("id", required=True, ref="actor"),
        "date": Field("when", required=True),
        "date_note": Field("text"),
        "text": Field("text", required=True),
        "text_kind": Field("choice", required=True, choices=TEXT_KINDS),
        "about": Field("ids", ref="any"),
        "plover": Field("choice", choices=PLOVER_CATEGORIES),
        "reported_by": _REPORTED_BY,
        "evidence": _EVIDENCE,
    },
    "relationships": {
        "id": Field("slug", required=True),
        "type": Field("choice", required=True, choices=RELATIONSHIP_TYPES),
        "from": Field("id", required=True, ref="actor"),
        "to": Field("id", required=True, ref="actor"),
        "title": Field("text"),
        "rank": Field("text"),
        "reported_by": _REPORTED_BY,
        "evidence": _EVIDENCE,
    },
}

#: Sections of facts.yaml that hold lists of facts, in the order they are read.
FACT_SECTIONS = ("agreements", "provisions", "events", "statements", "relationships")
#: Sections of entities.yaml.
ENTITY_SECTIONS = {"actors": "actors", "places": "places", "agreements": "agreement_entities"}

_SINGULAR = {
    "actors": "actor",
    "places": "place",
    "agreement_entities": "agreement",
    "source": "source",
    "agreements": "agreement fact",
    "provisions": "provision",
    "events": "event",
    "statements": "statement",
    "relationships": "relationship",
}


def describe(schema: str) -> str:
    """Return the human name of a record kind, e.g. ``event``."""
    return _SINGULAR[schema]


def check_record(mapping: Any, schema: str, *, file: str, line: int, source_id: str | None = None) -> Record:
    """Check one mapping against its schema and return it as a Record with parsed values."""
    what = describe(schema)
    if not isinstance(mapping, LineDict):
        raise InputError(
            f"expected a mapping for a {what}, found {_shown(mapping)}", file=file, line=line, value=mapping
        )
    fields = SCHEMAS[schema]
    for key in mapping:
        if key not in fields:
            raise InputError(
                f"unknown field {key!r} in a {what} (known fields: {', '.join(fields)})",
                file=file,
                line=mapping.key_lines[key],
                value=key,
            )
    record_id = mapping.get("id")
    label = f"{what} {record_id!r}" if isinstance(record_id, str) else f"a {what}"
    values: dict[str, Any] = {}
    for name, spec in fields.items():
        if name not in mapping or mapping[name] is None:
            if spec.required:
                raise InputError(f"missing required field {name!r} in {label}", file=file, line=mapping.line)
            continue
        at = mapping.key_lines[name]
        values[name] = _parse(mapping[name], spec, name=name, label=label, file=file, line=at)
    if schema == "relationships" and values["type"] != "leads":
        for name in ("title", "rank"):
            if name in values:
                raise InputError(
                    f"field {name!r} of {label} belongs to a 'leads' relationship, not {values['type']!r}",
                    file=file, line=mapping.key_lines[name], value=values[name],
                )  # fmt: skip
    return Record(schema, values["id"], values, file, mapping.line, dict(mapping.key_lines), source_id)


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


_SLOW = object()


def _fast(value: Any, spec: Field) -> Any:
    """Return the common values that are fine as written, or ``_SLOW`` for the path that explains problems.

    A corpus of a million triples has half a million values: checking them without building an error
    helper for each halves the time the schema takes.
    """
    kind = spec.kind
    kind_of_value = type(value)
    if kind_of_value is str:
        if kind == "text":
            return value if value.strip() else _SLOW
        if kind == "id" or kind == "slug":
            return value if SLUG.match(value) else _SLOW
        if kind == "choice":
            return value if value in spec.choices else _SLOW
        if kind == "when" and ISO_DAY.match(value):
            try:
                day = dt.date.fromisoformat(value)
            except ValueError:
                return _SLOW
            return When(day, day)
    elif kind_of_value is list and kind == "ids" and value:
        if all(type(item) is str and SLUG.match(item) for item in value):
            return list(value)
    elif kind_of_value is int and kind == "int" and value >= 0:
        return value
    return _SLOW


def _parse(value: Any, spec: Field, *, name: str, label: str, file: str, line: int) -> Any:
    parsed = _fast(value, spec)
    if parsed is not _SLOW:
        return parsed

    def bad(expected: str, shown: Any = value) -> InputError:
        return InputError(
            f"field {name!r} of {label} must be {expected}, found {_shown(shown)}",
            file=file,
            line=line,
            value=shown,
        )

    kind = spec.kind
    if kind == "text":
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            raise bad("text")
        text = str(value)
        if not text.strip():
            raise bad("non-empty text")
        return text
    if kind == "texts":
        if not isinstance(value, list):
            raise bad("a list of texts")
        return [_parse(item, Field("text"), name=name, label=label, file=file, line=line) for item in value]
    if kind in ("slug", "id"):
        if not isinstance(value, str) or not SLUG.match(value):
            raise bad("an id (lowercase letters, digits and hyphens, e.g. 'hulusi-akar')")
        return value
    if kind == "ids":
        items = value if isinstance(value, list) else [value]
        if not items:
            raise bad("a non-empty list of ids")
        return [_parse(item, Field("id"), name=name, label=label, file=file, line=line) for item in items]
    if kind == "choice":
        if value not in spec.choices:
            raise bad(f"one of {', '.join(spec.choices)}")
        return value
    if kind == "date":
        return _date(value, bad)
    if kind == "when":
        if isinstance(value, LineDict):
            unknown = set(value) - {"earliest", "latest"}
            if unknown or "earliest" not in value or "latest" not in value:
                raise bad("a date or {earliest: DATE, latest: DATE}")
            earliest, latest = _date(value["earliest"], bad), _date(value["latest"], bad)
            if earliest > latest:
                raise bad("a range whose earliest day is not after its latest day")
            return When(earliest, latest)
        day = _date(value, bad)
        return When(day, day)
    if kind == "datetime":
        try:
            return dt.datetime.fromisoformat(str(value))
        except ValueError:
            raise bad("a date and time such as 2020-03-06T00:01:00") from None
    if kind == "int":
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise bad("a whole number, 0 or more")
        return value
    if kind == "decimal":
        try:
            number = Decimal(str(value))
        except InvalidOperation:
            raise bad("a number") from None
        if isinstance(value, bool) or not number.is_finite() or number < 0:
            raise bad("a number, 0 or more")
        return number
    if kind == "url":
        if not isinstance(value, str) or not re.match(r"^https?://[^\s<>\"{}|\\^`]+$", value):
            raise bad("an http(s) URL")
        return value
    if kind == "wikidata":
        if not isinstance(value, str) or not WIKIDATA.match(value):
            raise bad("a Wikidata item id such as Q43")
        return value
    if kind == "perpetrators":
        if not isinstance(value, LineDict) or len(value) != 1 or not ({"one_of", "all_of"} & set(value)):
            raise bad("{one_of: [ids]} or {all_of: [ids]}")
        mode = next(iter(value))
        candidates = _parse(value[mode], Field("ids"), name=name, label=label, file=file, line=line)
        if mode == "one_of" and len(candidates) < 2:
            raise bad("{one_of: [...]} with at least two candidates", value[mode])
        return Perpetrators(mode, tuple(candidates))
    if kind == "evidence":
        if not isinstance(value, list) or not value:
            raise bad("a non-empty list of evidence items ({quote: ...} or {article: ...})")
        return [_evidence(item, bad, file) for item in value]
    raise AssertionError(f"unhandled field kind {kind}")


def _date(value: Any, bad: Any) -> dt.date:
    text = str(value)
    if not ISO_DAY.match(text):
        raise bad("a date written YYYY-MM-DD")
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise bad("a date that exists (YYYY-MM-DD)") from None


def _evidence(item: Any, bad: Any, file: str) -> EvidenceItem:
    if not isinstance(item, LineDict):
        raise bad("a list of {quote: ...} or {article: ...} items", item)
    unknown = set(item) - {"quote", "occurrence", "article", "url"}
    if unknown:
        raise InputError(
            f"unknown field {sorted(unknown)[0]!r} in an evidence item (known fields: quote, "
            "occurrence, article, url)",
            file=file,
            line=item.line,
            value=sorted(unknown)[0],
        )
    if ("quote" in item) == ("article" in item):
        raise bad("an evidence item with exactly one of 'quote' or 'article'", item)
    occurrence = item.get("occurrence")
    if occurrence is not None and (
        isinstance(occurrence, bool) or not isinstance(occurrence, int) or occurrence < 1
    ):
        raise bad("an evidence 'occurrence' of 1 or more", occurrence)
    quote = item.get("quote")
    if quote is not None and (not isinstance(quote, str) or not quote.strip()):
        raise bad("a quote that is non-empty text", quote)
    url = item.get("url")
    if url is not None and (not isinstance(url, str) or not url.startswith(("http://", "https://"))):
        raise bad("an http(s) URL", url)
    article = item.get("article")
    return EvidenceItem(item.line, quote, occurrence, None if article is None else str(article), url)
