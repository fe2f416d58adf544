"""Read a UCDP GED export (its CSV of 49 columns) into event accounts.

Each row is one account by UCDP: its type of violence, its day or range (date_start to date_end, with
date_prec), its place through the alias table, its coordinates with where_prec, side_a and side_b as
participants, the deaths as an estimate with bounds (best, low, high), and its source headline as evidence.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ontology.errors import InputError

from .acled import wkt_point
from .aliases import AliasTable, normalise
from .dates import DateProblem, parse_day
from .rows import Dated, DatePrecision, Filters, GeoPrecision, RowAccount, RowProblems

#: The columns the import reads (a GED file has 49; the others are left as they are).
NEEDED = (
    "id", "year", "type_of_violence", "conflict_name", "dyad_name", "side_a", "side_b", "source_article",
    "source_headline", "where_prec", "where_description", "adm_1", "adm_2", "latitude", "longitude",
    "date_prec", "date_start", "date_end", "best", "high", "low", "country",
)  # fmt: skip
VIOLENCE = {"1": "state-based", "2": "non-state", "3": "one-sided"}
DATE_PRECISIONS: dict[str, DatePrecision] = {"1": "day", "2": "days", "3": "week", "4": "month", "5": "year"}
GEO_PRECISIONS: dict[str, GeoPrecision] = {
    "1": "town",
    "2": "near-town",
    "3": "near-town",
    "4": "region",
    "5": "region",
    "6": "region",
    "7": "region",
}


@dataclass(frozen=True)
class UcdpOptions:
    """Hold which rows of a GED file an import keeps."""

    filters: Filters = field(default_factory=Filters)
    new_actors: bool = False


def _header(path: Path, shown: str) -> list[str]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        header = next(csv.reader(handle), None)
    if header is None:
        raise InputError("empty file: expected UCDP GED's header line", file=shown, line=1)
    names = [name.strip().lower() for name in header]
    missing = [column for column in NEEDED if column not in names]
    if missing:
        raise InputError(f"missing column(s) {', '.join(missing)}: not a UCDP GED export", file=shown, line=1)
    return names


def rows(
    path: Path, *, shown: str, aliases: AliasTable, options: UcdpOptions, problems: RowProblems
) -> Iterator[tuple[int, RowAccount | None]]:
    """Yield (line, account) for each row (None for one a filter leaves out); note each bad row's problems."""
    names = _header(path, shown)
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        next(reader)
        end = 1
        for values in reader:
            line = end + 1
            end = reader.line_num
            if not any(v.strip() for v in values):
                continue
            if len(values) != len(names):
                problems.add(line, f"{len(values)} fields, but the header has {len(names)}", len(values))
                yield line, None
                continue
            yield line, _account(dict(zip(names, values, strict=True)), line, aliases, options, problems)


def _count(row: dict[str, str], column: str, line: int, problems: RowProblems) -> int | None:
    value = row[column].strip()
    if not value.isdigit():
        problems.add(line, f"{column} must be a whole number, 0 or more", value)
        return None
    return int(value)


def _account(
    row: dict[str, str], line: int, aliases: AliasTable, options: UcdpOptions, problems: RowProblems
) -> RowAccount | None:
    filters = options.filters
    if not filters.keeps_place(row["country"], row["adm_1"]):
        return None
    before = problems.count()
    dated: Dated | None = None
    try:
        start, end = parse_day(row["date_start"]), parse_day(row["date_end"])
        precision = DATE_PRECISIONS.get(row["date_prec"].strip())
        if precision is None:
            problems.add(line, "date_prec must be 1 to 5", row["date_prec"])
        elif end < start:
            problems.add(line, "date_end is before date_start", row["date_end"])
        elif row["year"].strip() != str(start.year):
            problems.add(line, f"date_start is in {start.year}, but year is", row["year"])
        else:
            dated = Dated(start, end, precision)
    except DateProblem as problem:
        problems.add(line, f"date_start or date_end: {problem}", f"{row['date_start']}, {row['date_end']}")
    if dated is not None and not dated.within(filters.since, filters.until):
        return None
    violence = VIOLENCE.get(row["type_of_violence"].strip())
    if violence is None:
        problems.add(line, "type_of_violence must be 1, 2 or 3", row["type_of_violence"])
    participants: list[str] = []
    one_of: tuple[str, ...] = ()
    for column in ("side_a", "side_b"):
        name = normalise(row[column])
        if not name:
            continue
        alias = aliases.actor(name)
        if alias is None and options.new_actors:
            # GED's side_a of a state-based conflict is a government; every other side an organised group.
            alias = aliases.new_actor(
                name, "State" if name.startswith("Government of") else "ArmedGroup", "UCDP"
            )
        if alias is None:
            problems.unknown_name("actor", name, line)
        elif alias.one_of:
            one_of = alias.ids
        else:
            participants.extend(i for i in alias.ids if i not in participants)
    best, low, high = (_count(row, c, line, problems) for c in ("best", "low", "high"))
    if best is not None and low is not None and high is not None and not low <= best <= high:
        problems.add(line, "low <= best <= high does not hold", f"{low}, {best}, {high}")
    try:
        latitude, longitude = float(row["latitude"]), float(row["longitude"])
    except ValueError:
        problems.add(line, "latitude and longitude must be numbers", f"{row['latitude']}, {row['longitude']}")
        latitude = longitude = 0.0
    geo = GEO_PRECISIONS.get(row["where_prec"].strip())
    if geo is None:
        problems.add(line, "where_prec must be 1 to 7", row["where_prec"])
    after = problems.count()
    if after != before or dated is None or violence is None or best is None or low is None or high is None:
        return None
    event_id = row["id"].strip()
    place_names = [row[c].strip() for c in ("adm_2", "adm_1", "country")]
    place = next((p for p in map(aliases.place, filter(None, place_names)) if p is not None), None)
    where = row["where_description"].strip() or row["adm_1"].strip() or row["country"].strip()
    header = f"UCDP GED {event_id} · {row['date_start'].strip()[:10]} · {row['dyad_name'].strip()} · {where}"
    if row["source_article"].strip():
        header += f" · sources: {normalise(row['source_article'])}"
    return RowAccount(
        event_id=f"ucdp-ged-{''.join(c for c in event_id.lower() if c.isalnum())}",
        label=f"{row['dyad_name'].strip() or violence} in {where} (UCDP GED {event_id})",
        reporter="ucdp",
        dated=dated,
        header=header,
        notes=row["source_headline"],
        participants=participants,
        one_of=one_of,
        place=place,
        admin_area=aliases.place(row["adm_1"]) if row["adm_1"].strip() else None,
        coordinates=wkt_point(longitude, latitude),
        geo_precision=geo,
        casualties=[{"what": "killed", "count": {"best": best, "low": low, "high": high}}],
        extra={"ucdp_violence": violence},
        details=f"UCDP conflict: {row['conflict_name'].strip()}" if row["conflict_name"].strip() else None,
    )
