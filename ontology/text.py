"""Hold the text patterns every package shares (ids, ISO days) and the one "did you mean" helper."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable

#: An id: lowercase letters and digits in hyphen-separated words, e.g. ``hulusi-akar``.
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
#: A day written YYYY-MM-DD (whether it exists is for ``datetime.date.fromisoformat`` to say).
ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def nearest(wanted: str, known: Iterable[str], *, n: int = 3, cutoff: float = 0.5) -> list[str]:
    """Return up to ``n`` known names closest to ``wanted``, closest first (none below ``cutoff``)."""
    return difflib.get_close_matches(wanted, list(known), n=n, cutoff=cutoff)


def did_you_mean(wanted: str, known: Iterable[str], *, n: int = 3, cutoff: float = 0.5) -> str:
    """Return `` (nearest known: a, b)`` for a message, or an empty string when nothing is close."""
    close = nearest(wanted, known, n=n, cutoff=cutoff)
    return f" (nearest known: {', '.join(close)})" if close else ""
