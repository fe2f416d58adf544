"""Sentences with their offsets: quotes stay whole, abbreviations do not end one, furniture is left out."""

from __future__ import annotations

from graph_builder.draft.sentences import split_sentences

TEXT = (
    "Headline Without A Stop\n\n"
    "  • On March 10th, Gen. Smith said: “We arrived. Talks continue.” Then he left.\n"
    '"It holds," he said. Click to see full-size image\n'
    "0 $\n"
)


def test_each_sentence_stands_at_its_offsets() -> None:
    for sentence in split_sentences(TEXT):
        assert TEXT[sentence.start : sentence.end] == sentence.text


def test_a_quote_of_several_sentences_stays_one_sentence_and_a_bullet_mark_is_left_out() -> None:
    texts = [s.text for s in split_sentences(TEXT)]
    assert "On March 10th, Gen. Smith said: “We arrived. Talks continue.”" in texts
    assert "Then he left." in texts


def test_a_line_without_a_full_stop_is_a_headline() -> None:
    first = split_sentences(TEXT)[0]
    assert (first.text, first.headline) == ("Headline Without A Stop", True)


def test_a_line_overlapping_furniture_is_left_out_and_a_line_without_letters_is_none() -> None:
    start = TEXT.index("Click")
    texts = [s.text for s in split_sentences(TEXT, [(start, start + len("Click to see full-size image"))])]
    assert not any("It holds" in text or "Click" in text or "$" in text for text in texts)
