"""Draft the facts of a new article for review: proposals with exact evidence, never a checked fact.

``draft_source`` reads a source folder's ``document.txt`` (and the ``source`` block of its facts file, when
there is one: its publisher, publication day and page furniture) with the shared ``entities.yaml`` and
returns a ``Draft``; ``Draft.text()`` is a facts file in the format the build reads, each record with a
one-line ``review:`` note that the schema refuses, so a draft validates only once its notes are deleted.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from graph_builder.compile.loader import (
    DOCUMENT_FILE,
    FACTS_FILE,
    read_entities,
    read_source_record,
)
from graph_builder.compile.locate import occurrences
from graph_builder.compile.schema import REVIEW_KEY, When
from graph_builder.compile.yamlio import read_utf8
from ontology.errors import InputError
from ontology.layout import source_folders

from .dates import DateContext, find_dates
from .mentions import EntityIndex, entities_from
from .propose import Drafter, DraftOptions, Proposals
from .render import render_draft
from .sentences import split_sentences

__all__ = ["DRAFT_FILE", "REVIEW_KEY", "Draft", "draft_source"]

log = logging.getLogger(__name__)

#: The file a draft is written to, beside document.txt (never facts.yaml).
DRAFT_FILE = "facts.draft.yaml"
#: The actor id written when neither the folder nor the options name the publisher (it fails validation).
UNKNOWN_PUBLISHER = "unknown-publisher"


@dataclass
class Draft:
    """Hold the draft of one source: its source block, the proposals, and the document they quote."""

    source: dict[str, Any]
    proposals: Proposals
    document: str
    notes: list[str]

    def text(self) -> str:
        """Return the draft as a facts file (YAML) with its review notes."""
        return render_draft(self.source, self.proposals, self.document, notes=self.notes)


def _when_value(when: When) -> Any:
    return when.earliest if when.exact is not None else {"earliest": when.earliest, "latest": when.latest}


def _known_furniture(sources: Path, folder: Path) -> list[str]:
    """Return the furniture passages the other sources of the folder list (a site's banners recur)."""
    passages: list[str] = []
    for other in source_folders(sources) if sources.is_dir() else []:
        facts = other / FACTS_FILE
        if other.resolve() == folder.resolve() or not facts.is_file():
            continue
        try:
            data = yaml.safe_load(facts.read_text(encoding="utf-8"))
        except (yaml.YAMLError, OSError, UnicodeDecodeError):
            continue  # another source's broken file is for validate to report, not for a draft of this one
        source = data.get("source") if isinstance(data, dict) else None
        for passage in (source or {}).get("furniture") or []:
            if isinstance(passage, str) and passage not in passages:
                passages.append(passage)
    return passages


def draft_source(
    folder: Path,
    *,
    entities: Path,
    published: dt.date | None = None,
    not_before: dt.date | None = None,
    publisher: str | None = None,
) -> Draft:
    """Propose the facts of the article in ``folder`` (its document.txt), on the actors of ``entities``.

    The publication day, publisher and furniture come from the arguments, else from the ``source`` block
    of the folder's facts file, else from the text (a dateline's day; a news medium named in a headline;
    furniture that other sources of the sources folder list). Raise InputError when the document is
    missing or no publication day can be found.
    """
    document_path = folder / DOCUMENT_FILE
    if not document_path.is_file():
        raise InputError(
            f"no {DOCUMENT_FILE} in the source folder: the draft is made from it", file=str(folder)
        )
    text = read_utf8(document_path, display=str(document_path))
    index = EntityIndex(entities_from({k: [r.values for r in v] for k, v in read_entities(entities).items()}))
    facts = folder / FACTS_FILE
    record = read_source_record(facts) if facts.is_file() else None
    given = dict(record.values) if record is not None else {}
    notes: list[str] = []
    furniture_passages = list(given.get("furniture") or [])
    if record is None:
        furniture_passages = [p for p in _known_furniture(folder.parent, folder) if p in text]
    furniture = [(s, s + len(p)) for p in furniture_passages for s in occurrences(text, p)]
    sentences = split_sentences(text, furniture)
    headlines = [s for s in sentences if s.headline]
    when: When | None = given.get("published")
    if published is not None:
        when = When(published, published)
    if when is None:
        for line in headlines[:4]:
            days = [d.exact for d in find_dates(line.text, DateContext(dt.date.today())) if d.exact]
            if days:
                when = When(days[0], days[0])
                notes.append(
                    f"The publication day {days[0].isoformat()} is read from the line {line.text!r}: "
                    "check it."
                )
                break
    if when is None:
        raise InputError(
            "no publication day: the folder has no facts file with a source block and no headline line gives "
            "a day; pass --published YYYY-MM-DD",
            file=str(document_path),
        )
    publisher_id = publisher or given.get("publisher")
    if publisher_id is None:
        media = [m for line in headlines for m in index.find(line.text) if m.entity.kind == "NewsMedia"]
        publisher_id = media[0].entity.id if media else UNKNOWN_PUBLISHER
        notes.append(
            f"The publisher {publisher_id!r} is "
            + ("read from a headline line: check it." if media else "not known: pass --publisher or fix it.")
        )
    title = given.get("title") or (headlines[0].text if headlines else folder.name)
    source = {
        "id": folder.name,
        "kind": "article",
        "title": title,
        "publisher": publisher_id,
        "published": _when_value(when),
        "url": given.get("url"),
        "language": given.get("language"),
        "furniture": furniture_passages,
    }
    options = DraftOptions(str(publisher_id), when.earliest, when.latest, not_before)
    proposals = Drafter(text, index, options, furniture).propose()
    log.info(
        "drafted %d events and %d statements from %d sentences of %s",
        len(proposals.events),
        len(proposals.statements),
        len(proposals.sentences),
        document_path,
    )
    return Draft(source, proposals, text, notes)
