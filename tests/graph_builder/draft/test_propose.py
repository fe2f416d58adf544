"""Proposals from short texts: quotes with their speakers in every attribution form, events, furniture."""

from __future__ import annotations

import datetime as dt

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from graph_builder.draft.mentions import Entity, EntityIndex
from graph_builder.draft.propose import Drafter, DraftOptions, Proposals
from graph_builder.draft.render import render_draft

INDEX = EntityIndex(
    [
        Entity("recep-tayyip-erdogan", "actors", "Person", ("Recep Tayyip Erdogan", "Erdogan")),
        Entity("hulusi-akar", "actors", "Person", ("Hulusi Akar", "Akar")),
        Entity("turkish-defense-ministry", "actors", "GovernmentBody", ("Turkish Defense Ministry",)),
        Entity("interfax", "actors", "NewsMedia", ("Interfax",)),
        Entity("turkey", "actors", "State", ("Turkey",)),
        Entity("wire", "actors", "NewsMedia", ("The Wire",)),
    ]
)
OPTIONS = DraftOptions("wire", dt.date(2020, 3, 2), dt.date(2020, 3, 2), None)


def draft(text: str, furniture: list[tuple[int, int]] | None = None) -> Proposals:
    return Drafter(text, INDEX, OPTIONS, furniture or []).propose()


def quotes(proposals: Proposals) -> list[tuple[str, str]]:
    return [(s.speaker, s.text) for s in proposals.statements if s.text_kind == "verbatim"]


def test_a_quote_before_its_attribution_straight_or_curly() -> None:
    found = draft(
        '"We will not leave our posts," Erdoğan said.\n“We are watching the lines closely,” Akar said.\n'
    )
    assert quotes(found) == [
        ("recep-tayyip-erdogan", "We will not leave our posts"),
        ("hulusi-akar", "We are watching the lines closely"),
    ]


def test_a_quote_after_its_attribution_and_a_pronoun_read_as_the_last_person_named() -> None:
    text = (
        'Akar said: "The delegation arrived and talks continue."\n'
        'He warned, "We will strike back everywhere."\n'
    )
    assert [speaker for speaker, _ in quotes(draft(text))] == ["hulusi-akar", "hulusi-akar"]


def test_the_ministry_is_read_as_the_last_ministry_named() -> None:
    text = 'The Turkish Defense Ministry spoke first. "No violation was recorded today," the ministry said.\n'
    assert quotes(draft(text)) == [("turkish-defense-ministry", "No violation was recorded today")]


def test_a_scare_quote_is_no_statement() -> None:
    assert quotes(draft("The “moderate opposition” did not fight, Erdogan said.\n")) == []


def test_every_quote_is_verbatim_and_its_evidence_stands_at_its_offset() -> None:
    text = 'Headline\n\n"We will not leave our posts," Erdoğan said on Sunday.\n'
    found = draft(text)
    (statement,) = found.statements
    assert statement.text in text
    assert text[statement.evidence.start :].startswith(statement.evidence.quote)
    assert statement.dating.exact == dt.date(2020, 3, 1)


def test_x_reported_that_an_event_is_the_reporters_account_and_no_statement() -> None:
    found = draft("Interfax reported that the ministries held talks by telephone last week.\n")
    (event,) = found.events
    assert (event.type, event.reported_by, event.status) == ("PhoneCall", "interfax", "occurred")
    assert (event.dating.earliest, event.dating.latest) == (dt.date(2020, 2, 24), dt.date(2020, 3, 1))
    assert found.statements == []


def test_counts_casualties_and_statuses() -> None:
    found = draft(
        "On 29 February, at least 5 Turkish soldiers were killed in an air strike.\n"
        "The center registered two violations on Saturday.\n"
        "Talks will continue on Thursday.\n"
        "The opposition didn't carry out any violations.\n"
    )
    by_type = [(e.type, e.count, e.casualties, e.status, e.dating.exact) for e in found.events]
    assert by_type == [
        (
            "Hostilities",
            None,
            [{"what": "killed", "count": {"at_least": 5}}],
            "occurred",
            dt.date(2020, 2, 29),
        ),
        ("CeasefireViolation", 2, [], "occurred", dt.date(2020, 2, 29)),
        ("Talks", None, [], "planned", dt.date(2020, 3, 5)),
        ("CeasefireViolation", None, [], "denied", None),
    ]


def test_talks_on_joint_patrols_are_talks_not_patrols() -> None:
    assert [e.type for e in draft("Officials will hold talks next week on joint patrols.\n").events] == [
        "Talks"
    ]


def test_nothing_is_proposed_from_furniture_or_a_headline() -> None:
    text = "Two Violations Registered In Idlib\n\nConsider helping us: 13 convoys were escorted.\n"
    start = text.index("Consider")
    assert draft(text, [(start, len(text) - 1)]).events == []


def test_ids_are_unique_slugs() -> None:
    found = draft("Two violations were registered.\nTwo violations were registered again.\n")
    assert [e.id for e in found.events] == ["ceasefire-violation-undated", "ceasefire-violation-undated-2"]


_TOKENS = st.sampled_from(
    ["Erdoğan", "Akar", "said", "told", "warned,", "he", "she", "the ministry", "Interfax", "reported that",
     "according to", '"', "“", "”", ",", ".", ":", "\n", "\n\n", "  • ", "two", "13", "about 60", "at least",
     "violations", "convoys", "escorted", "killed", "soldiers", "talks", "telephone", "will", "if", "didn't",
     "on Friday", "March 10th", "29 February", "the day before", "last week", "since February", "either",
     "or", "Turkistan", "Turkey", "Turkish", "(part of", ")", "Nobody Known", "ANKARA (Wire) -", "[…]"]
)  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(st.lists(_TOKENS, max_size=40))
def test_any_text_drafts_without_error_and_every_quote_stands_where_it_says(tokens: list[str]) -> None:
    text = " ".join(tokens)
    found = draft(text)
    for evidence, dating in [(p.evidence, p.dating) for p in found.statements] + [
        (p.evidence, p.dating) for p in found.events
    ]:
        assert text[evidence.start :].startswith(evidence.quote)
        assert dating.earliest <= dating.latest
    assert all(s.text in text for s in found.statements if s.text_kind == "verbatim")
    rendered = render_draft(
        {
            "id": "wire-article",
            "kind": "article",
            "title": "T",
            "publisher": "wire",
            "published": dt.date.today(),
        },
        found,
        text,
    )
    assert isinstance(yaml.safe_load(rendered), dict)
