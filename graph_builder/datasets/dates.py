"""Read the day of a dataset row in the forms real exports hold, refusing the ambiguous ones."""

from __future__ import annotations

import datetime as dt
import re

from ontology.errors import CeasefireKGError

_MONTHS = {
    name.lower(): number
    for number, names in enumerate(
        (
            ("January", "Jan"),
            ("February", "Feb"),
            ("March", "Mar"),
            ("April", "Apr"),
            ("May",),
            ("June", "Jun"),
            ("July", "Jul"),
            ("August", "Aug"),
            ("September", "Sep", "Sept"),
            ("October", "Oct"),
            ("November", "Nov"),
            ("December", "Dec"),
        ),
        start=1,
    )
    for name in names
}
#: 19 March 2020 (the codebook's form), 9-May-20 and 9 May 2020 (spreadsheet re-saves).
_NAMED = re.compile(r"^(\d{1,2})[ -]([A-Za-z]+)[ -](\d{2}|\d{4})$")
#: 2020-03-19, optionally with a time (UCDP writes 2020-03-19 00:00:00.000).
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[ T][0-9:.]+)?$")
#: 31-12-19 or 31/12/2019: day and month in an order only a day above 12 tells.
_NUMERIC = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{2}|\d{4})$")


class DateProblem(CeasefireKGError):
    """Report a day that cannot be read, or could be read two ways."""


def _year(text: str) -> int:
    year = int(text)
    if len(text) == 2:
        # ACLED's data begin in 1997: a two-digit year from 90 on is of the 1900s.
        year += 1900 if year >= 90 else 2000
    return year


def parse_day(text: str, *, date_format: str | None = None) -> dt.date:
    """Return the day a dataset writes; raise DateProblem for an unreadable or ambiguous one.

    ``date_format`` (a ``strptime`` format such as ``%m-%d-%y``) reads every value in that one form.
    """
    value = text.strip()
    if date_format is not None:
        try:
            return dt.datetime.strptime(value, date_format).date()
        except ValueError:
            raise DateProblem(f"not a date of the form {date_format}") from None
    try:
        if match := _ISO.match(value):
            return dt.date(int(match[1]), int(match[2]), int(match[3]))
        if match := _NAMED.match(value):
            month = _MONTHS.get(match[2].lower())
            if month is None:
                raise DateProblem(f"unknown month {match[2]!r}")
            return dt.date(_year(match[3]), month, int(match[1]))
        if match := _NUMERIC.match(value):
            first, second = int(match[1]), int(match[2])
            if first <= 12 and second <= 12 and first != second:
                raise DateProblem(
                    "ambiguous date (day-month or month-day): pass --date-format, e.g. %d-%m-%y or %m-%d-%y"
                )
            day, month = (second, first) if second > 12 else (first, second)
            return dt.date(_year(match[3]), month, day)
    except ValueError as error:
        raise DateProblem(f"no such day ({error})") from None
    raise DateProblem("not a date (expected e.g. 19 March 2020, 2020-03-19, 9-May-20 or 31-12-19)")
