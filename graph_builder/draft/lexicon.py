"""Read the drafter's lexicon (``lexicon.yaml``, package data): event words, casualties, speech, status."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

import yaml

from ontology import resources

from .text import fold_name

LEXICON_FILE = "lexicon.yaml"


@dataclass(frozen=True)
class EventWords:
    """Hold the words of one event type: those that propose it, the nouns it counts, its label."""

    type: str
    triggers: tuple[str, ...]
    counts: tuple[str, ...]
    label: str
    replaces: tuple[str, ...]


@dataclass(frozen=True)
class Lexicon:
    """Hold the whole lexicon, each word folded as the text it is matched against is."""

    events: tuple[EventWords, ...]
    casualty_words: dict[str, tuple[str, ...]]
    people: frozenset[str]
    speech_verbs: tuple[str, ...]
    reporting_verbs: frozenset[str]
    speech_nouns: tuple[str, ...]
    noun_verbs: tuple[str, ...]
    denied: tuple[str, ...]
    conditional: tuple[str, ...]
    demonyms: dict[str, str]
    not_names: frozenset[str]


def _folded(words: Any) -> tuple[str, ...]:
    return tuple(fold_name(str(word)) for word in words or ())


@functools.cache
def lexicon() -> Lexicon:
    """Return the lexicon shipped with the package (read once)."""
    data = yaml.safe_load(resources.package_text("graph_builder.draft", LEXICON_FILE))
    events = tuple(
        EventWords(
            name,
            _folded(spec["triggers"]),
            _folded(spec.get("counts")),
            str(spec["label"]),
            tuple(spec.get("replaces") or ()),
        )
        for name, spec in data["events"].items()
    )
    speech = data["speech"]
    return Lexicon(
        events=events,
        casualty_words={what: _folded(words) for what, words in data["casualties"]["words"].items()},
        people=frozenset(_folded(data["casualties"]["people"])),
        speech_verbs=_folded(speech["verbs"]),
        reporting_verbs=frozenset(_folded(speech["reporting"])),
        speech_nouns=_folded(speech["nouns"]),
        noun_verbs=_folded(speech["noun_verbs"]),
        denied=_folded(data["status"]["denied"]),
        conditional=_folded(data["status"]["conditional"]),
        demonyms={fold_name(adjective): str(country) for adjective, country in data["demonyms"].items()},
        not_names=frozenset(str(word) for word in data["not_names"]),
    )
