"""Read SPARQL 1.1 Protocol requests, choose the format of answers, write their heads; no I/O, no engine.

A query comes by GET (``?query=…``), by a form POST (``query=…`` in an ``application/x-www-form-urlencoded``
body) or as the body of an ``application/sparql-query`` POST. What the protocol would use to load other
graphs (``default-graph-uri``, ``named-graph-uri``) and updates are refused, as the guard refuses FROM and
INSERT in the text. The answer's format is chosen from the ``Accept`` header (q-values and wildcards), or
by a ``format`` parameter (a name of ``ANSWER_FORMATS`` or a media type), which wins over the header.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import IO, Final, Literal
from urllib.parse import parse_qsl

import pyoxigraph as ox

from graph_builder.store import TURTLE_PREFIXES
from queries.engines import OxigraphResult

#: The longest query text taken, in characters; a longer one is refused with 413 (POST) or 414 (GET).
MAX_QUERY_LENGTH: Final = 64 * 1024
#: The largest request body read, in bytes (a form-encoded query may be three times its text); larger: 413.
MAX_BODY_BYTES: Final = 256 * 1024
#: The parameter that names the answer's format (``format=csv``), on /sparql and on the named queries.
FORMAT_PARAMETER: Final = "format"
FORM: Final = "application/x-www-form-urlencoded"
SPARQL_QUERY: Final = "application/sparql-query"
SPARQL_UPDATE: Final = "application/sparql-update"

#: What an answer holds: solutions or a boolean (SELECT, ASK), or triples (CONSTRUCT, DESCRIBE).
AnswerKind = Literal["results", "graph"]


class HttpError(Exception):
    """Report a request the endpoint refuses, with the HTTP status and the reason for the client."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


#: Write Oxigraph's answer to a binary stream in one format (its serializers, in Rust).
Writer = Callable[[OxigraphResult, IO[bytes]], None]


def _results(format: ox.QueryResultsFormat) -> Writer:
    def write(result: OxigraphResult, out: IO[bytes]) -> None:
        assert isinstance(result, ox.QuerySolutions | ox.QueryBoolean)
        result.serialize(out, format=format)

    return write


def _graph(format: ox.RdfFormat, *, prefixes: bool) -> Writer:
    def write(result: OxigraphResult, out: IO[bytes]) -> None:
        assert isinstance(result, ox.QueryTriples)
        ox.serialize(result, out, format=format, prefixes=TURTLE_PREFIXES if prefixes else None)

    return write


@dataclass(frozen=True)
class AnswerFormat:
    """Describe one format of answers: its name, media type (and others it answers to), kind and writer."""

    name: str
    media_type: str
    kind: AnswerKind
    description: str
    write: Writer
    aliases: tuple[str, ...] = ()

    @property
    def content_type(self) -> str:
        """Return the Content-Type header of an answer in this format."""
        return f"{self.media_type}; charset=utf-8"


#: The formats of answers by name, the default of each kind first.
ANSWER_FORMATS: Final = {
    f.name: f
    for f in (
        AnswerFormat(
            "json",
            "application/sparql-results+json",
            "results",
            "SPARQL 1.1 results JSON",
            _results(ox.QueryResultsFormat.JSON),
            ("application/json",),
        ),
        AnswerFormat(
            "xml",
            "application/sparql-results+xml",
            "results",
            "SPARQL results XML",
            _results(ox.QueryResultsFormat.XML),
            ("application/xml",),
        ),
        AnswerFormat("csv", "text/csv", "results", "SPARQL results CSV", _results(ox.QueryResultsFormat.CSV)),
        AnswerFormat(
            "tsv",
            "text/tab-separated-values",
            "results",
            "SPARQL results TSV",
            _results(ox.QueryResultsFormat.TSV),
        ),
        AnswerFormat(
            "turtle",
            "text/turtle",
            "graph",
            "Turtle with the project's prefixes",
            _graph(ox.RdfFormat.TURTLE, prefixes=True),
            ("application/turtle", "application/x-turtle"),
        ),
        AnswerFormat(
            "nt",
            "application/n-triples",
            "graph",
            "N-Triples",
            _graph(ox.RdfFormat.N_TRIPLES, prefixes=False),
        ),
        AnswerFormat(
            "jsonld",
            "application/ld+json",
            "graph",
            "JSON-LD (expanded)",
            _graph(ox.RdfFormat.JSON_LD, prefixes=False),
        ),
        AnswerFormat(
            "rdfxml", "application/rdf+xml", "graph", "RDF/XML", _graph(ox.RdfFormat.RDF_XML, prefixes=True)
        ),
    )
}


@dataclass(frozen=True)
class Negotiated:
    """Name the format chosen for each kind of answer; None where the client accepts none of that kind."""

    results: str | None
    graph: str | None

    def for_kind(self, kind: AnswerKind) -> AnswerFormat:
        """Return the format for an answer of ``kind``, or raise 406 naming what the endpoint can give."""
        chosen = self.results if kind == "results" else self.graph
        if chosen is None:
            offered = ", ".join(f.media_type for f in ANSWER_FORMATS.values() if f.kind == kind)
            what = "solutions (SELECT, ASK)" if kind == "results" else "triples (CONSTRUCT, DESCRIBE)"
            raise HttpError(406, f"the answer is {what}, which the request does not accept: one of {offered}")
        return ANSWER_FORMATS[chosen]


def negotiate(accept: str | None, format: str | None) -> Negotiated:
    """Choose the format of each kind of answer from a ``format`` parameter, else the Accept header.

    No header, or ``*/*``, gives JSON results and Turtle. An unknown ``format`` is a 400, and an Accept
    header that takes neither kind a 406, before any query runs.
    """
    if format is not None:
        chosen = _by_name(format)
        return Negotiated(
            chosen.name if chosen.kind == "results" else None, chosen.name if chosen.kind == "graph" else None
        )
    ranges = _media_ranges(accept or "*/*")
    negotiated = Negotiated(_best(ranges, "results"), _best(ranges, "graph"))
    if negotiated.results is None and negotiated.graph is None:
        offered = ", ".join(f.media_type for f in ANSWER_FORMATS.values())
        raise HttpError(406, f"no answer format matches Accept: {accept}; the endpoint gives {offered}")
    return negotiated


def _by_name(format: str) -> AnswerFormat:
    wanted = format.strip().lower()
    for candidate in ANSWER_FORMATS.values():
        if wanted in (candidate.name, candidate.media_type, *candidate.aliases):
            return candidate
    names = ", ".join(ANSWER_FORMATS)
    raise HttpError(400, f"unknown format {format!r}: one of {names} (or their media types)")


def _media_ranges(accept: str) -> list[tuple[str, float]]:
    """Return the media ranges of an Accept header with their q-values (1 when not given)."""
    ranges = []
    for part in accept.split(","):
        media, *parameters = (piece.strip() for piece in part.split(";"))
        if not media:
            continue
        quality = 1.0
        for parameter in parameters:
            key, _, value = parameter.partition("=")
            if key.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        ranges.append((media.lower(), quality))
    return ranges


def _quality(ranges: Sequence[tuple[str, float]], media_types: Sequence[str]) -> float:
    """Return the q-value of the most specific range matching any of the media types (0 when none does)."""
    best: tuple[int, float] = (-1, 0.0)
    for media, quality in ranges:
        for candidate in media_types:
            kind = candidate.split("/")[0]
            specificity = {candidate: 2, f"{kind}/*": 1, "*/*": 0}.get(media, -1)
            if specificity > best[0]:
                best = (specificity, quality)
    return best[1]


def _best(ranges: Sequence[tuple[str, float]], kind: AnswerKind) -> str | None:
    candidates = [f for f in ANSWER_FORMATS.values() if f.kind == kind]
    scored = [(_quality(ranges, (f.media_type, *f.aliases)), -index, f) for index, f in enumerate(candidates)]
    quality, _, chosen = max(scored, key=lambda item: item[:2])
    return chosen.name if quality > 0 else None


@dataclass(frozen=True)
class QueryRequest:
    """Hold a query read from a request: its text, and how its answer is to be written."""

    text: str
    formats: Negotiated


def sparql_request(
    method: str, query_string: str, *, content_type: str | None, body: bytes, accept: str | None
) -> QueryRequest:
    """Read a SPARQL 1.1 Protocol query request (GET or POST) or raise HttpError saying what is wrong."""
    parameters = _parameters(query_string)
    media = (content_type or "").split(";")[0].strip().lower()
    if method == "POST" and media == FORM:
        parameters = {**parameters, **_parameters(_text(body, "the form"))}
    elif method == "POST" and media == SPARQL_UPDATE:
        raise HttpError(400, "updates are refused: this endpoint is read-only")
    elif method == "POST" and media == SPARQL_QUERY:
        if "query" in parameters:
            raise HttpError(400, "give the query once: as the body or as the query parameter, not both")
        parameters = {**parameters, "query": [_text(body, "the query")]}
    elif method == "POST":
        given = content_type or "no Content-Type"
        raise HttpError(415, f"a query is posted as {SPARQL_QUERY} or {FORM}, not {given}")
    if "update" in parameters:
        raise HttpError(400, "updates are refused: this endpoint is read-only")
    for name in ("default-graph-uri", "named-graph-uri"):
        if name in parameters:
            raise HttpError(
                400,
                f"{name} is not allowed: the default graph is the union of the store's graphs, "
                "and no graph is loaded from elsewhere",
            )
    texts = parameters.get("query", [])
    if len(texts) != 1:
        raise HttpError(400, "give one query parameter (or post the query as application/sparql-query)")
    text = texts[0]
    if len(text) > MAX_QUERY_LENGTH:
        raise HttpError(
            414 if method == "GET" else 413,
            f"the query is {len(text):,} characters long; at most {MAX_QUERY_LENGTH:,} are taken",
        )
    return QueryRequest(text, negotiate(accept, _one(parameters, FORMAT_PARAMETER)))


def _parameters(text: str) -> dict[str, list[str]]:
    """Read URL-encoded parameters, keeping each name's values in order."""
    parameters: dict[str, list[str]] = {}
    try:
        pairs = parse_qsl(text, keep_blank_values=True, strict_parsing=False, errors="strict")
    except UnicodeDecodeError:
        raise HttpError(400, "the parameters are not UTF-8 text") from None
    for name, value in pairs:
        parameters.setdefault(name, []).append(value)
    return parameters


def _one(parameters: Mapping[str, list[str]], name: str) -> str | None:
    values = parameters.get(name, [])
    if len(values) > 1:
        raise HttpError(400, f"parameter {name} is given twice")
    return values[0] if values else None


def _text(body: bytes, what: str) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise HttpError(400, f"{what} is not UTF-8 text (byte {exc.start})") from None


def named_parameters(query_string: str) -> tuple[list[str], str | None]:
    """Return a named query's parameters as ``NAME=VALUE`` texts (as the CLI takes them) and the format."""
    assignments: list[str] = []
    format: str | None = None
    for name, values in _parameters(query_string).items():
        if name == FORMAT_PARAMETER:
            format = _one({name: values}, name)
            continue
        assignments.extend(f"{name}={value}" for value in values)
    return assignments, format


def response_head(
    status: int, content_type: str, length: int, headers: Mapping[str, str] = {}, *, close: bool = False
) -> bytes:
    """Return the status line and headers of a whole answer (the server's and the workers' alike)."""
    from email.utils import formatdate
    from http import HTTPStatus

    lines = [
        f"HTTP/1.1 {status} {HTTPStatus(status).phrase}",
        "Server: ceasefire-kg",
        f"Date: {formatdate(usegmt=True)}",
        f"Content-Type: {content_type}",
        f"Content-Length: {length}",
        "X-Content-Type-Options: nosniff",
        *(f"{name}: {value}" for name, value in headers.items()),
    ]
    if close:
        lines.append("Connection: close")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")
