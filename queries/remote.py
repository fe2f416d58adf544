"""Run checked queries on a SPARQL server over the SPARQL 1.1 Protocol, and talk HTTP to it.

>>> from queries.remote import Endpoint
>>> from queries.runner import run_query
>>> run_query(Endpoint("http://127.0.0.1:7878/query"), "violations_by_day")  # doctest: +SKIP

The server gets what the local engines get, written into the text it can take: the project's prefixes as a
prologue and the parameters in a ``VALUES`` block opening the WHERE group (``params.values_first``). As in
the local store, the default graph must be the union of the named graphs: Virtuoso's is, Oxigraph's server's
is when started with ``--union-default-graph`` (checked once: an empty default graph is an error, not an
empty answer). The graphs are not listed in the protocol's ``default-graph-uri``: with the 1,514 graphs of a
1M build that makes every query slow, and Virtuoso echoes each one in a header. The named queries that
range over graphs keep to the graph's own (``graph:…``), so that the server's other graphs (Virtuoso's
system graphs) change no answer. A query goes by GET, or by form POST when it is long; never as an
``application/sparql-query`` POST, which Virtuoso leaves unanswered.

A server may cut an answer and still say 200: Virtuoso stops at ``ResultSetMaxRows`` (saying so only in an
``X-SPARQL-MaxRows`` header) and answers a query that ran out of time with the rows it had (``X-SQL-State:
S1TAT``); Oxigraph's server ends a cancelled answer with an error in place of the rest of the body. Each is an
IncompleteAnswerError, and so is an answer of exactly as many rows as a known cap: never a complete answer.
"""

from __future__ import annotations

import http.client
import json
import logging
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox

from ontology.errors import CannotFinishError, InputError
from ontology.namespaces import PREFIXES

from .engines import Engine, batches, ox_term
from .params import values_first
from .results import Chunk, Form, Head, Row, Rows, Term, Triples
from .safety import check_query, code_tokens

log = logging.getLogger(__name__)

#: The namespace of the build's named graphs: a server may hold other graphs, which no query sees.
GRAPH_NAMESPACE = PREFIXES["graph"]
#: Row caps servers apply by default without saying so: an answer of exactly this many rows is cut.
KNOWN_ROW_CAPS = {10_000: "Virtuoso's default ResultSetMaxRows"}
#: A query text longer than this goes by form POST (URLs past about 8 KB are refused by some servers).
MAX_GET_LENGTH = 4000
#: How many times a request is tried when the server is unreachable or busy, and the first pause (seconds),
#: doubled each time.
ATTEMPTS = 5
FIRST_PAUSE = 0.5
#: The HTTP statuses that say "try again later"; a 500 is the answer of a server that failed the request
#: (Virtuoso's for a query it cannot compile or a body type it does not take), the same when tried again.
TRANSIENT_STATUSES = frozenset({429, 502, 503, 504})
_SELECT_TYPES = "application/sparql-results+json"
_GRAPH_TYPES = "application/n-triples, text/turtle;q=0.9"
_XSD_BOOLEAN = PREFIXES["xsd"] + "boolean"
#: The canonical form of each lexical form of an xsd:boolean.
_BOOLEANS = {"1": "true", "0": "false"}
_FORMS: dict[str, Form] = {"SELECT": "select", "ASK": "ask", "CONSTRUCT": "graph", "DESCRIBE": "graph"}


class CredentialsRefusedError(InputError):
    """Report a server that refused the credentials given, or asked for some where none were given."""


class IncompleteAnswerError(CannotFinishError):
    """Report an answer the server cut (a row cap, a timeout, an error in mid-answer) yet sent as success."""


class ServerError(CannotFinishError):
    """Report a server that cannot be reached or failed a request; ``status`` is its HTTP status, if any."""

    def __init__(self, message: str, *, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class Credentials:
    """Hold a user name and password for a server (from a password file or ~/.netrc, never a flag)."""

    user: str
    password: str = field(repr=False)


@dataclass(frozen=True)
class Response:
    """Hold a server's answer to one request: status, headers (names lower-cased) and body."""

    status: int
    headers: dict[str, str]
    body: bytes


class Client:
    """Send HTTP requests to one server: digest or basic auth, retries with backoff on transient failures."""

    def __init__(
        self,
        credentials: Credentials | None = None,
        *,
        attempts: int = ATTEMPTS,
        pause: float = FIRST_PAUSE,
        on_retry: Callable[[str], None] | None = None,
    ) -> None:
        self.credentials = credentials
        self.attempts = attempts
        self.pause = pause
        self.on_retry = on_retry or (lambda message: log.warning("%s", message))
        handlers: list[urllib.request.BaseHandler] = []
        if credentials is not None:
            passwords = _OnePassword(credentials)
            handlers += [
                urllib.request.HTTPDigestAuthHandler(passwords),
                _BasicAuth(passwords),
            ]
        self._opener = urllib.request.build_opener(*handlers)

    def request(
        self,
        method: str,
        url: str,
        *,
        body: bytes | memoryview | None = None,
        headers: Mapping[str, str] | None = None,
        timeout: float | None = None,
        ok: Sequence[int] = (),
    ) -> Response:
        """Send one request and return the answer; a status ≥ 400 not in ``ok`` is a ServerError.

        A refused or reset connection, a 429 and a 502–504 are tried again after a pause that doubles each
        time, ``attempts`` times in all; then it is a ServerError saying the server cannot be reached.
        """
        pause = self.pause
        for attempt in range(1, self.attempts + 1):
            request = urllib.request.Request(url, data=body, headers=dict(headers or {}), method=method)
            try:
                with self._opener.open(request, timeout=timeout) as answer:
                    return Response(answer.status, _headers(answer.headers), answer.read())
            except urllib.error.HTTPError as exc:
                response = Response(exc.code, _headers(exc.headers), exc.read())
                if exc.code in ok:
                    return response
                if exc.code not in TRANSIENT_STATUSES or attempt == self.attempts:
                    raise _status_error(method, url, response, self.credentials) from None
                reason = f"HTTP {exc.code}"
                wait = _retry_after(response, pause)
            except (urllib.error.URLError, ConnectionError, http.client.HTTPException) as exc:
                reason = str(getattr(exc, "reason", exc) or type(exc).__name__)
                if not _transient(exc):
                    what = (
                        "a malformed answer from"
                        if isinstance(exc, http.client.HTTPException)
                        else "cannot reach"
                    )
                    raise ServerError(f"{what} {_origin(url)}: {reason}") from None
                if attempt == self.attempts:
                    raise ServerError(
                        f"cannot reach {_origin(url)} ({reason}, tried {self.attempts} times): "
                        "is the server running?"
                    ) from None
                wait = pause
            except TimeoutError:
                raise ServerError(
                    f"{_origin(url)} did not answer within {timeout:g} s", status=None
                ) from None
            self.on_retry(f"{method} {_origin(url)}: {reason}; trying again in {wait:g} s")
            time.sleep(wait)
            pause *= 2
        raise AssertionError("unreachable")


class _OnePassword(urllib.request.HTTPPasswordMgr):
    """Give the one server's credentials for whatever realm and path it asks them for."""

    def __init__(self, credentials: Credentials) -> None:
        super().__init__()
        self.credentials = credentials

    def find_user_password(self, realm: str | None, authuri: str) -> tuple[str, str]:
        """Return the user and password."""
        return self.credentials.user, self.credentials.password


class _BasicAuth(urllib.request.HTTPBasicAuthHandler):
    """Answer a basic challenge, and leave a digest one to the digest handler (urllib's raises instead)."""

    def http_error_401(self, req: Any, fp: Any, code: int, msg: str, headers: Any) -> Any:
        """Answer the challenge when it offers basic auth; otherwise let the next handler answer it."""
        offered = " ".join(headers.get_all("www-authenticate") or []).lower()
        if "basic" not in offered:
            return None
        return super().http_error_401(req, fp, code, msg, headers)


def _headers(message: Any) -> dict[str, str]:
    return {name.lower(): value for name, value in message.items()} if message is not None else {}


def _transient(exc: Exception) -> bool:
    """Tell a connection refused, reset or dropped (worth another try) from an answer that is malformed."""
    reason = getattr(exc, "reason", exc)
    return isinstance(reason, ConnectionError) or isinstance(exc, ConnectionError)


def _retry_after(response: Response, pause: float) -> float:
    try:
        return min(max(float(response.headers.get("retry-after", "")), 0.0), 60.0)
    except ValueError:
        return pause


def _origin(url: str) -> str:
    parts = urllib.parse.urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}{parts.path}"


def _status_error(
    method: str, url: str, response: Response, credentials: Credentials | None
) -> ServerError | CredentialsRefusedError:
    text = response.body.decode("utf-8", "replace").strip()
    detail = " ".join(text.split())[:300]
    where = f"{method} {_origin(url)}"
    if response.status in (401, 403):
        given = (
            f"the credentials of user {credentials.user!r} were refused"
            if credentials is not None
            else "it needs credentials: give --user and --password-file, or put the host in ~/.netrc"
        )
        return CredentialsRefusedError(f"{where}: HTTP {response.status}, {given}")
    return ServerError(f"{where}: HTTP {response.status}: {detail or 'no message'}", status=response.status)


# -- the engine --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Endpoint:
    """Name a SPARQL endpoint to query: its URL, a time limit (seconds) and optional credentials."""

    url: str
    timeout: float | None = 30.0
    credentials: Credentials | None = None


class RemoteEngine(Engine):
    """Run query texts on a SPARQL endpoint, over the build's graphs only."""

    def __init__(self, endpoint: Endpoint, client: Client | None = None) -> None:
        self.endpoint = endpoint
        self.client = client or Client(endpoint.credentials)
        self._checked = False

    def check_dataset(self) -> None:
        """Make sure the server holds the graph and answers over the union of its graphs, as the store does.

        Asked once per engine: a server with none of the graph's named graphs, or one whose default graph is
        not their union (Oxigraph's server unless started with ``--union-default-graph``), would answer
        every query with nothing, which looks like an answer.
        """
        if self._checked:
            return
        namespace = f'FILTER(STRSTARTS(STR(?g), "{GRAPH_NAMESPACE}"))'
        if not ask(self.client, self.endpoint, f"ASK {{ GRAPH ?g {{ ?s ?p ?o }} {namespace} }}"):
            raise InputError(
                f"the server holds none of the graph's named graphs ({GRAPH_NAMESPACE}…): push the graph "
                "first (ceasefire-kg push URL)",
                value=self.endpoint.url,
            )
        if not ask(self.client, self.endpoint, "ASK { ?s ?p ?o }"):
            raise InputError(
                "the server's default graph is empty, not the union of its named graphs, so every query "
                "would answer nothing: start Oxigraph's server with --union-default-graph",
                value=self.endpoint.url,
            )
        self._checked = True

    def _evaluate(self, text: str, bindings: Mapping[str, Term], *, origin: str) -> Iterator[Chunk]:
        bound = values_first(text, bindings, origin=origin)
        check_query(bound, origin=origin)
        self.check_dataset()
        form = query_form(bound)
        response = send_query(self.client, self.endpoint, bound, form=form, origin=origin)
        yield from answer_chunks(response, form, origin=origin)


def query_form(text: str) -> Form:
    """Return the form of a query text: select, ask, or graph (CONSTRUCT, DESCRIBE)."""
    for token in code_tokens(text):
        if token.kind == "word" and token.text.upper() in _FORMS:
            return _FORMS[token.text.upper()]
    raise InputError("not a query: no SELECT, ASK, CONSTRUCT or DESCRIBE")


def send_query(
    client: Client,
    endpoint: Endpoint,
    text: str,
    *,
    form: str,
    origin: str = "internal query",
) -> Response:
    """Send a query (prologue of the project's prefixes first) and return the server's answer.

    A query the server refuses (HTTP 400) is an InputError with the server's message; an unreachable server,
    a failed request or one past the time limit is a ServerError.
    """
    prologue = " ".join(f"PREFIX {name}: <{iri}>" for name, iri in PREFIXES.items())
    # On the first line, so that the lines of the query keep their numbers in the server's messages.
    fields = [("query", f"{prologue} {text}")]
    if endpoint.timeout is not None:
        fields.append(("timeout", str(int(endpoint.timeout * 1000))))  # Virtuoso's limit, in milliseconds
    encoded = urllib.parse.urlencode(fields)
    accept = _GRAPH_TYPES if form == "graph" else _SELECT_TYPES
    wait = None if endpoint.timeout is None else endpoint.timeout + 10
    headers = {"Accept": accept}
    try:
        if len(encoded) <= MAX_GET_LENGTH:
            separator = "&" if "?" in endpoint.url else "?"
            return client.request("GET", f"{endpoint.url}{separator}{encoded}", headers=headers, timeout=wait)
        headers["Content-Type"] = "application/x-www-form-urlencoded"
        return client.request("POST", endpoint.url, body=encoded.encode(), headers=headers, timeout=wait)
    except ServerError as exc:
        if exc.status == 400 or (exc.status == 500 and "SPARQL" in str(exc)):
            message = str(exc).split(": HTTP ", 1)[-1]
            raise InputError(f"the server refused the query: HTTP {message}", file=origin) from None
        raise


def select(client: Client, endpoint: Endpoint, text: str) -> list[Row]:
    """Return every row of an internal SELECT query, sent as it is, checked for completeness."""
    response = send_query(client, endpoint, text, form="select")
    rows: list[Row] = []
    for chunk in answer_chunks(response, "select", origin="internal query"):
        if isinstance(chunk, Rows):
            rows.extend(chunk.rows)
    return rows


def ask(client: Client, endpoint: Endpoint, text: str) -> bool:
    """Return the answer of an internal ASK query, sent as it is."""
    response = send_query(client, endpoint, text, form="ask")
    return any(chunk is True for chunk in answer_chunks(response, "ask", origin="internal query"))


def answer_chunks(response: Response, form: str, *, origin: str) -> Iterator[Chunk]:
    """Turn a server's answer into the engine-neutral chunks, refusing an answer the server cut."""
    _refuse_incomplete(response.headers)
    if form == "graph":
        yield Head("graph")
        yield from batches(_triples(response), Triples)
        return
    try:
        document = json.loads(response.body)
    except ValueError:
        tail = response.body[-300:].decode("utf-8", "replace").strip()
        raise IncompleteAnswerError(
            f"{origin}: the server's answer breaks off (the server may have stopped the query): {tail}"
        ) from None
    if "boolean" in document:
        yield Head("ask")
        yield bool(document["boolean"])
        return
    variables = tuple(document.get("head", {}).get("vars", []))
    bindings = document.get("results", {}).get("bindings", [])
    cap = KNOWN_ROW_CAPS.get(len(bindings))
    if cap is not None:
        raise IncompleteAnswerError(
            f"{origin}: the server sent exactly {len(bindings):,} rows, {cap}: the answer is probably cut "
            "(raise the cap on the server, or narrow the query)"
        )
    yield Head("select", variables)
    rows = (tuple(_json_term(binding.get(name)) for name in variables) for binding in bindings)
    yield from batches(rows, Rows)


def _refuse_incomplete(headers: Mapping[str, str]) -> None:
    cap = headers.get("x-sparql-maxrows")
    if cap is not None:
        raise IncompleteAnswerError(
            f"the server cut the answer at {cap} rows (X-SPARQL-MaxRows; Virtuoso's ResultSetMaxRows): "
            "the answer is incomplete, so nothing was printed"
        )
    state = headers.get("x-sql-state", "")
    if state:
        message = " ".join(headers.get("x-sql-message", "").split())[:200]
        what = "ran out of time" if state == "S1TAT" else f"stopped (X-SQL-State {state})"
        raise IncompleteAnswerError(
            f"the query {what} on the server, which sent the rows it had: the answer is incomplete, so "
            f"nothing was printed ({message})"
        )


def _json_term(value: Mapping[str, str] | None) -> Term | None:
    if value is None:
        return None
    kind = value.get("type")
    if kind == "uri":
        return Term.iri(value["value"])
    if kind == "bnode":
        return Term("bnode", value["value"])
    # "typed-literal" is SPARQL 1.0's name, which Virtuoso still sends; it writes a boolean as 1 or 0.
    datatype = value.get("datatype")
    text = _BOOLEANS.get(value["value"], value["value"]) if datatype == _XSD_BOOLEAN else value["value"]
    return Term.literal(text, datatype, value.get("xml:lang"))


def _triples(response: Response) -> Iterator[tuple[Term, Term, Term]]:
    kind = response.headers.get("content-type", "").split(";")[0].strip()
    fmt = ox.RdfFormat.N_TRIPLES if kind in ("application/n-triples", "text/plain") else ox.RdfFormat.TURTLE
    try:
        for triple in ox.parse(response.body, format=fmt):
            yield ox_term(triple.subject), ox_term(triple.predicate), ox_term(triple.object)
    except SyntaxError as exc:
        raise IncompleteAnswerError(f"the server's graph answer breaks off or is not {fmt}: {exc}") from None


__all__ = ["Client", "Credentials", "Endpoint", "IncompleteAnswerError", "RemoteEngine", "ServerError"]
