"""Serve the graph over HTTP: the SPARQL endpoint, the named queries, the query page and the graph page.

Routes (``ROUTES``): ``/sparql`` (the SPARQL 1.1 Protocol, read-only), ``/queries`` (the catalog of named
queries as JSON), ``/queries/NAME?param=…`` (one named query, its parameters bound and checked as the CLI
checks them), ``/`` (the query page) and ``/graph`` (the build's graph page). Each request is read in a
thread of the server; each query is run in a worker process of the pool (``workers``), which writes its
answer to the client itself, after which the connection comes back to the thread for the next request.
One access-log line per request goes to the logger ``graph_builder.endpoint.access``.
"""

from __future__ import annotations

import functools
import ipaddress
import json
import logging
import socket
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Final
from urllib.parse import unquote, urlsplit

from ontology import resources
from ontology.errors import InputError
from queries import catalog
from queries.params import parse_assignments
from queries.runner import PreparedQuery, prepare

from ..failures import describe_unexpected, report_hint
from ..workspace import Workspace
from .protocol import MAX_BODY_BYTES, HttpError, named_parameters, negotiate, response_head, sparql_request
from .workers import Access, AnswerCut, Job, Pool, PoolBusy, QueryTimedOut, Reply, Sent

log = logging.getLogger(__name__)
#: Seconds a connection may stay silent (between requests, or while sending one) before it is closed.
IDLE_SECONDS: Final = 30.0
#: What the query page may load: its own inline script and style, and requests to this server only.
_PAGE_POLICY: Final = (
    "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'; "
    "img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)


@dataclass(frozen=True)
class Response:
    """Hold a whole response: status, content type, body and any other headers."""

    status: int
    content_type: str
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)

    @classmethod
    def text(cls, status: int, message: str) -> Response:
        """Return a plain-text response (an error's reason)."""
        return cls(status, "text/plain; charset=utf-8", (message + "\n").encode("utf-8"))

    @classmethod
    def of(cls, reply: Reply) -> Response:
        """Return the response of a worker's reply."""
        return cls(reply.status, reply.content_type, reply.body)


@dataclass(frozen=True)
class Request:
    """Hold what a route needs of a request: method, path, query string, headers that matter, body.

    ``client`` is the connection it came on, where a query's worker writes the answer; ``close`` says that
    the connection ends after it; ``access`` is what its access-log line says of it.
    """

    method: str
    path: str
    query_string: str
    content_type: str | None
    accept: str | None
    body: bytes
    client: socket.socket
    close: bool
    access: Access


class Endpoint:
    """Answer the endpoint's routes from an output folder, with a pool of query workers.

    Make it before starting any thread: the pool forks.
    """

    def __init__(
        self, folder: Path, *, workers: int, max_queries: int, timeout: float, inherited: Sequence[int] = ()
    ) -> None:
        """Start the workers; ``inherited`` are descriptors (the listening socket) they must not keep."""
        self.workspace = Workspace(folder)
        self.pool = Pool(
            folder, workers=workers, max_queries=max_queries, timeout=timeout, inherited=inherited
        )

    def respond(self, request: Request) -> Response | Sent:
        """Answer one request, or say what a worker answered on its connection.

        Every refusal is a response with its status and reason, never an exception.
        """
        route = ROUTES.get(request.path)
        if route is None and request.path.startswith(NAMED_PREFIX):
            route = Endpoint.named
        if route is None:
            return Response.text(404, f"no such page: {request.path} (try /, /sparql, /queries or /graph)")
        allowed = ("GET", "POST") if route is Endpoint.sparql else ("GET",)
        if request.method not in allowed:
            message = f"{request.path} takes {' or '.join(allowed)}, not {request.method}\n"
            return Response(405, "text/plain; charset=utf-8", message.encode(), {"Allow": ", ".join(allowed)})
        try:
            return route(self, request)
        except HttpError as exc:
            return Response.text(exc.status, exc.message)
        except PoolBusy as exc:
            return Response(503, "text/plain; charset=utf-8", f"{exc}\n".encode(), {"Retry-After": "1"})
        except QueryTimedOut as exc:
            return Response.text(504, str(exc))

    def sparql(self, request: Request) -> Response | Sent:
        """Run a SPARQL 1.1 Protocol query (the text is checked by the guard before any worker sees it)."""
        if request.method == "GET" and not request.query_string and "text/html" in (request.accept or ""):
            return Response(303, "text/plain; charset=utf-8", b"see /\n", {"Location": "/"})
        read = sparql_request(
            request.method,
            request.query_string,
            content_type=request.content_type,
            body=request.body,
            accept=request.accept,
        )
        prepared = _prepared(read.text)
        return self._run(
            Job(prepared.query, prepared.bindings, read.formats, request.close, request.access), request
        )

    def catalog(self, request: Request) -> Response:
        """List the named queries, their parameters and examples, as JSON."""
        listing = [
            {
                "name": query.name,
                "description": query.description,
                "url": NAMED_PREFIX + query.name,
                "parameters": [
                    {
                        "name": parameter.name,
                        "type": parameter.type,
                        "description": parameter.description,
                        "optional": parameter.optional,
                        "example": query.example.get(parameter.name),
                    }
                    for parameter in query.parameters
                ],
                "text": query.text,
            }
            for query in catalog.named_queries_loaded()
        ]
        body = json.dumps({"queries": listing}, ensure_ascii=False, indent=1).encode("utf-8")
        return Response(200, "application/json; charset=utf-8", body)

    def named(self, request: Request) -> Response | Sent:
        """Run a named query with the parameters of the query string, typed and checked as on the CLI."""
        name = unquote(request.path.removeprefix(NAMED_PREFIX))
        assignments, format = named_parameters(request.query_string)
        formats = negotiate(request.accept, format)
        try:
            query = catalog.load_named(name)
        except catalog.UnknownQueryError as exc:
            raise HttpError(404, f"{exc} (/queries lists them all)") from None
        try:
            prepared = prepare(query, params=parse_assignments(assignments))
        except InputError as exc:
            raise HttpError(400, str(exc)) from None
        return self._run(
            Job(prepared.query, prepared.bindings, formats, request.close, request.access), request
        )

    def _run(self, job: Job, request: Request) -> Response | Sent:
        outcome = self.pool.run(job, request.client)
        return Response.of(outcome) if isinstance(outcome, Reply) else outcome

    def query_page(self, request: Request) -> Response:
        """Return the query page: a form that runs a query here and shows its answer, loading nothing else."""
        body = resources.query_page_text().encode("utf-8")
        return Response(200, "text/html; charset=utf-8", body, {"Content-Security-Policy": _PAGE_POLICY})

    def graph_page(self, request: Request) -> Response:
        """Return the interactive page of the current build (graph.html)."""
        try:
            body = self.workspace.graph_html.read_bytes()
        except OSError:
            return Response.text(404, "this build has no graph page (graph.html): run `ceasefire-kg viz`")
        return Response(200, "text/html; charset=utf-8", body)

    def close(self) -> None:
        """Stop the query workers."""
        self.pool.close()


@functools.lru_cache(maxsize=256)
def _prepared(text: str) -> PreparedQuery:
    """Check a query text and read its header, once for each text that comes again and again."""
    try:
        return prepare(catalog.from_text(text, origin="query"))
    except InputError as exc:
        raise HttpError(400, str(exc)) from None


#: The pages the endpoint serves, by path; ``NAMED_PREFIX`` + a name runs a named query.
ROUTES: Final[dict[str, Callable[[Endpoint, Request], Response | Sent]]] = {
    "/": Endpoint.query_page,
    "/sparql": Endpoint.sparql,
    "/queries": Endpoint.catalog,
    "/graph": Endpoint.graph_page,
}
NAMED_PREFIX: Final = "/queries/"


class _Handler(BaseHTTPRequestHandler):
    """Read each request whole, let the endpoint (or a worker) answer it whole, log one line."""

    protocol_version = "HTTP/1.1"
    server_version = "ceasefire-kg"
    timeout = IDLE_SECONDS
    # Headers and body leave in one write (flushed after each request): sent apart, the body waited for
    # the client's delayed acknowledgement of the headers, about 40 ms a request.
    wbufsize = 1 << 16
    server: Server

    def setup(self) -> None:
        super().setup()
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def do_GET(self) -> None:
        self._handle()

    def do_POST(self) -> None:
        self._handle()

    def _handle(self) -> None:
        started = time.perf_counter()
        try:
            request = self._read(started)
        except HttpError as exc:
            self.close_connection = True  # the body was left unread: the connection cannot carry on
            response: Response | Sent = Response.text(exc.status, exc.message)
        else:
            try:
                response = self.server.endpoint.respond(request)
            except AnswerCut as exc:  # its line is logged: the worker logs before it writes
                self.close_connection = True  # the client has part of an answer: only the end tells it so
                log.warning("%s: %s", self.client_address[0], exc)
                return
            except Exception as exc:  # a defect: the client hears so, the server goes on
                response = Response.text(500, f"internal error: {describe_unexpected(exc)}; {report_hint()}")
        if isinstance(response, Sent):  # a worker logged and wrote the answer
            self.close_connection |= not response.delivered
            return
        # Logged before it is sent, so that a client that has its answer finds the line written.
        self._log(response.status, len(response.body), started)
        self._send(response)

    def _read(self, started: float) -> Request:
        host = self.headers.get("Host")
        if self.server.loopback and host is not None and _host_name(host) not in LOOPBACK_NAMES:
            # A page elsewhere whose name was made to resolve to 127.0.0.1 (DNS rebinding) sends its own name.
            raise HttpError(403, f"this endpoint answers for 127.0.0.1 or localhost, not {host}")
        url = urlsplit(self.path)
        length_header = self.headers.get("Content-Length")
        body = b""
        if self.command == "POST":
            if length_header is None:
                raise HttpError(411, "a POST needs a Content-Length")
            try:
                length = int(length_header)
            except ValueError:
                raise HttpError(400, f"Content-Length is not a number: {length_header!r}") from None
            if length > MAX_BODY_BYTES:
                raise HttpError(413, f"the body is {length:,} bytes; at most {MAX_BODY_BYTES:,} are taken")
            body = self.rfile.read(length)
        return Request(
            self.command,
            url.path,
            url.query,
            self.headers.get("Content-Type"),
            self.headers.get("Accept"),
            body,
            self.connection,
            self.close_connection,
            Access(self.client_address[0], self.requestline, started),
        )

    def _send(self, response: Response) -> None:
        head = response_head(
            response.status,
            response.content_type,
            len(response.body),
            response.headers,
            close=self.close_connection,
        )
        self.wfile.write(head + response.body)

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        # http.server's own refusals (a request line over 64 KiB: 414, a malformed request: 400), as text.
        started = time.perf_counter()
        self.close_connection = True
        reason = message or HTTPStatus(code).phrase
        response = Response.text(code, reason)
        self._log(code, len(response.body), started)
        self._send(response)

    def _log(self, status: int, size: int, started: float) -> None:
        Access(self.client_address[0], self.requestline, started).log(status, size)

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        """Log nothing here: each request's line is written once its answer is sent."""

    def log_message(self, format: str, *args: object) -> None:
        """Log nothing here (see ``_log``)."""


class Server(ThreadingHTTPServer):
    """Listen for the endpoint's requests, one thread per connection; ``endpoint`` answers them."""

    daemon_threads = True
    endpoint: Endpoint

    def __init__(self, host: str, port: int) -> None:
        super().__init__((host, port), _Handler)
        self.loopback = is_loopback(host)

    def handle_error(self, request: object, client_address: object) -> None:
        """Log one line, not a traceback, when a connection fails (a client that left before its answer)."""
        error = sys.exc_info()[1]
        if isinstance(error, ConnectionError | TimeoutError):
            return  # the client went away or fell silent: nobody to answer
        log.error("error while answering %s: %s", client_address, describe_unexpected(error or Exception()))

    @property
    def url(self) -> str:
        """Return the server's base URL, with the port it really listens on."""
        host, port = self.server_address[:2]
        name = host.decode() if isinstance(host, bytes) else host
        shown = f"[{name}]" if ":" in name else name
        return f"http://{shown}:{port}/"


#: The names a request to a loopback endpoint may give in its Host header.
LOOPBACK_NAMES: Final = frozenset({"127.0.0.1", "localhost", "::1"})


def is_loopback(host: str) -> bool:
    """Say whether an address to listen on is this machine's loopback (no one else reaches it)."""
    try:
        return host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _host_name(header: str) -> str:
    """Return the name of a Host header without its port (``[::1]:7878`` gives ``::1``)."""
    if header.startswith("["):
        return header[1:].split("]", 1)[0]
    return header.rsplit(":", 1)[0] if header.count(":") == 1 else header


def serve(
    folder: Path,
    *,
    host: str,
    port: int,
    timeout: float,
    workers: int,
    max_queries: int,
    ready: Callable[[str], None],
) -> None:
    """Serve the output folder until the process is stopped; call ``ready`` with the URL once it listens.

    The socket is bound first (an address in use fails before any worker starts), then the workers are
    started, before any thread; they and their forker are killed on the way out.
    """
    with Server(host, port) as server:
        server.endpoint = Endpoint(
            folder, workers=workers, max_queries=max_queries, timeout=timeout, inherited=[server.fileno()]
        )
        try:
            ready(server.url)
            server.serve_forever()
        finally:
            server.endpoint.close()
