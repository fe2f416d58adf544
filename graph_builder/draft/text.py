"""Fold text for matching (case, diacritics, punctuation) while keeping the way back to its offsets."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

#: Quote marks that open or close a direct quote, straight and curly.
OPENING_QUOTES = '“"«„'
CLOSING_QUOTES = '”"»“'
#: Apostrophes, all folded to one.
_APOSTROPHES = "’‘'`´"
_WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)*")


def fold_char(char: str) -> str:
    """Return one character folded: lower case, without diacritics; punctuation but apostrophes a space."""
    if char in _APOSTROPHES:
        return "'"
    base = unicodedata.normalize("NFKD", char)
    kept = "".join(c for c in base if not unicodedata.combining(c)) or char
    kept = kept.casefold()
    if len(kept) != 1:  # ß → ss, ﬁ → fi: keep one character per character, so offsets map back one to one
        kept = kept[0]
    return kept if kept.isalnum() else " "


@dataclass(frozen=True)
class Folded:
    """Hold a text folded character by character: ``text[i]`` is the folded ``original[i]``."""

    original: str
    text: str

    def words(self) -> list[tuple[int, int]]:
        """Return the spans of the words of the folded text."""
        return [match.span() for match in _WORD.finditer(self.text)]


def fold(text: str) -> Folded:
    """Fold ``text`` for matching: Erdoğan and ERDOGAN and Erdogan read alike, Hay’at and Hay'at too."""
    return Folded(text, "".join(fold_char(char) for char in text))


def fold_name(name: str) -> str:
    """Return a name folded and with its words joined by single spaces (what an index keys on)."""
    return " ".join(fold(name).text.split())


def slugify(text: str, *, words: int = 6) -> str:
    """Return an id made of the first ``words`` words of ``text`` (lowercase, hyphens, no diacritics)."""
    parts = [part.replace("'", "") for part in fold(text).text.split()]
    slug = "-".join(part for part in parts[:words] if part)
    return slug or "fact"
