"""Write a draft as a facts file in the format the build reads, each record with its one-line review note.

Every value is written by hand here (not by a YAML dumper) so that each ``review:`` note stays on one line
right after the record's id: deleting the lines that start with ``review:`` finishes the file.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from graph_builder.compile.locate import occurrences
from graph_builder.compile.schema import REVIEW_KEY

from .mentions import Candidate
from .propose import Dating, EventProposal, Proposals, StatementProposal

_PLAIN = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*")
#: Words YAML 1.1 reads as something other than a string.
_YAML_WORDS = frozenset({"yes", "no", "on", "off", "true", "false", "null", "y", "n", "none"})


def scalar(value: Any) -> str:
    """Return one value as YAML: a day as YYYY-MM-DD, a number, an id, or a double-quoted string."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{key}: {scalar(item)}" for key, item in value.items()) + "}"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(scalar(item) for item in value) + "]"
    text = str(value)
    if _PLAIN.fullmatch(text) and text.lower() not in _YAML_WORDS:
        return text  # an id, a type, a status: written plain, as a curator writes them
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar


def _when(dating: Dating) -> tuple[str, Any]:
    if dating.period:
        return "period", {"from": dating.earliest}
    if dating.exact is not None:
        return "date", dating.exact
    return "date", {"earliest": dating.earliest, "latest": dating.latest}


def _evidence(text: str, quote: str, start: int) -> list[str]:
    lines = [f"      - quote: {scalar(quote)}"]
    starts = occurrences(text, quote)
    if len(starts) > 1:
        lines.append(f"        occurrence: {starts.index(start) + 1}")
    return lines


def _record(fields: Iterable[tuple[str, Any]]) -> list[str]:
    lines: list[str] = []
    for number, (key, value) in enumerate(fields):
        if value is None or value == [] or value == "":
            continue
        lead = "  - " if number == 0 else "    "
        lines.append(f"{lead}{key}: {scalar(value)}")
    return lines


def _event(event: EventProposal, text: str) -> list[str]:
    when_key, when = _when(event.dating)
    lines = _record(
        [
            ("id", event.id),
            (REVIEW_KEY, event.review),
            ("type", event.type),
            ("label", event.label),
            ("reported_by", event.reported_by),
            (when_key, when),
            ("date_note", event.dating.note),
            ("status", event.status),
            ("count", event.count),
            ("casualties", event.casualties),
            ("place", event.place),
            ("participants", event.participants),
            ("perpetrators", {"one_of": event.perpetrators} if event.perpetrators else None),
        ]
    )
    return [*lines, "    evidence:", *_evidence(text, event.evidence.quote, event.evidence.start)]


def _statement(statement: StatementProposal, text: str, publisher: str) -> list[str]:
    when_key, when = _when(statement.dating)
    if when_key == "period":  # a statement is said on a day: a period's first day to publication is a range
        when = {"earliest": statement.dating.earliest, "latest": statement.dating.latest}
    lines = _record(
        [
            ("id", statement.id),
            (REVIEW_KEY, statement.review),
            ("speaker", statement.speaker),
            ("date", when),
            ("date_note", statement.dating.note),
            ("text", statement.text),
            ("text_kind", statement.text_kind),
            ("about", statement.about),
            ("reported_by", [publisher]),
        ]
    )
    return [*lines, "    evidence:", *_evidence(text, statement.evidence.quote, statement.evidence.start)]


def _candidates(candidates: Sequence[Candidate], text: str) -> list[str]:
    if not candidates:
        return []
    lines = [
        "#",
        "# Names the text uses that entities.yaml lacks (add the actors and places among them to",
        "# entities.yaml, then draft again to have them proposed):",
    ]
    for candidate in candidates:
        line_start = text.rfind("\n", 0, candidate.start) + 1
        line_end = text.find("\n", candidate.end)
        context = text[line_start : line_end if line_end != -1 else len(text)].strip()
        context = context if len(context) <= 70 else context[:67] + "..."
        lines.append(f"#   - {candidate.name}  ({context})")
    return lines


def render_draft(
    source: Mapping[str, Any], proposals: Proposals, text: str, *, notes: Sequence[str] = ()
) -> str:
    """Return the draft facts file: a header saying how to finish it, the source block, then the facts."""
    source_id = source["id"]
    lines = [
        f"# DRAFT of the facts of {source_id},",
        "# proposed by `ceasefire-kg draft` from document.txt. Nothing here is checked: each record says",
        "# in its `review:` note what a curator must check.",
        "# To finish it: correct or delete each record; add what it misses (`ceasefire-kg coverage` lists",
        "# the sentences no fact cites); delete every `review:` line (each note is one line:",
        "# sed -i '/^ *review: /d' FILE); rename the file facts.yaml. `ceasefire-kg validate` refuses a",
        "# facts file that still holds a review note.",
        *(f"# {note}" for note in notes),
        *_candidates(proposals.candidates, text),
        "",
        "source:",
        *(f"  {key}: {scalar(value)}" for key, value in source.items() if value not in (None, [], "")),
    ]
    publisher = str(source["publisher"])
    if proposals.events:
        lines += ["", "events:"]
        for event in proposals.events:
            lines += [*_event(event, text), ""]
        lines.pop()
    if proposals.statements:
        lines += ["", "statements:"]
        for statement in proposals.statements:
            lines += [*_statement(statement, text, publisher), ""]
        lines.pop()
    return "\n".join(lines) + "\n"
