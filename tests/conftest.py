"""Share fixtures: a small valid corpus written on the fly, the bundled seed sources, a CLI runner."""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

import pytest
import rdflib
from click.testing import CliRunner
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

REPO = Path(__file__).resolve().parent.parent
SEED_SOURCES = REPO / "sources"

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
    reported_by: [russian-reconciliation-center]
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
    reported_by: [mini-news]
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


@pytest.fixture
def mini_sources(tmp_path: Path) -> Path:
    """Return a fresh copy of the small valid corpus."""
    return write_mini(tmp_path)


@pytest.fixture
def seed_copy(tmp_path: Path) -> Path:
    """Return a copy of the bundled seed sources that a test may change."""
    target = tmp_path / "sources"
    shutil.copytree(SEED_SOURCES, target, ignore=shutil.ignore_patterns("__pycache__", "__init__.py"))
    return target


@pytest.fixture
def runner() -> CliRunner:
    """Return a click runner that keeps stderr apart from stdout."""
    return CliRunner()


def tree_digest(folder: Path) -> dict[str, str]:
    """Return the SHA-256 of every file under ``folder``, by relative path."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="session")
def built_seed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the bundled seed sources once per session and return the output folder."""
    from graph_builder.build import build

    out = tmp_path_factory.mktemp("seed") / "output"
    build(SEED_SOURCES, out=out)
    return out


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
