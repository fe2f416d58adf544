"""Import event datasets (ACLED, UCDP GED) into the sources folder as machine-made sources.

``import_acled`` and ``import_ucdp`` stream a CSV export (never the whole file in memory), map every row
onto one event account of the dataset, check every row before writing anything, and write (or replace) one
source folder: facts.jsonl, a document.txt of the rows' texts that each account quotes at its offsets, and
dataset.json with the attribution ACLED asks for (dataset, date of access, filters). The normal build then
checks the source in full. A row is never a ceasefire violation by itself: an analyst claims that in a
curated source, declaring the row's event the same as its own.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Literal

from graph_builder.compile.yamlio import LineDict, load_yaml
from graph_builder.workspace import write_all_atomic
from ontology.errors import InputError
from ontology.layout import ENTITIES_FILE
from ontology.text import SLUG

from . import acled, ucdp
from .acled import AcledOptions
from .aliases import ALIASES_FILE, AliasTable, NewActor, added_entities, load_aliases
from .rows import Dataset, Filters, ImportResult, RowAccount, RowProblems, SourceWriter, import_rows
from .ucdp import UcdpOptions

__all__ = [
    "DATASETS",
    "AcledOptions",
    "Filters",
    "ImportResult",
    "UcdpOptions",
    "import_acled",
    "import_ucdp",
]

log = logging.getLogger(__name__)

DatasetName = Literal["acled", "ucdp"]

#: The datasets an import reads, with the attribution each source records.
DATASETS: dict[DatasetName, Dataset] = {
    "acled": Dataset(
        "ACLED",
        "acled",
        "https://acleddata.com/",
        "Armed Conflict Location & Event Data Project (ACLED); https://acleddata.com",
    ),
    "ucdp": Dataset(
        "UCDP GED",
        "ucdp",
        "https://ucdp.uu.se/",
        "Uppsala Conflict Data Program, Georeferenced Event Dataset (UCDP GED); https://ucdp.uu.se",
    ),
}


def _entity_ids(sources: Path) -> frozenset[str]:
    """Return the ids of the actors and places of a sources folder's entities.yaml (read, not checked)."""
    path = sources / ENTITIES_FILE
    if not path.is_file():
        raise InputError(
            f"no {ENTITIES_FILE} in the sources folder: the import maps names onto its ids", file=str(path)
        )
    document = load_yaml(path, display=str(path))
    ids: set[str] = set()
    if isinstance(document, LineDict):
        for section in ("actors", "places"):
            for item in document.get(section) or []:
                if isinstance(item, LineDict) and isinstance(item.get("id"), str):
                    ids.add(item["id"])
    return frozenset(ids)


def _prepare(
    dataset: DatasetName, csv_file: Path, sources: Path, aliases: Path | None, source_id: str | None
) -> tuple[AliasTable, str]:
    if not csv_file.is_file():
        raise InputError("no such file", file=str(csv_file), value=str(csv_file))
    if not sources.is_dir():
        raise InputError("sources folder does not exist or is not a folder", file=str(sources))
    known = _entity_ids(sources)
    publisher = DATASETS[dataset].publisher
    if publisher not in known:
        raise InputError(
            f"no actor {publisher!r} in {ENTITIES_FILE}: the import writes each row as its account "
            f"(copy the entry from the bundled seed's {ENTITIES_FILE})",
            file=str(sources / ENTITIES_FILE),
        )
    table = load_aliases(aliases or sources / ALIASES_FILE, known_ids=known)
    stem = "-".join("".join(c if c.isalnum() else " " for c in csv_file.stem.lower()).split())
    chosen = source_id or (stem if stem.startswith(f"{dataset}-") else f"{dataset}-{stem}")
    if not SLUG.match(chosen):
        raise InputError("a source id is lowercase words joined by hyphens", value=chosen)
    return table, chosen


def _run(
    dataset: DatasetName,
    csv_file: Path,
    *,
    sources: Path,
    table: AliasTable,
    source_id: str,
    filters: Filters,
    accessed: dt.date | None,
    rows: Callable[[RowProblems], Iterator[tuple[int, RowAccount | None]]],
    on_row: Callable[[], None] | None,
) -> ImportResult:
    info = DATASETS[dataset]
    day = accessed or dt.date.today()
    described = filters.describe()
    title = f"{info.name} export {csv_file.name}, accessed {day.isoformat()} (filters: {described})"
    preamble = (
        f"Data: {info.citation}. File {csv_file.name}, accessed {day.isoformat()}; filters: {described}.\n"
        "Each block below is one row of the file: its id, date, types, place and the sources it cites, then "
        "its text (the row's notes), which the row's account quotes."
    )
    source_line: dict[str, object] = {
        "section": "source",
        "id": source_id,
        "kind": "article",
        "title": title,
        "publisher": info.publisher,
        "published": day.isoformat(),
        "url": info.url,
        "language": "en",
    }
    digest = hashlib.sha256()
    with csv_file.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    metadata: dict[str, object] = {
        "dataset": info.name,
        "citation": info.citation,
        "file": csv_file.name,
        "sha256": digest.hexdigest(),
        "accessed": day.isoformat(),
        "filters": {
            "country": filters.country,
            "admin1": filters.admin1,
            "since": None if filters.since is None else filters.since.isoformat(),
            "until": None if filters.until is None else filters.until.isoformat(),
        },
    }
    problems = RowProblems(str(csv_file))
    writer = SourceWriter(sources, source_id, source_line=source_line, preamble=preamble)
    read, kept, fatalities = import_rows(
        rows(problems), writer=writer, problems=problems, aliases=table, metadata=metadata, on_row=on_row
    )
    if table.new:
        _add_new_actors(sources, Path(table.file), list(table.new.values()))
    return ImportResult(sources / source_id, source_id, read, kept, fatalities, len(table.new))


def _add_new_actors(sources: Path, aliases: Path, new: list[NewActor]) -> None:
    """Write the actors ``--new-actors`` made into entities.yaml and the alias table, both or neither."""
    entities = sources / ENTITIES_FILE
    entities_text, aliases_text = added_entities(
        entities.read_text(encoding="utf-8"), aliases.read_text(encoding="utf-8"), new
    )
    write_all_atomic({entities: entities_text, aliases: aliases_text})
    log.warning(
        "made %d unreviewed actor(s) in %s (mapped in %s): review their kind and name",
        len(new),
        entities,
        aliases,
    )


def import_acled(
    csv_file: Path,
    *,
    sources: Path,
    aliases: Path | None = None,
    source_id: str | None = None,
    options: AcledOptions | None = None,
    accessed: dt.date | None = None,
    on_row: Callable[[], None] | None = None,
) -> ImportResult:
    """Import an ACLED export into ``sources`` as one source (replacing it); return what was written.

    Raise InputError for a file no import reads (a missing column, the layout before March 2019), and
    InputProblems with every bad row of the file (file, line, value), writing nothing then.
    """
    options = options or AcledOptions()
    table, chosen = _prepare("acled", csv_file, sources, aliases, source_id)
    shown = str(csv_file)
    acled.read_header(csv_file, shown)
    return _run(
        "acled",
        csv_file,
        sources=sources,
        table=table,
        source_id=chosen,
        filters=options.filters,
        accessed=accessed,
        rows=lambda problems: acled.rows(
            csv_file, shown=shown, aliases=table, options=options, problems=problems
        ),
        on_row=on_row,
    )


def import_ucdp(
    csv_file: Path,
    *,
    sources: Path,
    aliases: Path | None = None,
    source_id: str | None = None,
    options: UcdpOptions | None = None,
    accessed: dt.date | None = None,
    on_row: Callable[[], None] | None = None,
) -> ImportResult:
    """Import a UCDP GED export into ``sources`` as one source (replacing it); return what was written.

    Raise InputError for a file that is no GED export, and InputProblems with every bad row of the file.
    """
    options = options or UcdpOptions()
    table, chosen = _prepare("ucdp", csv_file, sources, aliases, source_id)
    shown = str(csv_file)
    return _run(
        "ucdp",
        csv_file,
        sources=sources,
        table=table,
        source_id=chosen,
        filters=options.filters,
        accessed=accessed,
        rows=lambda problems: ucdp.rows(
            csv_file, shown=shown, aliases=table, options=options, problems=problems
        ),
        on_row=on_row,
    )


def count_rows(csv_file: Path) -> int:
    """Return the number of physical lines after the header (an upper bound of the rows, to size progress)."""
    with csv_file.open("rb") as handle:
        return max(0, sum(chunk.count(b"\n") for chunk in iter(lambda: handle.read(1 << 20), b"")) - 1)
