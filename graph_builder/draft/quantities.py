"""Find the figures of a sentence: a number (digits or words) with its precision and the word it counts."""

from __future__ import annotations

import re
from dataclasses import dataclass

_UNITS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
_TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_SCALES = {"hundred": 100, "thousand": 1000}
#: Adverbs that are a count of times.
TIMES = {"once": 1, "twice": 2, "thrice": 3}
#: Words before a number that say how precise it is: the key of the count mapping in facts.yaml.
PRECISION = {
    "about": "about",
    "around": "about",
    "some": "about",
    "approximately": "about",
    "roughly": "about",
    "an estimated": "about",
    "up to": "at_most",
    "at most": "at_most",
    "at least": "at_least",
    "more than": "more_than",
    "over": "more_than",
    "nearly": "nearly",
    "almost": "nearly",
    "fewer than": "fewer_than",
    "less than": "fewer_than",
    "exactly": "exactly",
}
#: Words that are a vague count ({vague: several}).
VAGUE = ("several", "dozens of", "scores of", "hundreds of", "a number of", "numerous", "many")

_NUMBER_WORD = "|".join(sorted([*_UNITS, *_TENS, *_SCALES], key=len, reverse=True))
_WORDS = rf"(?:(?:{_NUMBER_WORD})(?:[\s-]+(?:and\s+)?(?:{_NUMBER_WORD}))*)"
_DIGITS = r"\d{1,3}(?:,\d{3})+|\d+"
_PRECISION = "|".join(sorted(PRECISION, key=len, reverse=True))
_FIGURE = re.compile(
    rf"\b(?P<count>\d+|{_WORDS})\s+times\b|\b(?P<times>{'|'.join(TIMES)})\b|\b(?P<vague>{'|'.join(VAGUE)})\b"
    rf"|(?:\b(?P<precision>{_PRECISION})\s+)?\b(?:(?P<digits>{_DIGITS})|(?P<words>{_WORDS}))\b"
    r"(?![.,]?\d|%| ?percent)",
    re.IGNORECASE,
)
_NOUN = re.compile(r"\s*((?:[\w’'-]+\s+){0,3}?)([\w-]+)")


@dataclass(frozen=True)
class Figure:
    """Hold one figure: where it stands, its precision (a key of a count mapping, or exact), its value."""

    start: int
    end: int
    phrase: str
    precision: str  # exact, about, at_least, more_than, at_most, fewer_than, nearly, vague, times
    value: int | None
    word: str | None
    #: The words right after the figure (what it counts, e.g. "Turkish convoys"), folded to lower case.
    following: tuple[str, ...]

    def as_count(self) -> int | dict[str, int | str]:
        """Return the figure as a facts.yaml count: a number, or {about: N}, {vague: WORD} and so on."""
        if self.precision == "vague":
            return {"vague": self.word or "several"}
        if self.precision in ("exact", "times"):
            return self.value or 0
        return {self.precision: self.value or 0}


def words_to_number(text: str) -> int | None:
    """Return the number a phrase of number words names ("thirteen", "sixty-five", "two hundred")."""
    total, current = 0, 0
    for word in re.split(r"[\s-]+", text.lower()):
        if word == "and" or not word:
            continue
        if word in _UNITS:
            current += _UNITS[word]
        elif word in _TENS:
            current += _TENS[word]
        elif word in _SCALES:
            current = max(current, 1) * _SCALES[word]
            if _SCALES[word] >= 1000:
                total, current = total + current, 0
        else:
            return None
    return total + current


def find_figures(sentence: str, *, offset: int = 0) -> list[Figure]:
    """Return the figures of ``sentence`` in order (years and parts of dates are not figures)."""
    figures: list[Figure] = []
    for match in _FIGURE.finditer(sentence):
        groups = match.groupdict()
        tail = sentence[match.end() : match.end() + 60]
        following = tuple(word.lower() for word in re.findall(r"[\w’'-]+", tail)[:4])
        if groups["vague"]:
            word = groups["vague"].lower().split()[0]
            figures.append(
                Figure(
                    match.start() + offset,
                    match.end() + offset,
                    match.group(0),
                    "vague",
                    None,
                    word,
                    following,
                )
            )
            continue
        if groups["times"] or groups["count"]:
            value = TIMES.get((groups["times"] or "").lower())
            if value is None:
                count = groups["count"]
                value = int(count) if count.isdigit() else words_to_number(count)
            figures.append(
                Figure(
                    match.start() + offset,
                    match.end() + offset,
                    match.group(0),
                    "times",
                    value,
                    None,
                    following,
                )
            )
            continue
        if groups["digits"]:
            value = int(groups["digits"].replace(",", ""))
            before = sentence[max(0, match.start() - 12) : match.start()]
            if 1900 <= value <= 2100 or re.search(r"(?:[A-Z]|\d[.:])$", before):
                continue  # a year, a road (M4), a time
            if re.match(r"\s*(?:st|nd|rd|th)\b", sentence[match.end() :]):
                continue  # an ordinal: the day of a date
        else:
            number = words_to_number(groups["words"])
            if number is None:
                continue
            value = number
        precision = PRECISION[groups["precision"].lower()] if groups["precision"] else "exact"
        figures.append(
            Figure(
                match.start() + offset,
                match.end() + offset,
                match.group(0),
                precision,
                value,
                None,
                following,
            )
        )
    return figures
