"""Time importing and building an invented ACLED export, beside bare Oxigraph bulk-loading the same quads.

The export is invented (tests/dataset_fixtures.py: a 2020 Syria export in the current layout, no real row).
Each step runs as its own process, ``--repeat`` times; the table gives the median wall time and the largest
peak RSS of the step's process: ``import`` (``ceasefire-kg import acled``), ``build`` (``ceasefire-kg
build --full``, every check: a full build each time, not an incremental one after the first), and the
floor, Oxigraph's ``bulk_load`` of the built graph's quads (data and ontology) as N-Quads into a new store.
The ratio compares import plus build with the floor.

\b
Examples:
  python benchmarks/import_speed.py --rows 100000
  python benchmarks/import_speed.py --rows 10000 --repeat 1 --out /tmp/import-10k.md
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import IO

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.dataset_fixtures import ACCESSED, add_invented_outlets, syria_2020_current  # noqa: E402
from tests.helpers import SEED_SOURCES  # noqa: E402

RESULTS = REPO / "benchmarks" / "results"


@dataclass(frozen=True)
class Step:
    """Hold one step's runs: the median wall time and its peaks of memory, in bytes.

    ``rss`` is the largest peak RSS of one of its processes, ``tree`` the largest sum of the RSS of all its
    processes at once (sampled).
    """

    name: str
    seconds: float
    rss: int
    tree: int = 0
    #: What the median run printed first (the build's line of its steps' times).
    said: str = ""


def _tree_rss(root: int) -> int:
    """Return the summed RSS of process ``root`` and all its descendants, in bytes (0 when it is gone)."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            status = Path(entry.path, "status").read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        pid = int(entry.name)
        children.setdefault(int(fields.get("PPid", "0").strip()), []).append(pid)
        rss[pid] = int(fields.get("VmRSS", "0 kB").split()[0]) * 1024
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        total += rss.get(pid, 0)
        todo.extend(children.get(pid, []))
    return total


def _run(command: list[str]) -> tuple[float, int, int, str]:
    """Run one process; return its wall time, peaks of RSS (its largest process's, its tree's), first line.

    wait4 gives the largest of the process and the children it waited for; the tree's sum is sampled.
    """
    started = time.perf_counter()
    child = subprocess.Popen(command, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    tree = [0]
    done = threading.Event()

    def sample() -> None:
        while not done.wait(0.25):
            tree[0] = max(tree[0], _tree_rss(child.pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    # Both pipes are read while it runs (the build's summary is longer than a pipe holds).
    outputs: dict[str, bytes] = {}

    def drain(name: str, pipe: IO[bytes]) -> None:
        outputs[name] = pipe.read()

    readers = [
        threading.Thread(target=drain, args=(name, pipe), daemon=True)
        for name, pipe in (("out", child.stdout), ("err", child.stderr))
        if pipe is not None
    ]
    for reader in readers:
        reader.start()
    _, status, usage = os.wait4(child.pid, 0)
    done.set()
    sampler.join()
    wall = time.perf_counter() - started
    for reader in readers:
        reader.join()
    if os.waitstatus_to_exitcode(status) != 0:
        stderr = outputs.get("err", b"").decode()
        raise RuntimeError(f"{' '.join(command)} failed: {stderr[-2000:]}")
    first = outputs.get("out", b"").decode().partition("\n")[0]
    return wall, usage.ru_maxrss * 1024, tree[0], first


def _floor_script(nquads: Path, store: Path) -> list[str]:
    code = (
        "import pyoxigraph as ox, sys; s = ox.Store(sys.argv[2]); "
        "s.bulk_load(path=sys.argv[1], format=ox.RdfFormat.N_QUADS); s.flush()"
    )
    return [sys.executable, "-c", code, str(nquads), str(store)]


def _step(name: str, commands: list[list[str]], before: list[str] | None = None) -> Step:
    times, peaks, trees, said = [], [], [], []
    for command in commands:
        if before is not None:
            subprocess.run(before, check=True)
        took, rss, tree, first = _run(command)
        times.append(took)
        peaks.append(rss)
        trees.append(tree)
        said.append(first)
    median = statistics.median_low(times)
    return Step(name, statistics.median(times), max(peaks), max(trees), said[times.index(median)])


def measure(rows: int, repeat: int, work: Path) -> tuple[list[Step], dict[str, int]]:
    """Run the steps ``repeat`` times each in ``work``; return the steps and what the graph holds."""
    csv_file = work / "acled-syria-2020.csv"
    made = syria_2020_current(csv_file, rows)
    sources = work / "sources"
    shutil.copytree(SEED_SOURCES, sources)
    add_invented_outlets(sources)
    cli = [sys.executable, "-m", "graph_builder"]
    imported = _step(
        "import",
        [
            [
                *cli,
                "import",
                "acled",
                str(csv_file),
                "--sources",
                str(sources),
                "--accessed",
                ACCESSED.isoformat(),
            ]
        ]
        * repeat,
    )
    out = work / "output"
    built = _step("build", [[*cli, "build", "--full", "--sources", str(sources), "--out", str(out)]] * repeat)
    import pyoxigraph as ox

    nquads = work / "graph.nq"
    store = ox.Store.read_only(str(out / "store"))
    store.dump(str(nquads), format=ox.RdfFormat.N_QUADS)
    quads = len(store)
    del store
    floor_store = work / "floor-store"
    floor = _step(
        "floor",
        [_floor_script(nquads, floor_store)] * repeat,
        before=[
            sys.executable,
            "-c",
            f"import shutil; shutil.rmtree({str(floor_store)!r}, ignore_errors=True)",
        ],
    )
    return [imported, built, floor], {
        "rows": len(made.event_ids),
        "quads": quads,
        "fatalities": made.fatalities,
    }


def table(steps: list[Step], facts: dict[str, int], *, rows: int, repeat: int, work: Path) -> str:
    """Return the result as Markdown: one row per step, the ratio of import plus build to the floor.

    ``work`` is the folder the runs were in: it is left out of what the build said.
    """
    by = {step.name: step for step in steps}
    ours = by["import"].seconds + by["build"].seconds
    lines = [
        f"# Importing {rows:,} invented ACLED rows: {facts['quads']:,} quads",
        "",
        f"Corpus: `python benchmarks/import_speed.py --rows {rows} --repeat {repeat}`: an invented 2020 "
        "Syria export in the current layout (tests/dataset_fixtures.py), imported into a copy of the seed. "
        f"Machine: {os.cpu_count()} cores, {platform.machine()}, Python {platform.python_version()}; shared "
        f"with other work (load average {' / '.join(f'{x:.1f}' for x in os.getloadavg())} at the end). Run "
        f"on {dt.date.today()}.",
        "",
        f"Each cell: median of {repeat} run(s), each the whole process; peak RSS of its largest process "
        "(wait4: the process or a child it waited for, HermiT's JVM and the page's process included), and "
        "the largest sum over all its processes at once (sampled every 0.25 s).",
        "",
        "| step | time | peak RSS, largest process | peak RSS, all processes | rate |",
        "|---|---|---|---|---|",
    ]
    for step in steps:
        rate = facts["rows"] / step.seconds if step.name != "floor" else facts["quads"] / step.seconds
        unit = "rows/s" if step.name != "floor" else "quads/s"
        lines.append(
            f"| {step.name} | {step.seconds:.1f} s | {step.rss / 1e9:.2f} GB | {step.tree / 1e9:.2f} GB | "
            f"{rate:,.0f} {unit} |"
        )
    ours_rss = max(by["import"].rss, by["build"].rss)
    ours_tree = max(by["import"].tree, by["build"].tree)
    lines += [
        f"| import + build | {ours:.1f} s | {ours_rss / 1e9:.2f} GB | {ours_tree / 1e9:.2f} GB | "
        f"{facts['rows'] / ours:,.0f} rows/s |",
        "",
        f"Import plus build ÷ floor: **{ours / by['floor'].seconds:.2f}×** (target: within 3×); peak RSS "
        f"{ours_rss / 1e9:.2f} GB in one process, {ours_tree / 1e9:.2f} GB over all at once (target: under "
        "1.5 GB).",
        "",
        "The build's own account of its median run (its steps overlap): "
        f"`{by['build'].said.replace(str(work), '…')}`",
        "",
    ]
    return "\n".join(lines)


def main() -> None:
    """Run the benchmark and write its table and JSON under benchmarks/results/."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--out", type=Path, default=None, help="Markdown file (default: benchmarks/results/)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="import-speed-") as work:
        steps, facts = measure(args.rows, args.repeat, Path(work))
    text = table(steps, facts, rows=args.rows, repeat=args.repeat, work=Path(work))
    out = args.out or RESULTS / f"import-{args.rows // 1000}k.md"
    out.write_text(text, encoding="utf-8")
    out.with_suffix(".json").write_text(
        json.dumps({"facts": facts, "steps": [s.__dict__ for s in steps]}, indent=2) + "\n", encoding="utf-8"
    )
    print(text)


if __name__ == "__main__":
    main()
