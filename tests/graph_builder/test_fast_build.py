"""The fast build path: N-Triples text from the emitter, batched bulk loads, steps side by side, progress."""

from __future__ import annotations

import io
import os
import stat
import time
from pathlib import Path

import pyoxigraph as ox
import pytest

from graph_builder import incremental
from graph_builder import store as store_module
from graph_builder.build import build, compile_sources
from graph_builder.progress import NoProgress, TerminalProgress, terminal_progress
from graph_builder.workspace import Workspace
from ontology.errors import CheckFailedError
from ontology.namespaces import PREFIXES
from tests.helpers import tree_digest

TRICKY = 'He said "no" \\ twice,\nthen left\r\tfor good'


def _tricky(sources: Path) -> None:
    """Give the mini corpus's statement a paraphrase with every character N-Triples must escape."""
    facts = sources / "mini-article" / "facts.yaml"
    text = facts.read_text(encoding="utf-8")
    old = '    text: "We reached a great deal of agreement"\n    text_kind: verbatim\n'
    assert old in text
    new = '    text: "He said \\"no\\" \\\\ twice,\\nthen left\\r\\tfor good"\n    text_kind: paraphrase\n'
    facts.write_text(text.replace(old, new), encoding="utf-8")


def _text_of(store: ox.Store) -> str:
    query = "SELECT ?text WHERE { statement:mini-akar-agreement cf:text ?text }"
    (row,) = list(store.query(query, prefixes=PREFIXES, use_default_graph_as_union=True))  # type: ignore[arg-type]
    return str(row["text"].value)


def test_every_literal_survives_the_text_path(mini_sources: Path, tmp_path: Path) -> None:
    _tricky(mini_sources)
    out = tmp_path / "out"
    build(mini_sources, out=out)
    assert _text_of(ox.Store.read_only(str(out / "store"))) == TRICKY
    for name, fmt in (("graph.ttl", ox.RdfFormat.TURTLE), ("graph.trig", ox.RdfFormat.TRIG)):
        texts = {
            q.object.value
            for q in ox.parse(path=str(out / name), format=fmt)
            if q.predicate.value == PREFIXES["cf"] + "text"
        }
        assert texts == {TRICKY}, name


def test_quads_are_still_there_for_library_users(mini_sources: Path) -> None:
    compiled = compile_sources(mini_sources)
    quads = compiled.quads
    assert all(isinstance(quad, ox.Quad) for quad in quads)
    assert len(set(quads)) == compiled.emitted.quads == len(quads)
    assert {quad.graph_name.value for quad in quads} == {  # type: ignore[union-attr]
        PREFIXES["graph"] + "entities",
        PREFIXES["graph"] + "mini-article",
    }


def test_the_summary_counts_what_the_files_hold(mini_sources: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    summary = build(mini_sources, out=out)
    triples = set(ox.parse(path=str(out / "graph.ttl"), format=ox.RdfFormat.TURTLE))
    quads = set(ox.parse(path=str(out / "graph.trig"), format=ox.RdfFormat.TRIG))
    assert summary.triples == len(triples)
    assert summary.quads == len(quads)
    per_graph = summary.sources["mini-article"]["triples"] + summary.sources["entities.yaml"]["triples"]
    assert per_graph == len(quads)
    assert summary.classes["CeasefireViolation"] == 1
    # Nothing but the output, and what the next build starts from: the raw graphs and their index.
    names = ["graph.html", "graph.trig", "graph.ttl", "manifest.json", "ontology.ttl", "store"]
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == names
    version = Workspace(out).current()
    kept = [".data-0000.trig", ".index.json", ".readers"]
    assert version is not None and sorted(p.name for p in version.iterdir()) == [*kept, *names]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "sources"]


def test_the_store_is_loaded_in_segments_while_the_sources_are_read(
    mini_sources: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store_module, "SLICE_BYTES", 2_000)
    segments: list[bytes] = []
    original = store_module.StoreFiller.put

    def counting(filler: store_module.StoreFiller, segment: bytes) -> None:
        segments.append(segment)
        original(filler, segment)

    monkeypatch.setattr(store_module.StoreFiller, "put", counting)
    summary = build(mini_sources, out=tmp_path / "out")
    assert len(segments) > 2
    # Each segment is whole TriG: it parses alone, and together they are the graphs.
    parsed = [q for segment in segments for q in ox.parse(segment, format=ox.RdfFormat.TRIG)]
    assert len(set(parsed)) == summary.quads
    ontology = ox.NamedNode(PREFIXES["graph"] + "ontology")
    stored = {q for q in ox.Store.read_only(str(tmp_path / "out" / "store")) if q.graph_name != ontology}
    assert stored == set(parsed)


def test_a_graph_too_large_to_rewrite_is_written_as_its_lines_and_is_the_same_graph(
    mini_sources: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    build(mini_sources, out=out)
    previous = incremental.previous_build(Workspace(out))
    assert isinstance(previous, incremental.Previous)
    monkeypatch.setattr(store_module, "SLICE_BYTES", 500)
    turtle, trig = tmp_path / "graph.ttl", tmp_path / "graph.trig"
    store_module.write_pretty(previous.folder, previous.index.pieces, turtle, trig)
    ontology = ox.NamedNode(PREFIXES["graph"] + "ontology")
    stored = {q for q in ox.Store.read_only(str(out / "store")) if q.graph_name != ontology}
    assert set(ox.parse(trig.read_bytes(), format=ox.RdfFormat.TRIG)) == stored
    triples = {t.triple for t in ox.parse(turtle.read_bytes(), format=ox.RdfFormat.TURTLE)}
    assert triples == {q.triple for q in stored}
    # The article's graph is over the limit: its lines stand in both files as they are, in full IRIs.
    node = next(q for q in stored if "mini-article" in q.graph_name.value and "evidence" in q.subject.value)
    line = f"<{node.subject.value}> <{node.predicate.value}> ".encode()
    assert line in trig.read_bytes() and line in turtle.read_bytes()
    assert line not in (out / "graph.trig").read_bytes()  # under the real limit, it is rewritten


@pytest.mark.slow  # two builds, the second through every check
def test_a_failed_check_leaves_the_old_output_and_no_staging(mini_sources: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(mini_sources, out=out)
    before = tree_digest(out)
    facts = mini_sources / "mini-article" / "facts.yaml"
    text = facts.read_text(encoding="utf-8")
    facts.write_text(text.replace("    from: hulusi-akar\n", "    from: turkey\n"), encoding="utf-8")
    with pytest.raises(CheckFailedError):
        build(mini_sources, out=out)
    assert tree_digest(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "sources"]


class _Recorder:
    def __init__(self) -> None:
        self.steps: dict[int, list[object]] = {}

    def start(self, step: str, total: int | None = None) -> int:
        self.steps[len(self.steps)] = [step, total, 0, False]
        return len(self.steps) - 1

    def advance(self, task: int, amount: int = 1) -> None:
        self.steps[task][2] = int(str(self.steps[task][2])) + amount

    def finish(self, task: int) -> None:
        self.steps[task][3] = True


def test_the_build_reports_its_steps(mini_sources: Path, tmp_path: Path) -> None:
    recorder = _Recorder()
    build(mini_sources, out=tmp_path / "out", progress=recorder)
    steps = {str(step[0]): step for step in recorder.steps.values()}
    assert steps["reading sources"][1:] == [1, 1, True]
    assert {"loading the Oxigraph store", "checking: SHACL shapes and HermiT"} <= set(steps)
    assert all(step[3] for step in steps.values())


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_shows_only_on_a_terminal_and_only_after_the_delay() -> None:
    assert isinstance(terminal_progress(io.StringIO()), NoProgress)
    screen = _Terminal()
    quick = terminal_progress(screen, delay=0.0)
    assert isinstance(quick, TerminalProgress)
    with quick:
        task = quick.start("reading sources", total=3)
        quick.advance(task, 3)
        time.sleep(0.3)  # the display starts on a timer thread
        quick.finish(task)
    assert "reading sources" in screen.getvalue()
    patient = _Terminal()
    with TerminalProgress(patient, delay=60.0) as progress:
        progress.finish(progress.start("reading sources", total=1))
    assert patient.getvalue() == ""


def test_the_output_folder_and_its_files_follow_the_umask(mini_sources: Path, tmp_path: Path) -> None:
    previous = os.umask(0o027)
    try:
        build(mini_sources, out=tmp_path / "out")
    finally:
        os.umask(previous)
    out = tmp_path / "out"
    assert stat.S_IMODE(out.stat().st_mode) == 0o750
    version = Workspace(out).current()
    assert version is not None
    for folder in (version.parent, version, version / "store"):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o750, folder
    for name in ("graph.html", "graph.ttl", "graph.trig", "manifest.json", "ontology.ttl"):
        assert stat.S_IMODE((out / name).stat().st_mode) == 0o640, name
