"""Measure how long `ceasefire-kg query NAME` takes as a fresh process, against two references.

Each run is a new process, as a user's is: interpreter start, imports, the freshness check of the store, the
read-only open of the Oxigraph store, the query in its time-limited child process, the output. The same
session measures two references, so that the figures can be compared on a shared machine where absolute
times drift:

- bare pyoxigraph: a script that opens the read-only store and runs one query (the floor for any CLI);
- the library: a script that makes the library calls the command makes (the freshness check and read-only
  open, the checked query in its time-limited child, the table), without the CLI (what click and the
  command line add is the difference);
- rdflib: a script that parses graph.ttl into rdflib's memory store and runs the same query.

The project's modules are compiled to bytecode first, as ``pip install`` does: with PYTHONDONTWRITEBYTECODE
set (or a read-only checkout), every run would otherwise compile them from source again, which the bare
script, importing none of them, never pays.

The budget is a median of 150 ms for `ceasefire-kg query NAME` (on the 2-core reference machine the bare
pyoxigraph script takes ~25 ms). Not a test: run it, read it, put the figures in the report.

\b
Examples:
  python benchmarks/query_speed.py                       # builds the seed into a temporary folder first
  python benchmarks/query_speed.py --out output --runs 31
  python benchmarks/query_speed.py --importtime          # also the slowest imports of one query run
  python benchmarks/query_speed.py --baseline-cli ../main/.venv/bin/ceasefire-kg   # an older version beside
"""

from __future__ import annotations

import argparse
import compileall
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from ontology import resources

#: The seed shipped inside the package (the checkout's sources/ is an analyst's own).
SEED = Path(str(resources.bundled_sources()))
BUDGET_MS = 150.0

#: The project's packages, compiled to bytecode before timing.
PACKAGES = ("ontology", "graph_builder", "queries", "visualize")

#: The named queries timed through the CLI, with their arguments.
CASES: list[tuple[str, list[str]]] = [
    ("violations_by_day (table)", ["violations_by_day"]),
    ("violations_by_day --format csv", ["violations_by_day", "--format", "csv"]),
    ("actor_profile --param actor=hulusi-akar", ["actor_profile", "--param", "actor=hulusi-akar"]),
    ("timeline --format json", ["timeline", "--format", "json"]),
]

BARE_OXIGRAPH = """
import sys
import pyoxigraph as ox
store = ox.Store.read_only(sys.argv[1])
solutions = store.query(open(sys.argv[2], encoding="utf-8").read(), use_default_graph_as_union=True)
sys.stdout.buffer.write(solutions.serialize(format=ox.QueryResultsFormat.CSV))
"""

LIBRARY = """
import sys
from pathlib import Path
from graph_builder.workspace import Workspace
from queries import formats
from queries.runner import open_query, prepare


def stale(sources, /, *, out):
    raise SystemExit(f"{out} is stale: run ceasefire-kg build first")


store = Workspace(Path(sys.argv[1])).open_store(Path(sys.argv[2]), rebuild=stale)
with open_query(store, prepare(sys.argv[3]), timeout=30.0) as answer:  # the CLI's default --timeout
    formats.write(answer, "table", sys.stdout)
"""

RDFLIB = """
import sys
import rdflib
graph = rdflib.Graph()
graph.parse(sys.argv[1], format="turtle")
graph.parse(sys.argv[3], format="turtle")
result = graph.query(open(sys.argv[2], encoding="utf-8").read())
sys.stdout.write(result.serialize(format="csv").decode("utf-8"))
"""


@dataclass(frozen=True)
class Timing:
    """Hold the wall times of one command, in milliseconds."""

    label: str
    times: list[float]

    @property
    def median(self) -> float:
        """Return the median wall time."""
        return statistics.median(self.times)


def wall_times(commands: dict[str, list[str]], runs: int) -> list[Timing]:
    """Run each command ``runs`` times, taking them in turn, after one warm-up run each.

    Taking turns makes a busy moment of a shared machine hit every command alike, so the ratios hold.
    """
    times: dict[str, list[float]] = {label: [] for label in commands}
    for command in commands.values():
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    for _ in range(runs):
        for label, command in commands.items():
            started = time.perf_counter()
            subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            times[label].append((time.perf_counter() - started) * 1000)
    return [Timing(label, values) for label, values in times.items()]


def slowest_imports(command: list[str], count: int = 15) -> list[tuple[int, str]]:
    """Return the ``count`` imports with the largest cumulative time (microseconds) in one run."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", *command], capture_output=True, text=True, check=True
    )
    rows = []
    for line in done.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            _, cumulative, name = line.split("|")
            if cumulative.strip().isdigit():
                rows.append((int(cumulative), name.strip()))
    return sorted(rows, reverse=True)[:count]


def main(argv: list[str] | None = None) -> int:
    """Build the seed if needed, time the CLI and the references, print the figures and the budget check."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--out", type=Path, default=None, help="an output folder with the built seed")
    parser.add_argument("--runs", type=int, default=21, help="runs per command (default 21)")
    parser.add_argument("--importtime", action="store_true", help="also list the slowest imports")
    parser.add_argument(
        "--baseline-cli",
        type=Path,
        default=None,
        help="another install's ceasefire-kg (an older version): its cases are timed in the same rounds",
    )
    args = parser.parse_args(argv)

    cli = shutil.which("ceasefire-kg", path=str(Path(sys.executable).parent)) or shutil.which("ceasefire-kg")
    if cli is None:
        parser.error("ceasefire-kg is not installed next to this Python")
    root = SEED.parent.parent  # the folder holding the packages: the checkout, or site-packages
    for package in PACKAGES:
        compileall.compile_dir(str(root / package), quiet=1)
    with tempfile.TemporaryDirectory(prefix="query-speed-") as scratch:
        out = args.out
        if out is None:
            out = Path(scratch) / "output"
            print(f"building the seed into {out} …", file=sys.stderr)
            subprocess.run(
                [cli, "build", "--sources", str(SEED), "--out", str(out)], check=True, capture_output=True
            )
        sources = ["--sources", str(SEED), "--out", str(out)]
        query_file = Path(str(resources.query_files()["violations_by_day"]))

        bare_label = "bare pyoxigraph script (reference)"
        commands = {label: [cli, "query", *case, *sources] for label, case in CASES}
        if args.baseline_cli is not None:
            # Its own packages compiled too, as for this install; the same store (its manifest must match).
            other = subprocess.run(
                [
                    str(args.baseline_cli.parent / "python"),
                    "-c",
                    "import graph_builder; print(graph_builder.__file__)",
                ],
                capture_output=True,
                text=True,
                check=True,
            )
            other_root = Path(other.stdout.strip()).parent.parent
            for package in PACKAGES:
                compileall.compile_dir(str(other_root / package), quiet=1)
            for label, case in CASES:
                commands[f"baseline: {label}"] = [str(args.baseline_cli), "query", *case, *sources]
        commands[bare_label] = [sys.executable, "-c", BARE_OXIGRAPH, str(out / "store"), str(query_file)]
        commands["library calls of violations_by_day (table)"] = [
            sys.executable, "-c", LIBRARY, str(out), str(SEED), "violations_by_day",
        ]  # fmt: skip
        commands["python -c pass"] = [sys.executable, "-c", "pass"]
        timings = wall_times(commands, args.runs)
        # rdflib takes half a second a run: fewer rounds, in turn with the bare script again.
        rdflib_command = [sys.executable, "-c", RDFLIB, str(out / "graph.ttl"), str(query_file)]
        rdflib_command.append(str(out / "ontology.ttl"))
        rdflib_label = "rdflib parse graph.ttl + query (reference)"
        rounds = max(5, args.runs // 3)
        rdflib_times, bare_again = wall_times(
            {rdflib_label: rdflib_command, bare_label: commands[bare_label]}, rounds
        )
        by_label = {timing.label: timing for timing in timings}
        bare = by_label[bare_label]
        cli_timings = [by_label[label] for label, _ in CASES]

        print(
            f"\n{args.runs} rounds of fresh processes; median wall time (min-max); ratio to bare pyoxigraph\n"
        )
        for timing, reference in [*((timing, bare) for timing in timings), (rdflib_times, bare_again)]:
            spread = f"({min(timing.times):.0f}-{max(timing.times):.0f})"
            ratio = timing.median / reference.median
            print(f"  {timing.label:<46} {timing.median:7.1f} ms  {spread:<11} x{ratio:.2f}")
        worst = max(timing.median for timing in cli_timings)
        rdflib_ratio = rdflib_times.median / bare_again.median
        print(
            f"\nbudget: `ceasefire-kg query NAME` median <= {BUDGET_MS:.0f} ms: slowest case {worst:.1f} ms "
            f"-> {'within' if worst <= BUDGET_MS else 'OVER'} budget"
        )
        print(
            f"scaled to the reference machine (bare pyoxigraph = 25 ms): slowest case "
            f"{worst / bare.median * 25:.0f} ms; the rdflib reference x{rdflib_ratio:.1f} the bare script"
        )
        if args.importtime:
            print("\nslowest imports of one `query violations_by_day` run (cumulative):")
            for micros, name in slowest_imports(
                ["-m", "graph_builder", "query", "violations_by_day", *sources]
            ):
                print(f"  {micros / 1000:7.1f} ms  {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
