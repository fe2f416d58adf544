"""Measure the endpoint's latency and throughput with 8 clients, beside ``oxigraph serve-read-only``.

Both servers read the same store in the same run: ``ceasefire-kg serve`` (the guard, a worker pool, answers
buffered whole) and Oxigraph's own server (``oxigraph`` from PyPI, the same version as pyoxigraph, with
``--union-default-graph`` so that both answer over the union of the named graphs). Each case is a query run
by 8 client processes at once, each over one keep-alive connection, after one warm-up query each; every
answer is checked against the first one of the other server. The figures: the median and the 99th percentile
of the latencies, and the queries answered per second over the whole case. The machine is shared: compare
the ratios, which come from one run.

\b
Examples:
  python benchmarks/serve_speed.py --triples 100000                    # generates and builds a corpus first
  python benchmarks/serve_speed.py --out /tmp/kg --sources /tmp/corpus --write benchmarks/results/serve.md
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import multiprocessing
import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph

from queries import catalog

CLIENTS = 8
SIMPLE = (
    "PREFIX cf: <https://w3id.org/ceasefire-kg/ontology#>\n"
    "SELECT ?protocol WHERE { ?protocol a cf:Protocol } ORDER BY ?protocol"
)
ACCEPT = "application/sparql-results+json"
_URL = re.compile(r"Serving .* at (http://127\.0\.0\.1:[0-9]+/)")


@dataclass(frozen=True)
class Case:
    """One query the clients run: its name, text, and how many times each client runs it."""

    name: str
    text: str
    per_client: int


@dataclass(frozen=True)
class Endpoint:
    """A running server: what it is, and the path of its queries on 127.0.0.1:port."""

    label: str
    port: int
    path: str


@dataclass(frozen=True)
class Figures:
    """What one case gave on one server."""

    latencies: list[float]
    seconds: float
    failures: int

    @property
    def p50(self) -> float:
        return statistics.median(self.latencies) * 1000

    @property
    def p99(self) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000

    @property
    def throughput(self) -> float:
        return len(self.latencies) / self.seconds


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _get(port: int, path: str, text: str) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    try:
        connection.request(
            "GET", f"{path}?{urllib.parse.urlencode({'query': text})}", headers={"Accept": ACCEPT}
        )
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


@contextlib.contextmanager
def ours(out: Path, sources: Path, workers: int, log: Path) -> Iterator[Endpoint]:
    """Run ``ceasefire-kg serve`` on the output folder."""
    command = [sys.executable, "-m", "graph_builder", "serve", "--out", str(out), "--sources", str(sources)]
    command += ["--port", "0", "--workers", str(workers), "--timeout", "600", "--max-queries", "64"]
    with log.open("wb") as stderr:
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=stderr)
    try:
        while not (found := _URL.search(log.read_text(encoding="utf-8"))):
            if process.poll() is not None:
                raise SystemExit(f"serve did not start: {log.read_text(encoding='utf-8')}")
            time.sleep(0.05)
        port = int(found.group(1).rstrip("/").rsplit(":", 1)[1])
        yield Endpoint(f"ceasefire-kg serve ({workers} workers)", port, "/sparql")
    finally:
        process.terminate()
        process.wait()


@contextlib.contextmanager
def oxigraph(out: Path) -> Iterator[Endpoint]:
    """Run ``oxigraph serve-read-only`` on the same store."""
    program = shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or shutil.which("oxigraph")
    if program is None:
        raise SystemExit("no oxigraph program: pip install oxigraph==" + pyoxigraph.__version__)
    port = _free_port()
    store = os.path.realpath(out / "store")
    command = [program, "serve-read-only", "--location", store, "--bind", f"127.0.0.1:{port}"]
    process = subprocess.Popen([*command, "--union-default-graph"], stdout=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 30
        while True:
            with contextlib.suppress(OSError):
                if _get(port, "/query", "ASK {}")[0] == 200:
                    break
            if process.poll() is not None or time.monotonic() > deadline:
                raise SystemExit("oxigraph serve-read-only did not start")
            time.sleep(0.05)
        yield Endpoint("oxigraph serve-read-only", port, "/query")
    finally:
        process.terminate()
        process.wait()


def _client(
    port: int, path: str, text: str, count: int, expected: bytes, start: float
) -> tuple[list[float], int, float]:
    """Run the query ``count`` times over one connection; return the latencies, wrong answers and end time."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    target = f"{path}?{urllib.parse.urlencode({'query': text})}"
    latencies: list[float] = []
    failures = 0

    def once() -> tuple[int, bytes]:
        connection.request("GET", target, headers={"Accept": ACCEPT})
        response = connection.getresponse()
        return response.status, response.read()

    once()  # warm-up
    while time.time() < start:  # every client starts together
        time.sleep(0.001)
    for _ in range(count):
        began = time.perf_counter()
        status, body = once()
        latencies.append(time.perf_counter() - began)
        failures += status != 200 or _bindings(body) != _bindings(expected)
    connection.close()
    return latencies, failures, time.time()


def _bindings(body: bytes) -> object:
    """Return the answer's bindings (both servers write the same JSON, but not byte for byte)."""
    try:
        data = json.loads(body)
    except ValueError:
        return None
    return data.get("results", {}).get("bindings", data.get("boolean"))


def measure(endpoint: Endpoint, case: Case, expected: bytes) -> Figures:
    """Run the case with CLIENTS client processes at once."""
    context = multiprocessing.get_context("fork")
    start = time.time() + 0.5
    with context.Pool(CLIENTS) as pool:
        arguments = [(endpoint.port, endpoint.path, case.text, case.per_client, expected, start)] * CLIENTS
        results = pool.starmap(_client, arguments)
    latencies = [latency for client, _, _ in results for latency in client]
    seconds = max(end for _, _, end in results) - start  # from the common start to the last answer
    return Figures(latencies, seconds, sum(failures for _, failures, _ in results))


def run(out: Path, sources: Path, *, workers: int, cases: list[Case], log: Path) -> str:
    """Measure every case on both servers and return the Markdown table."""
    load = os.getloadavg()
    rows: list[str] = []
    with ours(out, sources, workers, log) as mine, oxigraph(out) as theirs:
        for case in cases:
            reference = _get(theirs.port, theirs.path, case.text)
            answer = _get(mine.port, mine.path, case.text)
            if reference[0] != 200 or answer[0] != 200 or _bindings(reference[1]) != _bindings(answer[1]):
                raise SystemExit(f"{case.name}: the servers disagree: {answer[0]} {reference[0]}")
            figures = {server.label: measure(server, case, reference[1]) for server in (mine, theirs)}
            a, b = figures[mine.label], figures[theirs.label]
            for label, f in figures.items():
                rows.append(
                    f"| {case.name} | {label} | {len(f.latencies):,} | {f.p50:.1f} | {f.p99:.1f} | "
                    f"{f.throughput:,.0f} | {f.failures} |"
                )
            rows.append(
                f"| {case.name} | **ratio** serve ÷ oxigraph | | **{a.p50 / b.p50:.2f}×** | "
                f"{a.p99 / b.p99:.2f}× | {a.throughput / b.throughput:.2f}× | |"
            )
            print(rows[-3], rows[-2], rows[-1], sep="\n", file=sys.stderr)
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    header = [
        f"# Endpoint speed at {manifest['triples']:,} triples: {CLIENTS} clients",
        "",
        f"Store: {manifest['quads']:,} quads. Machine: {os.cpu_count()} cores, {platform.machine()}, "
        f"Python {platform.python_version()}, pyoxigraph and oxigraph {pyoxigraph.__version__}; shared with "
        f"other work (load average {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f} at the start). "
        f"Run on {time.strftime('%Y-%m-%d')} by `python benchmarks/serve_speed.py`.",
        "",
        "Each case: every client runs the query over one keep-alive connection (GET, results JSON), all at",
        "once; latencies per query, throughput over the case. `simple` lists the protocols, `heavy` is the",
        "named query `instances_per_class` (a GROUP BY over every typed node). Wrong: answers that were not",
        "200 or whose bindings differ from Oxigraph's.",
        "",
        "| query | server | queries | p50 ms | p99 ms | queries/s | wrong |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    return "\n".join([*header, *rows]) + "\n"


def main() -> None:
    """Parse the arguments, make the corpus if asked, run both servers and print (or write) the table."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--triples", type=int, help="generate and build a corpus of about this many triples")
    parser.add_argument("--out", type=Path, help="an output folder built already (with --sources)")
    parser.add_argument("--sources", type=Path, help="the sources folder --out was built from")
    parser.add_argument("--workers", type=int, default=len(os.sched_getaffinity(0)))
    parser.add_argument("--simple", type=int, default=250, help="simple queries per client")
    parser.add_argument("--heavy", type=int, default=20, help="heavy queries per client")
    parser.add_argument("--write", type=Path, help="also write the table to this file")
    args = parser.parse_args()
    cases = [
        Case("simple", SIMPLE, args.simple),
        Case("heavy", catalog.load_named("instances_per_class").text, args.heavy),
    ]
    with tempfile.TemporaryDirectory(prefix="serve-speed-") as folder:
        work = Path(folder)
        if args.triples:
            sys.path.insert(0, str(Path(__file__).parent))
            import generate

            sources, out = work / "sources", work / "output"
            generate.generate(sources, triples=args.triples)
            built = subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "graph_builder",
                    "build",
                    "--sources",
                    str(sources),
                    "--out",
                    str(out),
                ],
                check=False,
                capture_output=True,
            )
            if built.returncode != 0:
                raise SystemExit(built.stderr.decode())
        elif args.out and args.sources:
            sources, out = args.sources, args.out
        else:
            parser.error("give --triples, or --out with --sources")
        table = run(out, sources, workers=args.workers, cases=cases, log=work / "serve.log")
    sys.stdout.write(table)
    if args.write:
        args.write.write_text(table, encoding="utf-8")


if __name__ == "__main__":
    main()
