"""Time every named query on a store already built, beside bare Oxigraph, and optionally beside older queries.

The query rows of ``run.py`` without its build: each query runs in a fresh process (three runs, the median),
once as ``ceasefire-kg query`` runs it (``run_query`` with the CLI's time limit) and once as bare pyoxigraph
runs the same ``.rq`` text. With ``--before CHECKOUT`` the same session also times the queries of another
checkout of the code (its ``.rq`` files and its runner) on the same store, taking turns with this one, so
that a rewrite is measured before and after on the same machine at the same time.

\b
Examples:
  python benchmarks/named_queries.py --out-dir /tmp/bench/output --sources /tmp/bench/sources
  python benchmarks/named_queries.py --out-dir out --sources src --before /tmp/old-checkout --only timeline
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402  (the benchmark's own modules, beside this file)
import run  # noqa: E402


def _time(step: str, args: dict[str, object], checkout: Path) -> dict[str, object]:
    """Run one of run.py's measured steps in a fresh process with ``checkout``'s code first on the path."""
    env = {**os.environ, "PYTHONPATH": str(checkout)}
    command = [sys.executable, str(HERE / "run.py"), "--child", step, json.dumps(args)]
    done = subprocess.run(command, capture_output=True, text=True, env=env, cwd=checkout, check=False)
    if done.returncode != 0:
        return {"error": done.stderr.strip().splitlines()[-1] if done.stderr.strip() else "failed"}
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def _cell(report: dict[str, object] | None) -> str:
    if report is None:
        return "—"
    if "error" in report:
        return f"failed: {report['error']}"
    return f"{float(str(report['seconds'])):.2f} s · {int(str(report['rows'])):,} rows"


def main(argv: list[str] | None = None) -> int:
    """Time the named queries; print a Markdown table (and write it with ``--write``)."""
    parser = argparse.ArgumentParser(
        description=(__doc__ or "").splitlines()[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--out-dir", type=Path, required=True, help="output folder of a build (its store)")
    parser.add_argument("--sources", type=Path, required=True, help="the generated corpus (parameter values)")
    parser.add_argument("--floor-store", type=Path, default=None, help="a bulk-loaded store (bare Oxigraph)")
    parser.add_argument("--before", type=Path, default=None, help="another checkout to time too")
    parser.add_argument("--only", action="append", default=[], help="only this query (repeatable)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each query in its process (default 3)")
    parser.add_argument("--write", type=Path, default=None, help="also write the table to this file")
    args = parser.parse_args(argv)

    from ontology import resources

    examples = json.loads((args.sources / generate.EXAMPLES_FILE).read_text(encoding="utf-8"))
    names = args.only or sorted(resources.query_files())
    store = str(Path(os.path.realpath(args.out_dir / "store")))
    floor = str(args.floor_store or store)
    header = "| query | " + ("before | " if args.before else "") + "ceasefire-kg | bare Oxigraph | ratio |"
    lines = [header, "|" + "---|" * (header.count("|") - 1)]
    for name in names:
        params = run._param_values(resources.query_files()[name].read_text(encoding="utf-8"), examples)
        query_args = {"name": name, "params": params, "repeat": args.repeat}
        before = _time("kg_query", {**query_args, "store": store}, args.before) if args.before else None
        now = _time("kg_query", {**query_args, "store": store}, REPO)
        bare = _time("floor_query", {**query_args, "store": floor}, REPO)
        ratio = "—"
        if "seconds" in now and "seconds" in bare:
            ratio = f"{float(str(now['seconds'])) / max(float(str(bare['seconds'])), 1e-3):.1f}×"
        cells = [name, *([_cell(before)] if args.before else []), _cell(now), _cell(bare), ratio]
        lines.append("| " + " | ".join(cells) + " |")
        print(lines[-1], flush=True)
    load = run._load_average()
    table = "\n".join([*lines, "", f"Load average at the end: {load}; medians of {args.repeat} runs each."])
    if args.write:
        args.write.write_text(table + "\n", encoding="utf-8")
    print(table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
