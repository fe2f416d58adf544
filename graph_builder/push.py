"""Send the built graph to a SPARQL server's store, one named graph at a time, and check what arrived.

Every named graph of the build (the sources' graphs, the shared entities, the ontology) goes by one Graph
Store Protocol ``PUT ?graph=G`` with an N-Triples body: a PUT replaces the graph, so a second push leaves the
server as the first did (blank nodes included), and every server measured takes it (Oxigraph's server at
``/store``, Virtuoso at ``/sparql-graph-crud-auth`` with digest auth). With ``dataset_post`` the whole build
goes as one N-Quads POST instead, for a server that takes a dataset (Oxigraph's ``/store``, fastest with
``?no_transaction``); the build's graphs on the server are deleted first, since a POST adds to a graph.

A server may answer 200 and load nothing (Virtuoso, given a body type it does not take): the push ends by
counting the triples of each graph on the server and comparing them with the build's. ``replace`` also
deletes the server's graphs in the project's graph namespace that the build no longer has; a graph outside
that namespace (Virtuoso's own, anyone else's) is never touched.
"""

from __future__ import annotations

import logging
import mmap
import netrc
import tempfile
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from ontology.errors import CheckFailedError, InputError
from queries.remote import GRAPH_NAMESPACE, Client, Credentials, Endpoint, select

from .progress import NoProgress, Progress

log = logging.getLogger(__name__)

#: How long one request may take (seconds): a large graph's PUT is one request.
REQUEST_TIMEOUT = 600.0
#: The Graph Store next to a known SPARQL endpoint path, for servers whose layout is known.
_GRAPH_STORES = {"/query": "/store", "/sparql": "/sparql-graph-crud-auth"}
#: Counts the triples of each of the build's graphs on a server.
_COUNTS = (
    "SELECT ?g (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} "
    'FILTER(STRSTARTS(STR(?g), "{namespace}")) }} GROUP BY ?g'
)


@dataclass(frozen=True)
class GraphCount:
    """Hold the triples of one named graph in the build and on the server."""

    graph: str
    local: int
    remote: int


@dataclass(frozen=True)
class PushSummary:
    """Say what a push did: graphs and triples sent, graphs deleted, how, and how long it took."""

    graphs: int
    triples: int
    method: str
    seconds: float
    deleted: list[str] = field(default_factory=list)
    counts: list[GraphCount] = field(default_factory=list)


def graph_store_url(endpoint: str) -> str:
    """Return the Graph Store URL beside a SPARQL endpoint whose layout is known, or raise InputError."""
    parts = urllib.parse.urlsplit(endpoint)
    for query_path, store_path in _GRAPH_STORES.items():
        if parts.path.endswith(query_path):
            path = parts.path[: -len(query_path)] + store_path
            return urllib.parse.urlunsplit((parts.scheme, parts.netloc, path, "", ""))
    raise InputError(
        "cannot tell where the server's Graph Store is: give its URL as the graph store "
        "(Oxigraph: …/store; Virtuoso: …/sparql-graph-crud-auth)",
        value=endpoint,
    )


def read_credentials(user: str | None, password_file: Path | None, url: str) -> Credentials | None:
    """Return the credentials for a server: a user with the first line of a password file, or ~/.netrc's.

    Without a user, ``~/.netrc`` is read for the URL's host (no entry: no credentials).
    """
    if password_file is not None and user is None:
        raise InputError("a password file needs the user it belongs to", file=str(password_file))
    if user is not None:
        if password_file is None:
            raise InputError(
                f"user {user!r} needs a password file (a password is never given on the command line)"
            )
        try:
            lines = password_file.read_text(encoding="utf-8").splitlines()
        except OSError as exc:
            raise InputError(
                f"cannot read the password file: {exc.strerror}", file=str(password_file)
            ) from None
        if not lines or not lines[0]:
            raise InputError(
                "the password file is empty (the password is its first line)", file=str(password_file)
            )
        return Credentials(user, lines[0])
    host = urllib.parse.urlsplit(url).hostname or ""
    try:
        entry = netrc.netrc().authenticators(host)
    except FileNotFoundError:
        return None
    except (netrc.NetrcParseError, OSError) as exc:
        raise InputError(f"cannot read ~/.netrc: {exc}") from None
    if entry is None or not entry[0]:
        return None
    return Credentials(entry[0], entry[2] or "")


def local_counts(store: ox.Store) -> dict[str, int]:
    """Return the triples of each named graph of the store, by graph IRI."""
    counts: dict[str, int] = {}
    for graph in store.named_graphs():
        if isinstance(graph, ox.NamedNode):
            counts[graph.value] = sum(1 for _ in store.quads_for_pattern(None, None, None, graph))
    return counts


def remote_counts(client: Client, endpoint: Endpoint) -> dict[str, int]:
    """Return the triples of each of the build's graphs on the server (the project's graph namespace)."""
    rows = select(client, endpoint, _COUNTS.format(namespace=GRAPH_NAMESPACE))
    counts: dict[str, int] = {}
    for graph, number in rows:
        if graph is not None and number is not None:
            counts[graph.value] = int(number.value)
    return counts


def push(
    store: ox.Store,
    endpoint: str,
    *,
    graph_store: str | None = None,
    credentials: Credentials | None = None,
    replace: bool = False,
    dataset_post: bool = False,
    progress: Progress | None = None,
    client: Client | None = None,
) -> PushSummary:
    """Send every named graph of the store to the server, then check the server's count of each graph.

    ``endpoint`` is the server's SPARQL query URL (for the counts and the list of its graphs);
    ``graph_store`` its Graph Store URL (default: the one beside a known endpoint). Raises CheckFailedError
    when a graph's count on the server differs from the build's, CredentialsRefusedError (bad input) for
    refused or missing credentials, ServerError (cannot finish) when the server cannot be reached or fails
    a request.
    """
    started = time.perf_counter()
    progress = progress or NoProgress()
    client = client or Client(credentials)
    query = Endpoint(endpoint, timeout=REQUEST_TIMEOUT, credentials=credentials)
    target = graph_store or graph_store_url(endpoint)
    counts = local_counts(store)
    if not counts:
        raise InputError("the build has no named graph to push (build the graph first)")
    before = remote_counts(client, query)
    if dataset_post:
        _post_dataset(store, client, target, [g for g in before if g in counts], progress)
    else:
        task = progress.start(f"pushing {len(counts):,} graphs", len(counts))
        for graph in sorted(counts):
            _put_graph(store, client, target, graph)
            progress.advance(task)
        progress.finish(task)
    deleted: list[str] = []
    if replace:
        deleted = sorted(g for g in before if g not in counts and g.startswith(GRAPH_NAMESPACE))
        for graph in deleted:
            _request_graph(client, "DELETE", target, graph, ok=(404,))
    after = remote_counts(client, query)
    compared = [GraphCount(g, counts[g], after.get(g, 0)) for g in sorted(counts)]
    problems = [f"{c.graph}: {c.local:,} triples in the build, {c.remote:,} on the server" for c in compared]
    problems = [p for p, c in zip(problems, compared, strict=True) if c.local != c.remote]
    problems += [f"{g}: still on the server" for g in deleted if g in after]
    if problems:
        raise CheckFailedError(
            f"the server does not hold what was pushed ({len(problems)} graph(s) differ); it may have "
            "answered a request with success and loaded nothing",
            problems,
        )
    return PushSummary(
        graphs=len(counts),
        triples=sum(counts.values()),
        method="dataset-post" if dataset_post else "put",
        seconds=time.perf_counter() - started,
        deleted=deleted,
        counts=compared,
    )


def _graph_url(target: str, graph: str) -> str:
    separator = "&" if "?" in target else "?"
    return f"{target}{separator}{urllib.parse.urlencode({'graph': graph})}"


def _put_graph(store: ox.Store, client: Client, target: str, graph: str) -> None:
    body = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(graph)) or b""
    client.request(
        "PUT",
        _graph_url(target, graph),
        body=body,
        headers={"Content-Type": "application/n-triples"},
        timeout=REQUEST_TIMEOUT,
    )


def _request_graph(client: Client, method: str, target: str, graph: str, *, ok: tuple[int, ...] = ()) -> None:
    client.request(method, _graph_url(target, graph), timeout=REQUEST_TIMEOUT, ok=ok)


def _post_dataset(
    store: ox.Store, client: Client, target: str, present: list[str], progress: Progress
) -> None:
    """Delete the build's graphs already on the server, then POST the whole store as N-Quads."""
    task = progress.start(f"deleting {len(present):,} graphs before the post", len(present))
    for graph in present:
        _request_graph(client, "DELETE", target, graph, ok=(404,))
        progress.advance(task)
    progress.finish(task)
    task = progress.start("posting the dataset")
    with tempfile.TemporaryFile() as handle:
        store.dump(handle, format=ox.RdfFormat.N_QUADS)
        handle.flush()
        if handle.tell() == 0:
            return
        # Mapped rather than read: a body that digest auth sends twice, without holding it in memory.
        with mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as mapped:
            body = memoryview(mapped)  # not the map itself: http.client would read() it, and only once
            try:
                client.request(
                    "POST",
                    target,
                    body=body,
                    headers={"Content-Type": "application/n-quads"},
                    timeout=REQUEST_TIMEOUT,
                )
            finally:
                body.release()
    progress.finish(task)
