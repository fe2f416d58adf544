"""Quote location: exact offsets in Unicode characters, clear messages when a quote is not there once."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from graph_builder.compile.locate import closest_passage, occurrences, span_at

TEXT = "On March 9th, the “center” registered two violations • again […] Hay’at Tahrir al-Sham"


@given(st.text(min_size=1, max_size=200), st.integers(min_value=0, max_value=199), st.integers(1, 20))
def test_every_occurrence_is_found_at_its_offsets(text: str, start: int, length: int) -> None:
    start = min(start, len(text) - 1)
    quote = text[start : start + length]
    found = occurrences(text, quote)
    assert start in found
    for at in found:
        assert text[at : at + len(quote)] == quote
    assert len(found) == sum(1 for i in range(len(text)) if text.startswith(quote, i))


def test_offsets_count_characters_not_bytes() -> None:
    quote = "Hay’at Tahrir"
    (start,) = occurrences(TEXT, quote)
    span = span_at(TEXT, start, start + len(quote))
    assert span.exact == quote
    assert TEXT[span.start : span.end] == quote
    assert span.start == TEXT.index("Hay’at")
    assert len(TEXT.encode()) > len(TEXT)


def test_curly_quotes_bullets_and_bracketed_ellipsis_are_matched_exactly() -> None:
    assert occurrences(TEXT, "the “center” registered") == [TEXT.index("the “center”")]
    assert occurrences(TEXT, 'the "center" registered') == []
    assert occurrences(TEXT, "• again […]") == [TEXT.index("•")]
    assert occurrences(TEXT, "again [...]") == []


def test_the_closest_passage_points_at_the_near_miss() -> None:
    passage = closest_passage(TEXT, "registered two violatons")
    assert "registered two violations" in passage
