"""Format build summaries and graph statistics as plain text for the terminal."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from ontology.namespaces import GRAPH, ID
from ontology.terms import CLASSES, TOP_CLASSES

from .build import Summary
from .stats import GraphStats


def _table(rows: Sequence[tuple[str, ...]], indent: str = "  ") -> list[str]:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = []
    for row in rows:
        cells = [
            cell.rjust(w) if cell.replace(",", "").isdigit() else cell.ljust(w)
            for cell, w in zip(row, widths, strict=True)
        ]
        lines.append((indent + "  ".join(cells)).rstrip())
    return lines


def _by_top_class(classes: Counter[str]) -> list[tuple[str, str, str]]:
    """Group instance counts under the top class of the ontology each class falls under."""
    parents = {spec.name: [p for p in spec.parents if ":" not in p] for spec in CLASSES}

    def top(name: str) -> str:
        while name not in TOP_CLASSES and parents.get(name):
            name = parents[name][0]
        return name

    groups: dict[str, Counter[str]] = {}
    for name, count in classes.items():
        groups.setdefault(top(name), Counter())[name] = count
    rows = []
    for name in sorted(groups, key=lambda g: (-groups[g].total(), g)):
        parts = ", ".join(
            f"{cls} {n:,}" for cls, n in sorted(groups[name].items(), key=lambda kv: (-kv[1], kv[0]))
        )
        rows.append((name, f"{groups[name].total():,}", "" if list(groups[name]) == [name] else parts))
    return rows


def format_summary(summary: Summary, *, sources: Path, action: str) -> str:
    """Describe a build or validation: what was read, what passed, what was written, how long it took."""
    total = summary.seconds or sum(summary.timings.values())  # the steps may overlap
    steps = ", ".join(f"{name} {seconds:.1f} s" for name, seconds in summary.timings.items())
    lines = [
        f"{action} {len(summary.sources) - 1} source(s) from {sources} in {total:.1f} s ({steps})",
        f"  {summary.triples:,} triples ({summary.quads:,} quads in {len(summary.sources)} named graphs)",
        f"  {summary.checks}",
        *([f"  {summary.path}"] if summary.path else []),
        "",
        "per source:",
        *_table(
            [("source", "records", "triples")]
            + [(name, f"{c['records']:,}", f"{c['triples']:,}") for name, c in summary.sources.items()]
        ),
        "",
        "per kind:",
        *_table(_by_top_class(summary.classes)),
    ]
    if summary.out is not None:
        lines += ["", "wrote: " + ", ".join(f"{summary.out}/{name}" for name in summary.files)]
    return "\n".join(lines)


def format_stats(stats: GraphStats) -> str:
    """Describe what a built graph holds."""
    lines = ["instances per class:", *_table([(name, f"{n:,}") for name, n in stats.classes])]
    lines += [
        "",
        "facts per source:",
        *_table(
            [
                (iri.removeprefix(f"{ID}source/"), kind, f"{n:,}", title)
                for iri, kind, title, n in stats.sources
            ]
        ),
    ]
    lines += [
        "",
        "triples per named graph:",
        *_table([(iri.removeprefix(str(GRAPH)), f"{n:,}") for iri, n in stats.graphs]),
    ]
    if stats.central_actors:
        rows = [(label, f"{links:,}", f"{score:.3f}") for label, links, score in stats.central_actors]
        lines += ["", "most central actors (links to other nodes, reports not counted; degree centrality):"]
        lines += _table(rows)
    return "\n".join(lines)
