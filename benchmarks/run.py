"""Benchmark ceasefire-kg on a synthetic corpus, side by side with rdflib's in-memory store and bare Oxigraph.

One run, one corpus (made by generate.py), three ways of answering the same questions:

(a) ceasefire-kg as shipped: ``build`` (read, check, store, graph.ttl/.trig, graph.html), every named query
    through ``queries.run_query`` with the CLI's time limit, the Turtle export, the ``viz`` page;
(b) the same code with rdflib's in-memory store: the corpus compiled by the same code, the same quads loaded
    into an rdflib Dataset, the queries run by rdflib (through ``run_query``), Turtle written by rdflib;
(c) the floor: bare pyoxigraph bulk-loading the same quads as N-Quads, running the same .rq texts, writing
    Turtle.

Each measured step runs in a process of its own, so that its peak RSS is its own; build and load times are
those of the whole process, as a user waits for them. The machine may be shared: medians of repeated runs
(``--repeat`` for builds, loads and exports, three runs for each query) and ratios to the floor measured in
the same run are what to compare. Writes ``benchmarks/results/<size>.md`` and ``.json`` (and ``scaling.md``
across the sizes measured so far) and prints the table.

\b
Examples:
  python benchmarks/run.py --triples 10000
  python benchmarks/run.py --triples 1000000 --format jsonl
  python benchmarks/run.py --triples 100000 --work /tmp/bench --keep
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import json
import os
import platform
import re
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
RESULTS = HERE / "results"
#: Seconds the CLI gives a query (``ceasefire-kg query --timeout``); the shipped runs use the same.
QUERY_TIMEOUT = 30.0
#: The values the parameterised queries get on the synthetic corpus, by parameter name, then by type.
PARAMS_BY_NAME = {
    "actor": "ivan-sokolov",
    "speaker": "ivan-sokolov",
    "agreement": "northern-ceasefire-protocol",
    "topic": "place:kafr-sharif",
    "category": "THREATEN",
}
PARAMS_BY_TYPE = {
    "actor": "ivan-sokolov",
    "place": "kafr-sharif",
    "agreement": "northern-ceasefire-protocol",
    "provision": "northern-ceasefire-protocol-article-1",
    # The first violation the generator writes (its seed is fixed), at every size: accounts_of's event.
    "event": "violations-r00000-04",
    "source": "synthetic-agreements-record",
    "plover": "THREATEN",
    "date": "2020-06-01",
    "integer": "3",
    "string": "ceasefire",
}
_PARAM = re.compile(r"^#\s*@param\s+(\w+)\s*:\s*([a-z]+)(\s*,\s*optional)?")


# -- what the children measure ----------------------------------------------------------------------------


def _rss() -> dict[str, int]:
    """Return the peak RSS of this process and of its largest child so far, in bytes."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
    return {"rss": own, "rss_children": children}


def _median_time(run: Any, repeat: int) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def _query_params(text: str) -> list[tuple[str, str, bool]]:
    """Return the parameters a query declares in its header: name, type, optional."""
    found = []
    for line in text.splitlines():
        if not line.strip().startswith("#"):
            break
        match = _PARAM.match(line.strip())
        if match:
            found.append((match.group(1), match.group(2), bool(match.group(3))))
    return found


def _param_values(text: str, examples: dict[str, str]) -> dict[str, str]:
    """Choose a value for each required parameter (and each optional one we have a value for)."""
    values = {}
    for name, kind, optional in _query_params(text):
        value = (
            examples.get(name) or PARAMS_BY_NAME.get(name) or examples.get(kind) or PARAMS_BY_TYPE.get(kind)
        )
        if value is None and kind == "iri":
            value = examples.get("event")
        if value is not None:
            values[name] = value
        elif not optional:
            raise SystemExit(f"no benchmark value for parameter {name} ({kind}) of a query")
    return values


def _ox_term(kind: str, value: str) -> Any:
    """Turn a parameter value into a pyoxigraph term the way the query runner does (for the floor)."""
    import pyoxigraph as ox

    from ontology.namespaces import ID_SEGMENTS, PREFIXES, node_iri

    if kind in ID_SEGMENTS:
        return ox.NamedNode(node_iri(kind, value))
    if kind == "iri":
        prefix, _, rest = value.partition(":")
        return ox.NamedNode(PREFIXES[prefix] + rest if prefix in PREFIXES else value)
    if kind == "plover":
        return ox.NamedNode(PREFIXES["plover"] + value.upper())
    if kind == "date":
        return ox.Literal(value, datatype=ox.NamedNode(PREFIXES["xsd"] + "date"))
    if kind == "integer":
        return ox.Literal(value, datatype=ox.NamedNode(PREFIXES["xsd"] + "integer"))
    return ox.Literal(value)


def child_kg_build(args: dict[str, Any]) -> dict[str, Any]:
    """Build the corpus with ceasefire-kg (the library call behind ``ceasefire-kg build``)."""
    from graph_builder.build import build

    started = time.perf_counter()
    summary = build(Path(args["sources"]), out=Path(args["out"]))
    return {
        "inner": time.perf_counter() - started,
        "triples": summary.triples,
        "quads": summary.quads,
        "graphs": len(summary.sources),
        "timings": summary.timings,
        "checked": summary.checked.describe() if summary.checked else "",
        **_rss(),
    }


def _vm(field: str) -> int:
    """Return one of this process's memory figures from /proc/self/status (VmRSS, VmHWM), in bytes."""
    for line in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) * 1024
    return 0


def child_kg_check(args: dict[str, Any]) -> dict[str, Any]:
    """Compile the corpus, then run the build's checks alone: their time, CPU and peak memory."""
    from graph_builder.build import check, compile_sources

    compiled = compile_sources(Path(args["sources"]))
    before = _vm("VmRSS")
    # Linux: writing 5 to clear_refs resets the peak (VmHWM), so that the peak read after is the checks'.
    Path("/proc/self/clear_refs").write_text("5", encoding="ascii")
    started, cpu = time.perf_counter(), time.process_time()
    scope = check(compiled)
    return {
        "seconds": time.perf_counter() - started,
        "cpu": time.process_time() - cpu,
        "rss_before": before,
        "rss_peak": _vm("VmHWM"),
        "checked": scope.describe(),
        **_rss(),
    }


def child_kg_query(args: dict[str, Any]) -> dict[str, Any]:
    """Run one named query on the built store as ``ceasefire-kg query`` does (time limit included)."""
    import pyoxigraph as ox

    from queries.runner import prepare, run_query

    store = ox.Store.read_only(args["store"])
    prepared = prepare(args["name"], params=args["params"])
    seconds, result = _median_time(lambda: run_query(store, prepared, timeout=QUERY_TIMEOUT), args["repeat"])
    return {"seconds": seconds, "rows": len(result), **_rss()}


def child_kg_export(args: dict[str, Any]) -> dict[str, Any]:
    """Write the Turtle export of the built store as ``ceasefire-kg export --format turtle`` does."""
    import pyoxigraph as ox

    from graph_builder.export import render, write_export

    store = ox.Store.read_only(args["store"])
    started = time.perf_counter()
    # The CLI reads the whole graph from the files the build wrote next to the store.
    write_export(render(store, "turtle", folder=Path(args["store"]).parent), Path(args["out"]))
    return {"seconds": time.perf_counter() - started, "bytes": Path(args["out"]).stat().st_size, **_rss()}


def child_kg_viz(args: dict[str, Any]) -> dict[str, Any]:
    """Write the interactive page of the built store with the default node cap (``ceasefire-kg viz``)."""
    import pyoxigraph as ox

    from graph_builder.page import write_page

    store = ox.Store.read_only(args["store"])
    started = time.perf_counter()
    page = write_page(store, Path(args["out"]))
    return {"seconds": time.perf_counter() - started, "nodes": page.node_count, **_rss()}


def child_floor_load(args: dict[str, Any]) -> dict[str, Any]:
    """Bulk-load the N-Quads into an Oxigraph store: the floor of a build, or of adding an article.

    A build's floor loads into a new store; adding an article's loads its quads into the floor's store.
    """
    import pyoxigraph as ox

    started = time.perf_counter()
    store = ox.Store(args["store"])
    store.bulk_load(path=args["nquads"], format=ox.RdfFormat.N_QUADS)
    store.flush()
    del store
    return {"inner": time.perf_counter() - started, **_rss()}


def child_floor_query(args: dict[str, Any]) -> dict[str, Any]:
    """Run the .rq text of a named query with pyoxigraph alone, reading every value of every row."""
    import pyoxigraph as ox

    from ontology import resources

    store = ox.Store.read_only(args["store"])
    text = resources.query_files()[args["name"]].read_text(encoding="utf-8")
    kinds = {name: kind for name, kind, _ in _query_params(text)}
    bindings = {ox.Variable(name): _ox_term(kinds[name], value) for name, value in args["params"].items()}

    def run() -> int:
        answer = store.query(text, use_default_graph_as_union=True, substitutions=bindings)
        if isinstance(answer, ox.QuerySolutions):
            names = answer.variables
            count = 0
            for row in answer:
                _ = [row[name] for name in names]
                count += 1
            return count
        if isinstance(answer, ox.QueryBoolean):
            return 1
        return sum(1 for _ in answer)

    seconds, rows = _median_time(run, args["repeat"])
    return {"seconds": seconds, "rows": rows, **_rss()}


def child_floor_export(args: dict[str, Any]) -> dict[str, Any]:
    """Write the union of the data graphs as Turtle with pyoxigraph alone."""
    import pyoxigraph as ox

    from ontology.namespaces import PREFIXES

    store = ox.Store.read_only(args["store"])
    ontology = ox.NamedNode(PREFIXES["graph"] + "ontology")
    started = time.perf_counter()
    triples = (q.triple for q in store.quads_for_pattern(None, None, None, None) if q.graph_name != ontology)
    ox.serialize(triples, args["out"], format=ox.RdfFormat.TURTLE, prefixes=PREFIXES)
    return {"seconds": time.perf_counter() - started, "bytes": Path(args["out"]).stat().st_size, **_rss()}


def child_rdflib(args: dict[str, Any]) -> None:
    """Compile and check with the same code, load the same quads into an rdflib Dataset, export, query.

    Prints one JSON line per step as it ends, so that the parent keeps what finished when it stops this
    process at its time budget.
    """
    import rdflib

    from graph_builder.build import check, compile_sources
    from queries.runner import run_query

    started = time.perf_counter()
    compiled = compile_sources(Path(args["sources"]))
    compiling = time.perf_counter() - started
    started = time.perf_counter()
    check(compiled)
    checking = time.perf_counter() - started
    del compiled
    dataset = rdflib.Dataset(default_union=True)
    started = time.perf_counter()
    dataset.parse(args["nquads"], format="nquads")
    loading = time.perf_counter() - started
    total = compiling + checking + loading
    parts = {"compile": compiling, "check": checking, "load": loading}
    _emit({"step": "build", "seconds": total, **parts, **_rss()})
    if not args["queries_only"]:
        started = time.perf_counter()
        dataset.serialize(destination=args["turtle"], format="turtle")
        _emit({"step": "export", "seconds": time.perf_counter() - started, **_rss()})
    for name in args["queries"]:
        started = time.perf_counter()
        try:
            result = run_query(dataset, name, params=args["params"][name], timeout=args["timeout"])
        except Exception as error:  # a time limit or a failure: say which, go on with the next query
            _emit({"step": "query", "name": name, "error": type(error).__name__, **_rss()})
            continue
        seconds = time.perf_counter() - started
        _emit({"step": "query", "name": name, "seconds": seconds, "rows": len(result), **_rss()})


def _emit(record: dict[str, Any]) -> None:
    print(json.dumps(record), flush=True)


CHILDREN = {
    "kg_build": child_kg_build,
    "kg_check": child_kg_check,
    "kg_query": child_kg_query,
    "kg_export": child_kg_export,
    "kg_viz": child_kg_viz,
    "floor_load": child_floor_load,
    "floor_query": child_floor_query,
    "floor_export": child_floor_export,
}


# -- the parent: run the children, collect, write the table ------------------------------------------------


@dataclass
class Cell:
    """Hold one measurement: seconds (median), peak RSS, and what else the child said."""

    seconds: float | None = None
    rss: int | None = None
    rss_children: int | None = None
    note: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


def _run_child(name: str, args: dict[str, Any], *, timeout: float) -> tuple[float, dict[str, Any]]:
    """Run one measured step in a fresh process; return its wall time and what it reported."""
    command = [sys.executable, str(Path(__file__).resolve()), "--child", name, json.dumps(args)]
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False, cwd=REPO)
    wall = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"{name} failed ({done.returncode}): {done.stderr.strip()[-2000:]}")
    return wall, json.loads(done.stdout.strip().splitlines()[-1])


def _measure(name: str, args: dict[str, Any], *, repeat: int, timeout: float, wall: bool) -> Cell:
    """Run a step ``repeat`` times; keep the median time (the process's when ``wall``, else the child's)."""
    times, reports = [], []
    for _ in range(repeat):
        took, report = _run_child(name, args, timeout=timeout)
        times.append(took if wall else report["seconds"])
        reports.append(report)
    last = reports[-1]
    return Cell(
        statistics.median(times),
        max(r["rss"] for r in reports),
        max(r.get("rss_children", 0) for r in reports),
        extra=last,
    )


def _rdflib_session(
    args: dict[str, Any], *, budget: float, cells: dict[str, Cell], queries: list[str]
) -> None:
    """Run the rdflib steps in one process (loading 1M triples into rdflib takes long), within ``budget``."""
    command = [sys.executable, str(Path(__file__).resolve()), "--child", "rdflib", json.dumps(args)]
    deadline = time.monotonic() + budget
    with subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=REPO
    ) as child:
        assert child.stdout is not None
        for line in _lines_until(child, deadline):
            record = json.loads(line)
            step = record["step"] if record["step"] != "query" else f"query {record['name']}"
            if "error" in record:
                cells[step] = Cell(note=f"{record['error']} (> {args['timeout']:g} s)")
            else:
                cells[step] = Cell(record["seconds"], record.get("rss"), extra=record)
        if child.poll() is None:
            child.send_signal(signal.SIGKILL)
        child.wait()
    for step in ["build", "export", *(f"query {q}" for q in queries)]:
        cells.setdefault(step, Cell(note=f"not run (rdflib's {budget:g} s budget was spent)"))


def _lines_until(child: subprocess.Popen[str], deadline: float) -> Iterator[str]:
    import selectors

    assert child.stdout is not None
    selector = selectors.DefaultSelector()
    selector.register(child.stdout, selectors.EVENT_READ)
    while time.monotonic() < deadline:
        if not selector.select(timeout=max(0.0, min(1.0, deadline - time.monotonic()))):
            if child.poll() is not None:
                break
            continue
        line = child.stdout.readline()
        if not line:
            break
        yield line


def _label(triples: int) -> str:
    return f"{triples // 1000}k" if triples < 1_000_000 else f"{triples / 1_000_000:g}m"


def _gb(value: int | None) -> str:
    return "—" if not value else f"{value / 1e9:.2f} GB"


def _fmt_seconds(value: float) -> str:
    return f"{value:.2f} s" if value < 10 else f"{value:.1f} s"


def _cell(cell: Cell | None, *, triples: int | None = None, rows: bool = False) -> str:
    if cell is None:
        return "—"
    if cell.seconds is None:
        return cell.note or "—"
    parts = [_fmt_seconds(cell.seconds)]
    if triples:
        parts.append(f"{triples / cell.seconds / 1000:,.0f}k triples/s")
    if rows and "rows" in cell.extra:
        parts.append(f"{cell.extra['rows']:,} rows")
    memory = _gb(cell.rss)
    if cell.rss_children and cell.rss_children > 50e6:
        memory += f" (+{cell.rss_children / 1e9:.2f} GB child)"
    parts.append(memory)
    return " · ".join(parts)


def _ratio(cell: Cell | None, floor: Cell | None) -> str:
    if cell is None or floor is None or cell.seconds is None or not floor.seconds:
        return "—"
    return f"{cell.seconds / floor.seconds:.1f}×"


@dataclass
class Run:
    """Hold everything one benchmark run measured."""

    triples: int
    label: str
    corpus: dict[str, Any]
    format: str = "yaml"
    kg: dict[str, Cell] = field(default_factory=dict)
    rdflib: dict[str, Cell] = field(default_factory=dict)
    floor: dict[str, Cell] = field(default_factory=dict)
    steps: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def table(run: Run) -> str:
    """Return the Markdown report of a run: what was measured, the table, the build's own breakdown."""
    lines = [
        f"# Benchmark at {run.label}: {run.triples:,} triples",
        "",
        *run.notes,
        "",
        "| step | ceasefire-kg | rdflib Dataset | bare Oxigraph (floor) | ceasefire-kg ÷ floor "
        "| rdflib ÷ floor |",
        "|---|---|---|---|---|---|",
    ]
    for step in run.steps:
        volume = run.triples if step in ("build", "export") else None
        kg, lib, floor = run.kg.get(step), run.rdflib.get(step), run.floor.get(step)
        name = {"build": "build / load", "export": "Turtle export", "viz": "viz (default cap)"}.get(
            step, step
        )
        lines.append(
            f"| {name} | {_cell(kg, triples=volume, rows=True)} | {_cell(lib, triples=volume, rows=True)} | "
            f"{_cell(floor, triples=volume, rows=True)} | {_ratio(kg, floor)} | {_ratio(lib, floor)} |"
        )
    build = run.kg.get("build")
    if build is not None and build.extra:
        timings = ", ".join(f"{k} {v:.1f} s" for k, v in build.extra.get("timings", {}).items())
        lines += ["", f"ceasefire-kg build, its own steps (last run): {timings}."]
        if build.extra.get("checked"):
            lines.append(f"Checked: {build.extra['checked']}.")
    lib_build = run.rdflib.get("build")
    if lib_build is not None and lib_build.extra.get("load") is not None:
        lines.append(
            f"rdflib build, its own steps: read {lib_build.extra['compile']:.1f} s and checks "
            f"{lib_build.extra['check']:.1f} s (the same code, one after the other), loading the quads into "
            f"the Dataset {lib_build.extra['load']:.1f} s; no files written."
        )
    return "\n".join(lines) + "\n"


def scaling(results: Path) -> str:
    """Return how each step's time grows across the sizes measured so far (the .json files in ``results``)."""
    runs = []
    for path in results.glob("*.json"):
        data = json.loads(path.read_text(encoding="utf-8"))
        if "triples" in data and "kg" in data and data.get("format", "yaml") == "yaml":
            runs.append(data)
    runs.sort(key=lambda data: data["triples"])
    if len(runs) < 2:
        return ""
    head = " | ".join(f"{r['label']} ({r['triples']:,} triples)" for r in runs)
    ratios = " | ".join(f"{b['label']} ÷ {a['label']}" for a, b in itertools.pairwise(runs))
    lines = [
        "# How the cost grows with the graph",
        "",
        "ceasefire-kg's time per step at each size (YAML sources), and the ratio between successive sizes",
        "(the graph grows tenfold from one size to the next, so linear growth is a ratio near 10).",
        "",
        f"| step | {head} | {ratios} |",
        "|---" * (1 + len(runs) + len(runs) - 1) + "|",
    ]
    steps = [s for s in runs[-1]["steps"] if all(s in r["kg"] for r in runs)]
    for step in steps:
        values = [r["kg"][step].get("seconds") for r in runs]
        cells = " | ".join("—" if v is None else _fmt_seconds(v) for v in values)
        growth = " | ".join("—" if not a or not b else f"{b / a:.1f}×" for a, b in itertools.pairwise(values))
        lines.append(f"| {step} | {cells} | {growth} |")
    return "\n".join(lines) + "\n"


def _load_average() -> str:
    try:
        return " / ".join(f"{x:.1f}" for x in os.getloadavg())
    except OSError:
        return "unknown"


def _versions() -> str:
    from importlib.metadata import version

    parts = [f"Python {platform.python_version()}"]
    for name in ("pyoxigraph", "rdflib", "pyshacl", "owlready2"):
        try:
            parts.append(f"{name} {version(name)}")
        except Exception:
            continue
    return ", ".join(parts)


#: A ``leads`` relationship of the generated corpus: the line of its id, and the person it goes from.
_LEADS = re.compile(r"^ *- id: [a-z0-9-]+\n +type: leads\n +from: ([a-z0-9-]+)\n", re.MULTILINE)


def inject_violation(sources: Path) -> tuple[Path, int]:
    """Make one record in the middle of a generated corpus violate the ontology; return its file and line.

    The first ``leads`` relationship of the middle report goes from a state instead of a person: cf:headOf
    has the domain cf:Person, disjoint with cf:State. The compiler accepts it; only the checks can refuse it.
    """
    reports = sorted(path for path in sources.glob("*/facts.yaml"))
    for facts in reports[len(reports) // 2 :]:
        text = facts.read_text(encoding="utf-8")
        match = _LEADS.search(text)
        if match is not None:
            line = text[: match.start()].count("\n") + 1
            changed = match.group(0).replace(f"from: {match.group(1)}", "from: russia")
            facts.write_text(text[: match.start()] + changed + text[match.end() :], encoding="utf-8")
            return facts, line
    raise SystemExit("no leads relationship in the second half of the corpus to inject a violation into")


def _injected_build(sources: Path, out: Path, timeout: float) -> tuple[str, Cell]:
    """Inject a violation, build, and say whether the build failed naming the record's file and line."""
    facts, line = inject_violation(sources)
    command = [sys.executable, "-m", "graph_builder", "build", "--sources", str(sources), "--out", str(out)]
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False, cwd=REPO)
    seconds = time.perf_counter() - started
    where = f"{facts}:{line}"
    named = [row for row in done.stderr.splitlines() if where in row]
    reports = sorted(sources.glob("*/facts.yaml"))
    verdict = (
        f"Injected violation (`--inject`): `{facts.parent.name}/facts.yaml` line {line} (report "
        f"{reports.index(facts) + 1:,} of {len(reports):,}), "
        f"a `leads` relationship from a state; `ceasefire-kg build` exited {done.returncode} after "
        f"{seconds:.1f} s, {'naming' if named else 'NOT naming'} the record: "
        f"`{named[0].strip()[:300] if named else done.stderr.strip()[-300:]}`."
    )
    return verdict, Cell(seconds, note=f"exit {done.returncode}")


def _incremental_builds(
    sources: Path, out: Path, work: Path, floor_store: Path, *, fmt: str, repeat: int, timeout: float
) -> tuple[Cell, Cell, str]:
    """Add one generated article of about 30 facts and run ``ceasefire-kg build``, ``repeat`` times.

    Each run adds another article to the built corpus and is timed as the whole process, as a user waits for
    it; the floor is bare Oxigraph bulk-loading the same article's quads into the floor's store. Return both
    cells and a note with the build's own line of which way it went and its steps (last run).
    """
    import generate
    import pyoxigraph as ox

    from ontology.namespaces import source_graph_iri

    times, floors, said = [], [], ""
    for _ in range(repeat):
        folder = generate.add_article(sources, fmt=fmt)
        command = [
            sys.executable,
            "-m",
            "graph_builder",
            "build",
            "--sources",
            str(sources),
            "--out",
            str(out),
        ]
        started = time.perf_counter()
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False, cwd=REPO)
        times.append(time.perf_counter() - started)
        if done.returncode != 0:
            raise RuntimeError(f"incremental build failed ({done.returncode}): {done.stderr.strip()[-2000:]}")
        lines = done.stdout.splitlines()
        path = next((line.strip() for line in lines if line.startswith(("  incremental:", "  full:"))), "")
        facts = sum(
            1
            for line in (folder / "facts.yaml").read_text(encoding="utf-8").splitlines()
            if line.startswith("- id:")
        )
        said = f"{lines[0] if lines else ''}; {path} ({facts} facts)"
        nquads = work / "article.nq"
        store = ox.Store.read_only(str(out / "store"))
        store.dump(
            str(nquads), format=ox.RdfFormat.N_QUADS, from_graph=ox.NamedNode(source_graph_iri(folder.name))
        )
        del store
        floors.append(
            _measure(
                "floor_load",
                {"store": str(floor_store), "nquads": str(nquads)},
                repeat=1,
                timeout=timeout,
                wall=True,
            )
        )
    kg = Cell(statistics.median(times), note=said)
    floor = sorted(floors, key=lambda c: c.seconds or 0)[len(floors) // 2]
    note = (
        "Adding one article (`incremental build`): `add_article` of `benchmarks/generate.py` writes a new "
        f"report into the built corpus, then `ceasefire-kg build` runs as a process; median of {repeat} "
        f"run(s), one new article each; the floor bulk-loads the article's quads into its store. Last run: "
        f"{said}."
    )
    return kg, floor, note


def benchmark(args: argparse.Namespace) -> Run:
    """Generate the corpus, run every step for the three set-ups, return the measurements."""
    sys.path.insert(0, str(HERE))
    import generate

    from ontology import resources

    work = Path(args.work or tempfile.mkdtemp(prefix="ceasefire-kg-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    sources, out = work / "sources", work / "output"
    repeat = args.repeat or (3 if args.triples <= 200_000 else 1)
    started = time.perf_counter()
    load_before = _load_average()
    counts = generate.generate(sources, triples=args.triples, fmt=args.format)
    examples = json.loads((sources / generate.EXAMPLES_FILE).read_text(encoding="utf-8"))
    queries = sorted(resources.query_files())
    params = {
        name: _param_values(resources.query_files()[name].read_text(encoding="utf-8"), examples)
        for name in queries
    }
    timeout = args.step_timeout
    run = Run(args.triples, _label(args.triples), counts, args.format)

    _log(f"ceasefire-kg build ×{repeat}")
    build_args = {"sources": str(sources), "out": str(out)}
    run.kg["build"] = _measure("kg_build", build_args, repeat=repeat, timeout=timeout, wall=True)
    triples = run.kg["build"].extra["triples"]
    run.triples = triples
    store = str(out / "store")
    nquads = work / "graph.nq"
    import pyoxigraph as ox

    ox.Store.read_only(store).dump(str(nquads), format=ox.RdfFormat.N_QUADS)

    _log("the build's checks alone")
    run.kg["check"] = _measure("kg_check", {"sources": str(sources)}, repeat=1, timeout=timeout, wall=False)

    _log(f"floor: bulk load ×{repeat}")
    floor_store = work / "floor-store"
    floor_args = {"store": str(floor_store), "nquads": str(nquads)}
    times = []
    for _ in range(repeat):
        shutil.rmtree(floor_store, ignore_errors=True)
        times.append(_measure("floor_load", floor_args, repeat=1, timeout=timeout, wall=True))
    run.floor["build"] = sorted(times, key=lambda c: c.seconds or 0)[len(times) // 2]

    if not args.skip_queries:
        for name in queries:
            _log(f"query {name}")
            query_args = {"name": name, "params": params[name], "repeat": args.query_repeat}
            run.kg[f"query {name}"] = _measure(
                "kg_query", {**query_args, "store": store}, repeat=1, timeout=timeout, wall=False
            )
            run.floor[f"query {name}"] = _measure(
                "floor_query",
                {**query_args, "store": str(floor_store)},
                repeat=1,
                timeout=timeout,
                wall=False,
            )

        _log(f"Turtle export ×{repeat}")
        export_args = {"store": store, "out": str(work / "export.ttl")}
        run.kg["export"] = _measure("kg_export", export_args, repeat=repeat, timeout=timeout, wall=False)
        floor_export = {"store": str(floor_store), "out": str(work / "floor.ttl")}
        run.floor["export"] = _measure(
            "floor_export", floor_export, repeat=repeat, timeout=timeout, wall=False
        )

        _log("viz")
        run.kg["viz"] = _measure(
            "kg_viz", {"store": store, "out": str(work / "viz.html")}, repeat=1, timeout=timeout, wall=False
        )

    if not args.skip_rdflib:
        _log(f"rdflib (budget {args.rdflib_budget:g} s)")
        rdflib_args = {
            "sources": str(sources),
            "nquads": str(nquads),
            "turtle": str(work / "rdflib.ttl"),
            "queries": queries,
            "params": params,
            "timeout": args.rdflib_query_timeout,
            "queries_only": False,
        }
        _rdflib_session(rdflib_args, budget=args.rdflib_budget, cells=run.rdflib, queries=queries)

    run.steps = ["build"]
    if not args.skip_queries:
        run.steps += [*(f"query {q}" for q in queries), "export", "viz"]
    incremental = ""
    if args.incremental_repeat:
        _log(f"one new article, then ceasefire-kg build ×{args.incremental_repeat}")
        run.kg["incremental build"], run.floor["incremental build"], incremental = _incremental_builds(
            sources,
            out,
            work,
            floor_store,
            fmt=args.format,
            repeat=args.incremental_repeat,
            timeout=timeout,
        )
        run.steps.append("incremental build")
    injected = ""
    if args.inject:
        _log("a violation injected in the middle of the corpus, then build")
        injected, run.kg["injected build"] = _injected_build(sources, work / "output-injected", timeout)
    elapsed = time.perf_counter() - started
    build = run.kg["build"].extra
    checking = run.kg["check"]
    run.notes = [
        f"Corpus: `python benchmarks/generate.py --triples {args.triples} --format {args.format}`: "
        f"{counts['articles']:,} generated reports with {counts['facts']:,} facts ({args.format}), "
        f"{triples:,} triples in {build['graphs']:,} named graphs ({build['quads']:,} quads).",
        f"Machine: {os.cpu_count()} cores, {platform.machine()}, {_versions()}; shared with other work "
        f"(load average {load_before} at the start). Run on {dt.date.today().isoformat()} in "
        f"{elapsed / 60:.1f} min by "
        f"`python benchmarks/run.py --triples {args.triples} --format {args.format}`.",
        "",
        "Each cell: median time · rate · peak RSS of the step's own process (+ its largest child: HermiT's "
        f"JVM, the query's forked child). Builds, loads and exports: median of {repeat} run(s), each timed "
        f"as the whole process; queries: median of {args.query_repeat} runs in one process, store already "
        f"open (ceasefire-kg through `run_query` with the CLI's {QUERY_TIMEOUT:g} s limit; the floor reads "
        f"every value of every row). rdflib: one run each, queries limited to {args.rdflib_query_timeout:g} "
        f"s, all of it within {args.rdflib_budget:g} s. The floor's build is the bulk load of the same quads "
        "(data and ontology) as N-Quads; ceasefire-kg's build also reads and checks the sources and writes "
        "graph.ttl, graph.trig and graph.html (the page the viz row makes alone); rdflib's build reads and "
        "checks the sources with the same code, then loads the Dataset. Parameterised queries get values "
        "that exist in the corpus.",
    ]
    if checking.seconds is not None:
        extra = checking.extra
        peak, before = extra["rss_peak"] / 1e6, extra["rss_before"] / 1e6
        run.notes += [
            "",
            f"The build's checks alone (`check`, after compiling, in a process of their own): "
            f"{checking.seconds:.1f} s wall, {extra['cpu']:.1f} s CPU in Python's process; peak RSS "
            f"{peak:,.0f} MB with the compiled corpus held ({before:,.0f} MB before the checks, so "
            f"{peak - before:,.0f} MB for them), HermiT's "
            f"JVM {extra['rss_children'] / 1e6:,.0f} MB. Checked: {extra['checked']}.",
        ]
    if incremental:
        run.notes += ["", incremental]
    if injected:
        run.notes += ["", injected]
    if args.skip_rdflib:
        run.notes.append("rdflib was left out of this run (`--skip-rdflib`).")
    if not args.keep and not args.work:
        shutil.rmtree(work, ignore_errors=True)
    return run


def _log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def _cells_json(cells: dict[str, Cell]) -> dict[str, Any]:
    return {
        step: {"seconds": c.seconds, "rss": c.rss, "rss_children": c.rss_children, "note": c.note}
        for step, c in cells.items()
    }


def write_results(run: Run, out: Path) -> str:
    """Write the table (Markdown) and the measurements (JSON) of a run, and the scaling table; return it."""
    from graph_builder.workspace import write_atomic

    text = table(run)
    out.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(out, text)
    data = {
        "triples": run.triples,
        "label": run.label,
        "format": run.format,
        "corpus": run.corpus,
        "steps": run.steps,
        "kg": _cells_json(run.kg),
        "rdflib": _cells_json(run.rdflib),
        "floor": _cells_json(run.floor),
    }
    write_atomic(out.with_suffix(".json"), json.dumps(data, indent=2) + "\n")
    growth = scaling(out.parent)
    if growth:
        write_atomic(out.parent / "scaling.md", growth)
    return text


def main(argv: list[str] | None = None) -> int:
    """Parse the command line; run a child step, or the whole benchmark."""
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--child"]:
        name, args = argv[1], json.loads(argv[2])
        if name == "rdflib":
            child_rdflib(args)
        else:
            _emit(CHILDREN[name](args))
        return 0
    parser = argparse.ArgumentParser(
        description=(__doc__ or "").splitlines()[0],
        epilog="Examples:\n  python benchmarks/run.py --triples 10000\n"
        "  python benchmarks/run.py --triples 1000000 --format jsonl",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--triples", type=int, required=True, help="corpus size (10000, 100000, 1000000)")
    parser.add_argument("--format", choices=("yaml", "jsonl"), default="yaml", help="the corpus's fact files")
    parser.add_argument(
        "--out", type=Path, default=None, help="the Markdown table (default results/<size>.md)"
    )
    parser.add_argument("--work", type=Path, default=None, help="working folder (default: a temporary one)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary working folder")
    parser.add_argument(
        "--repeat", type=int, default=0, help="runs of builds, loads, exports (default 3, 1 ≥ 1M)"
    )
    parser.add_argument("--query-repeat", type=int, default=3, help="runs of each query (default 3)")
    parser.add_argument(
        "--incremental-repeat",
        type=int,
        default=3,
        help="incremental builds, one new article each (default 3; 0 leaves the step out)",
    )
    parser.add_argument("--step-timeout", type=float, default=900.0, help="seconds any one step may take")
    parser.add_argument("--rdflib-budget", type=float, default=240.0, help="seconds for all rdflib steps")
    parser.add_argument("--rdflib-query-timeout", type=float, default=60.0, help="seconds per rdflib query")
    parser.add_argument("--skip-rdflib", action="store_true", help="leave rdflib out")
    parser.add_argument(
        "--skip-queries", action="store_true", help="leave out the queries, the export and the page"
    )
    parser.add_argument(
        "--inject",
        action="store_true",
        help="at the end, make one record in the middle of the corpus violate the ontology and build again",
    )
    args = parser.parse_args(argv)
    run = benchmark(args)
    out = (
        args.out or RESULTS / f"{_label(args.triples)}{'' if args.format == 'yaml' else '-' + args.format}.md"
    )
    print(write_results(run, out))
    _log(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
