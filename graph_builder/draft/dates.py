"""Find the date phrases of a sentence and resolve them against the publication day and the story so far.

Own rules instead of a date parser: the phrases of wire reports are few ("On March 10th", "on Friday,
March 13", "29 February", "the day before", "last week", "since February"), and each needs the story's
context (the day the text spoke of last, whether the sentence speaks of the future) that a parser lacks.
A phrase that names no real day (30 February, 29 February of a common year) is left out with a note,
never an error.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass

MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
WEEKDAYS = {
    name: number
    for number, name in enumerate(
        ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
    )
}

_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAY = r"(?P<weekday>" + "|".join(WEEKDAYS) + r")"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?:,?\s+(?P<year>(?:19|20)\d\d))?"
_SINCE = r"(?P<since>\bsince\s+|\bfrom\s+)?"
#: The phrases, in the order they are tried; a later one never overlaps an earlier one's match.
_PATTERNS = [
    ("iso", re.compile(_SINCE + r"\b(?P<iso>\d{4}-\d{2}-\d{2})\b")),
    (
        "day",
        re.compile(
            _SINCE + r"(?:\b" + _WEEKDAY + r",?\s+)?\b" + _MONTH + r"\s+" + _DAY + r"\b" + _YEAR,
            re.IGNORECASE,
        ),
    ),
    (
        "day",
        re.compile(
            _SINCE + r"(?:\b" + _WEEKDAY + r",?\s+)?\b" + _DAY + r"\s+(?:of\s+)?" + _MONTH + r"\b" + _YEAR,
            re.IGNORECASE,
        ),
    ),
    (
        "relative",
        re.compile(
            r"\b(?P<relative>the day before|the previous day|the day after|the next day|"
            r"the following day|the same day|that day|yesterday|today|tomorrow)\b",
            re.IGNORECASE,
        ),
    ),
    (
        "week",
        re.compile(
            r"\b(?P<which>last|this|next|past|previous|coming)\s+(?P<unit>week|month)\b", re.IGNORECASE
        ),
    ),
    ("weekday", re.compile(r"\b(?P<which>last|next|this)?\s*\b" + _WEEKDAY + r"\b", re.IGNORECASE)),
    (
        "month",
        re.compile(
            _SINCE + r"\b(?:in\s+|early\s+|late\s+|mid-?)?" + r"(?P<month>january|february|march|"
            r"april|june|july|august|september|october|november|december)\b" + _YEAR,
            re.IGNORECASE,
        ),
    ),
    (
        "event",
        re.compile(r"\b(?P<since>since)\s+the\s+(?:cease-?fire|truce|agreement|protocol)\b", re.IGNORECASE),
    ),
]
_QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"|«[^»]*»")
#: Words that put a sentence in the future: a weekday in it is the next one, not the last.
FUTURE = re.compile(
    r"\b(?:will|shall|set to|is to|are to|plans? to|planned|scheduled|expected to|going to|to begin)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class DateMention:
    """Hold one date phrase and what it resolves to: a day, a range of days, or a whole period."""

    start: int
    end: int
    phrase: str
    earliest: dt.date
    latest: dt.date
    #: A whole period ("since February"): from ``earliest`` to the publication day.
    period: bool
    #: How it was worked out, for the curator's note.
    note: str

    @property
    def exact(self) -> dt.date | None:
        """Return the day when the phrase names one day (not a period)."""
        return self.earliest if self.earliest == self.latest and not self.period else None


@dataclass(frozen=True)
class DateContext:
    """Hold what relative phrases resolve against: the publication day and the day the story spoke of last."""

    published: dt.date
    #: The day the text named last, in reading order ("the day before" is the day before it).
    last_day: dt.date | None = None
    #: The start of the case, for "since the ceasefire" (``--not-before``).
    not_before: dt.date | None = None


def _day(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _year_for(month: int, day: int, context: DateContext, future: bool) -> int:
    """Return the year of a day written without one: the publication's, or the year before.

    The year before is for a past day that would otherwise lie months after publication (a report of
    2 January on "29 December").
    """
    year = context.published.year
    candidate = _day(year, month, 1)
    if candidate is not None and not future and (candidate - context.published).days > 45:
        return year - 1
    return year


def _weekday(number: int, which: str, context: DateContext, future: bool) -> dt.date:
    anchor = context.published
    back = (anchor.weekday() - number) % 7
    if which == "next" or (future and which != "last"):
        ahead = (number - anchor.weekday()) % 7 or 7
        return anchor + dt.timedelta(days=ahead)
    if which == "last" and back == 0:
        back = 7
    return anchor - dt.timedelta(days=back)


def _week(which: str, unit: str, context: DateContext) -> tuple[dt.date, dt.date]:
    anchor = context.published
    if unit == "month":
        first = anchor.replace(day=1)
        if which in ("last", "past", "previous"):
            end = first - dt.timedelta(days=1)
            return end.replace(day=1), end
        if which in ("next", "coming"):
            start = (first + dt.timedelta(days=32)).replace(day=1)
            return start, (start + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
        return first, anchor
    monday = anchor - dt.timedelta(days=anchor.weekday())
    if which in ("last", "previous"):
        return monday - dt.timedelta(days=7), monday - dt.timedelta(days=1)
    if which == "past":
        return anchor - dt.timedelta(days=7), anchor
    if which in ("next", "coming"):
        return monday + dt.timedelta(days=7), monday + dt.timedelta(days=13)
    return monday, monday + dt.timedelta(days=6)


_RELATIVE = {
    "the day before": -1,
    "the previous day": -1,
    "the day after": 1,
    "the next day": 1,
    "the following day": 1,
    "the same day": 0,
    "that day": 0,
}
_FROM_PUBLICATION = {"yesterday": -1, "today": 0, "tomorrow": 1}


def _resolve(kind: str, match: re.Match[str], context: DateContext, future: bool) -> DateMention | None:
    """Return what one matched phrase names, or None when it names no real day."""
    groups = match.groupdict()
    since = bool(groups.get("since"))
    phrase = match.group(0).strip()
    start, end = match.span()
    if groups.get("since"):
        start += len(groups["since"]) if kind != "event" else 0

    def made(earliest: dt.date, latest: dt.date, note: str, *, period: bool = since) -> DateMention:
        return DateMention(start, end, phrase, earliest, latest, period, note)

    if kind == "iso":
        day = _day(*map(int, groups["iso"].split("-")))
        return None if day is None else made(day, day, f"{phrase!r} as written")
    if kind == "day":
        month, number = MONTHS[groups["month"].lower()], int(groups["day"])
        year = int(groups["year"]) if groups.get("year") else _year_for(month, number, context, future)
        day = _day(year, month, number)
        if day is None:
            return None
        weekday = groups.get("weekday")
        note = f"{phrase!r}" + ("" if groups.get("year") else f", in the year of publication ({year})")
        if weekday and WEEKDAYS[weekday.lower()] != day.weekday():
            note += f"; but {day.isoformat()} is a {day.strftime('%A')}, not a {weekday}: check the day"
        return made(day, day, note)
    if kind == "relative":
        word = groups["relative"].lower()
        if word in _FROM_PUBLICATION:
            day = context.published + dt.timedelta(days=_FROM_PUBLICATION[word])
            return made(day, day, f"{phrase!r}, from the publication day {context.published.isoformat()}")
        base = context.last_day or context.published
        day = base + dt.timedelta(days=_RELATIVE[word])
        told = "the day the text named last" if context.last_day else "the publication day"
        return made(day, day, f"{phrase!r}: from {base.isoformat()}, {told}")
    if kind == "week":
        earliest, latest = _week(groups["which"].lower(), groups["unit"].lower(), context)
        return made(earliest, latest, f"{phrase!r}, from the publication day {context.published.isoformat()}")
    if kind == "weekday":
        which = (groups.get("which") or "").lower()
        day = _weekday(WEEKDAYS[groups["weekday"].lower()], which, context, future)
        direction = "next" if day > context.published else "last"
        return made(
            day,
            day,
            f"{phrase!r}: the {direction} {day.strftime('%A')} from the publication day "
            f"{context.published.isoformat()}",
            period=False,
        )
    if kind == "month":
        month = MONTHS[groups["month"].lower()]
        year = int(groups["year"]) if groups.get("year") else _year_for(month, 1, context, future)
        first = dt.date(year, month, 1)
        last = (first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
        if since:
            return made(first, first, f"{phrase!r}: a period from {first.isoformat()} to publication")
        return made(first, last, f"{phrase!r}: some day of that month", period=False)
    if kind == "event" and context.not_before is not None:
        day = context.not_before
        return made(day, day, f"{phrase!r}: from the case's start {day.isoformat()} (--not-before)")
    return None


def find_dates(sentence: str, context: DateContext, *, offset: int = 0) -> list[DateMention]:
    """Return the date phrases of ``sentence`` in order, resolved; offsets count from ``offset``.

    Phrases are tried from the most to the least specific, and a phrase inside a longer one already found
    ("Friday" in "on Friday, March 13") is not read again. They are resolved in reading order, so that "the
    day before" after "on Saturday, February 29" in one sentence is 28 February.
    """
    quoted = [match.span() for match in _QUOTED.finditer(sentence)]
    outside = _QUOTED.sub(lambda match: " " * len(match.group(0)), sentence)

    def future_at(at: int) -> bool:
        """Say whether the words around a phrase speak of the future: its quote's, or those outside."""
        for start, end in quoted:
            if start <= at < end:
                return FUTURE.search(sentence, start, end) is not None
        return FUTURE.search(outside) is not None

    matches: list[tuple[str, re.Match[str]]] = []
    for kind, pattern in _PATTERNS:
        for match in pattern.finditer(sentence):
            span = match.span()
            if any(span[0] < m.end() and m.start() < span[1] for _, m in matches):
                continue
            matches.append((kind, match))
    found: list[DateMention] = []
    for kind, match in sorted(matches, key=lambda pair: pair[1].start()):
        mention = _resolve(kind, match, context, future_at(match.start()))
        if mention is None:
            continue
        found.append(dataclasses.replace(mention, start=mention.start + offset, end=mention.end + offset))
        if mention.exact is not None:
            context = dataclasses.replace(context, last_day=mention.exact)
    return found
