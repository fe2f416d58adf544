"""Print a digest of what a sources folder compiles to, to show that a change to the compiler keeps its graph.

The digest holds the SHA-256 of the compiled quads as sorted N-Quads lines (the graph itself, whatever order
the emitter writes it in), of the TriG text in the order written (the files the build writes), of the union
of the graphs the checks read, and the counts the build's summary prints. Run it before and after a change
on the same folder: ``--expect`` compares with a digest saved earlier and exits 1 naming what differs.

\b
Examples:
  python benchmarks/compiled_digest.py /tmp/corpus-1m --save /tmp/before.json
  python benchmarks/compiled_digest.py /tmp/corpus-1m --expect /tmp/before.json
"""

from __future__ import annotations

import argparse
import hashlib
import json
import resource
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from graph_builder.build import summarize  # noqa: E402
from graph_builder.compile import compile_sources  # noqa: E402
from tests.helpers import SEED_SOURCES  # noqa: E402


def digest(sources: Path) -> dict[str, object]:
    """Compile ``sources`` and return the digest of its output (and, apart, how long it took)."""
    started = time.perf_counter()
    compiled = compile_sources(sources)
    seconds = time.perf_counter() - started
    emitted = compiled.emitted
    quad_lines: list[str] = []
    for graph in emitted.graphs:
        graph_term = f" <{graph.name}> .\n"
        lines = [line for _, chunk in graph.chunks for line in chunk.split("\n")[:-1]]
        lines += [line.removesuffix("\n") for line in graph.shared]
        quad_lines += [line.removesuffix(" .") + graph_term for line in lines]
    quad_lines.sort()
    sorted_quads = hashlib.sha256("".join(quad_lines).encode("utf-8"))
    ordered = hashlib.sha256()
    for chunk in emitted.trig_chunks():
        ordered.update(chunk.encode("utf-8"))
    union = hashlib.sha256()
    for chunk in emitted.union_lines():
        union.update(chunk.encode("utf-8"))
    summary = summarize(compiled)
    return {
        "quads": len(quad_lines),
        "distinct_quads": len(set(quad_lines)),
        "sorted_nquads_sha256": sorted_quads.hexdigest(),
        "trig_in_order_sha256": ordered.hexdigest(),
        "union_in_order_sha256": union.hexdigest(),
        "triples": summary.triples,
        "classes": dict(sorted(summary.classes.items())),
        "sources": summary.sources,
        "_seconds": round(seconds, 2),
        "_peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }


def main() -> None:
    """Compile the folder, print its digest; save it or compare it with a saved one."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("sources", type=Path, nargs="?", default=SEED_SOURCES, help="default: the seed")
    parser.add_argument("--save", type=Path, default=None, help="write the digest to this JSON file")
    parser.add_argument("--expect", type=Path, default=None, help="compare with a digest saved earlier")
    args = parser.parse_args()
    found = digest(args.sources)
    shown = {key: value for key, value in found.items() if key not in ("classes", "sources")}
    print(json.dumps(shown, indent=2))
    if args.save is not None:
        args.save.write_text(json.dumps(found, indent=2) + "\n", encoding="utf-8")
    if args.expect is not None:
        expected = json.loads(args.expect.read_text(encoding="utf-8"))
        differ = [key for key in expected if not key.startswith("_") and expected[key] != found.get(key)]
        if differ:
            print(f"differs from {args.expect}: {', '.join(differ)}", file=sys.stderr)
            raise SystemExit(1)
        print(f"same output as {args.expect}", file=sys.stderr)


if __name__ == "__main__":
    main()
