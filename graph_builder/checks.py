"""Check the whole graph at every size: the SHACL shapes, the ontology's axioms as shapes, and HermiT.

The ``shacl`` engine (Rust) validates the whole graph against the hand-written shapes and those derived from
the ontology's axioms (``ontology.axioms``) in one pass: a million triples in seconds. HermiT checks the
ontology itself every time (consistent, every class satisfiable) and, up to ``HERMIT_GRAPH_TRIPLES``, the
whole graph as well; above that, what it would find in the data is what the derived shapes check (measured
on a million triples: HermiT about 4.3 minutes and 4 GB, the shapes seconds). Every problem names the node,
the constraint, and the file and line of the record the node comes from.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from ontology.axioms import clash_classes, implying
from ontology.errors import CheckFailedError
from ontology.namespaces import node_iri
from ontology.reasoning import ConsistencyReport, check_ntriples
from ontology.records import SEGMENT_OF_SPACE
from ontology.shapes import ShapeProblem, validate_ntriples, validate_ntriples_file

from .compile import Compiled
from .progress import Progress
from .store import GraphPiece, RecordSpan, Span, read_span

#: Yields the file and line of each record of one graph, with the lines of its own nodes.
Chunks = Callable[[], Iterator[tuple[str, str]]]
#: Returns a graph's lines about shared nodes.
SharedLines = Callable[[], list[str]]

log = logging.getLogger(__name__)

#: HermiT checks the data too in graphs up to this many triples. Below it HermiT is quick and runs beside
#: the other steps of the build (measured here: the ontology alone about 3 s, 50,000 triples about 6 s,
#: 1,000,000 triples about 4.3 minutes and 4 GB); above it the derived shapes check the same guarantees.
HERMIT_GRAPH_TRIPLES = 50_000


@dataclass(frozen=True)
class CheckScope:
    """Say what the checks saw: the whole graph always; HermiT the graph too, or the ontology alone."""

    triples: int
    reasoner_sees_data: bool
    limit: int = HERMIT_GRAPH_TRIPLES

    def describe(self) -> str:
        """Return one line for the build summary."""
        hermit = (
            "HermiT the ontology with the whole graph"
            if self.reasoner_sees_data
            else f"HermiT the ontology (over {self.limit:,} triples, the shapes of its axioms check the data)"
        )
        return f"the whole graph ({self.triples:,} triples): the shapes and the ontology's axioms; {hermit}"


class RecordIndex:
    """Find the records a problem comes from: their file and line, for the problems' messages.

    A node is described by its own record (a fact, or an entity of entities.yaml). A clash of disjoint
    classes on an actor, place or agreement often comes from a fact elsewhere, whose line about the node
    (a shortcut such as ``actor cf:headOf …`` of a ``leads`` relationship) implies the clashing class:
    such a record is named too.
    """

    def __init__(self, graphs: Sequence[tuple[Chunks, SharedLines]], entities: dict[str, str]) -> None:
        self._graphs = graphs
        self._entities = entities

    @classmethod
    def of_compiled(cls, compiled: Compiled) -> RecordIndex:
        """Index a corpus compiled in memory."""
        # Only strings are kept (a record's place, the text it was written to, the graphs' shared lines), so
        # that the corpus may go while the checks run.
        graphs = []
        for graph in compiled.emitted.graphs:
            kept = [(owner.where, chunk) for owner, chunk in graph.chunks if owner is not None and chunk]
            graphs.append((lambda kept=kept: iter(kept), lambda shared=graph.shared: list(shared)))
        return cls(graphs, _entity_places(compiled))

    @classmethod
    def of_files(
        cls,
        compiled: Compiled,
        folder: Path,
        records: dict[str, list[RecordSpan]],
        pieces: Sequence[GraphPiece],
    ) -> RecordIndex:
        """Index a corpus whose graphs went to the raw files of ``folder`` (``pieces``), read again on demand.

        Nothing of the graphs' text is kept: a problem's records are found in the files, so that the
        corpus's memory (the lines about events shared between sources too) goes before the checks run.
        """
        graphs = []
        for piece in pieces:
            spans = records.get(piece.name, [])
            graphs.append(
                (
                    lambda spans=spans: _read_records(folder, spans),
                    lambda piece=piece: _read_lines(folder, piece.batch, piece.shared),
                )
            )
        return cls(graphs, _entity_places(compiled))

    def own(self, nodes: set[str]) -> dict[str, str]:
        """Return ``file:line`` of the record describing each node (N-Triples terms) one is found for."""
        found = {node: self._entities[node] for node in nodes if node in self._entities}
        wanted = nodes - found.keys()
        for chunks, _ in self._graphs:
            for place, chunk in chunks():
                if not wanted:
                    return found
                for line in chunk.splitlines():
                    subject = line[: line.find(" ")]
                    if subject in wanted:
                        found[subject] = place
                        wanted.discard(subject)
        return found

    def implying(self, node: str, classes: list[str]) -> list[str]:
        """Return the records of facts that put a shared ``node`` in one of ``classes`` by a line about it."""
        places: list[str] = []
        for cls in classes:
            subjects, objects = implying(cls)
            for chunks, shared_lines in self._graphs:
                shared = shared_lines()
                for line in shared:
                    subject, predicate, rest = line.split(" ", 2)
                    other = rest[: rest.rfind(" .")]
                    if subject == node and predicate.strip("<>") in subjects:
                        places += self._writer(list(chunks()), shared, node, other)
                    elif other == node and predicate.strip("<>") in objects:
                        places += self._writer(list(chunks()), shared, node, subject)
        return list(dict.fromkeys(places))

    @staticmethod
    def _writer(chunks: list[tuple[str, str]], shared: list[str], node: str, other: str) -> list[str]:
        """Return the records of a graph that wrote a shared line between two terms.

        That is a record whose lines name both, or one whose lines name a shared node linked to both (a
        relationship's account names the relationship, whose ends are the two actors).
        """
        direct = [place for place, chunk in chunks if f" {node} " in chunk and f" {other} " in chunk]
        if direct:
            return direct
        linked: dict[str, set[str]] = {}
        for line in shared:
            subject, _, rest = line.split(" ", 2)
            target = rest[: rest.rfind(" .")]
            if target in (node, other):
                linked.setdefault(subject, set()).add(target)
        bridges = [subject for subject, ends in linked.items() if ends == {node, other}]
        return [place for place, chunk in chunks if any(f" {bridge} " in chunk for bridge in bridges)]


def _entity_places(compiled: Compiled) -> dict[str, str]:
    """Return the file and line of each entity of entities.yaml, by its node's N-Triples term."""
    registry = compiled.registry
    places: dict[str, str] = {}
    for record in compiled.corpus.entity_records():
        kept = registry.kept(record.id)
        term = f"<{node_iri(SEGMENT_OF_SPACE[registry.space(kept)], kept)}>"
        places.setdefault(term, record.where)
    return places


def _read_lines(folder: Path, batch: str, span: Span) -> list[str]:
    """Return the lines of a range of a raw file (a graph's shared lines), each with its line end."""
    handles: dict[str, BinaryIO] = {}
    try:
        text = read_span(handles, folder, batch, span).decode("utf-8")
    finally:
        for handle in handles.values():
            handle.close()
    # Split at line feeds only: a literal may hold U+2028 and the like, which str.splitlines splits at.
    return [f"{line}\n" for line in text.split("\n")[:-1]]


def _read_records(folder: Path, spans: list[RecordSpan]) -> Iterator[tuple[str, str]]:
    """Yield each record's place and lines, read back from the raw files."""
    handles: dict[str, BinaryIO] = {}
    try:
        for where, batch, start, end in spans:
            yield where, read_span(handles, folder, batch, (start, end)).decode("utf-8")
    finally:
        for handle in handles.values():
            handle.close()


@dataclass
class CheckInput:
    """Hold what the checks read, their scope, and where the graph's nodes come from.

    The graph is either N-Triples ``lines`` in memory or the file ``union``, whose first ``union_bytes`` are
    the graph and the rest the ontology's background the shapes read with it.
    """

    scope: CheckScope
    lines: list[str]
    records: RecordIndex
    union: Path | None = None
    union_bytes: int = 0

    def data_lines(self) -> list[str]:
        """Return the graph as N-Triples text (read from ``union`` when it is there)."""
        if self.union is None:
            return self.lines
        with self.union.open("rb") as handle:
            return [handle.read(self.union_bytes).decode("utf-8")]


def prepare(compiled: Compiled) -> CheckInput:
    """Gather the whole graph's lines for the checks, and what they need to name a problem's record."""
    lines = list(compiled.emitted.union_lines())
    triples = sum(chunk.count("\n") for chunk in lines)
    scope = CheckScope(triples, triples <= HERMIT_GRAPH_TRIPLES)
    return CheckInput(scope, lines, RecordIndex.of_compiled(compiled))


def shape_problem_lines(problems: tuple[ShapeProblem, ...], records: RecordIndex) -> list[str]:
    """Return one line per shape problem: the records' files and lines, the node, what is wrong, the shape."""
    own = records.own({problem.node for problem in problems})
    lines = []
    for problem in problems:
        places = [own[problem.node]] if problem.node in own else []
        clash = clash_classes().get(problem.shape_iri)
        if clash is not None:
            classes = [clash, problem.value_node.strip("<>")]
            places += [place for place in records.implying(problem.node, classes) if place not in places]
        shape = problem.constraint.split(" ", 1)[0]
        lines.append(f"{', '.join(places) + ': ' if places else ''}shapes: {problem} [{shape}]")
    return lines


def run_checks(
    checked: CheckInput, *, timings: dict[str, float], progress: Progress, ontology_checked: bool = False
) -> None:
    """Check the lines with the shapes and HermiT at once; raise CheckFailedError listing every problem.

    ``ontology_checked`` says that an earlier build checked this very ontology with HermiT (an incremental
    build): when HermiT would read the ontology alone, it is not run again.
    """
    scope = checked.scope
    task = progress.start("checking: SHACL shapes and HermiT")
    started = time.perf_counter()
    data = checked.data_lines() if scope.reasoner_sees_data else []
    # HermiT runs in Java and the shapes in Rust without the GIL: side by side, both on the same lines.
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="hermit") as pool:
        if ontology_checked and not scope.reasoner_sees_data:
            reasoning = None
        else:
            reasoning = pool.submit(check_ntriples, data)
        if checked.union is not None:
            shapes = validate_ntriples_file(checked.union)
        else:
            shapes = validate_ntriples(checked.lines)
        consistency = ConsistencyReport(True) if reasoning is None else reasoning.result()
    timings["checks"] = time.perf_counter() - started
    progress.finish(task)
    log.info(
        "checked %s: shapes %.1f s, HermiT %.1f s (side by side)",
        scope.describe(),
        shapes.seconds,
        consistency.seconds,
    )
    problems = shape_problem_lines(shapes.problems, checked.records)
    if not consistency.ok:
        problems.extend(f"consistency: {problem}" for problem in consistency.problems)
    if problems:
        raise CheckFailedError(f"the graph failed {len(problems):,} check(s)", problems)
