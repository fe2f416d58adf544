"""Find every evidence quote in its document and record where it stands (Unicode character offsets)."""

from __future__ import annotations

import difflib
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


def closest_passage(text: str, quote: str) -> str:
    """Return the passage of ``text`` most like ``quote``, for an error message."""
    matcher = difflib.SequenceMatcher(None, text, quote, autojunk=False)
    match = matcher.find_longest_match(0, len(text), 0, len(quote))
    start = max(0, match.a - match.b)
    passage = text[start : start + len(quote) + 10].strip()
    return passage if len(passage) <= 160 else passage[:157] + "..."


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
        passage = closest_passage(text, quote)
        hint = ""
        if quote.translate(_LOOKALIKES) in text.translate(_LOOKALIKES):
            hint = " (it differs only in quote marks, apostrophes or dashes: copy them from the document)"
        raise InputError(
            f"quote of {record.id!r} is not in {source.document_file}: {quote!r}{hint}; "
            f"closest passage: {passage!r}",
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
                    f"furniture passage is not in {source.document_file}: {passage!r}; closest passage: "
                    f"{closest_passage(text, passage)!r}",
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
            f"closest passage: {closest_passage(source.text or '', text)!r}",
            file=record.file,
            line=record.line_of("text"),
            value=text,
        )
