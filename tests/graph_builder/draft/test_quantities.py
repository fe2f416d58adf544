"""Figures: digits and number words, their precision, what they count; dates and roads are no figures."""

from __future__ import annotations

import pytest

from graph_builder.draft.quantities import find_figures, words_to_number


@pytest.mark.parametrize(
    ("sentence", "count", "following"),
    [
        ("registered two violations again", 2, "violations"),
        ("provided 13 Turkish convoys with escorts", 13, "turkish"),
        ("About 60 Turkish soldiers have been killed", {"about": 60}, "turkish"),
        ("at least 5 Turkish soldiers were killed", {"at_least": 5}, "turkish"),
        ("more than 1,200 people fled", {"more_than": 1200}, "people"),
        ("Several violations were reported", {"vague": "several"}, "violations"),
        ("shelled the positions twice, he said", 2, "he"),
        ("shelled the road three times", 3, ""),
    ],
)
def test_each_figure_reads_as_a_count(sentence: str, count: object, following: str) -> None:
    (figure,) = find_figures(sentence)
    assert figure.as_count() == count
    assert (figure.following[:1] or ("",))[0] == following


def test_years_ordinals_and_road_numbers_are_no_figures() -> None:
    assert find_figures("On March 9th 2020 patrols drove along the M4") == []


@pytest.mark.parametrize(("words", "number"), [("thirteen", 13), ("sixty-five", 65), ("two hundred", 200)])
def test_number_words(words: str, number: int) -> None:
    assert words_to_number(words) == number
