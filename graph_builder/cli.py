"""Run ceasefire-kg from the command line: each command checks its arguments, calls the library, prints."""

from __future__ import annotations

import functools
import logging
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from ontology.errors import (
    CannotFinishError,
    CeasefireKGError,
    CheckFailedError,
    EnvironmentMissingError,
    InputError,
    InputProblems,
    ReasonerError,
)

from . import defaults, endpoint

if TYPE_CHECKING:
    import pyoxigraph as ox

    _Choice = click.Choice[str]
else:
    _Choice = click.Choice  # generic only from click 8.2 on; the dependency allows 8.1

F = TypeVar("F", bound=Callable[..., Any])


class _EchoHandler(logging.Handler):
    """Write log records to the current stderr (looked up at each record, so tests can capture it)."""

    def emit(self, record: logging.LogRecord) -> None:
        click.echo(self.format(record), err=True)


def _fail(message: str, code: int) -> None:
    click.echo(f"error: {message}", err=True)
    sys.exit(code)


#: Exit codes of the CLI contract: 1 a check of the graph failed, 2 bad input or usage, 3 the run could not
#: finish for a reason outside its input (a full disk, no memory, a file it cannot write, no Java), 4 a
#: defect of the program, 130 stopped by Ctrl-C (128 + SIGINT, as a shell reports it).
EXIT_CHECK_FAILED = 1
EXIT_BAD_INPUT = 2
EXIT_CANNOT_FINISH = 3
EXIT_INTERNAL_ERROR = 4
EXIT_INTERRUPTED = 130
#: Project errors that say a run could not finish for a reason outside its input.
_OUTSIDE_ERRORS = (CannotFinishError, EnvironmentMissingError, ReasonerError)
#: How many problems of a failed check are printed; the summary line says how many there are in all.
PRINTED_PROBLEMS = 50


def _report_input_problems(exc: InputProblems) -> None:
    """Print every input problem grouped by file, each with its line and value, then the count."""
    for file, problems in exc.by_file().items():
        click.echo(f"{file if file is not None else '(no file)'}:", err=True)
        for problem in problems:
            where = f"line {problem.line}: " if problem.line is not None else ""
            click.echo(f"  {where}{problem.message}", err=True)
    count = len(exc.problems)
    click.echo(
        f"error: {count} problem{'s' if count != 1 else ''} in the sources; nothing was written", err=True
    )


def _report_internal_error(message: str) -> None:
    """Say that the program itself failed, how to report it, and how to see the traceback; exit 4.

    With ``-v`` the traceback comes first, so that the line stays the last thing on the screen.
    """
    from .failures import report_hint  # on this path only: it reads the package's metadata

    context = click.get_current_context(silent=True)
    if context is not None and context.find_root().params.get("verbose"):
        click.echo(traceback.format_exc().rstrip(), err=True)
        see = ""
    else:
        command = f" {context.info_name}" if context is not None and context.parent is not None else ""
        see = f"; `ceasefire-kg -v{command} …` shows the traceback"
    _fail(f"internal error: {message}; {report_hint()}{see}", EXIT_INTERNAL_ERROR)


def reports_errors(command: F) -> F:
    """Turn every failure into one line on stderr and its exit code, never a traceback.

    The project's errors say what is wrong; a full disk, too little memory or a file that cannot be written
    exit 3; any other exception is a defect of the program, reported as one (``-v`` adds the traceback).
    """

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except CheckFailedError as exc:
            click.echo(f"error: {exc.summary}", err=True)
            for problem in exc.problems[:PRINTED_PROBLEMS]:
                click.echo(f"  - {problem}", err=True)
            if len(exc.problems) > PRINTED_PROBLEMS:
                hidden = len(exc.problems) - PRINTED_PROBLEMS
                click.echo(f"  … and {hidden:,} more ({len(exc.problems):,} in all)", err=True)
            sys.exit(EXIT_CHECK_FAILED)
        except InputProblems as exc:
            _report_input_problems(exc)
            sys.exit(EXIT_BAD_INPUT)
        except _OUTSIDE_ERRORS as exc:
            _fail(str(exc), EXIT_CANNOT_FINISH)
        except CeasefireKGError as exc:
            from .child import ChildStepError  # on this path only: `query` never starts a child step

            if isinstance(exc, ChildStepError):
                # A step of a checked build has no bad input left to fail on: what fails there is the program.
                _report_internal_error(str(exc))
            else:
                _fail(str(exc), EXIT_BAD_INPUT)
        except (click.ClickException, click.exceptions.Exit, click.Abort, BrokenPipeError):
            raise  # click's own: usage errors, --help, and a reader of stdout that went away
        except (OSError, MemoryError) as exc:
            from .failures import outside_reason

            _fail(f"could not finish: {outside_reason(exc)}", EXIT_CANNOT_FINISH)
        except KeyboardInterrupt:
            click.echo("interrupted", err=True)
            sys.exit(EXIT_INTERRUPTED)
        except Exception as exc:
            from .failures import describe_unexpected

            _report_internal_error(describe_unexpected(exc))

    return wrapper  # type: ignore[return-value]


def _open_store(out: Path, sources: Path | None) -> ox.Store:
    """Open the store of an output folder read-only, rebuilding it first when it is missing or stale."""
    from .workspace import Workspace

    return Workspace(out).open_store(defaults.sources_folder(sources), rebuild=_rebuild)


def _rebuild(sources: Path, /, *, out: Path) -> object:
    """Build ``sources`` into ``out``, importing the build (rdflib, the checks) only when a store is stale."""
    from .build import build

    return build(sources, out=out)


def _coverage_formats() -> dict[str, Any]:
    """Return the coverage report's renderings (imported when asked for, as `coverage` needs them)."""
    from .coverage import FORMATS

    return dict(FORMATS)


def _listing(names_and_descriptions: list[tuple[str, str]]) -> str:
    """Return a help text naming each choice with what it is, e.g. ``csv: …; md: …``."""
    return "; ".join(f"{name}: {description}" for name, description in names_and_descriptions)


def _export_formats() -> dict[str, Any]:
    """Return the export formats (imported when asked for: the module loads the export's renderers)."""
    from .export import FORMATS

    return dict(FORMATS)


def _export_format(name: str) -> object:
    from .export import export_format

    return export_format(name)


def _result_formats() -> dict[str, Any]:
    """Return the formats of query answers (imported when asked for, as `query` needs them)."""
    from queries.formats import FORMATS

    return dict(FORMATS)


class _LazyChoice(_Choice):
    """Offer the names of a registry that is imported only when a command checks or shows them."""

    def __init__(self, names: Callable[[], dict[str, Any]], **kwargs: Any) -> None:
        self._names = names
        super().__init__([], **kwargs)

    @property
    def choices(self) -> tuple[str, ...]:
        return tuple(self._names())

    @choices.setter
    def choices(self, value: object) -> None:
        pass  # click sets the choices it is given: these come from the registry


class _RegistryChoice(_LazyChoice):
    """Offer the names of a registry; an unknown one fails with the registry's own message (nearest names)."""

    def __init__(self, names: Callable[[], dict[str, Any]], lookup: Callable[[str], object]) -> None:
        super().__init__(names, case_sensitive=False)
        self.lookup = lookup

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        try:
            self.lookup(str(value))
        except InputError as exc:
            self.fail(exc.message, param, ctx)
        return str(super().convert(value, param, ctx))


class _ListingOption(click.Option):
    """Say in the help what each name of a registry is, reading the registry only when the help is shown.

    With ``default_first`` the registry's first name is the default, read when the command runs.
    """

    def __init__(
        self,
        *args: Any,
        registry: Callable[[], dict[str, Any]],
        more: str = "",
        default_first: bool = False,
        **kwargs: Any,
    ) -> None:
        self._registry = registry
        self._more = more
        self._default_first = default_first
        super().__init__(*args, **kwargs)

    def get_default(self, ctx: click.Context, call: bool = True) -> Any:
        if self._default_first:
            return next(iter(self._registry()))
        return super().get_default(ctx, call=call)

    @property
    def help(self) -> str:
        return _listing([(f.name, f.description) for f in self._registry().values()]) + self._more

    @help.setter
    def help(self, value: object) -> None:
        pass  # the help is the registry's listing


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
        "--out-dir",
        "out",
        type=click.Path(path_type=Path, file_okay=False),
        default=Path("output"),
        show_default=True,
        help="Output folder: the store, graph.ttl, graph.trig, ontology.ttl, graph.html.",
    )(command)


def _out_dir_option(command: F) -> F:
    """Add the output folder of a command whose --out is the file it writes."""
    return click.option(
        "--out-dir",
        "out_dir",
        type=click.Path(path_type=Path, file_okay=False),
        default=Path("output"),
        show_default=True,
        help="Output folder holding the store (rebuilt first when missing or stale).",
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
@click.option(
    "--full", is_flag=True, help="Read every source again, even when only some changed since the last build."
)
@reports_errors
def build(sources: Path | None, out: Path, full: bool) -> None:
    """Build the checked graph from the sources and write it to the output folder.

    Reads the sources, checks every field, id and quote, builds one named graph per source, runs the SHACL
    shapes and the HermiT consistency check, then writes output/store (Oxigraph), graph.ttl, graph.trig and
    ontology.ttl. A failed build leaves the previous output as it was. When only some sources changed since
    the last build into the same folder, only those (and what they share events, relationships or ids with)
    are read again; the checks still see the whole graph. The summary says which way the build went.

    \b
    Examples:
      ceasefire-kg build
      ceasefire-kg build --sources sources --out /tmp/kg
      ceasefire-kg build --full
    """
    from .build import build as run_build
    from .progress import terminal_progress
    from .report import format_summary

    folder = defaults.sources_folder(sources)
    with terminal_progress() as progress:  # a live display on a terminal, for builds over a few seconds
        summary = run_build(folder, out=out, progress=progress, full=full)
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
    from .progress import terminal_progress
    from .report import format_summary

    folder = defaults.sources_folder(sources)
    with terminal_progress() as progress:
        summary = run_validate(folder, progress=progress)
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
    from .report import format_stats
    from .stats import graph_stats

    click.echo(format_stats(graph_stats(_open_store(out, sources))))


@main.command()
@_sources_option
@_out_dir_option
@click.option(
    "--out",
    "out",
    type=click.Path(path_type=Path, dir_okay=False, allow_dash=True),
    default=None,
    help="HTML file to write, '-' for stdout. Default: OUT_DIR/graph.html.",
)
@click.option(
    "--focus", metavar="ID", default=None, help="Show only what lies around this node (id, CURIE or IRI)."
)
@click.option(
    "--depth",
    type=click.IntRange(min=0),
    default=2,
    show_default=True,
    help="With --focus: how many links away from it to go.",
)
@click.option(
    "--since",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    metavar="DATE",
    default=None,
    help="Leave out events and statements dated wholly before this day (YYYY-MM-DD).",
)
@click.option(
    "--until",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    metavar="DATE",
    default=None,
    help="Leave out events and statements dated wholly after this day (YYYY-MM-DD).",
)
@click.option(
    "--max-nodes",
    "max_nodes",
    type=click.IntRange(min=1),
    default=None,
    help="Keep only the N most central nodes; the page says what it left out. [default: 10,000]",
)
@reports_errors
def viz(
    sources: Path | None,
    out_dir: Path,
    out: Path | None,
    focus: str | None,
    depth: int,
    since: Any,
    until: Any,
    max_nodes: int | None,
) -> None:
    """Write the graph as an interactive HTML page that works offline.

    One self-contained file (no request leaves it): click a node for its evidence quotes and sources, filter
    by kind and date, search by name, follow the timeline of events. Reads the store in the output folder,
    rebuilding it first when it is missing or older than the sources.

    \b
    Examples:
      ceasefire-kg viz                                   # -> output/graph.html
      ceasefire-kg viz --focus hulusi-akar --depth 1 --out akar.html
      ceasefire-kg viz --since 2020-03-09 --until 2020-03-11 --out week.html
      ceasefire-kg viz --max-nodes 500 --out - > overview.html
    """
    from visualize import DEFAULT_MAX_NODES
    from visualize.page import graph_page, render_html

    from .workspace import Workspace, write_atomic

    if since is not None and until is not None and since > until:
        raise InputError(
            f"--since {since.date()} is after --until {until.date()}", value=f"{since.date()}..{until.date()}"
        )
    store = _open_store(out_dir, sources)
    page = graph_page(
        store,
        focus=focus,
        depth=depth,
        since=None if since is None else since.date(),
        until=None if until is None else until.date(),
        max_nodes=DEFAULT_MAX_NODES if max_nodes is None else max_nodes,
    )
    text = render_html(page)
    left_out = page.omitted.total()
    summary = f"{page.node_count:,} nodes, {page.edge_count:,} links" + (
        f"; left out the {left_out:,} less central nodes (--max-nodes)" if left_out else ""
    )
    if out is not None and str(out) == "-":
        click.echo(text, nl=False)
        click.echo(summary, err=True)
        return
    target = out if out is not None else Workspace(out_dir).graph_html
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(target, text)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise CannotFinishError(f"cannot write {target}: {reason}; the previous page is as it was") from exc
    click.echo(f"Wrote {target}: {summary}")


@main.command()
@click.option(
    "--format",
    "fmt",
    required=True,
    type=_RegistryChoice(_export_formats, _export_format),
    cls=_ListingOption,
    registry=_export_formats,
)
@click.option(
    "--out",
    "out",
    type=click.Path(path_type=Path, allow_dash=True),
    default=None,
    help="File to write (for csv: the folder that gets nodes.csv and edges.csv). Default: stdout.",
)
@click.option("--source", metavar="ID", default=None, help="Only this source's named graph (or 'entities').")
@click.option("--with-ontology", is_flag=True, help="Add the ontology (RDF formats only).")
@_sources_option
@_out_dir_option
@reports_errors
def export(
    fmt: str, out: Path | None, source: str | None, with_ontology: bool, sources: Path | None, out_dir: Path
) -> None:
    """Export the graph for other tools: RDF, GraphML/GEXF for Gephi, CSV for spreadsheets.

    Turtle, N-Triples, RDF/XML and JSON-LD hold the union of the named graphs (a triple stated by two
    sources once); TriG and N-Quads keep one named graph per source. GraphML, GEXF and CSV hold the network
    of actors, places, agreements, provisions, events and statements that `viz` draws. CSV writes
    nodes.csv and edges.csv (UTF-8 with a byte-order mark, so that Excel reads the names right) into the
    folder given as --out; a text cell that starts with = + - @, a tab or a carriage return gets a leading
    apostrophe, so that no spreadsheet runs it as a formula. A file is replaced only once its new content is
    complete; a write that fails (a full disk) exits 3 and leaves the previous file.

    \b
    Examples:
      ceasefire-kg export --format turtle > graph.ttl
      ceasefire-kg export --format trig --with-ontology --out kg.trig
      ceasefire-kg export --format jsonld --source pax-idlib-agreements --out pax.jsonld
      ceasefire-kg export --format gexf --out graph.gexf     # open in Gephi
      ceasefire-kg export --format csv --out tables/         # tables/nodes.csv, tables/edges.csv
    """
    from .export import check_destination, export_format, render, write_export
    from .workspace import Workspace

    spec = export_format(fmt)
    target = None if out is None or str(out) == "-" else out
    if target is None and spec.kind == "table":
        raise InputError("csv writes two files, nodes.csv and edges.csv: give their folder as --out")
    if with_ontology and spec.kind not in ("graph", "dataset"):
        raise InputError(f"--with-ontology applies to the RDF formats, not {spec.name}", value=spec.name)
    if target is not None:
        check_destination(target, spec.name)  # before a possible rebuild, which takes a while
    store = _open_store(out_dir, sources)
    Workspace(out_dir).tidy()  # what killed builds left, unless a build runs now
    rendered = render(store, spec.name, source=source, with_ontology=with_ontology, folder=out_dir)
    if target is None:
        sys.stdout.flush()
        sys.stdout.buffer.write(rendered.data)
        sys.stdout.buffer.flush()
        click.echo(f"Exported {rendered.summary} as {spec.name}", err=True)
        return
    written = write_export(rendered, target)
    click.echo(f"Wrote {', '.join(str(path) for path in written)}: {rendered.summary}")


@main.command()
@click.argument("name", metavar="NAME|FILE.rq", required=False)
@click.option("--sparql", metavar="TEXT", default=None, help="Run this SPARQL text instead of a named query.")
@click.option(
    "--param",
    "params",
    metavar="NAME=VALUE",
    multiple=True,
    help="A parameter of the query, e.g. actor=hulusi-akar; repeat for more. "
    "`ceasefire-kg queries` lists each query's parameters.",
)
@click.option(
    "--format",
    "fmt",
    type=_LazyChoice(_result_formats),
    default="table",
    show_default=True,
    cls=_ListingOption,
    registry=_result_formats,
    more=". CONSTRUCT and DESCRIBE always give Turtle.",
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0, min_open=True),
    default=30.0,
    show_default=True,
    metavar="SECONDS",
    help="Stop the query after this many seconds (exit 2; with --endpoint, the server's limit: exit 3).",
)
@click.option(
    "--endpoint",
    metavar="URL",
    default=None,
    help="Ask this SPARQL endpoint (a server the graph was pushed to) instead of the local store.",
)
@_sources_option
@_out_option
@reports_errors
def query(
    name: str | None,
    sparql: str | None,
    params: tuple[str, ...],
    fmt: str,
    timeout: float,
    endpoint: str | None,
    sources: Path | None,
    out: Path,
) -> None:
    """Run a named query, a .rq file or a SPARQL text on the graph and print the answer.

    The default graph is the union of all sources' graphs; the project's prefixes (cf:, actor:, event:, …)
    are predefined. SERVICE, FROM, LOAD and updates are refused before anything runs. ASK prints true or
    false. Reads the store in the output folder, rebuilding it first when it is missing or older than the
    sources. Rows are printed as the query makes them. Exit 2 for bad input: an unknown name, a missing or
    ill-typed parameter, a syntax error (with its line and column), a refused keyword, a query stopped by
    --timeout (rows already printed stay printed). Exit 130 when interrupted by Ctrl-C, 143 by SIGTERM.

    With --endpoint URL the query goes to a SPARQL server the graph was pushed to, over the SPARQL 1.1
    Protocol; its default graph must be the union of its named graphs (Virtuoso's is; start Oxigraph's server
    with --union-default-graph). An answer the server cut (a row cap, a timeout) prints nothing and exits 3,
    as does a server that cannot be reached.

    \b
    Examples:
      ceasefire-kg queries                                    # the named queries
      ceasefire-kg query violations_by_day
      ceasefire-kg query actor_profile --param actor=hulusi-akar --format md
      ceasefire-kg query statements_by_category --param category=THREATEN --format csv > threats.csv
      ceasefire-kg query my-question.rq --format json
      ceasefire-kg query --sparql 'SELECT ?actor WHERE { ?actor a cf:Person } ORDER BY ?actor'
      ceasefire-kg query violations_by_day --endpoint http://127.0.0.1:7878/query
    """
    from queries import catalog
    from queries import formats as result_formats
    from queries.params import parse_assignments
    from queries.runner import open_query, prepare

    if (name is None) == (sparql is None):
        raise InputError("give one query, NAME, FILE.rq or --sparql TEXT; `ceasefire-kg queries` lists names")
    try:
        spec = catalog.from_text(sparql, origin="--sparql") if sparql is not None else catalog.load(str(name))
    except catalog.UnknownQueryError as exc:
        raise InputError(f"{exc} (`ceasefire-kg queries` lists them all)") from None
    # Every argument is checked before the store is looked at (a stale store takes a while to rebuild).
    prepared = prepare(spec, params=parse_assignments(params))
    if endpoint is not None:
        from queries.remote import Endpoint

        graph: object = Endpoint(_endpoint_url(endpoint), timeout=timeout)
        limit: float | None = None  # the server's own limit, sent with the query
    else:
        graph, limit = _open_store(out, sources), timeout
    # Rows go to stdout as the query makes them: a long answer is never held whole.
    with _EndOnSignals(), open_query(graph, prepared, timeout=limit) as answer:
        try:
            result_formats.write(answer, fmt, sys.stdout)
            sys.stdout.flush()
        except BrokenPipeError:
            # The reader stopped reading (`| head`): the query stops, and the command ends as a program killed
            # by SIGPIPE would, without a message; stdout goes nowhere, so that exiting flushes nothing.
            _silence_stdout()
            sys.exit(128 + 13)


def _endpoint_url(url: str) -> str:
    """Refuse a server URL that is not http(s)://host…, before anything is sent."""
    import urllib.parse

    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise InputError("a server URL starts with http:// or https:// and names a host", value=url)
    return url


def _silence_stdout() -> None:
    """Point stdout at the null device (when it is a real file descriptor)."""
    import io
    import os

    try:
        descriptor = sys.stdout.fileno()
    except (OSError, ValueError, io.UnsupportedOperation):
        return
    os.dup2(os.open(os.devnull, os.O_WRONLY), descriptor)


class _StoppedBySignal(BaseException):
    """Carry SIGINT or SIGTERM out of the work it stopped (a BaseException, so that no handler keeps it)."""

    def __init__(self, number: int) -> None:
        super().__init__(number)
        self.number = number


class _EndOnSignals:
    """End the command cleanly on SIGINT or SIGTERM: exit 128 + the signal (130 for Ctrl-C), no traceback.

    The signal stops the work where it is, so that the cleanup of what the block opened runs first (a query's
    child process is killed). A command that runs until it is stopped (``serve``, ``until_stopped``) ends as
    it is meant to: one line "stopped", exit 0.
    """

    def __init__(self, *, until_stopped: bool = False) -> None:
        self.until_stopped = until_stopped

    def __enter__(self) -> None:
        import signal
        import threading

        self.previous: dict[int, Any] = {}
        if threading.current_thread() is threading.main_thread():  # only the main thread may set handlers
            for number in (signal.SIGINT, signal.SIGTERM):
                self.previous[number] = signal.signal(number, self._stop)

    @staticmethod
    def _stop(number: int, frame: object) -> None:
        raise _StoppedBySignal(number)

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, trace: object) -> bool:
        import signal

        for number, handler in self.previous.items():
            signal.signal(number, handler)
        if isinstance(error, _StoppedBySignal) and self.until_stopped:
            click.echo("stopped", err=True)
            return True
        if isinstance(error, _StoppedBySignal):
            _fail(f"interrupted by {signal.Signals(error.number).name}", 128 + error.number)
        return False


@main.command()
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on. Anything but loopback offers the graph to the network: there is no "
    "authentication.",
)
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=7878,
    show_default=True,
    help="Port to listen on (0: any free port; the first line on stderr says which).",
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0, min_open=True),
    default=30.0,
    show_default=True,
    metavar="SECONDS",
    help="Stop a query after this many seconds: its worker process is killed, the client gets 504.",
)
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=None,
    help="Worker processes that run queries, one query each at a time. [default: one per CPU]",
)
@click.option(
    "--max-queries",
    "max_queries",
    type=click.IntRange(min=1),
    default=None,
    help="Queries taken at once, running or waiting for a worker; one more gets 503. "
    f"[default: {endpoint.QUERIES_PER_WORKER} per worker]",
)
@_sources_option
@_out_option
@reports_errors
def serve(
    host: str,
    port: int,
    timeout: float,
    workers: int | None,
    max_queries: int | None,
    sources: Path | None,
    out: Path,
) -> None:
    """Serve the graph to SPARQL clients and browsers: a read-only SPARQL 1.1 endpoint and a query page.

    /sparql takes queries by GET, form POST or application/sparql-query POST and answers SELECT and ASK in
    JSON, XML, CSV or TSV, CONSTRUCT and DESCRIBE in Turtle, N-Triples, JSON-LD or RDF/XML, by the Accept
    header or ?format=. SERVICE, FROM, LOAD and updates are refused (400, with the reason); a query past
    --timeout is stopped (504), and beyond --max-queries the endpoint answers 503. /queries lists the named
    queries, /queries/NAME?param=VALUE runs one; / is the query page and /graph the graph page. A build
    into the same folder is picked up by the next query; queries running meanwhile finish on the old one.
    Reads the store in the output folder, rebuilding it first when it is missing or older than the sources.
    One line per request on stderr. Ctrl-C (or SIGTERM) stops it: "stopped", exit 0.

    \b
    Examples:
      ceasefire-kg serve                                  # http://127.0.0.1:7878/
      ceasefire-kg serve --port 8000 --timeout 10 --workers 4
      curl -H 'Accept: text/csv' --data-urlencode 'query=ASK { ?s a cf:Protocol }' http://127.0.0.1:7878/sparql
    """
    from .endpoint.server import is_loopback
    from .endpoint.server import serve as run_server
    from .workspace import Workspace

    Workspace(out).ensure_built(defaults.sources_folder(sources), rebuild=_rebuild)
    if not is_loopback(host):
        logging.getLogger(__name__).warning(
            "serving on %s: anyone who can reach it can read the whole graph (there is no authentication)",
            host,
        )
    workers = workers or endpoint.default_workers()
    logging.getLogger("graph_builder.endpoint.access").setLevel(logging.INFO)

    def ready(url: str) -> None:
        click.echo(f"Serving {out} at {url} (SPARQL: {url}sparql), {workers} workers; Ctrl-C stops", err=True)

    with _EndOnSignals(until_stopped=True):
        run_server(
            out,
            host=host,
            port=port,
            timeout=timeout,
            workers=workers,
            max_queries=max_queries or endpoint.QUERIES_PER_WORKER * workers,
            ready=ready,
        )


@main.command(name="queries")
@reports_errors
def list_queries() -> None:
    """List the named queries: what each one answers, and its parameters with an example value.

    \b
    Examples:
      ceasefire-kg queries
      ceasefire-kg query actor_profile --param actor=hulusi-akar
    """
    from queries.catalog import format_listing, named_queries_loaded

    click.echo(format_listing(named_queries_loaded(), assign="--param "), nl=False)


# -- curating: draft facts from a document, and see what of it no fact cites ---------------------------------


def _entities_for(folder: Path, sources: Path | None) -> Path:
    """Return the entities file a draft of ``folder`` names actors from: --sources', else the folder's own."""
    from ontology.layout import ENTITIES_FILE

    if sources is not None:
        return sources / ENTITIES_FILE
    if (folder.parent / ENTITIES_FILE).is_file():
        return folder.parent / ENTITIES_FILE
    return defaults.sources_folder(None) / ENTITIES_FILE


@main.command()
@click.argument(
    "source_dir", metavar="SOURCE_DIR", type=click.Path(path_type=Path, file_okay=False, exists=True)
)
@click.option(
    "--sources",
    "sources",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Sources folder whose entities.yaml names the actors. Default: the one SOURCE_DIR is in.",
)
@click.option(
    "--published",
    metavar="YYYY-MM-DD",
    default=None,
    help="The day the article was published (what 'on Friday' and 'last week' count from). "
    "Default: the source block of SOURCE_DIR's facts.yaml, else the dateline.",
)
@click.option(
    "--not-before",
    metavar="YYYY-MM-DD",
    default=None,
    help="The case's first day: an undated fact lies between it and publication.",
)
@click.option(
    "--publisher", metavar="ID", default=None, help="The publisher's actor id (default: as --published)."
)
@click.option(
    "--out",
    "out",
    type=click.Path(path_type=Path, dir_okay=False, allow_dash=True),
    default=None,
    help="File to write, '-' for stdout. Default: SOURCE_DIR/facts.draft.yaml (never facts.yaml).",
)
@reports_errors
def draft(
    source_dir: Path, sources: Path | None, published: str | None, not_before: str | None,
    publisher: str | None, out: Path | None,
) -> None:  # fmt: skip
    """Propose the facts of an article for review, each with its exact evidence and a review note.

    Reads SOURCE_DIR/document.txt and proposes direct quotes with their speakers, reported speech as
    paraphrases, events (a lexicon of event words mapped to the ontology's event types) with their counts
    and casualty figures, dates resolved against the publication day, and the actors and places named
    (entities.yaml's names and aliases, case and diacritics folded); names it does not know are listed at the
    top as candidate actors. Page furniture is never proposed. Nothing is checked: each record has a one-line
    `review:` note saying what to check, which validate refuses; delete the notes once checked and rename
    the file facts.yaml.

    \b
    Examples:
      ceasefire-kg draft sources/new-article --published 2020-03-13
      ceasefire-kg draft sources/new-article --not-before 2020-03-05 --out -
    """
    from graph_builder.compile.readers import READERS

    from .draft import DRAFT_FILE, draft_source
    from .workspace import write_atomic

    target = source_dir / DRAFT_FILE if out is None else out
    if str(target) != "-" and target.name in READERS:
        raise InputError(
            f"a draft is never written to {target.name}: that is the curated file; write it elsewhere "
            f"(default {DRAFT_FILE})",
            value=str(target),
        )
    made = draft_source(
        source_dir,
        entities=_entities_for(source_dir, sources),
        published=_day_option(published, "published"),
        not_before=_day_option(not_before, "not-before"),
        publisher=publisher,
    )
    proposals = made.proposals
    quotes = sum(1 for statement in proposals.statements if statement.text_kind == "verbatim")
    summary = (
        f"{len(proposals.events)} event(s), {len(proposals.statements)} statement(s) "
        f"({quotes} direct quotes) from {len(proposals.sentences)} sentences; "
        f"{len(proposals.candidates)} new name(s) to review"
    )
    if str(target) == "-":
        click.echo(made.text(), nl=False)
        click.echo(f"Drafted {summary}", err=True)
        return
    write_atomic(target, made.text())
    click.echo(f"Wrote {target}: {summary}")


@main.command(name="coverage")
@click.argument("source_id", metavar="[SOURCE_ID]", required=False)
@click.option(
    "--format",
    "fmt",
    type=_LazyChoice(_coverage_formats),
    show_default=True,
    cls=_ListingOption,
    registry=_coverage_formats,
    default_first=True,
)
@_sources_option
@reports_errors
def coverage_command(source_id: str | None, fmt: str, sources: Path | None) -> None:
    """Show which sentences of each document the facts cite, and list those no fact cites.

    A fact cites a sentence when one of its evidence quotes overlaps it; page furniture is left out. Per
    source: every sentence with the facts citing it, the sentences no fact cites, and the share cited.

    \b
    Examples:
      ceasefire-kg coverage
      ceasefire-kg coverage southfront-idlib-ceasefire-appears-to-hold --format json
    """
    from .coverage import FORMATS, coverage

    click.echo(FORMATS[fmt].render(coverage(defaults.sources_folder(sources), source_id)), nl=False)


@main.command()
@click.argument("url", metavar="URL")
@click.option(
    "--graph-store",
    "graph_store",
    metavar="URL",
    default=None,
    help="The server's Graph Store URL. Default: beside URL (…/query → …/store for Oxigraph, "
    "…/sparql → …/sparql-graph-crud-auth for Virtuoso).",
)
@click.option("--user", metavar="U", default=None, help="User name for the server (with --password-file).")
@click.option(
    "--password-file",
    "password_file",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="File whose first line is the password. Without --user: ~/.netrc's entry for the host, if any.",
)
@click.option(
    "--replace",
    is_flag=True,
    help="Also delete the server's graphs of this graph that the build no longer has.",
)
@click.option(
    "--dataset-post",
    "dataset_post",
    is_flag=True,
    help="Send the whole build as one N-Quads POST (a server that takes a dataset, e.g. Oxigraph's "
    "…/store?no_transaction) instead of one PUT per named graph.",
)
@_sources_option
@_out_dir_option
@reports_errors
def push(
    url: str,
    graph_store: str | None,
    user: str | None,
    password_file: Path | None,
    replace: bool,
    dataset_post: bool,
    sources: Path | None,
    out_dir: Path,
) -> None:
    """Send the built graph to a SPARQL server's store, then check the server holds every triple.

    URL is the server's SPARQL query endpoint. Each named graph of the build (each source's, the shared
    entities, the ontology) goes by one Graph Store Protocol PUT, which replaces that graph on the server:
    pushing again changes nothing. At the end the triples of each graph on the server are counted and
    compared with the build's (exit 1 when they differ: some servers answer success and load nothing).
    Graphs of the server outside the graph's namespace are never touched, --replace or not. Transient
    failures are tried again; exit 3 when the server cannot be reached, 2 for refused credentials.

    \b
    Examples:
      ceasefire-kg push http://127.0.0.1:7878/query
      ceasefire-kg push http://127.0.0.1:7878/query --dataset-post --graph-store 'http://127.0.0.1:7878/store?no_transaction'
      ceasefire-kg push http://127.0.0.1:8890/sparql --user dba --password-file dba.txt --replace
    """
    from .progress import terminal_progress
    from .push import graph_store_url, read_credentials
    from .push import push as run_push

    # Every argument is checked before the store is looked at (a stale store takes a while to rebuild).
    url = _endpoint_url(url)
    graph_store = _endpoint_url(graph_store) if graph_store is not None else graph_store_url(url)
    credentials = read_credentials(user, password_file, graph_store)
    store = _open_store(out_dir, sources)
    with terminal_progress() as progress:
        summary = run_push(
            store,
            url,
            graph_store=graph_store,
            credentials=credentials,
            replace=replace,
            dataset_post=dataset_post,
            progress=progress,
        )
    click.echo(
        f"Pushed {summary.graphs:,} graphs, {summary.triples:,} triples ({summary.method}) in "
        f"{summary.seconds:.1f} s; the server holds the same count in each graph"
    )
    if summary.deleted:
        click.echo(
            f"Deleted {len(summary.deleted):,} graphs the build no longer has: {', '.join(summary.deleted)}"
        )


# -- import: event datasets into the sources folder ----------------------------------------------------------


@main.group(name="import")
def import_group() -> None:
    """Import an event dataset's CSV export (ACLED, UCDP GED) into the sources folder as one source.

    Each row becomes one account by the dataset of one event (never a ceasefire violation by itself). Names
    are mapped onto entity ids by the alias table (aliases.yaml beside entities.yaml); every bad row is
    reported at once (file:line: value) and nothing is written then. Re-importing replaces the source; run
    `ceasefire-kg build` afterwards, which checks it in full.

    \b
    Examples:
      ceasefire-kg import acled acled-syria-2020.csv --accessed 2026-11-30
      ceasefire-kg import ucdp ged-syria-2020.csv
    """


def _import_options(command: F) -> F:
    for option in reversed(
        (
            click.argument("csv_file", metavar="FILE.csv", type=click.Path(path_type=Path, dir_okay=False)),
            click.option(
                "--sources",
                "sources",
                type=click.Path(path_type=Path, file_okay=False),
                default=None,
                help="Sources folder to write into. Default: ./sources (never the bundled seed).",
            ),
            click.option("--aliases", type=click.Path(path_type=Path, dir_okay=False), default=None,
                         help="Alias table. Default: aliases.yaml in the sources folder."),
            click.option("--source-id", metavar="ID", default=None,
                         help="Id of the source folder. Default: the dataset and the file's name."),
            click.option("--country", metavar="C", default=None, help="Only rows of this country."),
            click.option("--admin1", metavar="A", default=None, help="Only rows of this admin1 (adm_1)."),
            click.option("--since", metavar="YYYY-MM-DD", default=None, help="Only rows from this day."),
            click.option("--until", metavar="YYYY-MM-DD", default=None, help="Only rows up to this day."),
            click.option("--new-actors", is_flag=True,
                         help="Make an unreviewed actor (kind from the inter code) for each unknown name."),
            click.option("--accessed", metavar="YYYY-MM-DD", default=None,
                         help="The day the data were downloaded (the attribution). Default: today."),
        )
    ):  # fmt: skip
        command = option(command)
    return command


def _day_option(value: str | None, name: str) -> Any:
    import datetime as dt

    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InputError(f"--{name} must be a day YYYY-MM-DD", value=value) from None


def _run_import(dataset: str, csv_file: Path, sources: Path | None, **options: Any) -> None:
    from .datasets import Filters, count_rows, import_acled, import_ucdp
    from .datasets.acled import AcledOptions
    from .datasets.ucdp import UcdpOptions
    from .progress import terminal_progress

    folder = sources if sources is not None else defaults.LOCAL_SOURCES
    if sources is None and not defaults.holds_sources(folder):
        raise InputError(
            "no sources folder here to import into: create ./sources (copy the bundled seed's entities.yaml "
            "and aliases.yaml) or pass --sources",
            file=str(folder),
        )
    filters = Filters(
        options["country"], options["admin1"], _day_option(options["since"], "since"),
        _day_option(options["until"], "until"),
    )  # fmt: skip
    common: dict[str, Any] = {
        "sources": folder,
        "aliases": options["aliases"],
        "source_id": options["source_id"],
        "accessed": _day_option(options["accessed"], "accessed"),
    }
    with terminal_progress() as progress:  # a live display for imports over a few seconds
        task = progress.start(
            f"reading {csv_file.name}", count_rows(csv_file) if csv_file.is_file() else None
        )
        advance = functools.partial(progress.advance, task)
        if dataset == "acled":
            result = import_acled(
                csv_file,
                options=AcledOptions(options["date_format"], filters, options["new_actors"]),
                on_row=advance,
                **common,
            )
        else:
            result = import_ucdp(
                csv_file, options=UcdpOptions(filters, options["new_actors"]), on_row=advance, **common
            )
        progress.finish(task)
    click.echo(
        f"Imported {result.kept:,} of {result.rows:,} rows ({result.fatalities:,} fatalities) into "
        f"{result.folder}; run `ceasefire-kg build` to check it and build the graph"
    )
    if result.new_actors:
        click.echo(f"Made {result.new_actors} unreviewed actor(s) for unknown names: review them", err=True)


@import_group.command(name="acled")
@_import_options
@click.option(
    "--date-format",
    metavar="FORMAT",
    default=None,
    help="strptime format of event_date (e.g. %m-%d-%y), for a file whose dates are ambiguous.",
)
@reports_errors
def import_acled_command(csv_file: Path, sources: Path | None, **options: Any) -> None:
    """Import an ACLED export (the layout since 2023, or that of 2019-2023).

    \b
    Examples:
      ceasefire-kg import acled acled-syria-2020.csv --country Syria --accessed 2026-11-30
      ceasefire-kg import acled export.csv --date-format %d-%m-%y --since 2020-03-05
    """
    _run_import("acled", csv_file, sources, **options)


@import_group.command(name="ucdp")
@_import_options
@reports_errors
def import_ucdp_command(csv_file: Path, sources: Path | None, **options: Any) -> None:
    """Import a UCDP GED export (its CSV).

    \b
    Examples:
      ceasefire-kg import ucdp ged-syria-2020.csv --accessed 2026-11-30
    """
    _run_import("ucdp", csv_file, sources, **options)
