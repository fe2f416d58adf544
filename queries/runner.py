"""Run a named query, a ``.rq`` file or a query text on a graph: checked, parameters bound, time-limited.

>>> from queries.runner import run_query
>>> result = run_query(store, "actor_profile", params={"actor": "hulusi-akar"}, timeout=30)  # doctest: +SKIP
>>> result.variables, len(result)  # doctest: +SKIP

A long answer is read as it is computed, never held whole:

>>> from queries.runner import open_query
>>> with open_query(store, "SELECT ?s ?p ?o WHERE { ?s ?p ?o }", timeout=600) as answer:  # doctest: +SKIP
...     for row in answer.rows():
...         print(row)
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from . import catalog, engines
from .catalog import Query
from .params import bind_parameters
from .results import Answer, QueryResult, Term
from .safety import check_query

#: What ``run_query`` takes: a query name, a ``.rq`` path, a query text, or a query already loaded.
QuerySpec = str | os.PathLike[str] | Query


@dataclass(frozen=True)
class PreparedQuery:
    """Hold a query that passed every check, with its parameters turned into the terms to bind.

    Making one checks the query text, so that one built by hand is refused as one from ``prepare`` is (the
    engines check the text they run once more, for code that goes around this class).
    """

    query: Query
    bindings: dict[str, Term]

    def __post_init__(self) -> None:
        """Refuse a query text that could reach outside the graph or change it."""
        check_query(self.query.text, origin=self.query.origin)


def prepare(spec: QuerySpec, *, params: Mapping[str, object] | None = None) -> PreparedQuery:
    """Load a query, check it is safe to run and bind its parameters, without touching any graph.

    Raises InputError for an unknown name (with the nearest names), a missing file, a missing, unknown or
    ill-typed parameter, and UnsafeQueryError for SERVICE, FROM, LOAD and updates.
    """
    query = _load(spec)
    bindings = bind_parameters(query.parameters, params or {}, query=query.name, example=query.example)
    return PreparedQuery(query, bindings)


def run_query(
    graph: engines.Graph,
    name_or_text: QuerySpec | PreparedQuery,
    *,
    params: Mapping[str, object] | None = None,
    timeout: float | None = None,
) -> QueryResult:
    """Run a query on a graph and return its whole answer (``open_query`` reads a long one as it comes).

    ``graph`` is a pyoxigraph Store, the folder of one (opened read-only), or an rdflib Graph or Dataset (its
    named graphs' union is the default graph, as in the store). ``name_or_text`` is a named query
    (``violations_by_day``), a path to a ``.rq`` file, a SPARQL text, or a query from ``prepare``.
    ``params`` maps parameter names to values (``{"actor": "hulusi-akar"}``), typed by the query's
    ``@param`` declarations. With ``timeout`` (seconds) the query runs in a child process that is killed at
    the limit (QueryTimeoutError); without it, in this process.
    """
    with open_query(graph, name_or_text, params=params, timeout=timeout) as answer:
        return answer.collect()


def open_query(
    graph: engines.Graph,
    name_or_text: QuerySpec | PreparedQuery,
    *,
    params: Mapping[str, object] | None = None,
    timeout: float | None = None,
) -> Answer:
    """Start a query on a graph and return its answer, to be read as the engine computes it.

    Takes what ``run_query`` takes. Errors of the query (syntax, a parameter naming no node) are raised here,
    before any row is read. With ``timeout``, the limit holds until the last row has been read. Close the
    answer (or use it in a ``with`` block) to stop a query before its end.
    """
    if isinstance(name_or_text, PreparedQuery):
        if params:
            raise ValueError("give the parameters to prepare(), not with a prepared query")
        prepared = name_or_text
    else:
        prepared = prepare(name_or_text, params=params)
    work = partial(engines.answer, graph, prepared.query, prepared.bindings)
    if timeout is None:
        return Answer(work())
    from .sandbox import stream_in_child

    return Answer(stream_in_child(work, timeout=timeout))


def _load(spec: QuerySpec) -> Query:
    if isinstance(spec, Query):
        return spec
    if isinstance(spec, os.PathLike):
        return catalog.load_file(Path(spec))
    # A query text has white space or braces; a name or a path has neither.
    if any(character.isspace() for character in spec) or "{" in spec:
        return catalog.from_text(spec)
    return catalog.load(spec)
