"""Names matched with case, punctuation and diacritics folded; adjectives of countries; new names."""

from __future__ import annotations

from graph_builder.draft.mentions import Entity, EntityIndex
from graph_builder.draft.text import fold

INDEX = EntityIndex(
    [
        Entity("recep-tayyip-erdogan", "actors", "Person", ("Recep Tayyip Erdogan", "Erdogan")),
        Entity("hayat-tahrir-al-sham", "actors", "ArmedGroup", ("Hay’at Tahrir al-Sham",)),
        Entity("turkey", "actors", "State", ("Turkey", "Ankara")),
        Entity("russia", "actors", "State", ("Russia", "Moscow")),
        Entity("moscow", "places", "", ("Moscow",)),
        Entity("russian-military-police", "actors", "MilitaryForce", ("Russian military police",)),
    ]
)


def ids(text: str) -> list[tuple[str, bool]]:
    return [(m.entity.id, m.demonym) for m in INDEX.find(text)]


def test_folding_keeps_one_character_per_character() -> None:
    assert len(fold("Erdoğan’s ß").text) == len("Erdoğan’s ß")


def test_accented_and_plain_spellings_and_straight_and_curly_apostrophes_match() -> None:
    assert ids("Erdoğan met ERDOGAN") == [("recep-tayyip-erdogan", False)] * 2
    assert ids("Militants of Hay'at Tahrir al-Sham") == [("hayat-tahrir-al-sham", False)]


def test_the_longest_name_wins_and_an_adjective_is_a_weaker_mention() -> None:
    assert ids("Russian military police escorted Turkish convoys") == [
        ("russian-military-police", False),
        ("turkey", True),
    ]


def test_a_name_of_an_actor_and_a_place_is_the_place_after_in() -> None:
    assert ids("adopted in Moscow") == [("moscow", False)]
    assert ids("agreements between Ankara and Moscow") == [("turkey", False), ("russia", False)]


def test_unknown_capitalised_names_are_candidates_and_known_ones_are_not() -> None:
    text = "Erdoğan told reporters in Istanbul that Nadide Şen agreed."
    names = [c.name for c in INDEX.candidates(text, INDEX.find(text))]
    assert names == ["Istanbul", "Nadide Şen"]
