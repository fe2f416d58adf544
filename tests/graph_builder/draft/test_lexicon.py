"""The lexicon is data the ontology agrees with: every event type it proposes is an event class."""

from __future__ import annotations

from graph_builder.draft.lexicon import lexicon
from ontology.terms import subclasses


def test_every_event_type_of_the_lexicon_is_an_event_class_of_the_vocabulary() -> None:
    events = set(subclasses("Event"))
    assert {words.type for words in lexicon().events} <= events
    assert all(replaced in events for words in lexicon().events for replaced in words.replaces)


def test_yaml_read_no_word_as_a_boolean() -> None:
    words = lexicon()
    assert "On" in words.not_names and "no" in words.denied
