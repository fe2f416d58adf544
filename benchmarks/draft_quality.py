"""Print how close ``ceasefire-kg draft`` comes to the curated facts, per article and category.

Drafts the seed article and the invented wire reports of ``tests/fixtures/draft/`` (invented for the tests,
not real news) and scores each draft against the article's curated facts.yaml with ``draft_eval``: quotes
with the right speaker, exact dates, counts and actor mentions, each with its recall and precision.

  python benchmarks/draft_quality.py                       # print the table
  python benchmarks/draft_quality.py --out benchmarks/results/draft.md
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from draft_eval import ARTICLES, evaluate, format_table

from graph_builder.workspace import write_atomic


def main() -> None:
    """Score every article and print the table (and write it to --out)."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--out", type=Path, default=None, help="Also write the table (Markdown) here.")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        results = {chosen.name: evaluate(chosen, Path(work) / chosen.name) for chosen in ARTICLES}
    table = format_table(results)
    print(table, end="")
    if args.out is not None:
        intro = (
            "# Draft quality\n\n`python benchmarks/draft_quality.py`: each article drafted by "
            "`ceasefire-kg draft` and scored against its curated facts.yaml (`benchmarks/draft_eval.py`). "
            "The invented articles "
            "(`tests/fixtures/draft/`) are invented for the tests, not real news; their facts were curated "
            "before the drafter's rules were written, but for invented-bulletin-2020-03-20, written after "
            "them and scored without changing them.\n\n"
        )
        write_atomic(args.out, intro + table)


if __name__ == "__main__":
    main()
