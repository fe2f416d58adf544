"""Answers are never held whole: rows go from the query's child to the writer as they come, in every format.

Memory and time at a million rows are measured by benchmarks/query_rows_memory.py; these tests pin what makes
them flat: every writer writes a row before the next ones exist, the table holds only its sample, the child
still computes while its first rows are read, and the time limit holds while rows stream.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from graph_builder.cli import main
from ontology.namespaces import PREFIXES
from queries import formats
from queries.formats import FORMATS, TABLE_SAMPLE
from queries.results import Answer, Chunk, Head, Rows, Term
from queries.runner import open_query
from queries.sandbox import QueryTimeoutError, stream_in_child
from tests.helpers import SEED_SOURCES
from tests.queries.processes import children, cli, is_dead

#: More rows than the table's sample, so that every format must write before the answer ends.
ROWS = TABLE_SAMPLE * 3
#: Every triple with every typed node: over two million rows on the seed.
CROSS_PRODUCT = "SELECT ?s ?p ?o ?node WHERE { ?s ?p ?o . ?node a ?type }"


class Watched:
    """Produce an answer row by row, noting what the writer had written when the last row was made."""

    def __init__(self, out: io.StringIO) -> None:
        self.out = out
        self.written_before_the_end = ""

    def chunks(self) -> Iterator[Chunk]:
        yield Head("select", ("n", "label"))
        for n in range(ROWS):
            if n == ROWS - 1:
                self.written_before_the_end = self.out.getvalue()
            yield Rows([(Term.literal(str(n), PREFIXES["xsd"] + "integer"), Term.literal(f"row-{n}"))])


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_answers_held_whole_every_format_writes_rows_before_the_answer_ends(fmt: str) -> None:
    out = io.StringIO()
    watched = Watched(out)
    formats.write(Answer(watched.chunks()), fmt, out, width=80)
    assert "row-0" in watched.written_before_the_end
    assert "row-0" in out.getvalue() and f"row-{ROWS - 1}" in out.getvalue()


def test_answers_held_whole_streamed_json_is_one_valid_document() -> None:
    out = io.StringIO()
    formats.write(Answer(Watched(out).chunks()), "json", out)
    document = json.loads(out.getvalue())
    assert document["head"] == {"vars": ["n", "label"]}
    assert len(document["results"]["bindings"]) == ROWS
    assert document["results"]["bindings"][-1]["label"] == {"type": "literal", "value": f"row-{ROWS - 1}"}


def test_answers_held_whole_the_table_sizes_columns_from_its_sample_and_wraps_later_rows() -> None:
    long = "a long label " * 10

    def chunks() -> Iterator[Chunk]:
        yield Head("select", ("label",))
        yield Rows([(Term.literal("short"),)] * TABLE_SAMPLE)
        yield Rows([(Term.literal(long),)])

    out = io.StringIO()
    formats.write(Answer(chunks()), "table", out, width=200)
    lines = out.getvalue().splitlines()
    assert lines[1] == "─" * 2 * len("short")  # from the sample, with room to grow, not the later row's
    assert lines[-1] == f"{TABLE_SAMPLE + 1} rows"
    later = lines[2 + TABLE_SAMPLE : -1]
    assert len(later) > 1 and all(len(line) <= 2 * len("short") for line in later)
    assert " ".join(later) == " ".join(long.split())


def test_answers_held_whole_a_table_of_the_sample_or_fewer_rows_is_as_wide_as_its_values() -> None:
    def chunks() -> Iterator[Chunk]:
        yield Head("select", ("label",))
        yield Rows([(Term.literal("short"),)] * TABLE_SAMPLE)

    out = io.StringIO()
    formats.write(Answer(chunks()), "table", out, width=200)
    assert out.getvalue().splitlines()[1] == "─" * len("short")


def test_answers_held_whole_rows_arrive_while_the_child_still_computes(seed_store: ox.Store) -> None:
    before = set(children(os.getpid()))
    with open_query(seed_store, CROSS_PRODUCT, timeout=600) as answer:
        rows = answer.rows()
        first = next(rows)
        (child,) = set(children(os.getpid())) - before
        assert len(first) == 4
        assert not is_dead(child), "the whole answer was computed before its first row was handed on"
    assert is_dead(child), "closing the answer must stop the query"


def test_answers_held_whole_the_time_limit_holds_while_rows_stream() -> None:
    def endless() -> Iterator[Chunk]:
        yield Head("select", ("n",))
        while True:
            yield Rows([(Term.literal("1"),)])
            time.sleep(0.001)

    received = 0
    with pytest.raises(QueryTimeoutError, match="longer than 1 s"):
        for chunk in stream_in_child(endless, timeout=1):
            received += isinstance(chunk, Rows)
    assert received > 0


def test_answers_held_whole_the_cli_writes_a_table_longer_than_its_sample(
    runner: CliRunner, built_seed: Path
) -> None:
    text = f"SELECT ?s ?node WHERE {{ ?s a ?t . ?node a ?type }} LIMIT {ROWS}"
    args = ["--sources", str(SEED_SOURCES), "--out", str(built_seed)]
    table = runner.invoke(main, ["query", "--sparql", text, "--format", "table", *args])
    tsv = runner.invoke(main, ["query", "--sparql", text, "--format", "tsv", *args])
    assert table.exit_code == 0 and tsv.exit_code == 0, table.stderr + tsv.stderr
    assert table.stdout.splitlines()[-1] == f"{ROWS} rows"
    assert len(tsv.stdout.splitlines()) == ROWS + 1


def _cli_query(built: Path, stdout: int | IO[bytes]) -> subprocess.Popen[bytes]:
    command = [cli(), "query", "--sparql", CROSS_PRODUCT, "--format", "tsv", "--timeout", "600"]
    return subprocess.Popen(
        [*command, "--sources", str(SEED_SOURCES), "--out", str(built)], stdout=stdout, stderr=subprocess.PIPE
    )


def test_answers_held_whole_a_reader_that_stops_reading_ends_the_query_quietly(built_seed: Path) -> None:
    process = _cli_query(built_seed, stdout=subprocess.PIPE)
    assert process.stdout is not None and process.stderr is not None
    assert process.stdout.readline() == b"?s\t?p\t?o\t?node\n"
    process.stdout.close()  # as `| head -1` does
    assert process.wait(timeout=60) == 141  # as a program killed by SIGPIPE
    assert process.stderr.read() == b""


def test_answers_held_whole_a_full_disk_is_one_message_not_a_traceback(built_seed: Path) -> None:
    with Path("/dev/full").open("wb") as full:
        process = _cli_query(built_seed, stdout=full)
        _, errors = process.communicate(timeout=60)
    assert process.returncode == 3  # a cause outside the input, as for every other command
    assert errors == b"error: could not finish: No space left on device\n"
