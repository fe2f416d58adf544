"""Read the alias table that maps an event dataset's actor and place names onto the ids of entities.yaml."""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from graph_builder.compile.yamlio import LineDict, load_yaml
from ontology import resources
from ontology.errors import InputError, InputProblems
from ontology.text import SLUG, did_you_mean

#: The file name of the alias table, beside entities.yaml in a sources folder (and in the bundled seed).
ALIASES_FILE = "aliases.yaml"
_SPACES = re.compile(r"\s+")


@functools.lru_cache(maxsize=4096)
def normalise(name: str) -> str:
    """Return a dataset name with runs of whitespace made one space and none at either end.

    Kept for the names last seen: a dataset names the same actors and places row after row (36 distinct
    names in 100,000 invented ACLED rows). Small, because UCDP's source lists pass here too, each row its own.
    """
    return _SPACES.sub(" ", name).strip()


@dataclass(frozen=True)
class ActorAlias:
    """Hold what one dataset actor name stands for: one actor, one of several, or no actor at all."""

    ids: tuple[str, ...]
    one_of: bool = False

    @property
    def nobody(self) -> bool:
        """Tell whether the name stands for no actor ("Unidentified Armed Group (Syria)")."""
        return not self.ids


@dataclass(frozen=True)
class NewActor:
    """Hold an actor an import makes for a name the table lacks (``--new-actors``), flagged as unreviewed."""

    id: str
    kind: str
    name: str
    dataset: str


@dataclass(frozen=True)
class AliasTable:
    """Hold the alias table: actor names and place names (whitespace normalised) with what they map onto.

    ``new`` holds the actors an import with ``--new-actors`` made, by name; ``known_ids`` the ids of
    entities.yaml, which a new actor's id must not take.
    """

    file: str
    actors: dict[str, ActorAlias]
    places: dict[str, str]
    known_ids: frozenset[str] = frozenset()
    new: dict[str, NewActor] = field(default_factory=dict)

    def new_actor(self, name: str, kind: str, dataset: str) -> ActorAlias:
        """Make (once per name) an unreviewed actor for a name the table lacks; return its alias."""
        name = normalise(name)
        made = self.new.get(name)
        if made is None:
            base = "-".join("".join(c if c.isalnum() else " " for c in name.lower()).split()) or "actor"
            slug, n = base, 1
            taken = self.known_ids | {a.id for a in self.new.values()}
            while slug in taken:
                n += 1
                slug = f"{base}-{n}"
            made = self.new[name] = NewActor(slug, kind, name, dataset)
        return ActorAlias((made.id,))

    def actor(self, name: str) -> ActorAlias | None:
        """Return what an actor name maps onto, or None when the table does not know it."""
        return self.actors.get(normalise(name))

    def place(self, name: str) -> str | None:
        """Return the place id a place name maps onto, or None when the table does not know it."""
        return self.places.get(normalise(name))

    def unknown_actor(self, name: str) -> str:
        """Return the hint for an actor name the table lacks: the nearest known names."""
        return did_you_mean(normalise(name), self.actors)


def bundled_aliases() -> Path:
    """Return the alias table shipped with the bundled seed sources."""
    return Path(str(resources.bundled_sources().joinpath(ALIASES_FILE)))


def load_aliases(path: Path, *, known_ids: frozenset[str] | None = None) -> AliasTable:
    """Read an alias table; raise InputProblems naming the line of every entry that is not well formed.

    Given ``known_ids`` (the ids of entities.yaml), an entry naming any other id is a problem too.
    """
    shown = str(path)
    if not path.is_file():
        raise InputError(
            f"no alias table: copy {bundled_aliases()} beside entities.yaml, or pass --aliases", file=shown
        )
    document = load_yaml(path, display=shown)
    problems: list[InputError] = []
    if not isinstance(document, LineDict):
        raise InputError("expected a mapping with 'actors' and 'places'", file=shown, line=1)
    for key in document:
        if key not in ("actors", "places"):
            problems.append(
                InputError(
                    f"unknown section {key!r} (known sections: actors, places)",
                    file=shown,
                    line=document.key_lines.get(key, 1),
                    value=key,
                )
            )
    actors: dict[str, ActorAlias] = {}
    places: dict[str, str] = {}

    def check_id(value: object, line: int) -> str | None:
        if not isinstance(value, str) or not SLUG.match(value):
            problems.append(InputError("expected an id of entities.yaml", file=shown, line=line, value=value))
            return None
        if known_ids is not None and value not in known_ids:
            problems.append(
                InputError(
                    f"unknown id {value!r}: it is not in entities.yaml{did_you_mean(value, known_ids)}",
                    file=shown,
                    line=line,
                    value=value,
                )
            )
            return None
        return value

    section = document.get("actors") or LineDict()
    for name, value in section.items() if isinstance(section, LineDict) else ():
        line = section.key_lines.get(name, 1)
        if value is None:
            actors[normalise(str(name))] = ActorAlias(())
        elif isinstance(value, LineDict) and set(value) == {"one_of"} and isinstance(value["one_of"], list):
            ids = [check_id(item, line) for item in value["one_of"]]
            if len(ids) < 2:
                problems.append(
                    InputError("one_of needs two or more ids", file=shown, line=line, value=value["one_of"])
                )
            actors[normalise(str(name))] = ActorAlias(tuple(i for i in ids if i is not None), one_of=True)
        else:
            checked = check_id(value, line)
            if checked is not None:
                actors[normalise(str(name))] = ActorAlias((checked,))
    section = document.get("places") or LineDict()
    for name, value in section.items() if isinstance(section, LineDict) else ():
        checked = check_id(value, section.key_lines.get(name, 1))
        if checked is not None:
            places[normalise(str(name))] = checked
    if problems:
        raise InputProblems(problems)
    return AliasTable(shown, actors, places, known_ids or frozenset())


def _insert_under(text: str, key: str, lines: list[str]) -> str:
    """Return YAML text with ``lines`` inserted as the first entries of the block under a top-level key."""
    text = re.sub(rf"^{key}:[ \t]*\[\][ \t]*$", f"{key}:", text, flags=re.MULTILINE)  # an empty flow list
    found = re.search(rf"^{key}:[ \t]*(?:#.*)?\n", text, flags=re.MULTILINE)
    if found is None:
        return text.rstrip("\n") + f"\n{key}:\n" + "".join(lines)
    return text[: found.end()] + "".join(lines) + text[found.end() :]


def added_entities(entities: str, aliases: str, new: list[NewActor]) -> tuple[str, str]:
    """Return entities.yaml and aliases.yaml with the new actors added (each flagged as unreviewed)."""
    actor_lines = [
        f"  - id: {a.id}\n    kind: {a.kind}\n    name: {json.dumps(a.name, ensure_ascii=False)}\n"
        f"    description: {json.dumps(f'Unreviewed: made by an import of {a.dataset} for this name.')}\n"
        for a in new
    ]
    alias_lines = [f"  {json.dumps(a.name, ensure_ascii=False)}: {a.id}  # unreviewed\n" for a in new]
    return _insert_under(entities, "actors", actor_lines), _insert_under(aliases, "actors", alias_lines)
