"""Run a checked query on Oxigraph, rdflib or a SPARQL server and stream the answer as engine-neutral chunks.

The two engines get the same query text, the same prefixes and the same parameter values, bound the way each
one binds them (Oxigraph ``substitutions``, rdflib ``initBindings``); the default graph is the union of the
named graphs in both. rdflib is imported only when the graph given is an rdflib graph. A server
(``remote.Endpoint``) is queried by ``queries.remote``.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any, TypeVar

import pyoxigraph as ox

from ontology.errors import InputError
from ontology.namespaces import PREFIXES
from ontology.text import nearest

from .catalog import Query
from .params import PLOVER_NAMESPACE, Parameter
from .results import Chunk, Head, Row, Rows, Term, Triples
from .safety import check_query

#: How many rows or triples travel together from the engine to the caller.
BATCH = 1000
T = TypeVar("T")
#: An Oxigraph syntax error reads "error at LINE:COLUMN: what was expected".
_OXIGRAPH_POSITION = re.compile(r"^error at (\d+):(\d+): ?(.*)$", re.DOTALL)
#: The character-class alternatives in an Oxigraph syntax error: ``['0' ..= '9' | …]``.
_CHARACTER_CLASSES = re.compile(r",?\s*\[[^\]]*\]", re.DOTALL)
#: Whether a node occurs in the graph at all (the parameter is bound to ?node).
_EXISTS = "ASK { { ?node ?p ?o } UNION { ?s ?p ?node } }"
#: The typed nodes in one namespace (bound to ?namespace), to suggest the nearest to a mistyped id.
_NODES_IN = (
    "SELECT DISTINCT ?node ?namespace "
    "WHERE { ?node a ?type . FILTER(STRSTARTS(STR(?node), STR(?namespace))) }"
)

#: A graph to query: an Oxigraph store, the folder of one (opened read-only), an rdflib Graph or Dataset, or a
#: ``remote.Endpoint``.
Graph = Any
#: Oxigraph's own answer to a query: solutions, a boolean or triples.
OxigraphResult = ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples


def answer(graph: Graph, query: Query, bindings: Mapping[str, Term]) -> Iterator[Chunk]:
    """Run the query on the graph and yield its answer: a Head, then batches of rows or triples, or a bool.

    Every node a parameter names must be in the graph: a mistyped id is an InputError with the nearest ids,
    rather than an empty answer that looks like "nothing happened".
    """
    engine = _engine(graph)
    parameters = {parameter.name: parameter for parameter in query.parameters}
    for name, term in bindings.items():
        parameter = parameters.get(name)
        if parameter is not None and term.kind == "iri":
            _check_node(engine, parameter, term)
    yield from engine.run(query.text, bindings, origin=query.origin)


def native_answer(store: ox.Store, query: Query, bindings: Mapping[str, Term]) -> OxigraphResult:
    """Run the query on an Oxigraph store and return Oxigraph's own answer, for its serializers to write.

    The same checks as ``answer`` (the guard, the nodes the parameters name) and the same query: the union
    of the named graphs as the default graph, the project's prefixes, the parameters substituted. Oxigraph
    computes the answer as it is read, so an evaluation error may still be raised by its serializer.
    """
    engine = _Oxigraph(store)
    parameters = {parameter.name: parameter for parameter in query.parameters}
    for name, term in bindings.items():
        parameter = parameters.get(name)
        if parameter is not None and term.kind == "iri":
            _check_node(engine, parameter, term)
    check_query(query.text, origin=query.origin)
    return engine.query(query.text, bindings, origin=query.origin)


class Engine:
    """Run query texts on one graph with bound variables."""

    def run(self, text: str, bindings: Mapping[str, Term], *, origin: str) -> Iterator[Chunk]:
        """Check the text, then run it: every query reaches an engine here, so none goes around the check."""
        check_query(text, origin=origin)
        return self._evaluate(text, bindings, origin=origin)

    def _evaluate(self, text: str, bindings: Mapping[str, Term], *, origin: str) -> Iterator[Chunk]:
        raise NotImplementedError

    def rows(self, text: str, bindings: Mapping[str, Term]) -> list[dict[str, Term]]:
        """Return the solutions of an internal SELECT query as dictionaries."""
        head, *rest = self.run(text, bindings, origin="internal query")
        assert isinstance(head, Head)
        return [
            {v: t for v, t in zip(head.variables, row, strict=True) if t is not None}
            for chunk in rest
            if isinstance(chunk, Rows)
            for row in chunk.rows
        ]

    def ask(self, text: str, bindings: Mapping[str, Term]) -> bool:
        """Return the answer of an internal ASK query."""
        return any(chunk is True for chunk in self.run(text, bindings, origin="internal query"))


def _engine(graph: Graph) -> Engine:
    if isinstance(graph, ox.Store):
        return _Oxigraph(graph)
    remote = sys.modules.get(f"{__package__}.remote")
    # An Endpoint comes from queries.remote (which builds on this module): if nobody imported it, the graph
    # is none, and a query of the local store need not load the HTTP client.
    if remote is not None and isinstance(graph, remote.Endpoint):
        engine: Engine = remote.RemoteEngine(graph)
        return engine
    if isinstance(graph, str | os.PathLike):
        # Resolved once: the store opens its files lazily, and a path through the output folder's links
        # would otherwise follow a build switched in meanwhile half-way.
        path = Path(os.path.realpath(graph))
        if not path.is_dir():
            raise InputError("no Oxigraph store in this folder (build the graph first)", file=str(path))
        try:
            return _Oxigraph(ox.Store.read_only(str(path)))
        except OSError as exc:
            raise InputError(f"cannot open the store: {exc}", file=str(path)) from None
    if type(graph).__module__.startswith("rdflib."):
        return _Rdflib(graph)
    raise TypeError(
        f"cannot query a {type(graph).__name__}: give a pyoxigraph Store, its folder or an rdflib graph"
    )


def _check_node(engine: Engine, parameter: Parameter, term: Term) -> None:
    if engine.ask(_EXISTS, {"node": term}):
        return
    namespace = _namespace(parameter, term.value)
    what = parameter.segment or ("PLOVER category" if parameter.type == "plover" else "node")
    shown = term.value.removeprefix(namespace) if namespace else term.value
    hint = ""
    if namespace:
        names = [
            row["node"].value.removeprefix(namespace)
            for row in engine.rows(_NODES_IN, {"namespace": Term.literal(namespace)})
        ]
        close = nearest(shown, names, cutoff=0.6)
        if close:
            hint = f"; nearest: {', '.join(close)}"
    raise InputError(f"parameter {parameter.name}: no {what} {shown} in the graph{hint}", value=term.value)


def _namespace(parameter: Parameter, iri: str) -> str:
    if parameter.segment:
        return PREFIXES[parameter.segment]
    if parameter.type == "plover":
        return PLOVER_NAMESPACE
    matching = [namespace for namespace in PREFIXES.values() if iri.startswith(namespace)]
    return max(matching, key=len, default="")


def _syntax_error(text: str, origin: str, line: int, column: int, detail: str) -> InputError:
    """Describe a syntax error at a 1-based line and column, with the text found there."""
    # Oxigraph lists every token it could have taken, character classes included; the literal tokens are
    # what a person can act on.
    detail = " ".join(_CHARACTER_CLASSES.sub("", detail).split()).rstrip(",") or "syntax error"
    if len(detail) > 160:
        detail = detail[:159] + "…"
    lines = text.splitlines()
    found = lines[line - 1][column - 1 :].strip() if 0 < line <= len(lines) else ""
    near = f" near {found[:30] + ('…' if len(found) > 30 else '')!r}" if found else " at the end of the query"
    return InputError(f"SPARQL syntax error at line {line}, column {column}{near}: {detail}", file=origin)


def _oxigraph_syntax_error(text: str, origin: str, message: str) -> InputError:
    position = _OXIGRAPH_POSITION.match(message)
    if position is None:
        return InputError(f"SPARQL syntax error: {message}", file=origin)
    line, column, detail = int(position.group(1)), int(position.group(2)), position.group(3)
    if text[_offset(text, line, column) :].strip() == "":
        # Oxigraph reports the furthest point it tried, which is often the end of the text even when the
        # mistake is lines earlier. rdflib's parser stops where the construct holding the mistake starts:
        # on this error path, its position is worth the import.
        earlier = _rdflib_position(text)
        if earlier is not None and _offset(text, *earlier) < _offset(text, line, column):
            line, column = earlier
            detail = "the mistake is in the part that starts here"
    return _syntax_error(text, origin, line, column, detail)


def _offset(text: str, line: int, column: int) -> int:
    lines = text.splitlines(keepends=True)
    return sum(len(previous) for previous in lines[: line - 1]) + column - 1


def _rdflib_position(text: str) -> tuple[int, int] | None:
    try:
        from pyparsing import ParseException
        from rdflib.plugins.sparql.parser import parseQuery
    except ImportError:
        return None
    try:
        parseQuery(text)
    except ParseException as exc:
        return exc.lineno, exc.col
    except Exception:  # any other failure tells nothing about where the mistake is
        return None
    return None


# -- Oxigraph ----------------------------------------------------------------------------------------------


class _Oxigraph(Engine):
    def __init__(self, store: ox.Store) -> None:
        self.store = store

    def query(self, text: str, bindings: Mapping[str, Term], *, origin: str) -> OxigraphResult:
        """Start the query (unchecked: ``run`` checks it); raise InputError for a syntax error."""
        substitutions: dict[ox.Variable, ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple] = {
            ox.Variable(name): _to_ox(term) for name, term in bindings.items()
        }
        try:
            return self.store.query(
                text, use_default_graph_as_union=True, prefixes=PREFIXES, substitutions=substitutions
            )
        except SyntaxError as exc:
            raise _oxigraph_syntax_error(text, origin, str(exc)) from None
        except (RuntimeError, ValueError, OSError) as exc:
            raise evaluation_error(exc, origin) from None

    def _evaluate(self, text: str, bindings: Mapping[str, Term], *, origin: str) -> Iterator[Chunk]:
        result = self.query(text, bindings, origin=origin)
        try:
            if isinstance(result, ox.QueryBoolean):
                yield Head("ask")
                yield bool(result)
            elif isinstance(result, ox.QuerySolutions):
                variables = [variable.value for variable in result.variables]
                yield Head("select", tuple(variables))
                yield from batches(_ox_rows(result), Rows)
            else:
                yield Head("graph")
                triples = ((ox_term(t.subject), ox_term(t.predicate), ox_term(t.object)) for t in result)
                yield from batches(triples, Triples)
        except (RuntimeError, ValueError, OSError) as exc:
            raise evaluation_error(exc, origin) from None


def evaluation_error(exc: Exception, origin: str) -> InputError:
    """Describe an error Oxigraph raised while it computed an answer (a bad parameter, a failed read)."""
    return InputError(f"the query failed: {_oxigraph_message(exc)}", file=origin)


def _oxigraph_message(exc: Exception) -> str:
    message = str(exc)
    match = re.match(r"The SPARQL query does not contains variable \?(\w+) in its SELECT projection", message)
    if match:
        return (
            f"a parameter must be one of the SELECT variables: add ?{match.group(1)} to the SELECT clause "
            "(Oxigraph binds parameters by substituting the values of projected variables)"
        )
    return message


def _to_ox(term: Term) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    if term.kind == "iri":
        return ox.NamedNode(term.value)
    if term.kind == "bnode":
        return ox.BlankNode(term.value)
    if term.language:
        return ox.Literal(term.value, language=term.language)
    return ox.Literal(term.value, datatype=ox.NamedNode(term.datatype) if term.datatype else None)


#: How many distinct terms the conversion of one answer remembers: answers repeat the same nodes again and
#: again, and converting one costs more than looking it up.
_TERM_CACHE = 1 << 16


def _ox_rows(solutions: ox.QuerySolutions) -> Iterator[Row]:
    """Yield each solution as a row of terms (None where unbound), converting each distinct node once."""
    cache: dict[object, Term] = {}
    for solution in solutions:
        row: list[Term | None] = []
        for node in solution:  # the values in the order of the variables
            if node is None:
                row.append(None)
                continue
            term = cache.get(node)
            if term is None:
                if len(cache) >= _TERM_CACHE:
                    cache.clear()
                term = cache[node] = ox_term(node)
            row.append(term)
        yield tuple(row)


def ox_term(node: object) -> Term:
    if isinstance(node, ox.NamedNode):
        return Term.iri(node.value)
    if isinstance(node, ox.BlankNode):
        return Term("bnode", node.value)
    if isinstance(node, ox.Literal):
        return Term.literal(node.value, node.datatype.value, node.language)
    # An RDF-star triple term: shown as its N-Triples text.
    return Term.literal(str(node))


# -- rdflib ------------------------------------------------------------------------------------------------


class _Rdflib(Engine):
    def __init__(self, graph: Any) -> None:
        import rdflib.plugins.sparql

        # Never fetch FROM / FROM NAMED graphs from the web (the safety check refuses them anyway).
        rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS = False
        self.graph = graph

    def _evaluate(self, text: str, bindings: Mapping[str, Term], *, origin: str) -> Iterator[Chunk]:
        from pyparsing import ParseException

        init = {name: _to_rdflib(term) for name, term in bindings.items()}
        # The union of the named graphs is the default graph, as in Oxigraph with use_default_graph_as_union.
        union = getattr(self.graph, "default_union", None)
        if union is False:
            self.graph.default_union = True
        try:
            try:
                result = self.graph.query(text, initNs=PREFIXES, initBindings=init)
            except ParseException as exc:
                raise _syntax_error(text, origin, exc.lineno, exc.col, exc.msg) from None
            try:
                yield from _rdflib_chunks(result)
            except InputError:
                raise
            except Exception as exc:  # rdflib raises plain exceptions for evaluation errors
                raise InputError(f"the query failed: {exc}", file=origin) from None
        finally:
            if union is False:
                self.graph.default_union = False


def _rdflib_chunks(result: Any) -> Iterator[Chunk]:
    if result.type == "ASK":
        yield Head("ask")
        yield bool(result.askAnswer)
    elif result.type == "SELECT":
        variables = [str(variable) for variable in result.vars]
        yield Head("select", tuple(variables))
        yield from batches((tuple(_from_rdflib(value) for value in row) for row in result), Rows)
    else:
        yield Head("graph")
        triples = ((_rdflib_term(s), _rdflib_term(p), _rdflib_term(o)) for s, p, o in result.graph)
        yield from batches(triples, Triples)


def batches(items: Iterable[T], wrap: Callable[[list[T]], Chunk]) -> Iterator[Chunk]:
    """Yield the items in chunks of ``BATCH`` (rows reach the parent while the query runs), then the rest."""
    batch: list[T] = []
    for item in items:
        batch.append(item)
        if len(batch) >= BATCH:
            yield wrap(batch)
            batch = []
    yield wrap(batch)


def _to_rdflib(term: Term) -> Any:
    from rdflib import BNode, Literal, URIRef

    if term.kind == "iri":
        return URIRef(term.value)
    if term.kind == "bnode":
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    return Literal(term.value, datatype=URIRef(term.datatype) if term.datatype else None)


def _from_rdflib(node: Any) -> Term | None:
    return None if node is None else _rdflib_term(node)


def _rdflib_term(node: Any) -> Term:
    from rdflib import BNode, Literal, URIRef

    if isinstance(node, URIRef):
        return Term.iri(str(node))
    if isinstance(node, BNode):
        return Term("bnode", str(node))
    if isinstance(node, Literal):
        datatype = str(node.datatype) if node.datatype is not None else None
        return Term.literal(str(node), datatype, node.language)
    return Term.literal(str(node))
