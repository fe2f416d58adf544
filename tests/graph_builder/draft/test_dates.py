"""Date phrases resolved against the publication day and the story: each form, and no crash on any."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graph_builder.draft.dates import MONTHS, WEEKDAYS, DateContext, find_dates

MONDAY_2_MARCH_2020 = DateContext(dt.date(2020, 3, 2))
FRIDAY_13_MARCH_2020 = DateContext(dt.date(2020, 3, 13))


def days(sentence: str, context: DateContext = MONDAY_2_MARCH_2020) -> list[tuple[str, str, bool]]:
    return [(m.earliest.isoformat(), m.latest.isoformat(), m.period) for m in find_dates(sentence, context)]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("On March 10th, the center", ("2020-03-10", "2020-03-10", False)),
        ("on Friday, March 13, they met", ("2020-03-13", "2020-03-13", False)),
        ("On 29 February, at least five", ("2020-02-29", "2020-02-29", False)),
        ("on Saturday, February 29, and", ("2020-02-29", "2020-02-29", False)),
        ("adopted on March 5, 2020", ("2020-03-05", "2020-03-05", False)),
        ("said on Sunday that", ("2020-03-01", "2020-03-01", False)),  # the last Sunday before Monday
        ("said on Monday that", ("2020-03-02", "2020-03-02", False)),  # the publication day itself
        ("will meet on Thursday", ("2020-03-05", "2020-03-05", False)),  # the future: the next Thursday
        ("talks last week", ("2020-02-24", "2020-03-01", False)),  # the calendar week before
        ("talks next week", ("2020-03-09", "2020-03-15", False)),
        ("killed since February", ("2020-02-01", "2020-02-01", True)),  # a whole period from 1 February
        ("said yesterday", ("2020-03-01", "2020-03-01", False)),
        ("some day in February", ("2020-02-01", "2020-02-29", False)),  # 2020 is a leap year
    ],
)
def test_each_phrase_resolves_against_the_publication_day(
    sentence: str, expected: tuple[str, str, bool]
) -> None:
    assert days(sentence) == [expected]


def test_the_day_before_counts_from_the_day_the_story_named_last() -> None:
    context = DateContext(dt.date(2020, 3, 15), last_day=dt.date(2020, 3, 10))
    assert days("Zhuravlev said the day before.", context) == [("2020-03-09", "2020-03-09", False)]


def test_the_day_before_counts_from_a_day_named_earlier_in_the_same_sentence() -> None:
    found = days(
        "registered two violations on Saturday, February 29, and said that convoys came the day before."
    )
    assert found == [("2020-02-29", "2020-02-29", False), ("2020-02-28", "2020-02-28", False)]


def test_29_february_of_a_common_year_is_no_day_and_no_error() -> None:
    assert days("On 29 February, nothing", DateContext(dt.date(2021, 3, 2))) == []
    assert days("On 29 February 2021, nothing") == []
    assert days("On 29 February 2024, a strike") == [("2024-02-29", "2024-02-29", False)]


def test_a_weekday_that_contradicts_its_date_is_kept_with_a_note() -> None:
    (mention,) = find_dates("on Monday, March 13", FRIDAY_13_MARCH_2020)
    assert mention.exact == dt.date(2020, 3, 13)
    assert "is a Friday, not a Monday" in mention.note


def test_since_the_ceasefire_is_a_period_from_the_case_start_only_when_one_is_given() -> None:
    assert days("since the ceasefire took effect") == []
    context = DateContext(dt.date(2020, 3, 13), not_before=dt.date(2020, 3, 6))
    assert days("since the ceasefire took effect", context) == [("2020-03-06", "2020-03-06", True)]


def test_a_past_day_months_after_publication_is_of_the_year_before() -> None:
    assert days("on December 29", DateContext(dt.date(2021, 1, 2))) == [("2020-12-29", "2020-12-29", False)]


_WORDS = st.sampled_from(
    [*MONTHS, *WEEKDAYS, "on", "since", "last", "next", "this", "past", "the day before", "the same day",
     "week", "month", "yesterday", "today", "of", ",", "29", "30", "31", "0", "1st", "2nd", "99", "2020",
     "2021", "1900", "February 29", "29 February", "the ceasefire", "mid-", "early", "2020-02-30",
     "2020-02-29", "will", '"', "“", "”"]
)  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(
    words=st.lists(_WORDS, max_size=8),
    published=st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2090, 12, 31)),
    last_day=st.none() | st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2090, 12, 31)),
)
def test_no_phrase_crashes_and_every_range_is_ordered(
    words: list[str], published: dt.date, last_day: dt.date | None
) -> None:
    sentence = " ".join(words)
    for mention in find_dates(sentence, DateContext(published, last_day, published - dt.timedelta(days=9))):
        assert mention.earliest <= mention.latest
        assert sentence[mention.start : mention.end].strip()
