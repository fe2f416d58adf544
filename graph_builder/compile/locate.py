"""Find every evidence quote in its document and record where it stands (Unicode character offsets)."""

from __future__ import annotations

import difflib
import functools
import re
from dataclasses import dataclass

from ontology.errors import InputError

from .loader import Corpus, Source
from .schema import EvidenceItem, Problems, Record

#: Characters of context kept on each side of a quote (oa:prefix / oa:suffix).
CONTEXT = 32

#: Look-alike characters a curator may type instead of the document's own.
_LOOKALIKES = str.maketrans(
    {"’": "'", "‘": "'", "“": '"', "”": '"', "…": "...", "–": "-", "—": "-", "\u00a0": " "}
)


@dataclass(frozen=True)
class Span:
    """Hold where one quote stands in its document: offsets and the text around it."""

    start: int
    end: int
    exact: str
    prefix: str
    suffix: str


@dataclass(frozen=True)
class Located:
    """Hold the evidence of one fact: a text span (articles) or an article citation (records)."""

    item: EvidenceItem
    span: Span | None


def occurrences(text: str, quote: str) -> list[int]:
    """Return the start offset of every occurrence of ``quote`` in ``text`` (overlaps included)."""
    starts: list[int] = []
    at = text.find(quote)
    while at != -1:
        starts.append(at)
        at = text.find(quote, at + 1)
    return starts


#: Documents up to this many characters are compared with a quote whole; longer ones around anchors.
WHOLE_COMPARISON = 200_000
#: The longest words of a quote looked up in a long document, and the rarest of them used as anchors.
_WORDS_COUNTED = 8
_ANCHORS = 3
#: Places of each anchor compared with the quote (the first ones in the document).
_PLACES = 20
_WORD = re.compile(r"\w{3,}|\w+")


def closest_passage(text: str, quote: str) -> str:
    """Return the passage of ``text`` most like ``quote`` (empty when none shares a word), for a message.

    The passage is where the longest run of characters the two share stands. A long document is not
    compared character by character (that took 50 s for 50 MB): the quote's rarest words anchor the
    comparison, and only the text around their first places is compared with the quote.
    """
    if not text or not quote:
        return ""
    if len(text) <= WHOLE_COMPARISON:
        start, size = _longest_shared(text, quote, 0)
    else:
        start, size = -1, 0
        for at in _anchor_places(text, quote):
            low = max(0, at - len(quote))
            found, found_size = _longest_shared(text[low : at + 2 * len(quote)], quote, low)
            if found_size > size or (found_size == size and found < start):
                start, size = found, found_size
    if size == 0:
        return ""
    passage = text[start : start + len(quote) + 10].strip()
    return passage if len(passage) <= 160 else passage[:157] + "..."


def _longest_shared(window: str, quote: str, offset: int) -> tuple[int, int]:
    """Return where the passage aligned on the longest match starts (``window`` starts at ``offset``)."""
    matcher = difflib.SequenceMatcher(None, window, quote, autojunk=False)
    match = matcher.find_longest_match(0, len(window), 0, len(quote))
    return offset + max(0, match.a - match.b), match.size


def _anchor_places(text: str, quote: str) -> list[int]:
    """Return where the quote would start in ``text`` if one of its rarest words stood at its place there."""
    words = sorted(set(_WORD.findall(quote)), key=len, reverse=True)[:_WORDS_COUNTED]
    counted = sorted((text.count(word), word) for word in words)
    places: list[int] = []
    for count, word in [(count, word) for count, word in counted if count][:_ANCHORS]:
        in_quote = quote.index(word)
        at = text.find(word)
        for _ in range(min(count, _PLACES)):
            places.append(max(0, at - in_quote))
            at = text.find(word, at + 1)
    return places


def closest_note(text: str, quote: str) -> str:
    """Return the end of a "not in the document" message: the closest passage, or that none is close."""
    passage = closest_passage(text, quote)
    return f"closest passage: {passage!r}" if passage else "no passage of the document shares a word with it"


@functools.lru_cache(maxsize=2)
def _plain(text: str) -> str:
    """Return a document with its look-alike characters made plain (once per document, not per quote)."""
    return text.translate(_LOOKALIKES)


def span_at(text: str, start: int, end: int) -> Span:
    """Return the span of ``text`` between two offsets with its context."""
    return Span(start, end, text[start:end], text[max(0, start - CONTEXT) : start], text[end : end + CONTEXT])


def locate_quote(source: Source, record: Record, item: EvidenceItem) -> Span:
    """Find one quote of ``record`` in its document; raise InputError unless it is there exactly once."""
    text = source.text or ""
    quote = item.quote or ""
    starts = occurrences(text, quote)
    if not starts:
        hint = ""
        if quote.translate(_LOOKALIKES) in _plain(text):
            hint = " (it differs only in quote marks, apostrophes or dashes: copy them from the document)"
        raise InputError(
            f"quote of {record.id!r} is not in {source.document_file}: {quote!r}{hint}; "
            f"{closest_note(text, quote)}",
            file=record.file,
            line=item.line,
            value=quote,
        )
    if item.occurrence is None and len(starts) > 1:
        raise InputError(
            f"quote of {record.id!r} occurs {len(starts)} times in {source.document_file}: add "
            f"'occurrence: N' (1 to {len(starts)}) to say which: {quote!r}",
            file=record.file,
            line=item.line,
            value=quote,
        )
    index = (item.occurrence or 1) - 1
    if index >= len(starts):
        raise InputError(
            f"quote of {record.id!r} occurs {len(starts)} time(s) in {source.document_file}, not "
            f"{item.occurrence}: {quote!r}",
            file=record.file,
            line=item.line,
            value=quote,
        )
    return span_at(text, starts[index], starts[index] + len(quote))


def furniture_spans(source: Source, problems: Problems) -> list[Span]:
    """Locate the page furniture of a source (passages that are never facts); note each one not there."""
    text = source.text or ""
    spans: list[Span] = []
    record = source.record
    for passage in record.values.get("furniture", []):
        starts = occurrences(text, passage)
        if not starts:
            problems.add(
                InputError(
                    f"furniture passage is not in {source.document_file}: {passage!r}; "
                    f"{closest_note(text, passage)}",
                    file=record.file,
                    line=record.line_of("furniture"),
                    value=passage,
                )
            )
        spans.extend(span_at(text, s, s + len(passage)) for s in starts)
    return spans


def locate_corpus(corpus: Corpus, *, problems: Problems | None = None) -> dict[str, list[Located]]:
    """Locate the evidence of every fact; return it by fact key (an account's path), in the order written.

    Raise InputProblems with every quote that is not where it should be; given ``problems``, add to it
    instead (the run raises once all stages have looked).
    """
    own = problems is None
    problems = Problems() if problems is None else problems
    located: dict[str, list[Located]] = {}
    for source in corpus.sources:
        furniture = furniture_spans(source, problems) if source.kind == "article" else []
        for record in source.all_facts():
            items: list[Located] = []
            for item in record.values["evidence"]:
                try:
                    items.append(Located(item, _locate_item(source, record, item, furniture)))
                except InputError as problem:
                    problems.add(problem)
            if record.section == "statements" and record.values["text_kind"] == "verbatim":
                try:
                    _check_verbatim(source, record)
                except InputError as problem:
                    problems.add(problem)
            located[record.key] = items
    if own:
        problems.raise_if_any()
    return located


def _locate_item(source: Source, record: Record, item: EvidenceItem, furniture: list[Span]) -> Span | None:
    if source.kind == "record":
        if item.article is None:
            raise InputError(
                f"evidence of {record.id!r} in a record source cites an article ({{article: 'Article 1'}}), "
                "not a quote",
                file=record.file,
                line=item.line,
                value=item.quote,
            )
        return None
    if item.quote is None:
        raise InputError(
            f"evidence of {record.id!r} in an article source is a quote of its document ({{quote: '...'}}), "
            "not an article number",
            file=record.file,
            line=item.line,
            value=item.article,
        )
    span = locate_quote(source, record, item)
    for piece in furniture:
        if span.start < piece.end and piece.start < span.end:
            raise InputError(
                f"quote of {record.id!r} overlaps page furniture {piece.exact!r}, which is never a fact",
                file=record.file,
                line=item.line,
                value=item.quote,
            )
    return span


def _check_verbatim(source: Source, record: Record) -> None:
    text = record.values["text"]
    if source.kind != "article":
        raise InputError(
            f"statement {record.id!r} is verbatim, but a record source has no document to quote",
            file=record.file,
            line=record.line_of("text_kind"),
            value="verbatim",
        )
    if text not in (source.text or ""):
        raise InputError(
            f"verbatim text of statement {record.id!r} is not in {source.document_file}: {text!r}; "
            f"{closest_note(source.text or '', text)}",
            file=record.file,
            line=record.line_of("text"),
            value=text,
        )
