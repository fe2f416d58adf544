"""Split a document into sentences with their character offsets, leaving page furniture out."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from .text import CLOSING_QUOTES, OPENING_QUOTES

#: Words ending in a full stop that do not end a sentence.
ABBREVIATIONS = frozenset(
    {
        "mr",
        "mrs",
        "ms",
        "dr",
        "gen",
        "lt",
        "col",
        "maj",
        "capt",
        "adm",
        "sgt",
        "st",
        "jr",
        "sr",
        "prof",
        "gov",
        "sen",
        "rep",
        "no",
        "vs",
        "etc",
        "approx",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "u.s",
        "u.n",
        "e.g",
        "i.e",
    }
)
_BULLET = re.compile(r"[\s•*·\-–—]+")
_LETTER = re.compile(r"[^\W\d_]")
_END = ".!?"


@dataclass(frozen=True)
class Sentence:
    """Hold one sentence: where it stands in the document, its text, its paragraph, whether a headline."""

    start: int
    end: int
    text: str
    paragraph: int
    #: A line without a closing full stop (a title, a dateline): no sentence of the story.
    headline: bool

    def overlaps(self, start: int, end: int) -> bool:
        """Say whether the span ``start``–``end`` shares a character with this sentence."""
        return start < self.end and self.start < end


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """Return the spans of the lines of ``text`` that hold a letter (each line is a paragraph)."""
    spans: list[tuple[int, int]] = []
    at = 0
    for line in text.split("\n"):
        end = at + len(line)
        if _LETTER.search(line):
            spans.append((at, end))
        at = end + 1
    return spans


def _is_abbreviation(text: str, dot: int) -> bool:
    """Say whether the full stop at ``dot`` ends an abbreviation or an initial (``Rear Adm.``, ``J.``)."""
    start = dot
    while start > 0 and (text[start - 1].isalpha() or text[start - 1] == "."):
        start -= 1
    word = text[start:dot].lower()
    return word in ABBREVIATIONS or (len(word) == 1 and word.isalpha())


def _split_line(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Return the sentence spans of one line.

    A sentence ends at . ! or ? outside a quote, or at the end of a quote whose last sentence it closes
    (``continue.”``), when a space and a capital or an opening quote follow, and not after an abbreviation.
    """
    spans: list[tuple[int, int]] = []
    open_quote = False
    begin = start
    at = start
    while at < end:
        char = text[at]
        if char in "“«„":
            open_quote = True
        elif char in "”»":
            open_quote = False
        elif char == '"':
            open_quote = not open_quote
        elif char in _END and (not open_quote or (at + 1 < end and text[at + 1] in '”»"')):
            stop = at + 1
            while stop < end and text[stop] in _END + CLOSING_QUOTES + ")’'":
                stop += 1
            after = stop
            while after < end and text[after] == " ":
                after += 1
            next_starts = after >= end or text[after].isupper() or text[after] in OPENING_QUOTES + "•("
            if (
                (after > stop or after >= end)
                and next_starts
                and not (char == "." and _is_abbreviation(text, at))
            ):
                spans.append((begin, stop))
                begin = at = after
                open_quote = False
                continue
        at += 1
    if begin < end and text[begin:end].strip():
        spans.append((begin, end))
    return spans


def split_sentences(text: str, furniture: Sequence[tuple[int, int]] = ()) -> list[Sentence]:
    """Return the sentences of ``text`` in order; a line overlapping page furniture is left out whole.

    Each line holding a letter is a paragraph (a bullet's marks are not part of its sentences); a sentence
    ends at a full stop, question or exclamation mark outside a quote, followed by a space and a capital or
    an opening quote, and not after an abbreviation. A quote that holds several sentences stays one.
    """
    sentences: list[Sentence] = []
    for number, (start, end) in enumerate(_paragraphs(text)):
        if any(start < f_end and f_start < end for f_start, f_end in furniture):
            continue
        bullet = _BULLET.match(text, start, end)
        begin = bullet.end() if bullet else start
        while end > begin and text[end - 1].isspace():
            end -= 1
        for s_start, s_end in _split_line(text, begin, end):
            while s_end > s_start and text[s_end - 1].isspace():
                s_end -= 1
            piece = text[s_start:s_end]
            headline = piece[-1] not in _END + CLOSING_QUOTES
            sentences.append(Sentence(s_start, s_end, piece, number, headline))
    return sentences
