"""Measure the memory and time of `ceasefire-kg query` answering a million rows in TSV (or another format).

The answer streams from the query's child process through the pipe to stdout, so the memory of the process
tree should stay flat however many rows there are: the budget is a peak under 300 MB at 1,000,000 rows. The
query is an ad-hoc cross product over the built seed (every triple with every typed node, cut by LIMIT), so
that the rows carry IRIs and literals of every kind. Each size runs as a fresh process; the figures:

- peak tree RSS: the largest sum of the resident sizes of the command and its child, sampled every 20 ms
  (pages the fork shares with its parent count twice: an upper bound);
- peak tree PSS: the same with shared pages divided among their sharers (what the tree really costs);
- max RSS: the kernel's high-water mark of the largest single process (``wait4``), which no sampling misses;
- the wall time, against a reference in the same session: a bare pyoxigraph script that writes the same
  answer with Oxigraph's own TSV serializer (no child process, no time limit, no Python per row).

With ``--compare-with DIR`` (a checkout of other code, e.g. ``git archive`` of an older commit unpacked),
the same command also runs with that code in turn, for a before/after ratio in one session. The output goes
to a file, whose lines are counted to check that every row arrived. Not a test: run it, read it, put the
figures in the report.

\b
Examples:
  python benchmarks/query_rows_memory.py                          # builds the seed into a temporary folder
  python benchmarks/query_rows_memory.py --rows 100000,1000000 --format csv
  python benchmarks/query_rows_memory.py --out output --runs 3
  python benchmarks/query_rows_memory.py --compare-with /tmp/before   # a checkout of the code before
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from ontology import resources

#: The seed shipped inside the package (the checkout's sources/ is an analyst's own).
SEED = Path(str(resources.bundled_sources()))
BUDGET_MB = 300.0
#: Every triple of the store with every typed node: far more than a million rows on the seed.
CROSS_PRODUCT = "SELECT ?s ?p ?o ?node WHERE {{ ?s ?p ?o . ?node a ?type }} LIMIT {rows}"

BARE_OXIGRAPH = """
import sys
import pyoxigraph as ox
store = ox.Store.read_only(sys.argv[1])
solutions = store.query(sys.argv[2], use_default_graph_as_union=True)
with open(sys.argv[3], "wb") as out:
    solutions.serialize(out, format=ox.QueryResultsFormat.TSV)
"""


@dataclass(frozen=True)
class Run:
    """Hold what one run of a command cost: wall time, peak memory of its tree, and the lines it wrote."""

    seconds: float
    peak_rss_mb: float
    peak_pss_mb: float
    max_rss_mb: float
    lines: int


def _tree(pid: int) -> list[int]:
    """Return ``pid`` and every process below it (from /proc's children lists)."""
    found, pending = [], [pid]
    while pending:
        current = pending.pop()
        found.append(current)
        try:
            for task in Path(f"/proc/{current}/task").iterdir():
                children = (task / "children").read_text(encoding="ascii")
                pending.extend(int(child) for child in children.split())
        except OSError:
            continue  # it ended meanwhile
    return found


def _kilobytes(path: str, field: str) -> int:
    try:
        for line in Path(path).read_text(encoding="ascii").splitlines():
            if line.startswith(field):
                return int(line.split()[1])
    except OSError:
        pass  # it ended meanwhile
    return 0


def measure(command: list[str], output: Path, environment: dict[str, str] | None = None) -> Run:
    """Run ``command`` with stdout to ``output``, sampling its process tree's memory until it ends."""
    peaks = {"rss": 0, "pss": 0}
    done = threading.Event()
    with output.open("wb") as out:
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.PIPE, env=environment)

        def sample() -> None:
            while not done.is_set():
                tree = _tree(process.pid)
                peaks["rss"] = max(peaks["rss"], sum(_kilobytes(f"/proc/{p}/status", "VmRSS:") for p in tree))
                peaks["pss"] = max(
                    peaks["pss"], sum(_kilobytes(f"/proc/{p}/smaps_rollup", "Pss:") for p in tree)
                )
                done.wait(0.02)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        # wait4, not Popen.wait: it also returns the kernel's high-water mark of the child's resident size.
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        done.set()
        sampler.join()
        assert process.stderr is not None
        errors = process.stderr.read().decode("utf-8", "replace")
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command[:3])}… failed ({process.returncode}):\n{errors}")
    with output.open("rb") as written:
        lines = sum(chunk.count(b"\n") for chunk in iter(lambda: written.read(1 << 20), b""))
    # ru_maxrss is in kilobytes on Linux.
    return Run(seconds, peaks["rss"] / 1024, peaks["pss"] / 1024, usage.ru_maxrss / 1024, lines)


def main(argv: list[str] | None = None) -> int:
    """Build the seed if needed, run the query at each size, print the figures and the budget check."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--out", type=Path, default=None, help="an output folder with the built seed")
    parser.add_argument("--rows", default="100000,1000000", help="answer sizes, comma-separated")
    parser.add_argument("--format", default="tsv", help="the result format of the CLI runs (default tsv)")
    parser.add_argument("--runs", type=int, default=3, help="runs per size (default 3; medians reported)")
    parser.add_argument("--compare-with", type=Path, default=None, help="a checkout of other code to run too")
    args = parser.parse_args(argv)
    sizes = [int(size) for size in args.rows.split(",")]

    cli = shutil.which("ceasefire-kg", path=str(Path(sys.executable).parent)) or shutil.which("ceasefire-kg")
    if cli is None:
        parser.error("ceasefire-kg is not installed next to this Python")
    with tempfile.TemporaryDirectory(prefix="query-rows-") as scratch:
        out = args.out
        if out is None:
            out = Path(scratch) / "output"
            print(f"building the seed into {out} …", file=sys.stderr)
            subprocess.run(
                [cli, "build", "--sources", str(SEED), "--out", str(out)], check=True, capture_output=True
            )
        answer = Path(scratch) / "answer"
        print(f"\n{args.runs} runs per size; medians; output to a file, format {args.format}\n")
        print(f"  {'rows':>9}  {'command':<22} {'wall s':>7} {'tree RSS':>9} {'tree PSS':>9} {'max RSS':>8}")
        worst = 0.0
        for rows in sizes:
            text = CROSS_PRODUCT.format(rows=rows)
            commands = {
                f"ceasefire-kg {args.format}": [
                    cli, "query", "--sparql", text, "--format", args.format, "--timeout", "3600",
                    "--sources", str(SEED), "--out", str(out),
                ],
                "bare pyoxigraph tsv": [
                    sys.executable, "-c", BARE_OXIGRAPH, str(out / "store"), text, str(answer),
                ],
            }  # fmt: skip
            environments: dict[str, dict[str, str] | None] = dict.fromkeys(commands)
            if args.compare_with is not None:
                label = f"{args.compare_with.name} {args.format}"
                commands[label] = [
                    sys.executable,
                    "-m",
                    "graph_builder",
                    *commands[f"ceasefire-kg {args.format}"][1:],
                ]
                environments[label] = {**os.environ, "PYTHONPATH": str(args.compare_with.resolve())}
            runs: dict[str, list[Run]] = {label: [] for label in commands}
            for _ in range(args.runs):
                for label, command in commands.items():  # in turn, so that a busy moment hits all alike
                    runs[label].append(measure(command, answer, environments[label]))
            for label, measured in runs.items():
                if any(run.lines < rows for run in measured):  # a line a row, plus a header in most formats
                    raise SystemExit(f"{label}: fewer lines than {rows} rows: {[r.lines for r in measured]}")
                seconds = statistics.median(r.seconds for r in measured)
                rss = statistics.median(r.peak_rss_mb for r in measured)
                pss = statistics.median(r.peak_pss_mb for r in measured)
                high = statistics.median(r.max_rss_mb for r in measured)
                print(
                    f"  {rows:>9,}  {label:<22} {seconds:>7.2f} {rss:>6.0f} MB {pss:>6.0f} MB {high:>5.0f} MB"
                )
                if label == f"ceasefire-kg {args.format}":
                    worst = max(worst, rss)
        print(
            f"\nbudget: peak tree RSS < {BUDGET_MB:.0f} MB: worst {worst:.0f} MB -> "
            f"{'within' if worst < BUDGET_MB else 'OVER'} budget"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
