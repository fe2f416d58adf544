"""Find the direct quotes of a sentence and the parts of it around them (where the attribution stands)."""

from __future__ import annotations

import re
from dataclasses import dataclass

#: A direct quote: curly or straight quote marks around at least a few words (scare quotes are shorter).
_QUOTE = re.compile(r"“([^”]+)”|\"([^\"]+)\"|«([^»]+)»")
#: Fewer words than this between quote marks are a scare quote or a title ("moderate opposition").
MIN_WORDS = 4


@dataclass(frozen=True)
class Quote:
    """Hold one direct quote of a sentence: the span of its marks and of its words (document offsets)."""

    start: int  # the opening mark
    end: int  # after the closing mark
    text_start: int
    text_end: int
    text: str  # the quoted words, without a trailing comma (what "verbatim" quotes)


def find_quotes(sentence: str, *, offset: int = 0) -> list[Quote]:
    """Return the direct quotes of ``sentence`` (quote marks around ``MIN_WORDS`` words or more), in order."""
    found: list[Quote] = []
    for match in _QUOTE.finditer(sentence):
        group = next(index for index in (1, 2, 3) if match.group(index) is not None)
        inner_start, inner_end = match.span(group)
        words = sentence[inner_start:inner_end]
        if len(words.split()) < MIN_WORDS:
            continue
        stripped = words.rstrip()
        while stripped and stripped[-1] in ",;:":
            stripped = stripped[:-1].rstrip()
        lead = len(words) - len(words.lstrip())
        found.append(
            Quote(
                match.start() + offset,
                match.end() + offset,
                inner_start + lead + offset,
                inner_start + len(stripped) + offset,
                stripped.lstrip(),
            )
        )
    return found
