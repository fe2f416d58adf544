"""Hold the text patterns every package shares (ids, ISO days, URLs) and the one "did you mean" helper."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from urllib.parse import urlsplit

#: An id: lowercase letters and digits in hyphen-separated words, e.g. ``hulusi-akar``.
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
#: A day written YYYY-MM-DD (whether it exists is for ``datetime.date.fromisoformat`` to say).
ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
#: A web address: http or https, a host, then a path, query or fragment; no spaces, control characters or
#: the characters RFC 3986 never allows unescaped (``<>"{}|\^`` and the backtick). Written so that JSON
#: Schema (ECMA-262) reads it the same; ``is_url`` also asks that the host and port parse.
URL_PATTERN = r"^https?://[^\s/?#<>\"{}|\\^`\x00-\x1f\x7f]+(?:[/?#][^\s<>\"{}|\\^`\x00-\x1f\x7f]*)?$"
_URL = re.compile(URL_PATTERN)


def is_url(text: str) -> bool:
    """Say whether ``text`` is an http(s) URL with a host, free of spaces and control characters."""
    if not _URL.fullmatch(text):  # fullmatch: ``$`` alone lets a final newline through
        return False
    try:
        parts = urlsplit(text)
        return bool(parts.hostname) and (parts.port is None or parts.port > 0)
    except ValueError:  # a port that is no number, or a bracketed host that is no IPv6 address
        return False


def nearest(wanted: str, known: Iterable[str], *, n: int = 3, cutoff: float = 0.5) -> list[str]:
    """Return up to ``n`` known names closest to ``wanted``, closest first (none below ``cutoff``)."""
    return difflib.get_close_matches(wanted, list(known), n=n, cutoff=cutoff)


def did_you_mean(wanted: str, known: Iterable[str], *, n: int = 3, cutoff: float = 0.5) -> str:
    """Return `` (nearest known: a, b)`` for a message, or an empty string when nothing is close."""
    close = nearest(wanted, known, n=n, cutoff=cutoff)
    return f" (nearest known: {', '.join(close)})" if close else ""
