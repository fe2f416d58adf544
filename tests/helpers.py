"""Share test helpers: the repo and seed folders, a small valid corpus, graph comparison, external tools."""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
import rdflib
import yaml
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from ontology import resources

#: The checkout (for its README, pyproject and queries); never its sources/, which is the analyst's own.
REPO = Path(__file__).resolve().parent.parent
#: The seed shipped inside the package: the frozen corpus every golden and seed test runs on.
SEED_SOURCES = Path(str(resources.bundled_sources()))


def seed_source_ids() -> list[str]:
    """Return the ids of the seed's sources (its folders), sorted."""
    return sorted(p.name for p in SEED_SOURCES.iterdir() if p.is_dir())


def _seed_sections(paths: list[Path]) -> dict[str, list[dict[str, Any]]]:
    sections: dict[str, list[dict[str, Any]]] = {}
    for path in paths:
        for section, items in yaml.safe_load(path.read_text(encoding="utf-8")).items():
            if isinstance(items, list):
                sections.setdefault(section, []).extend(items)
    return sections


def seed_entities() -> dict[str, list[dict[str, Any]]]:
    """Return the records of the seed's entities.yaml by section, read with plain PyYAML (not the loader)."""
    return _seed_sections([SEED_SOURCES / "entities.yaml"])


def seed_facts() -> dict[str, list[dict[str, Any]]]:
    """Return the facts of every seed source by section, read with plain PyYAML (not the loader).

    Tests derive the counts they expect from here instead of typing them in.
    """
    return _seed_sections([SEED_SOURCES / source / "facts.yaml" for source in seed_source_ids()])


MINI_DOCUMENT = """Ceasefire Talk

Click to see full-size image

On March 9th, the Russian reconciliation center registered two violations, either from the Turkistan \
Islamic Party or Hay’at Tahrir al-Sham.

“We reached a great deal of agreement,” Akar said.
"""

MINI_ENTITIES = """\
actors:
  - id: turkey
    kind: State
    name: Turkey
    wikidata: Q43
  - id: hulusi-akar
    kind: Person
    name: Hulusi Akar
    aliases: [Akar]
  - id: russian-reconciliation-center
    kind: MilitaryForce
    name: Russian reconciliation center
  - id: turkistan-islamic-party
    kind: ArmedGroup
    name: Turkistan Islamic Party
  - id: hayat-tahrir-al-sham
    kind: ArmedGroup
    name: Hay’at Tahrir al-Sham
  - id: mini-news
    kind: NewsMedia
    name: Mini News
places:
  - id: idlib
    name: Idlib
agreements:
  - id: mini-protocol
    kind: Protocol
    name: Mini Protocol
"""

MINI_FACTS = """\
source:
  id: mini-article
  kind: article
  title: Ceasefire Talk
  publisher: mini-news
  published: {earliest: 2020-03-12, latest: 2020-03-15}
  furniture:
    - "Click to see full-size image"
events:
  - id: mini-violations
    type: CeasefireViolation
    label: Two violations on 9 March 2020
    date: 2020-03-09
    status: occurred
    count: 2
    place: idlib
    perpetrators: {one_of: [turkistan-islamic-party, hayat-tahrir-al-sham]}
    reported_by: russian-reconciliation-center
    evidence:
      - quote: "On March 9th, the Russian reconciliation center registered two violations"
statements:
  - id: mini-akar-agreement
    speaker: hulusi-akar
    date: {earliest: 2020-03-05, latest: 2020-03-15}
    text: "We reached a great deal of agreement"
    text_kind: verbatim
    about: [turkey]
    plover: AGREE
    reported_by: [mini-news]
    evidence:
      - quote: "“We reached a great deal of agreement,” Akar said."
relationships:
  - id: mini-akar-leads-turkey
    type: leads
    from: hulusi-akar
    to: turkey
    title: minister
    reported_by: mini-news
    evidence:
      - quote: "Akar"
        occurrence: 1
"""


def write_mini(root: Path) -> Path:
    """Write the small valid corpus under ``root`` and return its sources folder."""
    sources = root / "sources"
    (sources / "mini-article").mkdir(parents=True)
    (sources / "entities.yaml").write_text(MINI_ENTITIES, encoding="utf-8")
    (sources / "mini-article" / "facts.yaml").write_text(MINI_FACTS, encoding="utf-8")
    (sources / "mini-article" / "document.txt").write_text(MINI_DOCUMENT, encoding="utf-8")
    return sources


#: A second small source: other accounts of the mini corpus's events, and an event of its own over a period.
MINI_WIRE_DOCUMENT = """Mini Wire

Turkey said that there were no violations on March 9th.

Turkey said about 60 of its soldiers were killed since February, and several wounded.
"""

MINI_WIRE_FACTS = """\
source:
  id: mini-wire
  kind: article
  title: Mini Wire
  publisher: mini-news
  published: {earliest: 2020-03-16, latest: 2020-03-17}
events:
  - id: mini-violations
    label: No violations on 9 March 2020
    reported_by: turkey
    date: 2020-03-09
    status: denied
    evidence:
      - quote: "Turkey said that there were no violations on March 9th."
  - id: mini-losses
    type: Hostilities
    label: Turkish soldiers killed since February 2020
    reported_by: turkey
    period: {from: 2020-02-01}
    status: occurred
    casualties:
      - {what: killed, of: turkey, count: {about: 60}}
      - {what: wounded, of: turkey, count: {vague: several}, period: {from: 2020-03-01, to: 2020-03-15}}
    evidence:
      - quote: "Turkey said about 60 of its soldiers were killed since February, and several wounded."
"""


def write_mini_wire(sources: Path, facts: str = MINI_WIRE_FACTS) -> Path:
    """Add the second small source (``facts`` its facts.yaml) to a mini corpus; return its facts file."""
    folder = sources / "mini-wire"
    folder.mkdir()
    (folder / "document.txt").write_text(MINI_WIRE_DOCUMENT, encoding="utf-8")
    (folder / "facts.yaml").write_text(facts, encoding="utf-8")
    return folder / "facts.yaml"


def tree_digest(folder: Path) -> dict[str, str]:
    """Return the SHA-256 of every file under ``folder``, by relative path."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def require_tool(name: str, install: str) -> str:
    """Return the path of a program the test needs; skip without it, but fail when CI is set."""
    path = shutil.which(name)
    if path is None:
        if os.environ.get("CI"):
            pytest.fail(f"{name} is missing on CI: {install}")
        pytest.skip(f"{name} not installed: {install}")
    return path


def assert_isomorphic(expected: rdflib.Graph, actual: rdflib.Graph, what: str = "graphs") -> None:
    """Fail with the triples only one side has when two graphs are not isomorphic."""
    if isomorphic(expected, actual):
        return
    _, only_expected, only_actual = graph_diff(to_isomorphic(expected), to_isomorphic(actual))
    pytest.fail(
        f"{what} differ:\nonly expected:\n{only_expected.serialize(format='nt')}\n"
        f"only actual:\n{only_actual.serialize(format='nt')}"
    )


def named_graphs(trig: Path) -> dict[str, rdflib.Graph]:
    """Read a TriG file into one rdflib Graph per named graph."""
    dataset = rdflib.Dataset()
    dataset.parse(trig, format="trig")
    graphs: dict[str, rdflib.Graph] = {}
    for subject, predicate, obj, name in dataset.quads():
        graphs.setdefault(str(name), rdflib.Graph()).add((subject, predicate, obj))
    return graphs


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


def open_store(out: Path) -> ox.Store:
    """Open the store of a built output folder for reading."""
    return ox.Store.read_only(str(out / "store"))
