"""Say which sentences of each document the curated facts cite, and which none does (page furniture apart).

A fact cites a sentence when one of its evidence quotes overlaps it (by the quotes' offsets, as the build
locates them). The report lists every sentence with the facts citing it, the sentences no fact cites, and
the share cited: what a curator has still to read for facts. ``FORMATS`` holds its renderings.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ontology.errors import InputError
from ontology.text import did_you_mean

if TYPE_CHECKING:
    from graph_builder.compile.loader import Source
    from graph_builder.compile.schema import Record


@dataclass(frozen=True)
class SentenceCoverage:
    """Hold one sentence of a document and the facts that cite it (``section id`` or with its reporter)."""

    start: int
    end: int
    text: str
    facts: tuple[str, ...]


@dataclass(frozen=True)
class SourceCoverage:
    """Hold the coverage of one article: each of its sentences with the facts that cite it."""

    source: str
    document: str
    sentences: tuple[SentenceCoverage, ...]

    @property
    def cited(self) -> int:
        """Return how many sentences a fact cites."""
        return sum(1 for sentence in self.sentences if sentence.facts)

    @property
    def share(self) -> float:
        """Return the share of sentences a fact cites (1.0 for a document without sentences)."""
        return self.cited / len(self.sentences) if self.sentences else 1.0

    @property
    def uncited(self) -> list[SentenceCoverage]:
        """Return the sentences no fact cites, in document order."""
        return [sentence for sentence in self.sentences if not sentence.facts]


def _label(record: Record) -> str:
    """Return how a fact is named in the report: its kind and id, and its reporter for an account."""
    label = f"{record.kind.singular} {record.id}"
    return f"{label} ({record.values['reported_by']})" if record.kind.accounts else label


def coverage(sources: Path, source_id: str | None = None) -> list[SourceCoverage]:
    """Return the coverage of every article source of ``sources`` (or of the one named ``source_id``).

    Raise InputProblems when the sources do not load or a quote is not where it should be (the offsets are
    the build's), and InputError for an unknown source id or one that is a record (it has no document).
    """
    # Imported here: the CLI builds its --format choice from FORMATS at start, and the compiler pulls in
    # the RDF libraries that a command which never covers anything should not load.
    from graph_builder.compile.loader import load_corpus
    from graph_builder.compile.locate import furniture_spans, locate_corpus
    from graph_builder.compile.schema import Problems
    from graph_builder.draft.sentences import split_sentences

    corpus = load_corpus(sources)
    located = locate_corpus(corpus)
    chosen: Sequence[Source] = corpus.sources
    if source_id is not None:
        chosen = [source for source in corpus.sources if source.id == source_id]
        if not chosen:
            known = [source.id for source in corpus.sources]
            raise InputError(
                f"no source {source_id!r} in {sources}{did_you_mean(source_id, known)}", value=source_id
            )
        if chosen[0].kind != "article":
            raise InputError(
                f"source {source_id!r} is a record: it has no document to cover", value=source_id
            )
    reports = []
    for source in chosen:
        if source.kind != "article" or source.text is None:
            continue
        problems = Problems()  # the furniture was checked with the corpus: none is missing here
        furniture = [(span.start, span.end) for span in furniture_spans(source, problems)]
        spans = [
            (_label(record), item.span.start, item.span.end)
            for record in source.all_facts()
            for item in located.get(record.key, [])
            if item.span is not None
        ]
        sentences = tuple(
            SentenceCoverage(
                sentence.start,
                sentence.end,
                sentence.text,
                tuple(dict.fromkeys(label for label, start, end in spans if sentence.overlaps(start, end))),
            )
            for sentence in split_sentences(source.text, furniture)
        )
        reports.append(SourceCoverage(source.id, source.document_file or "", sentences))
    return reports


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def format_md(reports: Sequence[SourceCoverage]) -> str:
    """Return the coverage as Markdown: per source, a table of its sentences, then the uncited ones."""
    parts: list[str] = []
    for report in reports:
        parts += [
            f"## {report.source}: {report.cited} of {len(report.sentences)} sentences cited "
            f"({report.share:.0%})",
            "",
            "| # | characters | sentence | cited by |",
            "| ---: | --- | --- | --- |",
        ]
        for number, sentence in enumerate(report.sentences, start=1):
            facts = ", ".join(sentence.facts) or "—"
            parts.append(
                f"| {number} | {sentence.start}–{sentence.end} | {_cell(sentence.text)} | {_cell(facts)} |"
            )
        uncited = report.uncited
        parts += ["", f"Sentences no fact cites ({len(uncited)}):", ""]
        parts += [
            f"- {report.sentences.index(s) + 1} ({s.start}–{s.end}): {_cell(s.text)}" for s in uncited
        ] or ["- none"]
        parts.append("")
    return "\n".join(parts)


def format_json(reports: Sequence[SourceCoverage]) -> str:
    """Return the coverage as JSON: per source, its sentences with the facts citing them, and the share."""
    return (
        json.dumps(
            {
                "sources": [
                    {
                        "source": report.source,
                        "document": report.document,
                        "sentences": [
                            {"start": s.start, "end": s.end, "text": s.text, "facts": list(s.facts)}
                            for s in report.sentences
                        ],
                        "cited": report.cited,
                        "total": len(report.sentences),
                        "share": round(report.share, 4),
                        "uncited": [report.sentences.index(s) for s in report.uncited],
                    }
                    for report in reports
                ]
            },
            ensure_ascii=False,
            indent=2,
        )
        + "\n"
    )


@dataclass(frozen=True)
class CoverageFormat:
    """Describe one rendering of the coverage report."""

    name: str
    description: str
    render: Callable[[Sequence[SourceCoverage]], str]


#: The renderings by name, the default first.
FORMATS: dict[str, CoverageFormat] = {
    f.name: f
    for f in (
        CoverageFormat(
            "md", "Markdown: a table of the sentences and the facts citing them, then the uncited", format_md
        ),
        CoverageFormat(
            "json", "JSON: each sentence with its offsets and citing facts, the share cited", format_json
        ),
    )
}
