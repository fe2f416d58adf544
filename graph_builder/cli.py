"""Run ceasefire-kg from the command line: each command checks its arguments, calls the library, prints."""

from __future__ import annotations

import functools
import logging
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from ontology.errors import CeasefireKGError, CheckFailedError

from . import defaults

F = TypeVar("F", bound=Callable[..., Any])


class _EchoHandler(logging.Handler):
    """Write log records to the current stderr (looked up at each record, so tests can capture it)."""

    def emit(self, record: logging.LogRecord) -> None:
        click.echo(self.format(record), err=True)


def _fail(message: str, code: int) -> None:
    click.echo(f"error: {message}", err=True)
    sys.exit(code)


def reports_errors(command: F) -> F:
    """Turn the project's errors into one-line messages on stderr and their exit codes, never a traceback."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except CheckFailedError as exc:
            click.echo(f"error: {exc.summary}", err=True)
            for problem in exc.problems:
                click.echo(f"  - {problem}", err=True)
            sys.exit(exc.exit_code)
        except CeasefireKGError as exc:
            _fail(str(exc), exc.exit_code)

    return wrapper  # type: ignore[return-value]


def _sources_option(command: F) -> F:
    return click.option(
        "--sources",
        "sources",
        type=click.Path(path_type=Path, file_okay=False),
        default=None,
        help="Sources folder (entities.yaml + one folder per source). "
        "Default: ./sources when it exists, else the bundled seed sources.",
    )(command)


def _out_option(command: F) -> F:
    return click.option(
        "--out",
        "out",
        type=click.Path(path_type=Path, file_okay=False),
        default=Path("output"),
        show_default=True,
        help="Output folder: the store, graph.ttl, graph.trig, ontology.ttl.",
    )(command)


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(package_name="ceasefire-kg", prog_name="ceasefire-kg")
@click.option("-v", "--verbose", is_flag=True, help="Log each step on stderr.")
def main(verbose: bool) -> None:
    """Turn reports about a ceasefire into a knowledge graph you can check, query and explore.

    \b
    Examples:
      ceasefire-kg build                     # sources/ (or the bundled seed) -> output/
      ceasefire-kg validate --sources my-sources
      ceasefire-kg stats
    """
    root = logging.getLogger()
    root.handlers = [handler for handler in root.handlers if not isinstance(handler, _EchoHandler)]
    root.addHandler(_EchoHandler())
    root.setLevel(logging.INFO if verbose else logging.WARNING)


@main.command()
@_sources_option
@_out_option
@reports_errors
def build(sources: Path | None, out: Path) -> None:
    """Build the checked graph from the sources and write it to the output folder.

    Reads the sources, checks every field, id and quote, builds one named graph per source, runs the SHACL
    shapes and the HermiT consistency check, then writes output/store (Oxigraph), graph.ttl, graph.trig and
    ontology.ttl. A failed build leaves the previous output as it was.

    \b
    Examples:
      ceasefire-kg build
      ceasefire-kg build --sources sources --out /tmp/kg
    """
    from .build import build as run_build
    from .report import format_summary

    folder = defaults.sources_folder(sources)
    summary = run_build(folder, out=out)
    click.echo(format_summary(summary, sources=folder, action="Built"))


@main.command()
@_sources_option
@reports_errors
def validate(sources: Path | None) -> None:
    """Run every check of build and write nothing; exit 1 with a list of problems.

    \b
    Examples:
      ceasefire-kg validate
      ceasefire-kg validate --sources my-sources
    """
    from .build import validate as run_validate
    from .report import format_summary

    folder = defaults.sources_folder(sources)
    summary = run_validate(folder)
    click.echo(format_summary(summary, sources=folder, action="Checked"))


@main.command()
@_sources_option
@_out_option
@reports_errors
def stats(sources: Path | None, out: Path) -> None:
    """Count the instances of each class and the facts and triples of each source.

    Reads the store in the output folder, rebuilding it first when it is missing or older than the sources.

    \b
    Examples:
      ceasefire-kg stats
      ceasefire-kg stats --out /tmp/kg
    """
    from .freshness import ensure_store
    from .report import format_stats
    from .stats import graph_stats

    store = ensure_store(out, defaults.sources_folder(sources))
    click.echo(format_stats(graph_stats(store)))
