"""Measure how long ``validate`` takes to report a quote missing from a large document, against a good run.

Copies the bundled seed and grows the article's ``document.txt`` to ``--megabytes`` of invented filler
(sentences of the document's own words in a shuffled order, deterministic, nothing about real events), the
article's own text last so that every quote still stands once. Then, in the same session, it times
``validate`` (in-process, the CLI's own entry point) on the good corpus and on a copy where one quote has a
typo: the run that fails has to say where the misspelt quote most likely stands (the "closest passage"),
which must cost about what locating the good quotes costs, not a scan per character of the document. It
reports the median of each and their ratio, and the message the broken run printed.

Examples:
  python benchmarks/missing_quote.py                      # 50 MB, 3 runs each
  python benchmarks/missing_quote.py --megabytes 5 --repeat 5

"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from click.testing import CliRunner

from graph_builder.cli import main as cli
from ontology import resources

ARTICLE = "southfront-idlib-ceasefire-appears-to-hold"


def _filler(text: str, size: int, seed: int) -> str:
    """Return about ``size`` characters of sentences made of the words of ``text`` in a shuffled order."""
    words = re.findall(r"[A-Za-z]+", text)
    rng = random.Random(seed)
    parts: list[str] = []
    length = 0
    while length < size:
        sentence = " ".join(rng.choice(words) for _ in range(rng.randint(8, 24))).capitalize() + ". "
        parts.append(sentence)
        length += len(sentence)
        if rng.random() < 0.1:
            parts.append("\n\n")
    return "".join(parts)


def make_corpus(folder: Path, megabytes: float, seed: int) -> tuple[Path, Path]:
    """Write the grown seed to ``folder``; return it and a copy where one quote has a typo."""
    good = folder / "good"
    shutil.copytree(Path(str(resources.bundled_sources())), good)
    document = good / ARTICLE / "document.txt"
    text = document.read_text(encoding="utf-8")
    filler = _filler(text, int(megabytes * 1_000_000), seed)
    document.write_text(filler + "\n\n" + text, encoding="utf-8")
    broken = folder / "broken"
    shutil.copytree(good, broken)
    facts = broken / ARTICLE / "facts.yaml"
    lines = facts.read_text(encoding="utf-8").split("\n")
    at = next(i for i, line in enumerate(lines) if "quote:" in line and len(line) > 60)
    middle = len(lines[at]) // 2 + 10
    lines[at] = (
        lines[at][:middle] + lines[at][middle + 1 : middle + 2] + lines[at][middle] + lines[at][middle + 2 :]
    )
    facts.write_text("\n".join(lines), encoding="utf-8")
    return good, broken


def _validate(sources: Path) -> tuple[float, int, str]:
    started = time.perf_counter()
    result = CliRunner().invoke(cli, ["validate", "--sources", str(sources)])
    return time.perf_counter() - started, result.exit_code, result.output


def main(argv: list[str] | None = None) -> int:
    """Run the measurement and print the medians, their ratio and the broken run's message."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--megabytes", type=float, default=50.0, help="size the document is grown to")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each case (the median is reported)")
    parser.add_argument("--seed", type=int, default=2020)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        good, broken = make_corpus(Path(tmp), args.megabytes, args.seed)
        times: dict[str, list[float]] = {"good": [], "missing quote": []}
        message = ""
        for _ in range(args.repeat):
            for name, sources, expected in (("good", good, 0), ("missing quote", broken, 2)):
                seconds, code, output = _validate(sources)
                if code != expected:
                    print(f"{name}: exit {code}, expected {expected}\n{output}", file=sys.stderr)
                    return 1
                times[name].append(seconds)
                if expected == 2:
                    message = next(line for line in output.splitlines() if "is not in" in line)
    medians = {name: statistics.median(values) for name, values in times.items()}
    print(f"document: {args.megabytes:g} MB, {args.repeat} run(s) each")
    for name, value in medians.items():
        print(f"  validate, {name}: median {value:.2f} s")
    print(f"  ratio missing quote / good: {medians['missing quote'] / medians['good']:.2f}")
    print(f"  message: {message.strip()[:400]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
