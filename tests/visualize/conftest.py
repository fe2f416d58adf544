"""Share built corpora for the visualize tests: the small valid corpus and a hostile one."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from tests.conftest import write_mini

#: Markup an attacker could put in a source: as an actor's name, an alias, a title, a quote.
IMG_PAYLOAD = "<img src=x onerror=alert(1)>"
SCRIPT_PAYLOAD = "</script><script>alert(2)</script>"
HOSTILE_NAME = f"{IMG_PAYLOAD} {SCRIPT_PAYLOAD}"
HOSTILE_QUOTE = f"The group {IMG_PAYLOAD} wrote: {SCRIPT_PAYLOAD} and left."
HOSTILE_ACTOR = "https://w3id.org/ceasefire-kg/id/actor/hostile-group"
AKAR = "https://w3id.org/ceasefire-kg/id/actor/hulusi-akar"


def write_hostile(root: Path) -> Path:
    """Write the small corpus plus an actor, a source title and a quote made of markup; return the folder."""
    sources = write_mini(root)
    entities = sources / "entities.yaml"
    name = f'    name: "{HOSTILE_NAME}"\n'
    aliases = f'    aliases: ["{SCRIPT_PAYLOAD}"]\n'
    hostile_actor = "  - id: hostile-group\n    kind: ArmedGroup\n" + name + aliases
    text = entities.read_text(encoding="utf-8").replace("places:\n", hostile_actor + "places:\n")
    entities.write_text(text, encoding="utf-8")
    document = sources / "mini-article" / "document.txt"
    document.write_text(document.read_text(encoding="utf-8") + f"\n{HOSTILE_QUOTE}\n", encoding="utf-8")
    facts = sources / "mini-article" / "facts.yaml"
    text = facts.read_text(encoding="utf-8")
    text = text.replace("title: Ceasefire Talk", f'title: "Ceasefire Talk {IMG_PAYLOAD}"')
    text = text.replace(
        "statements:\n",
        "statements:\n"
        "  - id: hostile-statement\n"
        "    speaker: hostile-group\n"
        "    date: 2020-03-10\n"
        f'    text: "{SCRIPT_PAYLOAD}"\n'
        "    text_kind: verbatim\n"
        "    about: [turkey]\n"
        "    reported_by: [mini-news]\n"
        "    evidence:\n"
        f'      - quote: "{HOSTILE_QUOTE}"\n',
    )
    facts.write_text(text, encoding="utf-8")
    return sources


def _build(root: Path, sources: Path) -> Path:
    from graph_builder.build import build

    out = root / "output"
    build(sources, out=out)
    return out


@pytest.fixture(scope="session")
def mini_output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the small valid corpus once and return its output folder."""
    root = tmp_path_factory.mktemp("mini")
    return _build(root, write_mini(root))


@pytest.fixture(scope="session")
def hostile_output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the hostile corpus once and return its output folder."""
    root = tmp_path_factory.mktemp("hostile")
    return _build(root, write_hostile(root))


def open_store(out: Path) -> ox.Store:
    """Open the store of a built output folder for reading."""
    return ox.Store.read_only(str(out / "store"))
