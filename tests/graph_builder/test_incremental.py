"""The incremental build: the graph a full build gives, from reading only what changed and what it reaches.

The sources here are invented for the tests (the small corpus of ``tests/helpers.py`` and three more
invented reports), not real news.
"""

from __future__ import annotations

import json
import logging
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from click.testing import CliRunner

from graph_builder.build import build
from graph_builder.cli import main
from graph_builder.incremental import INDEX, BuildIndex, changed_sources
from graph_builder.workspace import OUTSIDE_SOURCES, Manifest, Workspace, fingerprints
from ontology.errors import CheckFailedError
from tests.helpers import assert_isomorphic, named_graphs, write_mini, write_mini_wire

#: An invented report that sorts before the others and gives its own account of the small corpus's
#: violations, with another name: that name becomes the event's first, so that the graph of the small
#: corpus's own article (unchanged) must change too (its name of the event becomes an alternative one).
FIRST_DOCUMENT = """First Wire

Monitors counted two violations near Idlib on March 9th.
"""
FIRST_FACTS = """\
source:
  id: a-first-wire
  kind: article
  title: First Wire
  publisher: mini-news
  published: 2020-03-10
events:
  - id: mini-violations
    label: Violations near Idlib on 9 March 2020
    reported_by: mini-news
    date: 2020-03-09
    status: occurred
    evidence:
      - quote: "Monitors counted two violations near Idlib on March 9th."
"""

#: An invented report of its own (a statement), removed in the tests.
GONE_DOCUMENT = """Gone Daily

Akar said the talks would go on.
"""
GONE_FACTS = """\
source:
  id: gone-daily
  kind: article
  title: Gone Daily
  publisher: mini-news
  published: 2020-03-11
statements:
  - id: gone-akar-talks
    speaker: hulusi-akar
    date: 2020-03-11
    text: the talks would go on
    text_kind: paraphrase
    about: [turkey]
    plover: CONSULT
    reported_by: [mini-news]
    evidence:
      - quote: "Akar said the talks would go on."
"""

#: An invented report whose relationship goes from a state: cf:headOf wants a person, disjoint with a state.
BAD_DOCUMENT = """Bad Wire

Turkey leads Akar.
"""
BAD_FACTS = """\
source:
  id: bad-wire
  kind: article
  title: Bad Wire
  publisher: mini-news
  published: 2020-03-12
relationships:
  - id: bad-turkey-leads-akar
    type: leads
    from: turkey
    to: hulusi-akar
    reported_by: mini-news
    evidence:
      - quote: "Turkey leads Akar."
"""


def _add(sources: Path, name: str, facts: str, document: str) -> None:
    folder = sources / name
    folder.mkdir()
    (folder / "facts.yaml").write_text(facts, encoding="utf-8")
    (folder / "document.txt").write_text(document, encoding="utf-8")


def _corpus(root: Path) -> Path:
    """Write the small corpus, its wire report and a report to be removed; return the sources folder."""
    sources = write_mini(root)
    write_mini_wire(sources)
    _add(sources, "gone-daily", GONE_FACTS, GONE_DOCUMENT)
    return sources


def _change(sources: Path) -> None:
    """Add an article, change one (the wire's denial becomes a report of one violation), remove one."""
    _add(sources, "a-first-wire", FIRST_FACTS, FIRST_DOCUMENT)
    facts = sources / "mini-wire" / "facts.yaml"
    text = facts.read_text(encoding="utf-8")
    assert "    label: No violations on 9 March 2020\n" in text
    facts.write_text(text.replace("No violations on 9 March", "Hardly any violations on 9 March"), "utf-8")
    shutil.rmtree(sources / "gone-daily")


def _store_graphs(out: Path) -> dict[str, rdflib.Graph]:
    """Read every named graph of an output folder's store into an rdflib Graph."""
    store = ox.Store.read_only(str(Workspace(out).read_version() / "store"))
    dataset = rdflib.Dataset()
    dataset.parse(data=store.dump(format=ox.RdfFormat.N_QUADS), format="nquads")
    graphs: dict[str, rdflib.Graph] = {}
    for subject, predicate, obj, name in dataset.quads():
        graphs.setdefault(str(name), rdflib.Graph()).add((subject, predicate, obj))
    return graphs


def _manifest(out: Path) -> Manifest:
    manifest = Workspace(out).read_manifest()
    assert manifest is not None
    return manifest


@pytest.mark.slow  # several builds
def test_incremental_build_gives_the_graphs_of_a_full_build(tmp_path: Path) -> None:
    sources = _corpus(tmp_path)
    incremental_out, full_out = tmp_path / "incremental", tmp_path / "full"
    assert build(sources, out=incremental_out).path.startswith("full: ")
    _change(sources)
    summary = build(sources, out=incremental_out)
    assert summary.path.startswith("incremental: 1 source(s) added (a-first-wire), 1 source(s) changed "), (
        summary.path
    )
    assert "1 source(s) removed (gone-daily)" in summary.path
    # The article of the small corpus did not change, but its name of the event is no longer the first one.
    assert "1 other source(s)" in summary.path
    full = build(sources, out=full_out, full=True)
    assert full.path == "full: asked for (--full)"

    expected, actual = _store_graphs(full_out), _store_graphs(incremental_out)
    assert sorted(actual) == sorted(expected)
    assert any("a-first-wire" in name for name in actual) and not any("gone-daily" in name for name in actual)
    for name in expected:
        assert_isomorphic(expected[name], actual[name], f"store graph {name}")
    trig_expected, trig_actual = (
        named_graphs(full_out / "graph.trig"),
        named_graphs(incremental_out / "graph.trig"),
    )
    assert sorted(trig_actual) == sorted(trig_expected)
    for name in trig_expected:
        assert_isomorphic(trig_expected[name], trig_actual[name], f"graph.trig graph {name}")
    turtle_expected = rdflib.Graph().parse(full_out / "graph.ttl", format="turtle")
    turtle_actual = rdflib.Graph().parse(incremental_out / "graph.ttl", format="turtle")
    assert_isomorphic(turtle_expected, turtle_actual, "graph.ttl")
    assert _manifest(incremental_out) == _manifest(full_out)
    assert (summary.triples, summary.quads, summary.classes, summary.sources) == (
        full.triples,
        full.quads,
        full.classes,
        full.sources,
    )


@pytest.mark.slow  # several builds
def test_a_changed_entities_file_takes_the_full_path(tmp_path: Path) -> None:
    sources = _corpus(tmp_path)
    out = tmp_path / "out"
    build(sources, out=out)
    entities = sources / "entities.yaml"
    entities.write_text(entities.read_text(encoding="utf-8").replace("name: Idlib", "name: Idleb"), "utf-8")
    summary = build(sources, out=out)
    assert summary.path == "full: entities.yaml (or another file outside the source folders) changed"


@pytest.mark.slow  # several builds
def test_a_failed_check_in_an_incremental_build_leaves_the_previous_build_current(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    sources = _corpus(tmp_path)
    out = tmp_path / "out"
    build(sources, out=out)
    space = Workspace(out)
    before, manifest = space.current(), _manifest(out)
    _add(sources, "bad-wire", BAD_FACTS, BAD_DOCUMENT)
    with (
        caplog.at_level(logging.INFO, logger="graph_builder.build"),
        pytest.raises(CheckFailedError) as failed,
    ):
        build(sources, out=out)
    assert any(record.getMessage().startswith("incremental: 1 source(s) added") for record in caplog.records)
    assert any("bad-wire/facts.yaml" in problem for problem in failed.value.problems), failed.value.problems
    assert space.current() == before
    assert _manifest(out) == manifest
    assert sorted(p.name for p in space.builds.iterdir()) == [before.name] if before else []


@pytest.mark.slow  # several builds
def test_full_forces_a_full_build_and_the_summary_says_which_way(tmp_path: Path, runner: CliRunner) -> None:
    sources = _corpus(tmp_path)
    out = tmp_path / "out"
    command = ["build", "--sources", str(sources), "--out", str(out)]
    assert "full: no earlier build to start from" in runner.invoke(main, command).output
    assert "incremental: nothing changed" in runner.invoke(main, command).output
    forced = runner.invoke(main, [*command, "--full"])
    assert forced.exit_code == 0, forced.output
    assert "full: asked for (--full)" in forced.output


def test_the_index_describes_every_graph_of_the_build(tmp_path: Path) -> None:
    sources = _corpus(tmp_path)
    out = tmp_path / "out"
    build(sources, out=out)
    version = Workspace(out).read_version()
    index = BuildIndex.from_json((version / INDEX).read_text(encoding="utf-8"))
    assert index is not None
    assert sorted(index.sources) == ["gone-daily", "mini-article", "mini-wire"]
    assert index.sources["mini-wire"].accounts == {"mini-violations": "events", "mini-losses": "events"}
    assert "gone-akar-talks" in index.sources["gone-daily"].defines
    trig = (version / "graph.trig").read_bytes()
    header_end = trig.index(b"\n", trig.rindex(b"@prefix ")) + 1
    # Each graph's block in graph.trig is where the index says: together they are the file after its prefixes.
    assert b"".join(trig[p.trig[0] : p.trig[1]] for p in index.pieces) == trig[header_end:]
    assert json.loads(index.to_json()) == json.loads(BuildIndex.from_json(index.to_json()).to_json())  # type: ignore[union-attr]


def test_fingerprints_tell_the_sources_apart_from_the_files_around_them(tmp_path: Path) -> None:
    sources = _corpus(tmp_path)
    before = fingerprints(sources)
    assert sorted(before) == [OUTSIDE_SOURCES, "gone-daily", "mini-article", "mini-wire"]
    _change(sources)
    after = fingerprints(sources)
    assert before[OUTSIDE_SOURCES] == after[OUTSIDE_SOURCES]
    assert before["mini-article"] == after["mini-article"]
    added, changed, removed = changed_sources(before, after)
    assert (set(added), set(changed), set(removed)) == ({"a-first-wire"}, {"mini-wire"}, {"gone-daily"})
