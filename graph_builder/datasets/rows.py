"""Turn the rows of an event dataset into one machine-made source folder: facts.jsonl and document.txt.

A dataset reader (ACLED, UCDP GED) maps each CSV row onto a ``RowAccount``; ``import_rows`` collects every
problem of every row (a file with problems writes nothing), and ``SourceWriter`` streams the accounts into a
staging folder beside the sources, which replaces the source folder in one rename when the file is read
through. Each account quotes its row's text (the notes) in the document at the offset it was written at.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import secrets
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Literal

from graph_builder.compile.loader import DOCUMENT_FILE
from ontology.errors import InputError, InputProblems
from ontology.records import CODED_EVENT
from ontology.terms import SCHEMES

from .aliases import AliasTable

log = logging.getLogger(__name__)

#: The facts file of a machine-made source.
FACTS_JSONL = "facts.jsonl"
#: What an import records of itself beside the facts: dataset, file, date of access, filters, row counts.
IMPORT_FILE = "dataset.json"
#: At most this many lines are named for each unknown name (the message says how many more there are).
LINES_SHOWN = 5

DatePrecision = Literal["day", "days", "week", "month", "year"]
GeoPrecision = Literal["town", "near-town", "region"]


def concept_ids(prefix: str) -> dict[str, str]:
    """Return the concept ids of one scheme by their label (``Armed clash`` → ``armed-clash``)."""
    for scheme in SCHEMES:
        if scheme.iri.rstrip("/").endswith("/" + prefix):
            return {concept.label: concept.iri.rsplit("/", 1)[-1] for concept in scheme.concepts}
    raise ValueError(f"no concept scheme {prefix!r}")


def broader_of(prefix: str) -> dict[str, str | None]:
    """Return the broader concept id of each concept id of one scheme (None for a top concept)."""
    for scheme in SCHEMES:
        if scheme.iri.rstrip("/").endswith("/" + prefix):
            return {
                c.iri.rsplit("/", 1)[-1]: None if c.broader is None else c.broader.rsplit("/", 1)[-1]
                for c in scheme.concepts
            }
    raise ValueError(f"no concept scheme {prefix!r}")


@dataclass(frozen=True)
class Dated:
    """Hold a row's day, or the range its unknown day lies in, and how precise the dataset says it is."""

    earliest: dt.date
    latest: dt.date
    precision: DatePrecision

    def as_json(self) -> str | dict[str, str]:
        """Return the date as a facts file writes it: a day, or {earliest, latest}."""
        if self.earliest == self.latest:
            return self.earliest.isoformat()
        return {"earliest": self.earliest.isoformat(), "latest": self.latest.isoformat()}

    def within(self, since: dt.date | None, until: dt.date | None) -> bool:
        """Tell whether the row may lie within a window of days (a range overlapping it does)."""
        return (since is None or self.latest >= since) and (until is None or self.earliest <= until)


@dataclass
class RowAccount:
    """Hold one dataset row as one event account: what the facts line and the document block say."""

    event_id: str
    label: str
    reporter: str
    dated: Dated
    header: str  # the row's first line in the document: id, date, type, place, sources
    notes: str  # the row's text (ACLED notes, UCDP headline): the account's evidence
    participants: list[str] = field(default_factory=list)
    one_of: tuple[str, ...] = ()
    cites: list[str] = field(default_factory=list)  # the reporters the dataset names as the row's sources
    place: str | None = None
    admin_area: str | None = None
    coordinates: str | None = None
    geo_precision: GeoPrecision | None = None
    casualties: list[dict[str, object]] = field(default_factory=list)
    extra: dict[str, str] = field(default_factory=dict)  # acled_type, acled_sub_type, ucdp_violence
    details: str | None = None

    def block(self) -> tuple[str, str]:
        """Return the row's text for the document and the quote of it that is the evidence."""
        notes = self.notes.replace("\r\n", "\n").replace("\r", "\n").strip()
        text = f"{self.header}\n{notes}" if notes else self.header
        return text, notes or self.header

    def fact(self, quote: str, start: int) -> dict[str, object]:
        """Return the facts.jsonl line of the account, its evidence quoted at ``start``."""
        line: dict[str, object] = {
            "section": "events",
            "id": self.event_id,
            "type": CODED_EVENT,
            "label": self.label,
            "reported_by": self.reporter,
            **({"cites": self.cites} if self.cites else {}),
            "date": self.dated.as_json(),
            "date_precision": self.dated.precision,
            "status": "occurred",
        }
        if self.place is not None:
            line["place"] = self.place
        if self.participants:
            line["participants"] = self.participants
        if self.one_of:
            line["perpetrators"] = {"one_of": list(self.one_of)}
        if self.casualties:
            line["casualties"] = self.casualties
        if self.admin_area is not None:
            line["admin_area"] = self.admin_area
        line.update(self.extra)
        if self.coordinates is not None:
            line["coordinates"] = self.coordinates
        if self.geo_precision is not None:
            line["geo_precision"] = self.geo_precision
        if self.details:
            line["details"] = self.details
        line["evidence"] = [{"quote": quote, "start": start}]
        return line


@dataclass(frozen=True)
class Filters:
    """Hold which rows an import keeps: a country, an admin1, a window of days (None: any)."""

    country: str | None = None
    admin1: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None

    def keeps_place(self, country: str, admin1: str) -> bool:
        """Say whether a row of ``country`` and ``admin1`` (as the file spells them) passes the filters."""
        return (self.country is None or country.strip() == self.country) and (
            self.admin1 is None or admin1.strip() == self.admin1
        )

    def describe(self) -> str:
        """Return the filters in words, for the attribution (``none`` when there are none)."""
        parts = [
            f"{name} {value}"
            for name, value in (
                ("country", self.country),
                ("admin1", self.admin1),
                ("since", self.since),
                ("until", self.until),
            )
            if value is not None
        ]
        return ", ".join(parts) or "none"


@dataclass(frozen=True)
class Dataset:
    """Describe a dataset as its source records it: its name, publisher id, home page and terms."""

    name: str
    publisher: str
    url: str
    citation: str


@dataclass(frozen=True)
class ImportResult:
    """Say what an import wrote: the source folder, rows read, rows kept, fatalities and accounts."""

    folder: Path
    source_id: str
    rows: int
    kept: int
    fatalities: int
    new_actors: int


class RowProblems:
    """Collect the problems of a file's rows, with the unknown names grouped (each with its lines)."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[InputError] = []
        self.unknown: dict[str, list[int]] = {}
        self.unknown_kind: dict[str, str] = {}

    def count(self) -> int:
        """Return how many problems are noted so far (an unknown name counts once for each of its lines)."""
        return len(self.problems) + sum(len(lines) for lines in self.unknown.values())

    def add(self, line: int, message: str, value: object) -> None:
        """Note one problem of one line; the message ends with the value (whichever way errors are shown)."""
        self.problems.append(InputError(f"{message}: {value!r}", file=self.file, line=line, value=value))

    def unknown_name(self, kind: str, name: str, line: int) -> None:
        """Note a name the alias table lacks (one problem per name, whatever the count of its lines)."""
        lines = self.unknown.setdefault(name, [])
        if not lines or lines[-1] != line:
            lines.append(line)
        self.unknown_kind[name] = kind

    def raise_if_any(self, aliases: AliasTable) -> None:
        """Raise InputProblems with every problem, the unknown names listed once each with their lines."""
        problems = list(self.problems)
        for name, lines in self.unknown.items():
            shown = ", ".join(str(n) for n in lines[:LINES_SHOWN])
            more = f" and {len(lines) - LINES_SHOWN} more" if len(lines) > LINES_SHOWN else ""
            problems.append(
                InputError(
                    f"unknown {self.unknown_kind[name]} {name!r} on line(s) {shown}{more}: add it to "
                    f"{aliases.file}{aliases.unknown_actor(name)}",
                    file=self.file,
                    line=lines[0],
                    value=name,
                )
            )
        problems.sort(key=lambda p: p.line or 0)
        if problems:
            raise InputProblems(problems)


class SourceWriter:
    """Stream the accounts of one import into a staging folder; ``commit`` puts it in place of the source."""

    def __init__(
        self, sources: Path, source_id: str, *, source_line: dict[str, object], preamble: str
    ) -> None:
        self.target = sources / source_id
        self.staging = sources / f".import-{source_id}-{secrets.token_hex(4)}"
        self.staging.mkdir()
        # Kept open while the rows stream in; ``commit`` or ``discard`` closes them.
        self._facts: IO[str] = (self.staging / FACTS_JSONL).open("w", encoding="utf-8", newline="\n")
        self._document: IO[str] = (self.staging / DOCUMENT_FILE).open("w", encoding="utf-8", newline="\n")
        self._offset = 0  # characters (not bytes) written to the document: evidence offsets count characters
        self._facts.write(json.dumps(source_line, ensure_ascii=False) + "\n")
        self._write_text(preamble + "\n\n")

    def _write_text(self, text: str) -> None:
        self._document.write(text)
        self._offset += len(text)

    def add(self, account: RowAccount) -> None:
        """Write one account: its block of text in the document, its line in facts.jsonl."""
        text, quote = account.block()
        start = self._offset + text.index(quote)
        self._write_text(text + "\n\n")
        self._facts.write(json.dumps(account.fact(quote, start), ensure_ascii=False) + "\n")

    def commit(self, metadata: dict[str, object]) -> None:
        """Close the files and put the staging folder in place of the source folder (replacing it)."""
        self._facts.close()
        self._document.close()
        (self.staging / IMPORT_FILE).write_text(json.dumps(metadata, indent=2, ensure_ascii=False) + "\n")
        for name in (FACTS_JSONL, DOCUMENT_FILE, IMPORT_FILE):
            with (self.staging / name).open("rb") as handle:
                os.fsync(handle.fileno())
        old = self.target.with_name(f".replaced-{self.target.name}-{secrets.token_hex(4)}")
        if self.target.exists():
            # Two renames, each atomic: between them the source is missing, never half written.
            self.target.rename(old)
        self.staging.rename(self.target)
        shutil.rmtree(old, ignore_errors=True)

    def discard(self) -> None:
        """Close the files and remove the staging folder, leaving the source as it was."""
        self._facts.close()
        self._document.close()
        shutil.rmtree(self.staging, ignore_errors=True)


def import_rows(
    rows: Iterator[tuple[int, RowAccount | None]],
    *,
    writer: SourceWriter,
    problems: RowProblems,
    aliases: AliasTable,
    metadata: dict[str, object],
    on_row: Callable[[], None] | None = None,
) -> tuple[int, int, int]:
    """Write every account the rows give; commit only when no row had a problem.

    ``rows`` yields (line, account or None for a row left out by a filter). Return (rows read, accounts
    written, fatalities written); raise InputProblems with every problem of the file otherwise.
    """
    read = kept = fatalities = 0
    try:
        for _, account in rows:
            read += 1
            if on_row is not None:
                on_row()
            if account is None or problems.problems or problems.unknown:
                continue  # once a row is bad, the rest are only checked: nothing will be written
            writer.add(account)
            kept += 1
            fatalities += sum(_best(c["count"]) for c in account.casualties)
        problems.raise_if_any(aliases)
    except BaseException:
        writer.discard()
        raise
    writer.commit({**metadata, "rows_read": read, "accounts": kept, "fatalities": fatalities})
    log.info("imported %d of %d rows into %s", kept, read, writer.target)
    return read, kept, fatalities


def _best(count: object) -> int:
    if isinstance(count, int):
        return count
    assert isinstance(count, dict)
    best = count["best"]
    assert isinstance(best, int)
    return best
