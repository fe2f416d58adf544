"""Count failed reads while builds swap the output folder, and what killed builds leave behind.

Readers: processes that each run the query ``violations_by_day`` again and again through the CLI's read path
(a fork per query, as a new ``ceasefire-kg query`` process would: open the store, run, exit), comparing each
answer with the first one. Builds: ``ceasefire-kg build`` processes into the same folder, one after the
other, each ending with a swap. Kills: ``kill -9`` of a build at a random moment (one of them while it
pauses between making the new ``.current`` link and renaming it into place); after each kill the output
folder must answer the query as before, and no process the build started may be alive a second later.
After the last kill, one more build; then nothing a killed build made may remain.

  python benchmarks/swap_stress.py                      # 2,000 queries by 4 readers during 20 swaps; 10 kills
  python benchmarks/swap_stress.py --queries 200 --swaps 3 --kills 3
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import io
import multiprocessing
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from multiprocessing.sharedctypes import Synchronized
from multiprocessing.synchronize import Event
from pathlib import Path

from graph_builder.workspace import (
    BUILDS,
    CURRENT,
    HERMIT_PREFIX,
    MANIFEST,
    OUTPUT_FILES,
    SWITCH_PAUSE_ENV,
    Workspace,
)
from ontology import resources

QUERY = "violations_by_day"
#: Seconds the build paused in its switch waits, so that the kill surely lands inside the pause.
SWITCH_PAUSE = 3.0


def seed_copy(folder: Path) -> Path:
    """Copy the bundled seed sources into ``folder``/sources and return that folder."""
    target = folder / "sources"
    shutil.copytree(Path(str(resources.bundled_sources())), target)
    return target


def build_command(sources: Path, out: Path) -> list[str]:
    """Return the command of one build of ``sources`` into ``out``."""
    return [sys.executable, "-m", "graph_builder", "build", "--sources", str(sources), "--out", str(out)]


def build(sources: Path, out: Path) -> bool:
    """Run one build to its end; return whether it succeeded."""
    done = subprocess.run(build_command(sources, out), capture_output=True, check=False)
    return done.returncode == 0


def query_once(sources: Path, out: Path, answer: Path) -> int:
    """Run the query through the CLI in a forked process writing to ``answer``; return its exit code.

    A fork, not a new interpreter: the read path is the same (open the store, query, exit), and a reader
    runs ten times more queries than with an interpreter start each.
    """
    pid = os.fork()
    if pid == 0:  # the child: stdout and stderr to the answer file, then the CLI, then exit with its code
        code = 70
        try:
            handle = os.open(answer, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
            os.dup2(handle, 1)
            os.dup2(handle, 2)
            # Also the Python streams: under pytest they write to its capture, not to the descriptors.
            sys.stdout = io.TextIOWrapper(
                io.FileIO(1, "w", closefd=False), encoding="utf-8", write_through=True
            )
            sys.stderr = io.TextIOWrapper(
                io.FileIO(2, "w", closefd=False), encoding="utf-8", write_through=True
            )
            from graph_builder.cli import main

            args = ["query", QUERY, "--format", "tsv", "--sources", str(sources), "--out-dir", str(out)]
            try:
                main(args, prog_name="ceasefire-kg")
                code = 0
            except SystemExit as exit:
                code = exit.code if isinstance(exit.code, int) else 1
        finally:
            with contextlib.suppress(Exception):
                sys.stdout.flush()
                sys.stderr.flush()
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status)


def expected_answer(sources: Path, out: Path) -> bytes:
    """Return the query's answer on the current build (the same for every build of the same sources)."""
    with tempfile.TemporaryDirectory() as folder:
        answer = Path(folder) / "answer"
        code = query_once(sources, out, answer)
        if code != 0 or not answer.read_bytes().startswith(b"?day"):
            raise RuntimeError(f"the query failed with code {code}: {answer.read_text()}")
        return answer.read_bytes()


def _read_loop(
    sources: Path,
    out: Path,
    expected: bytes,
    stop: Event,
    total: Synchronized[int],
    failed: Synchronized[int],
    errors: Path,
) -> None:
    """Query until ``stop`` is set; count every query in ``total`` and every wrong answer in ``failed``."""
    answer = errors.with_suffix(".answer")
    # What the query command imports when it runs, imported once here: each fork then only reads.
    for module in ("graph_builder.cli", "queries.catalog", "queries.params", "queries.runner"):
        importlib.import_module(module)

    while not stop.is_set():
        code = query_once(sources, out, answer)
        with total.get_lock():
            total.value += 1
        if code != 0 or answer.read_bytes() != expected:
            with failed.get_lock():
                failed.value += 1
            with errors.open("ab") as log:
                log.write(f"--- exit code {code}\n".encode() + answer.read_bytes()[-2000:] + b"\n")


@dataclass
class Reads:
    """Count the queries run while builds swapped, the failed ones, and the swaps."""

    queries: int
    failed: int
    swaps: int
    #: The ends of the failed answers, for the report.
    errors: str = ""


def read_during_swaps(sources: Path, out: Path, *, readers: int, queries: int, swaps: int) -> Reads:
    """Run ``readers`` reader processes while builds swap ``out``, until both counts are reached.

    ``out`` must hold a build of ``sources`` already.
    """
    expected = expected_answer(sources, out)
    context = multiprocessing.get_context("fork")
    stop = context.Event()
    total: Synchronized[int] = context.Value("i", 0)
    failed: Synchronized[int] = context.Value("i", 0)
    with tempfile.TemporaryDirectory() as folder:
        logs = [Path(folder) / f"reader-{n}.log" for n in range(readers)]
        processes = [
            context.Process(
                target=_read_loop, args=(sources, out, expected, stop, total, failed, log), daemon=True
            )
            for log in logs
        ]
        for process in processes:
            process.start()
        done = 0
        try:
            while done < swaps or total.value < queries:
                before = Workspace(out).current()
                if build(sources, out) and Workspace(out).current() != before:
                    done += 1
                print(f"  {done} swaps, {total.value} queries, {failed.value} failed", file=sys.stderr)
        finally:
            stop.set()
            for process in processes:
                process.join()
        errors = "".join(log.read_text(errors="replace") for log in logs if log.exists())
    return Reads(total.value, failed.value, done, errors)


def descendants(pid: int) -> list[int]:
    """Return the ids of every living process below ``pid`` (children, their children, …)."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, ValueError, IndexError):
            fields = stat.read_text().rsplit(")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, todo = [], list(children.get(pid, []))
    while todo:
        child = todo.pop()
        found.append(child)
        todo.extend(children.get(child, []))
    return found


def command_line(pid: int) -> str:
    """Return a process's command line ("" when it ended)."""
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def alive(pid: int) -> bool:
    """Say whether a process lives (a zombie counts as ended)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


@dataclass
class Kills:
    """Count the kills, the outputs that answered after them, and the processes that outlived a kill."""

    kills: int = 0
    in_switch: int = 0
    complete: int = 0
    #: Command lines of the processes of a killed build still alive a second after the kill.
    survivors: list[str] = field(default_factory=list)
    leftovers: list[str] = field(default_factory=list)


def kill_builds(sources: Path, out: Path, *, kills: int, seconds: float, rng: random.Random) -> Kills:
    """Kill ``kills`` builds of ``sources`` into ``out`` at random moments up to ``seconds`` in.

    The first kill lands while the build pauses in its switch. ``out`` must hold a build already; after the
    kills, one more build runs, then the leftovers are counted.
    """
    expected = expected_answer(sources, out)
    hermit: set[Path] = set()
    result = Kills()
    for n in range(kills):
        in_switch = n == 0
        env = {**os.environ, SWITCH_PAUSE_ENV: str(SWITCH_PAUSE)} if in_switch else None
        process = subprocess.Popen(
            build_command(sources, out), env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        if in_switch:
            link = out / f"{CURRENT}.{process.pid}.new"
            while not link.is_symlink() and process.poll() is None:
                time.sleep(0.02)
            result.in_switch += process.poll() is None
        else:
            time.sleep(rng.uniform(0.1, seconds))
        family = descendants(process.pid)
        hermit.update(hermit_folders_of([process.pid, *family]))
        process.send_signal(signal.SIGKILL)
        process.wait()
        result.kills += 1
        time.sleep(1.0)
        result.survivors.extend(command_line(pid) for pid in family if alive(pid))
        with tempfile.TemporaryDirectory() as folder:
            answer = Path(folder) / "answer"
            ok = query_once(sources, out, answer) == 0 and answer.read_bytes() == expected
        result.complete += ok and is_complete(out)
        _wait_for_ends(family, timeout=15.0)
    if not build(sources, out):
        raise RuntimeError("the build after the kills failed")
    result.leftovers = leftovers(out, hermit)
    return result


def _wait_for_ends(pids: list[int], *, timeout: float) -> None:
    """Wait until the processes ended (HermiT's JVM may outlive a killed build for some seconds)."""
    deadline = time.monotonic() + timeout
    while any(alive(pid) for pid in pids) and time.monotonic() < deadline:
        time.sleep(0.1)


def is_complete(out: Path) -> bool:
    """Say whether ``out`` holds every file of a build, through the names users open."""
    names = [name.rstrip("/") for name in OUTPUT_FILES]
    return all((out / name).exists() for name in names) and (out / MANIFEST).stat().st_size > 0


def hermit_folders_of(pids: list[int]) -> set[Path]:
    """Return the HermiT work folders that these processes name on their command lines or have files in."""
    found: set[Path] = set()
    base = Path(tempfile.gettempdir())
    for pid in pids:
        paths = [command_line(pid)]
        with contextlib.suppress(OSError):
            paths.extend(str(fd.readlink()) for fd in Path(f"/proc/{pid}/fd").iterdir())
        for path in paths:
            for part in path.split():
                start = part.find(str(base / HERMIT_PREFIX))
                if start >= 0:
                    name = Path(part[start:]).relative_to(base).parts[0]
                    found.add(base / name)
    return found


def leftovers(out: Path, hermit: set[Path]) -> list[str]:
    """Return what remains in ``out`` and of the ``hermit`` folders that no finished build would leave.

    A finished build leaves its own version folder and the one it replaced (kept for readers that
    resolved ``.current`` just before the switch), the links, and the build lock file.
    """
    space = Workspace(out)
    current = space.current()
    versions = sorted((out / BUILDS).iterdir())
    found = [str(v) for v in versions if v.name.startswith(".")]
    old = [v for v in versions if v != current and not v.name.startswith(".")]
    found.extend(str(v) for v in old[:-1] if len(old) > 1)
    found.extend(str(p) for p in out.rglob("*.tmp"))
    found.extend(str(p) for p in out.glob(f"{CURRENT}.*"))
    found.extend(str(p) for p in out.parent.glob(f".{out.name}.*"))
    found.extend(str(p) for p in sorted(hermit) if p.exists())
    return found


def main() -> None:
    """Run the readers during swaps, then the kills; print the counts."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--readers", type=int, default=4)
    parser.add_argument("--queries", type=int, default=2000)
    parser.add_argument("--swaps", type=int, default=20)
    parser.add_argument("--kills", type=int, default=10)
    parser.add_argument("--seed", type=int, default=12)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="swap-stress-") as folder:
        sources, out = seed_copy(Path(folder)), Path(folder) / "output"
        started = time.perf_counter()
        if not build(sources, out):
            raise SystemExit("the first build failed")
        seconds = time.perf_counter() - started
        print(f"one build: {seconds:.1f} s")
        started = time.perf_counter()
        reads = read_during_swaps(sources, out, readers=args.readers, queries=args.queries, swaps=args.swaps)
        print(
            f"reads: {reads.queries:,} queries by {args.readers} readers during {reads.swaps} swaps "
            f"({time.perf_counter() - started:.0f} s): {reads.failed} failed"
        )
        if reads.errors:
            print(reads.errors[:4000])
        kills = kill_builds(sources, out, kills=args.kills, seconds=seconds, rng=random.Random(args.seed))
        java = sum(line.startswith("java ") for line in kills.survivors)
        print(
            f"kills: {kills.kills} kill -9s of builds ({kills.in_switch} inside the switch): output complete "
            f"and answering after {kills.complete}; processes alive 1 s after a kill: "
            f"{len(kills.survivors)} ({java} of them HermiT's JVM); "
            f"leftovers after the next build: {len(kills.leftovers)}"
        )
        for line in [*kills.survivors, *kills.leftovers]:
            print(f"  {line}")


if __name__ == "__main__":
    main()
