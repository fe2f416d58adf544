"""Read an ACLED export (the layout since March 2023, or that of 2019–2023) into event accounts.

Each row is one account by ACLED: its event type and sub-event type as concepts of the ACLED scheme, its day
or the range the time precision gives, its place through the alias table, its coordinates with their
precision, actor1, actor2 and the associated actors as participants (ACLED implies no direction), its
fatalities as a casualty figure (ACLED's coded figure: a claim), and its notes as the evidence.
"""

from __future__ import annotations

import calendar
import csv
import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from ontology.errors import InputError

from .aliases import AliasTable, normalise
from .dates import DateProblem, parse_day
from .rows import Dated, Filters, GeoPrecision, RowAccount, RowProblems, broader_of, concept_ids

Layout = Literal["2023", "2019"]

#: The columns of each layout, in the order ACLED writes them.
LAYOUTS: dict[Layout, tuple[str, ...]] = {
    "2023": (
        "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
        "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
        "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3",
        "location", "latitude", "longitude", "geo_precision", "source", "source_scale", "notes", "fatalities",
        "tags", "timestamp",
    ),
    "2019": (
        "data_id", "iso", "event_id_cnty", "event_id_no_cnty", "event_date", "year", "time_precision",
        "event_type", "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2",
        "inter2", "interaction", "region", "country", "admin1", "admin2", "admin3", "location", "latitude",
        "longitude", "geo_precision", "source", "source_scale", "notes", "fatalities", "timestamp", "iso3",
    ),
}  # fmt: skip
#: The columns the import reads, in both layouts.
NEEDED = (
    "event_id_cnty", "event_date", "year", "time_precision", "event_type", "sub_event_type", "actor1",
    "assoc_actor_1", "actor2", "assoc_actor_2", "country", "admin1", "admin2", "admin3", "location",
    "latitude", "longitude", "geo_precision", "source", "notes", "fatalities",
)  # fmt: skip
#: Columns only files from before March 2019 have (their event types are others too).
PRE_2019_COLUMNS = ("gwno", "ally_actor_1", "event_id_no_cnty_old")
#: Event types of files from before March 2019.
PRE_2019_TYPES = frozenset(
    {
        "Battle-No change of territory",
        "Battle-Government regains territory",
        "Battle-Non-state actor overtakes territory",
        "Remote violence",
        "Riots/Protests",
        "Strategic development",
    }
)
GEO_PRECISIONS: dict[str, GeoPrecision] = {"1": "town", "2": "near-town", "3": "region"}
#: The ACLED concepts by their label in exports (``Armed clash``), and each sub-type's event type.
CONCEPTS = concept_ids("acled")
BROADER = broader_of("acled")
#: Days either side of event_date when ACLED knows only the week (time precision 2).
WEEK_SPREAD = 3


@dataclass(frozen=True)
class AcledOptions:
    """Hold how an ACLED file is read: the date format (None: the forms ACLED's files hold), filters."""

    date_format: str | None = None
    filters: Filters = field(default_factory=Filters)
    new_actors: bool = False


#: The kind of actor an inter code stands for, for an actor made by ``--new-actors`` (None: no actor kind
#: fits: rioters, protesters and civilians are people, not an organisation of the graph).
INTER_KINDS: dict[str, str | None] = {
    "1": "MilitaryForce", "state forces": "MilitaryForce",
    "2": "ArmedGroup", "rebel groups": "ArmedGroup",
    "3": "ArmedGroup", "political militias": "ArmedGroup",
    "4": "ArmedGroup", "identity militias": "ArmedGroup",
    "5": None, "rioters": None,
    "6": None, "protesters": None,
    "7": None, "civilians": None,
    "8": "MilitaryForce", "external/other forces": "MilitaryForce",
}  # fmt: skip


def read_header(path: Path, shown: str) -> tuple[Layout | None, list[str]]:
    """Return the layout of an ACLED file and its header; raise InputError for a file no import reads."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        header = next(csv.reader(handle), None)
    if header is None:
        raise InputError("empty file: expected ACLED's header line", file=shown, line=1)
    names = [name.strip().lower() for name in header]
    if any(column in names for column in PRE_2019_COLUMNS):
        raise InputError(
            "an ACLED file from before March 2019: its event types are others (Remote violence, "
            "Riots/Protests, …); export the data again in the current layout",
            file=shown,
            line=1,
            value=", ".join(c for c in PRE_2019_COLUMNS if c in names),
        )
    missing = [column for column in NEEDED if column not in names]
    if missing:
        raise InputError(
            f"missing column(s) {', '.join(missing)}: not an ACLED export of 2019 or later",
            file=shown,
            line=1,
        )
    layout: Layout | None = next((name for name, cols in LAYOUTS.items() if names == list(cols)), None)
    return layout, names


def rows(
    path: Path, *, shown: str, aliases: AliasTable, options: AcledOptions, problems: RowProblems
) -> Iterator[tuple[int, RowAccount | None]]:
    """Yield (line, account) for each row (None for one a filter leaves out); note each bad row's problems."""
    _, names = read_header(path, shown)
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        next(reader)
        end = 1
        for values in reader:
            line = end + 1  # a quoted newline makes a row span lines: it starts after the last one ended
            end = reader.line_num
            if not any(v.strip() for v in values):
                continue
            if len(values) != len(names):
                problems.add(line, f"{len(values)} fields, but the header has {len(names)}", len(values))
                yield line, None
                continue
            yield line, _account(dict(zip(names, values, strict=True)), line, aliases, options, problems)


def _account(
    row: dict[str, str], line: int, aliases: AliasTable, options: AcledOptions, problems: RowProblems
) -> RowAccount | None:
    filters = options.filters
    if not filters.keeps_place(row["country"], row["admin1"]):
        return None
    before = problems.count()
    dated = _dated(row, line, options, problems)
    if dated is not None and not dated.within(filters.since, filters.until):
        return None
    event_type, sub_type = _types(row, line, problems)
    participants: list[str] = []
    one_of: tuple[str, ...] = ()
    for column in ("actor1", "assoc_actor_1", "actor2", "assoc_actor_2"):
        inter = row.get("inter1" if column.endswith("1") else "inter2", "").strip().lower()
        for name in _names(row[column], split=column.startswith("assoc")):
            alias = aliases.actor(name)
            if alias is None and options.new_actors and INTER_KINDS.get(inter):
                alias = aliases.new_actor(name, INTER_KINDS[inter] or "", "ACLED")
            if alias is None:
                problems.unknown_name("actor", normalise(name), line)
            elif alias.one_of:
                if one_of:
                    problems.add(line, "a second '… and/or …' actor: an account has one alternative", name)
                one_of = alias.ids
            else:
                participants.extend(i for i in alias.ids if i not in participants)
    cites: list[str] = []
    for name in _names(row["source"], split=True):
        alias = aliases.actor(name)
        if alias is None and options.new_actors:
            alias = aliases.new_actor(name, "NewsMedia", "ACLED")
        if alias is None:
            problems.unknown_name("cited reporter", normalise(name), line)
        else:
            cites.extend(i for i in alias.ids if i not in cites)
    fatalities = row["fatalities"].strip()
    if not fatalities.isdigit():
        problems.add(line, "fatalities must be a whole number, 0 or more", fatalities)
    coordinates = _point(row, line, problems)
    geo = GEO_PRECISIONS.get(row["geo_precision"].strip())
    if geo is None:
        problems.add(line, "geo_precision must be 1, 2 or 3", row["geo_precision"])
    after = problems.count()
    if after != before or dated is None or event_type is None:
        return None
    event_id = row["event_id_cnty"].strip()
    place_names = [row[c].strip() for c in ("location", "admin3", "admin2", "admin1", "country")]
    place = next((p for p in map(aliases.place, filter(None, place_names)) if p is not None), None)
    where = ", ".join(dict.fromkeys(n for n in (row["location"], row["admin1"], row["country"]) if n.strip()))
    type_label, sub_label = row["event_type"].strip(), row["sub_event_type"].strip()
    sources = row["source"].strip()
    header = f"ACLED {event_id} · {row['event_date'].strip()} · {type_label} / {sub_label} · {where}" + (
        f" · sources: {sources}" if sources else ""
    )
    extra = {"acled_type": event_type}
    if sub_type is not None:
        extra["acled_sub_type"] = sub_type
    return RowAccount(
        event_id=_slug("acled", event_id),
        label=f"{sub_label or type_label} in {where} (ACLED {event_id})",
        reporter="acled",
        dated=dated,
        header=header,
        notes=row["notes"],
        participants=participants,
        one_of=one_of,
        cites=cites,
        place=place,
        admin_area=aliases.place(row["admin1"]) if row["admin1"].strip() else None,
        coordinates=coordinates,
        geo_precision=geo,
        casualties=[{"what": "killed", "count": int(fatalities)}],
        extra=extra,
        details=f"Sources cited by ACLED: {sources}" if sources else None,
    )


def _slug(dataset: str, event_id: str) -> str:
    return f"{dataset}-" + "-".join("".join(c if c.isalnum() else " " for c in event_id.lower()).split())


def _names(value: str, *, split: bool) -> list[str]:
    names = value.split(";") if split else [value]
    return [normalise(name) for name in names if name.strip()]


def _dated(row: dict[str, str], line: int, options: AcledOptions, problems: RowProblems) -> Dated | None:
    try:
        day = parse_day(row["event_date"], date_format=options.date_format)
    except DateProblem as problem:
        problems.add(line, f"event_date: {problem}", row["event_date"])
        return None
    year = row["year"].strip()
    if year != str(day.year):
        problems.add(line, f"event_date {row['event_date'].strip()!r} is in {day.year}, but year is", year)
        return None
    precision = row["time_precision"].strip()
    if precision == "1":
        return Dated(day, day, "day")
    if precision == "2":
        spread = dt.timedelta(days=WEEK_SPREAD)
        return Dated(day - spread, day + spread, "week")
    if precision == "3":
        last = calendar.monthrange(day.year, day.month)[1]
        return Dated(day.replace(day=1), day.replace(day=last), "month")
    problems.add(line, "time_precision must be 1, 2 or 3", precision)
    return None


def _types(row: dict[str, str], line: int, problems: RowProblems) -> tuple[str | None, str | None]:
    type_label, sub_label = row["event_type"].strip(), row["sub_event_type"].strip()
    event_type = CONCEPTS.get(type_label)
    if event_type is None or BROADER[event_type] is not None:
        hint = " (an event type of ACLED files before March 2019)" if type_label in PRE_2019_TYPES else ""
        problems.add(line, f"unknown ACLED event type{hint}", type_label)
        return None, None
    if not sub_label:
        return event_type, None
    sub_type = CONCEPTS.get(sub_label)
    if sub_type is None or BROADER[sub_type] != event_type:
        problems.add(line, f"unknown ACLED sub-event type of {type_label!r}", sub_label)
        return None, None
    return event_type, sub_type


def _point(row: dict[str, str], line: int, problems: RowProblems) -> str | None:
    try:
        latitude, longitude = float(row["latitude"]), float(row["longitude"])
    except ValueError:
        problems.add(line, "latitude and longitude must be numbers", f"{row['latitude']}, {row['longitude']}")
        return None
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        problems.add(line, "latitude or longitude out of range", f"{latitude}, {longitude}")
        return None
    return wkt_point(longitude, latitude)


def wkt_point(longitude: float, latitude: float) -> str:
    """Return a WKT point (longitude first, as WKT in WGS 84 writes it) with up to six decimals."""

    def shown(number: float) -> str:
        return format(number, ".6f").rstrip("0").rstrip(".") if number else "0"

    return f"POINT({shown(longitude)} {shown(latitude)})"
