"""Lay out the seed plus the invented second report (a test fixture) as one sources folder; ask a store.

The second report (``tests/fixtures/second-report/``) is invented for the tests of accounts, not real
news: it gives its own accounts of events the seed holds, by their ids, and needs one actor the seed's
entities lack (its invented publisher), which is merged into a copy of the seed's ``entities.yaml``.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import yaml

from ontology.namespaces import PREFIXES
from tests.helpers import REPO, SEED_SOURCES

#: The prefixes of every query ``ask`` runs.
HEADER = "".join(f"PREFIX {prefix}: <{iri}>\n" for prefix, iri in PREFIXES.items())

#: The fixture: its source folder and the entities it adds.
SECOND_REPORT = REPO / "tests" / "fixtures" / "second-report"
#: The id (and folder name) of the invented source.
SECOND_REPORT_SOURCE = "invented-wire-2020-03-16"


def _read_yaml(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise ValueError(f"{path}: expected a mapping of sections, got {type(data).__name__}")
    return data


def merged_entities(seed: Path, extra: Path) -> dict[str, Any]:
    """Return the seed's entities with the lists of ``extra`` appended, section by section.

    An id in both files is refused: the fixture only adds what the seed lacks.
    """
    entities = _read_yaml(seed)
    for section, items in _read_yaml(extra).items():
        if not isinstance(items, list):
            raise ValueError(f"{extra}: section {section!r} is not a list")
        present = {item["id"] for item in entities.get(section) or []}
        clashes = sorted(present & {item["id"] for item in items})
        if clashes:
            raise ValueError(f"{extra}: {section} {', '.join(clashes)} already in {seed}")
        entities.setdefault(section, []).extend(items)
    return entities


def second_report_sources(root: Path) -> Path:
    """Write the seed plus the invented second report under ``root`` and return that sources folder."""
    sources = root / "sources"
    shutil.copytree(SEED_SOURCES, sources)
    shutil.copytree(SECOND_REPORT / SECOND_REPORT_SOURCE, sources / SECOND_REPORT_SOURCE)
    entities = merged_entities(SEED_SOURCES / "entities.yaml", SECOND_REPORT / "entities.yaml")
    (sources / "entities.yaml").write_text(
        yaml.safe_dump(entities, allow_unicode=True, sort_keys=False, width=110), encoding="utf-8"
    )
    return sources


def fixture_facts() -> dict[str, Any]:
    """Return the invented report's facts.yaml, read with plain PyYAML (not the loader)."""
    return _read_yaml(SECOND_REPORT / SECOND_REPORT_SOURCE / "facts.yaml")


def ask(store: ox.Store, query: str) -> list[tuple[str, ...]]:
    """Run a SELECT over the union of the named graphs; return rows of plain values, sorted.

    Data IRIs and concepts come back as CURIEs (``actor:turkey``); ``cf:`` terms stay full IRIs; an unbound
    variable is the empty string.
    """
    results = store.query(HEADER + query, use_default_graph_as_union=True)
    assert isinstance(results, ox.QuerySolutions)
    names = [v.value for v in results.variables]
    rows = []
    for solution in results:
        row = []
        for name in names:
            term = solution[name]
            value = "" if term is None else term.value
            for prefix, iri in PREFIXES.items():
                if isinstance(term, ox.NamedNode) and value.startswith(iri) and prefix != "cf":
                    value = f"{prefix}:{value[len(iri) :]}"
                    break
            row.append(value)
        rows.append(tuple(row))
    return sorted(rows)
