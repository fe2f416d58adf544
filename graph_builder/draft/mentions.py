"""Find the actors, places and agreements a sentence names, by their names and aliases, folded.

Case, punctuation and diacritics are folded on both sides (Erdogan = Erdoğan = ERDOGAN, Hay'at = Hay’at),
the longest name wins where names overlap, and a country's adjective ("Turkish convoys") is a weaker
mention of its actor. Capitalised words that name nothing known are candidates for a new actor.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from .lexicon import lexicon
from .text import fold, fold_name

#: Sections of entities.yaml, as the drafter names them.
ACTOR, PLACE, AGREEMENT = "actors", "places", "agreements"
_PLACE_BEFORE = re.compile(r"\b(?:in|at|near|to|from|outside|around|into)\s+$")


@dataclass(frozen=True)
class Entity:
    """Hold one entity of entities.yaml as the drafter needs it: id, section, kind, names."""

    id: str
    section: str
    kind: str
    names: tuple[str, ...]

    @property
    def name(self) -> str:
        """Return the entity's name (the first of its names)."""
        return self.names[0]


@dataclass(frozen=True)
class Mention:
    """Hold one mention of an entity in the document: where, which, and whether only by an adjective."""

    start: int
    end: int
    entity: Entity
    demonym: bool = False


@dataclass(frozen=True)
class Candidate:
    """Hold a capitalised name that no entity has: a candidate new actor, with where it stands."""

    name: str
    start: int
    end: int


class EntityIndex:
    """Look entities up by their folded names and aliases."""

    def __init__(self, entities: Iterable[Entity]) -> None:
        self.entities = list(entities)
        self.by_id = {entity.id: entity for entity in self.entities}
        self.by_name: dict[str, list[Entity]] = {}
        for entity in self.entities:
            for name in entity.names:
                folded = fold_name(name)
                if folded and entity not in self.by_name.setdefault(folded, []):
                    self.by_name[folded].append(entity)
        names = sorted(self.by_name, key=len, reverse=True)
        self._pattern = re.compile(
            r"\b(?:" + "|".join(r"\s+".join(map(re.escape, name.split())) for name in names) + r")\b"
            if names
            else r"(?!x)x"
        )
        demonyms = {
            adjective: self.by_name.get(fold_name(country), [])
            for adjective, country in lexicon().demonyms.items()
        }
        self._demonyms = {adjective: found[0] for adjective, found in demonyms.items() if found}
        self._demonym_pattern = re.compile(
            r"\b(?:" + "|".join(map(re.escape, self._demonyms)) + r")\b" if self._demonyms else r"(?!x)x"
        )

    def find(self, text: str, *, offset: int = 0) -> list[Mention]:
        """Return the mentions in ``text`` in order (offsets from ``offset``), the longest name first."""
        folded = fold(text).text
        mentions: list[Mention] = []
        taken: list[tuple[int, int]] = []
        for match in self._pattern.finditer(folded):
            found = self.by_name[" ".join(match.group(0).split())]
            entity = self._choose(found, folded[: match.start()])
            mentions.append(Mention(match.start() + offset, match.end() + offset, entity))
            taken.append(match.span())
        for match in self._demonym_pattern.finditer(folded):
            if any(match.start() < end and start < match.end() for start, end in taken):
                continue
            entity = self._demonyms[match.group(0)]
            mentions.append(Mention(match.start() + offset, match.end() + offset, entity, demonym=True))
        return sorted(mentions, key=lambda mention: mention.start)

    @staticmethod
    def _choose(found: Sequence[Entity], before: str) -> Entity:
        """Return the entity a name means: a place after "in", "at", "near"…, else an actor or the first."""
        wanted = PLACE if _PLACE_BEFORE.search(before) else ACTOR
        for entity in found:
            if entity.section == wanted:
                return entity
        return found[0]

    def candidates(self, text: str, mentions: Sequence[Mention], *, offset: int = 0) -> list[Candidate]:
        """Return the runs of capitalised words of ``text`` that no mention covers (new names, perhaps)."""
        skip = lexicon().not_names
        found: list[Candidate] = []
        for match in re.finditer(
            r"(?:[A-ZÀ-ÞĀ-Ž][\w’'-]*)(?:\s+(?:al-|bin\s+|of\s+)?[A-ZÀ-ÞĀ-Ž][\w’'-]*)*", text
        ):
            start, end = match.start() + offset, match.end() + offset
            if any(start < m.end and m.start < end for m in mentions):
                continue
            words = [word for word in match.group(0).split() if word not in skip]
            if not words or all(word.lower() in _MONTHS_AND_DAYS for word in words):
                continue
            if match.start() == 0 and len(words) == 1:
                continue  # the first word of a sentence is capitalised anyway
            name = " ".join(words)
            if len(name) > 2 and not name.isupper():
                found.append(Candidate(name, start, end))
        return found


_MONTHS_AND_DAYS = frozenset(
    {
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    }
)


def entities_from(sections: Mapping[str, Sequence[Mapping[str, object]]]) -> list[Entity]:
    """Return the entities of entities.yaml's sections (each a list of records' values)."""
    entities: list[Entity] = []
    for section in (ACTOR, PLACE, AGREEMENT):
        for values in sections.get(section, ()):
            aliases = values.get("aliases")
            listed = aliases if isinstance(aliases, list) else []
            names = (str(values["name"]), *(alias for alias in listed if isinstance(alias, str)))
            entities.append(Entity(str(values["id"]), section, str(values.get("kind", "")), names))
    return entities
