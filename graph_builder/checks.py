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
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from ontology.errors import CheckFailedError
from ontology.namespaces import node_iri
from ontology.reasoning import check_ntriples
from ontology.records import SEGMENT_OF_SPACE
from ontology.shapes import ShapeProblem, validate_ntriples

from .compile import Compiled
from .progress import Progress

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
    """Find the record a node of the graph comes from: its file and line, for the problems' messages."""

    def __init__(self, compiled: Compiled) -> None:
        # Only strings are kept (a record's place and the text it was written to), so that the corpus may
        # go while the checks run.
        self._chunks = [
            (owner.where, chunk)
            for graph in compiled.emitted.graphs
            for owner, chunk in graph.chunks
            if owner is not None and chunk
        ]
        registry = compiled.registry
        self._entities: dict[str, str] = {}
        for record in compiled.corpus.entity_records():
            kept = registry.kept(record.id)
            term = f"<{node_iri(SEGMENT_OF_SPACE[registry.space(kept)], kept)}>"
            self._entities.setdefault(term, record.where)

    def where(self, nodes: set[str]) -> dict[str, str]:
        """Return ``file:line`` of the record of each node (N-Triples terms) that one is found for."""
        found = {node: self._entities[node] for node in nodes if node in self._entities}
        wanted = nodes - found.keys()
        for place, chunk in self._chunks:
            if not wanted:
                break
            for line in chunk.splitlines():
                subject = line[: line.find(" ")]
                if subject in wanted:
                    found[subject] = place
                    wanted.discard(subject)
        return found


@dataclass
class CheckInput:
    """Hold what the checks read: the graph's N-Triples lines, their scope, where their nodes come from."""

    scope: CheckScope
    lines: list[str]
    records: RecordIndex


def prepare(compiled: Compiled) -> CheckInput:
    """Gather the whole graph's lines for the checks, and what they need to name a problem's record."""
    lines = list(compiled.emitted.union_lines())
    triples = sum(chunk.count("\n") for chunk in lines)
    return CheckInput(CheckScope(triples, triples <= HERMIT_GRAPH_TRIPLES), lines, RecordIndex(compiled))


def shape_problem_lines(problems: tuple[ShapeProblem, ...], records: RecordIndex) -> list[str]:
    """Return one line per shape problem: the record's file and line, the node, what is wrong, the shape."""
    places = records.where({problem.node for problem in problems})
    lines = []
    for problem in problems:
        place = places.get(problem.node)
        shape = problem.constraint.split(" ", 1)[0]
        lines.append(f"{place + ': ' if place else ''}shapes: {problem} [{shape}]")
    return lines


def run_checks(checked: CheckInput, *, timings: dict[str, float], progress: Progress) -> None:
    """Check the lines with the shapes and HermiT at once; raise CheckFailedError listing every problem."""
    scope = checked.scope
    task = progress.start("checking: SHACL shapes, the ontology's axioms, HermiT")
    started = time.perf_counter()
    data = checked.lines if scope.reasoner_sees_data else []
    # HermiT runs in Java and the shapes in Rust without the GIL: side by side, both on the same lines.
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="hermit") as pool:
        reasoning = pool.submit(check_ntriples, data)
        shapes = validate_ntriples(checked.lines)
        consistency = reasoning.result()
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
