"""Run the ceasefire-kg CLI as ``python -m graph_builder``; ``run`` is also the ``ceasefire-kg`` command."""

import sys


def run() -> None:
    """Load the CLI and run it; a Ctrl-C while it still loads ends as one during a command does.

    Loading takes most of a second (rdflib, pyoxigraph): without this, a Ctrl-C then prints a traceback.
    """
    try:
        from .cli import main
    except KeyboardInterrupt:
        sys.stderr.write("interrupted\n")
        raise SystemExit(130) from None  # the CLI's EXIT_INTERRUPTED: 128 + SIGINT
    main(prog_name="ceasefire-kg")


if __name__ == "__main__":
    run()
