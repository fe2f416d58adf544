"""Find every evidence quote in its document and record where it stands (Unicode character offsets)."""

from __future__ import annotations

import difflib
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


@dataclass(frozen=True, slots=True)
class Span:
    """Hold where one quote stands in its document: offsets and the text around it."""

    start: int
    end: int
    exact: str
    prefix: str
    suffix: str


@dataclass(frozen=True, slots=True)
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
#: Runs of words of a quote looked up in a long document (the longest first), and the rarest of them used as
#: anchors: three words in a row are rare even when each word is common, so they are tried first.
_RUNS_COUNTED = 12
_ANCHORS = 3
#: Characters of the document compared with the quote around its anchors, at most (a window of three
#: times the quote's length at each place of an anchor, the first places first).
_COMPARED = 2_000_000
_WORD = re.compile(r"\w+")


def closest_passage(text: str, quote: str) -> str:
    """Return the passage of ``text`` most like ``quote`` (empty when none shares a word), for a message.

    The passage is where the longest run of characters the two share stands. A long document is not
    compared character by character (that took minutes for 50 MB): the quote's rarest runs of words anchor
    the comparison, and only the text around their first places is compared with the quote.
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
    """Return where the quote would start in ``text`` if one of its rarest runs of words stood there.

    Runs of three words are tried first, then of two, then single words: the first length of which some run
    stands in the text gives the anchors. A typo breaks only the runs it stands in.
    """
    words = [match.span() for match in _WORD.finditer(quote)]
    for length in (3, 2, 1):
        runs = {quote[words[i][0] : words[i + length - 1][1]] for i in range(len(words) - length + 1)}
        longest = sorted(runs, key=len, reverse=True)[:_RUNS_COUNTED]
        counted = sorted((count, run) for run in longest if (count := text.count(run)))
        if counted:
            break
    else:
        return []
    each = max(1, _COMPARED // (3 * len(quote) * min(_ANCHORS, len(counted))))
    places: set[int] = set()
    for count, run in counted[:_ANCHORS]:
        in_quote = quote.index(run)
        at = text.find(run)
        for _ in range(min(count, each)):
            places.add(max(0, at - in_quote))
            at = text.find(run, at + 1)
    return sorted(places)


def closest_note(text: str, quote: str) -> str:
    """Return the end of a "not in the document" message: the closest passage, or that none is close."""
    passage = closest_passage(text, quote)
    return f"closest passage: {passage!r}" if passage else "no passage of the document shares a word with it"


#: Each plain character a look-alike is made into, with the characters that look like it.
_VARIANTS = {"'": "'’‘", '"': '"“”', "-": "-–—", " ": " \u00a0"}


def _differs_only_in_lookalikes(text: str, quote: str) -> bool:
    """Say whether ``quote`` stands in ``text`` once look-alike characters are made plain on both sides.

    A pattern of the quote with each look-alike as a class of its variants is searched in the text as it is:
    making a 50 MB document plain took 20 s, and this question is asked for every quote not found.
    """
    plain = quote.translate(_LOOKALIKES)
    parts: list[str] = []
    at = 0
    while at < len(plain):
        if plain.startswith("...", at):
            parts.append(r"(?:\.\.\.|…)")
            at += 3
            continue
        char = plain[at]
        parts.append(f"[{re.escape(_VARIANTS[char])}]" if char in _VARIANTS else re.escape(char))
        at += 1
    return re.search("".join(parts), text) is not None


def span_at(text: str, start: int, end: int) -> Span:
    """Return the span of ``text`` between two offsets with its context."""
    return Span(start, end, text[start:end], text[max(0, start - CONTEXT) : start], text[end : end + CONTEXT])


def locate_quote(source: Source, record: Record, item: EvidenceItem) -> Span:
    """Find one quote of ``record`` in its document; raise InputError unless it is there exactly once."""
    text = source.text or ""
    quote = item.quote or ""
    if item.start is not None:
        # A machine-made source says where its quote stands: check it there instead of searching the whole
        # document for it (a search per quote is quadratic in a dataset's hundred thousand rows).
        if text[item.start : item.start + len(quote)] != quote:
            raise InputError(
                f"quote of {record.id!r} is not at offset {item.start} of {source.document_file}: {quote!r}; "
                f"there stands {text[item.start : item.start + len(quote)]!r}",
                file=record.file,
                line=item.line,
                value=quote,
            )
        return span_at(text, item.start, item.start + len(quote))
    starts = occurrences(text, quote)
    if not starts:
        hint = ""
        if _differs_only_in_lookalikes(text, quote):
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
