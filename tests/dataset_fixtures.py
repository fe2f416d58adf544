"""Generate invented ACLED and UCDP GED exports (never real rows: ACLED's terms forbid passing its data on).

Every row here is made up by a seeded random generator: the ids, days, notes and figures describe no real
event. The files have the shapes of real exports (both ACLED column layouts, every date form real files
hold, notes with commas, quotes and newlines, notes shared by several rows), so that the importers meet what
they will meet. ``syria_2020_current`` is shaped like a 2020 Syria export in the current layout,
``worldwide_2020_older`` like a 2020 worldwide export in the 2019–2023 layout with 9-May-20 dates.

    python -m tests.dataset_fixtures --rows 100000 --out /tmp/acled-100k.csv
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import random
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from graph_builder.datasets.acled import LAYOUTS
from graph_builder.datasets.ucdp import NEEDED as UCDP_COLUMNS

DateStyle = Literal["long", "quoted-long", "short", "numeric", "iso"]

#: Actor names of ACLED's shape that the seed's alias table maps (with their inter codes).
SYRIA_ACTORS = (
    ("Military Forces of Syria (2000-)", "1"),
    ("Military Forces of Turkey (2016-)", "8"),
    ("Government of Turkey (2016-)", "8"),
    ("Military Forces of Russia (2000-)", "8"),
    ("Military Forces of Russia (2000-) Military Police", "8"),
    ("Government of Russia (2000-)", "8"),
    ("HTS: Hayat Tahrir al Sham", "2"),
    ("TIP: Turkistan Islamic Party", "2"),
    ("JTW: National Liberation Front", "2"),
    ("Allied Syrian and/or Russian Forces", "8"),
    ("Unidentified Armed Group (Syria)", "3"),
)
#: Places of the seed's alias table (admin1, location), with invented coordinates near them.
SYRIA_PLACES = (
    ("Idleb", "Saraqab", 35.86, 36.80),
    ("Idleb", "Idleb", 35.93, 36.63),
    ("Idleb", "Kafr Nobol", 35.61, 36.56),
    ("Aleppo", "Atareb", 36.14, 36.83),
    ("Hama", "Kafr Nabudah", 35.45, 36.50),
)
#: Invented news outlets the rows cite as their sources (ACLED's source column), with their ids.
INVENTED_OUTLETS = (
    ("Invented Wire", "invented-wire"),
    ("Made-up Monitor", "made-up-monitor"),
    ("Fictional Daily", "fictional-daily"),
)
#: Kinds of invented generic actors of other countries, which the fixture's alias table maps to no actor.
GENERIC = ("Unidentified Armed Group", "Protesters", "Rioters", "Civilians")
COUNTRIES = (("Yemen", "YEM", 887), ("Mali", "MLI", 466), ("Colombia", "COL", 170), ("Myanmar", "MMR", 104))
TYPES = (
    ("Battles", "Armed clash", "Political violence"),
    ("Battles", "Government regains territory", "Political violence"),
    ("Explosions/Remote violence", "Shelling/artillery/missile attack", "Political violence"),
    ("Explosions/Remote violence", "Air/drone strike", "Political violence"),
    ("Explosions/Remote violence", "Remote explosive/landmine/IED", "Political violence"),
    ("Violence against civilians", "Attack", "Political violence"),
    ("Protests", "Peaceful protest", "Demonstrations"),
    ("Riots", "Mob violence", "Demonstrations"),
    ("Strategic developments", "Change to group/activity", "Strategic developments"),
)
NOTES = (
    'On {day}, {a} shelled positions of {b} near {place}, "reportedly" hitting a checkpoint and a depot.',
    "On {day}, clashes between {a} and {b} took place in {place}. [size=no report]",
    "On {day}, {a} and {b} exchanged fire near {place}.\nUnknown fatalities coded as 10.",
    "Around {day}, {a} deployed reinforcements to {place}; no casualties, no damage reported.",
)


@dataclass(frozen=True)
class Fixture:
    """Say what a generated export holds: its rows' event ids and fatalities (the figures tests compare)."""

    path: Path
    event_ids: tuple[str, ...]
    fatalities: int
    idlib_after: tuple[str, ...]  # event ids in Idlib on or after 6 March 2020


def written_date(day: dt.date, style: DateStyle) -> str:
    """Return a day in one of the forms real ACLED files hold."""
    if style in ("long", "quoted-long"):
        return f"{day.day} {day:%B %Y}"
    if style == "short":
        return f"{day.day}-{day:%b-%y}"
    if style == "numeric":
        return f"{day:%d-%m-%y}"
    return day.isoformat()


def _acled_rows(
    count: int, *, worldwide: bool, style: DateStyle, seed: int, start_id: int = 1
) -> Iterator[dict[str, str]]:
    rng = random.Random(seed)
    shared: list[str] = []
    for number in range(start_id, start_id + count):
        day = dt.date(2020, 1, 1) + dt.timedelta(days=rng.randrange(366))
        if style == "numeric":
            day = day.replace(day=max(day.day, 13))  # a day above 12 tells day-month from month-day
        event_type, sub_type, disorder = rng.choice(TYPES)
        syrian = not worldwide or rng.random() < 0.4
        if syrian:
            country, iso3, iso = "Syria", "SYR", 760
            admin1, location, lat, lon = rng.choice(SYRIA_PLACES)
            (a, inter1), (b, inter2) = rng.sample(SYRIA_ACTORS, 2)
        else:
            country, iso3, iso = rng.choice(COUNTRIES)
            admin1, location = f"Region {rng.randrange(9)}", f"Town {rng.randrange(99)}"
            lat, lon = rng.uniform(-20, 40), rng.uniform(-80, 100)
            a, inter1 = f"{rng.choice(GENERIC)} ({country})", "3"
            b, inter2 = f"{rng.choice(GENERIC)} ({country})", "7"
        if shared and rng.random() < 0.2:
            notes = shared[-1]  # ACLED gives up to 10 rows of one event the same notes
        else:
            notes = rng.choice(NOTES).format(day=day.isoformat(), a=a, b=b, place=location)
            shared = [notes]
        fatalities = rng.choice((0, 0, 0, 1, 2, 3, 5, 10))
        values = {
            "event_id_cnty": f"{iso3}{number}",
            "event_date": written_date(day, style),
            "year": str(day.year),
            "time_precision": rng.choice("1112"),
            "disorder_type": disorder,
            "event_type": event_type,
            "sub_event_type": sub_type,
            "actor1": a,
            "assoc_actor_1": "",
            "inter1": inter1,
            "actor2": b,
            "assoc_actor_2": "",
            "inter2": inter2,
            "interaction": f"{inter1}{inter2}",
            "civilian_targeting": "",
            "iso": str(iso),
            "region": "Middle East" if syrian else "Elsewhere",
            "country": country,
            "admin1": admin1,
            "admin2": "",
            "admin3": "",
            "location": location,
            "latitude": f"{lat + rng.uniform(-0.05, 0.05):.4f}",
            "longitude": f"{lon + rng.uniform(-0.05, 0.05):.4f}",
            "geo_precision": rng.choice("112"),
            "source": rng.choice(
                ("Invented Wire", "Invented Wire; Local Source", "Made-up Monitor; Fictional Daily")
            ),
            "source_scale": "National",
            "notes": notes,
            "fatalities": str(fatalities),
            "tags": "",
            "timestamp": "1600000000",
            "data_id": str(9000000 + number),
            "event_id_no_cnty": str(number),
            "iso3": iso3,
        }
        yield values


def write_acled(
    path: Path,
    count: int,
    *,
    layout: Literal["2023", "2019"] = "2023",
    worldwide: bool = False,
    style: DateStyle = "long",
    seed: int = 1,
    start_id: int = 1,
) -> Fixture:
    """Write an invented ACLED export; return its event ids, fatalities and Idlib events after 6 March."""
    ids: list[str] = []
    idlib: list[str] = []
    total = 0
    columns = LAYOUTS[layout]
    with path.open("w", encoding="utf-8", newline="") as handle:
        # Some exports quote every field ("21 March 2020"), others only those that need it.
        writer = csv.writer(handle, quoting=csv.QUOTE_ALL if style == "quoted-long" else csv.QUOTE_MINIMAL)
        writer.writerow(columns)
        for row in _acled_rows(count, worldwide=worldwide, style=style, seed=seed, start_id=start_id):
            writer.writerow([row[c] for c in columns])
            ids.append(row["event_id_cnty"])
            total += int(row["fatalities"])
            if row["admin1"] == "Idleb" and _day(row) >= dt.date(2020, 3, 6) and row["time_precision"] == "1":
                idlib.append(row["event_id_cnty"])
    return Fixture(path, tuple(ids), total, tuple(idlib))


def _day(row: dict[str, str]) -> dt.date:
    from graph_builder.datasets.dates import parse_day

    return parse_day(row["event_date"])


def syria_2020_current(path: Path, count: int = 300, *, seed: int = 1) -> Fixture:
    """Write an invented 2020 Syria export in the current layout (dates as 19 March 2020)."""
    return write_acled(path, count, layout="2023", style="long", seed=seed)


def worldwide_2020_older(path: Path, count: int = 300, *, seed: int = 2) -> Fixture:
    """Write an invented 2020 worldwide export in the 2019–2023 layout with 9-May-20 dates."""
    return write_acled(path, count, layout="2019", worldwide=True, style="short", seed=seed, start_id=500001)


def generic_aliases() -> str:
    """Return alias entries (YAML lines under ``actors:``) mapping the invented generic actors to no actor."""
    return "".join(f"  {kind} ({country}): null\n" for kind in GENERIC for country, _, _ in COUNTRIES)


def add_invented_outlets(sources: Path) -> None:
    """Add the invented outlets to a sources folder's entities.yaml and alias table, as an analyst would."""
    from graph_builder.datasets.aliases import ALIASES_FILE, NewActor, added_entities

    outlets = [NewActor(id, "NewsMedia", name, "invented test fixtures") for name, id in INVENTED_OUTLETS]
    entities, aliases = sources / "entities.yaml", sources / ALIASES_FILE
    written = added_entities(
        entities.read_text(encoding="utf-8"), aliases.read_text(encoding="utf-8"), outlets
    )
    entities.write_text(written[0], encoding="utf-8")
    aliases.write_text(written[1], encoding="utf-8")


def write_ucdp(path: Path, count: int = 50, *, seed: int = 3) -> Fixture:
    """Write an invented UCDP GED export (its columns the importer reads, plus a few others)."""
    rng = random.Random(seed)
    columns = (*UCDP_COLUMNS, "relid", "deaths_a", "deaths_b", "deaths_civilians", "deaths_unknown")
    ids: list[str] = []
    total = 0
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(columns)
        for number in range(1, count + 1):
            start = dt.date(2020, 3, 1) + dt.timedelta(days=rng.randrange(60))
            prec = rng.choice("1114")
            end = start + dt.timedelta(days={"1": 0, "4": 20}[prec])
            best = rng.randrange(12)
            low, high = max(0, best - rng.randrange(3)), best + rng.randrange(4)
            row = {
                "id": str(400000 + number),
                "relid": f"SYR-2020-1-{number}",
                "year": "2020",
                "type_of_violence": rng.choice("123"),
                "conflict_name": "Syria: Government",
                "dyad_name": "Government of Syria - Hayat Tahrir al-Sham",
                "side_a": "Government of Syria",
                "side_b": rng.choice(("Hayat Tahrir al-Sham", "Turkistan Islamic Party")),
                "source_article": '"Invented Wire,2020-03-08,Clashes near a town"',
                "source_headline": f'Invented headline {number}: clashes, shelling; "heavy" losses',
                "where_prec": rng.choice("12"),
                "where_description": "Saraqib town",
                "adm_1": "Idlib governorate",
                "adm_2": "",
                "latitude": "35.8600",
                "longitude": "36.8000",
                "date_prec": prec,
                "date_start": f"{start.isoformat()} 00:00:00.000",
                "date_end": f"{end.isoformat()} 00:00:00.000",
                "best": str(best),
                "high": str(high),
                "low": str(low),
                "country": "Syria",
                "deaths_a": "0",
                "deaths_b": str(best),
                "deaths_civilians": "0",
                "deaths_unknown": "0",
            }
            writer.writerow([row[c] for c in columns])
            ids.append(row["id"])
            total += best
    return Fixture(path, tuple(ids), total, ())


#: The day of access the fixture imports record (fixed, so that the built graph is the same each run).
ACCESSED = dt.date(2026, 11, 30)


@dataclass(frozen=True)
class DatasetCorpus:
    """Hold a sources folder (the seed plus imported invented exports) and what each export holds."""

    sources: Path
    syria: Fixture
    world: Fixture
    ged: Fixture


def dataset_sources(root: Path, *, rows: int = 60) -> DatasetCorpus:
    """Copy the seed to ``root/sources``, then import an invented Syria, worldwide and GED export into it."""
    import shutil

    from graph_builder.datasets import import_acled, import_ucdp
    from graph_builder.datasets.aliases import ALIASES_FILE
    from tests.helpers import SEED_SOURCES

    sources = root / "sources"
    shutil.copytree(SEED_SOURCES, sources)
    add_invented_outlets(sources)
    aliases = sources / ALIASES_FILE
    aliases.write_text(
        aliases.read_text(encoding="utf-8").replace("actors:\n", "actors:\n" + generic_aliases(), 1),
        encoding="utf-8",
    )
    syria = syria_2020_current(root / "acled-syria-2020.csv", rows)
    world = worldwide_2020_older(root / "acled-world-2020.csv", rows)
    ged = write_ucdp(root / "ged-syria-2020.csv", max(5, rows // 4))
    for made in (syria, world):
        import_acled(made.path, sources=sources, accessed=ACCESSED)
    import_ucdp(ged.path, sources=sources, accessed=ACCESSED)
    return DatasetCorpus(sources, syria, world, ged)


def main() -> None:
    """Write an invented export of a given number of rows."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=1000)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument(
        "--older", action="store_true", help="the 2019-2023 layout, worldwide, 9-May-20 dates"
    )
    args = parser.parse_args()
    made = (
        worldwide_2020_older(args.out, args.rows) if args.older else syria_2020_current(args.out, args.rows)
    )
    print(f"wrote {len(made.event_ids)} rows ({made.fatalities} fatalities) to {made.path}")


if __name__ == "__main__":
    main()
