"""Answer queries in a pool of worker processes, each killed and replaced when it runs past the time limit.

Neither Oxigraph nor a Python thread can be stopped half-way through a query, so each query runs in a
worker process that the server kills at the limit. Forking a worker per query costs a few milliseconds; a
pool of workers, each holding the store open, costs nothing per query. Workers are made by fork (they
inherit the imported modules: no interpreter start), but never from the server itself once its threads
run (a fork copies whatever lock another thread holds): the server forks one single-threaded *forker*
before any thread starts, and the forker forks every worker, the first ones and each replacement, and
hands the server its end of a socket to the new worker (``SCM_RIGHTS``).

Each process dies with the one that made it (``ontology.lifetime``): a killed server leaves no forker, and
a dead forker no worker. Ctrl-C on a terminal reaches the whole process group: forker and workers ignore it,
the server decides. The forker ignores SIGCHLD, so the kernel reaps a worker the server killed.

A worker reads from the build ``.current`` names when the query arrives: when a new build was switched in
since its last query, it closes the old store, lets go of the old version (``release_readings``, so that a
later build may delete it) and opens the new one. The server hands a worker the query and the client's
connection (``SCM_RIGHTS``), and the worker writes the whole answer to the client itself, then tells the
server what it sent (``Sent``): the answer does not pass through the server. It writes only once the answer is
complete, and only after taking the job's *permit*, one byte the server put in a pipe the two share: at the
time limit the server tries to take it first. Whoever reads the byte wins, so either the worker never writes
(the server kills it and answers 504 on its own copy of the connection) or the worker writes the whole answer
and the server waits for it: a stopped query never reaches the client as a cut 200. An answer larger than
``DIRECT_BYTES`` goes back to the server to write, so that a slow client holds a thread, not a worker.
"""

from __future__ import annotations

import contextlib
import io
import logging
import os
import pickle
import queue
import signal
import socket
import struct
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from ontology import lifetime
from ontology.errors import CeasefireKGError, InputError
from queries.catalog import Query
from queries.results import Term
from queries.safety import UnsafeQueryError

from ..failures import describe_unexpected
from ..workspace import StoreMissingError, Workspace, release_readings
from .protocol import AnswerKind, HttpError, Negotiated, response_head

log = logging.getLogger(__name__)
access_log = logging.getLogger("graph_builder.endpoint.access")
#: The longest request line logged, in characters (a GET carries its query).
_LOGGED_LINE: Final = 300

_LENGTH: Final = struct.Struct(">Q")
#: The largest answer a worker writes, in bytes; a larger one is refused (413), never sent cut.
MAX_ANSWER_BYTES: Final = 512 * 1024 * 1024
#: Seconds a client may take to read an answer (no progress) before its worker gives up writing it.
WRITE_SECONDS: Final = 30.0
#: The largest answer a worker writes to the client itself; a larger one goes back to the server, which
#: writes it (a slow client then holds a thread of the server, not a worker).
DIRECT_BYTES: Final = 1 << 20


@dataclass(frozen=True)
class Access:
    """Say who asked what and when (``time.perf_counter``, one clock for every process): the access line."""

    client: str
    request_line: str
    started: float

    def log(self, status: int, size: int) -> None:
        """Write the request's one access-log line, before its answer leaves (the client finds it written)."""
        line = self.request_line
        if len(line) > _LOGGED_LINE:
            line = line[:_LOGGED_LINE] + "…"
        milliseconds = (time.perf_counter() - self.started) * 1000
        access_log.info('%s "%s" %d %d %.1fms', self.client, line, status, size, milliseconds)


@dataclass(frozen=True)
class Job:
    """Carry one query to a worker: the checked query, its bound parameters, the formats to write it in."""

    query: Query
    bindings: dict[str, Term]
    formats: Negotiated
    #: The connection ends after this answer (``Connection: close``).
    close: bool
    access: Access


@dataclass(frozen=True)
class Reply:
    """Carry a whole answer back: its HTTP status, content type and body."""

    status: int
    content_type: str
    body: bytes


@dataclass(frozen=True)
class Sent:
    """Tell the server what a worker wrote to the client: the status, the body's size, whether it all left."""

    status: int
    size: int
    delivered: bool


class AnswerCut(CeasefireKGError):
    """Report an answer a worker began to write and did not finish (the connection must end)."""


class QueryTimedOut(CeasefireKGError):
    """Report a query stopped at the time limit (its worker was killed)."""


class PoolBusy(CeasefireKGError):
    """Report that the endpoint runs as many queries as it takes, or that no worker came free in time."""


class _AnswerTooLarge(Exception):
    """Stop writing an answer that passed MAX_ANSWER_BYTES."""


class _Capped(io.BytesIO):
    """Collect what a serializer writes, up to MAX_ANSWER_BYTES."""

    def write(self, chunk: Any) -> int:
        """Keep the chunk, or stop the serializer when the answer grows past the limit."""
        if self.tell() + len(chunk) > MAX_ANSWER_BYTES:
            raise _AnswerTooLarge
        return super().write(chunk)


def _send(connection: socket.socket, message: object, descriptors: Sequence[int] = ()) -> None:
    """Send one message, with ``descriptors`` riding on its first bytes."""
    payload = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    data = _LENGTH.pack(len(payload)) + payload
    if descriptors:
        data = data[socket.send_fds(connection, [data], list(descriptors)) :]
    connection.sendall(data)


def _receive(
    connection: socket.socket, deadline: float | None = None, descriptors: list[int] | None = None
) -> Any:
    """Read one message; None when the other end closed; TimeoutError at the deadline.

    One message is in flight at a time (a job, then its reply), so whatever arrives belongs to it: it is
    read in as few calls as the socket allows. The descriptors that came with it go into ``descriptors``.
    """
    buffer = bytearray()
    needed = _LENGTH.size
    while len(buffer) < needed:
        if deadline is not None:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError
            connection.settimeout(remaining)
        size = max(needed - len(buffer), 1 << 16)
        if descriptors is not None and not buffer:
            chunk, received, _, _ = socket.recv_fds(connection, size, 2)
            descriptors += received
        else:
            chunk = connection.recv(size)
        if not chunk:
            return None
        buffer += chunk
        if needed == _LENGTH.size and len(buffer) >= needed:
            needed += _LENGTH.unpack_from(buffer)[0]
    return pickle.loads(memoryview(buffer)[_LENGTH.size :])


# -- the worker ----------------------------------------------------------------------------------------


class _Reader:
    """Hold the store of the build ``.current`` names, opened again when another build is switched in."""

    def __init__(self, folder: Path) -> None:
        self.space = Workspace(folder)
        self.current: Path | None = None
        self.store: Any = None

    def store_now(self) -> Any:
        current = self.space.current()
        if self.store is None or current != self.current:
            self.store = None  # closed before its version is let go
            release_readings()
            _, self.store = self.space.open_version()
            self.current = current
        return self.store


def answer(store: Any, job: Job) -> Reply:
    """Run a job's query on a store and write its whole answer in the negotiated format."""
    import pyoxigraph as ox

    from queries.engines import evaluation_error, native_answer

    try:
        result = native_answer(store, job.query, job.bindings)
        kind: AnswerKind = "graph" if isinstance(result, ox.QueryTriples) else "results"
        chosen = job.formats.for_kind(kind)
        out = _Capped()
        try:
            chosen.write(result, out)
        except (RuntimeError, ValueError, OSError) as exc:
            raise evaluation_error(exc, job.query.origin) from None
        return Reply(200, chosen.content_type, out.getvalue())
    except HttpError as exc:
        return _text(exc.status, exc.message)
    except _AnswerTooLarge:
        limit = MAX_ANSWER_BYTES >> 20
        return _text(413, f"the answer is larger than {limit} MB: narrow the query or LIMIT it")
    except (UnsafeQueryError, InputError) as exc:
        return _text(400, str(exc))
    except CeasefireKGError as exc:
        return _text(500, str(exc))


def _text(status: int, message: str) -> Reply:
    return Reply(status, "text/plain; charset=utf-8", (message + "\n").encode("utf-8"))


def _worker(connection: socket.socket, folder: Path) -> None:
    """Answer the jobs that arrive on the connection until it closes, each to the client it came with."""
    reader = _Reader(folder)
    with contextlib.suppress(StoreMissingError, InputError):
        reader.store_now()  # opened before the first query arrives
    while True:
        descriptors: list[int] = []
        job = _receive(connection, descriptors=descriptors)
        if job is None:
            return
        client, permit = descriptors
        try:
            try:
                reply = answer(reader.store_now(), job)
            except StoreMissingError as exc:
                reply = _text(503, str(exc))
            except Exception as exc:  # a defect: the client hears so, and this worker goes on
                reply = _text(500, f"internal error: {describe_unexpected(exc)}")
            if not _take(permit):
                continue  # the server took the permit at the time limit: it answers, and kills this worker
            if len(reply.body) > DIRECT_BYTES:
                _send(connection, reply)  # the server writes it
            else:
                job.access.log(reply.status, len(reply.body))
                _send(connection, _deliver(client, reply, close=job.close))
        finally:
            os.close(permit)
            os.close(client)


def _take(permit: int) -> bool:
    """Take a job's permit to write its answer; False when the server took it first."""
    try:
        return os.read(permit, 1) == b"p"
    except BlockingIOError:
        return False


def _deliver(client: int, reply: Reply, *, close: bool) -> Sent:
    """Write a whole answer to the client's connection (a copy of its descriptor, left open)."""
    head = response_head(reply.status, reply.content_type, len(reply.body), close=close)
    connection = socket.socket(fileno=os.dup(client))
    try:
        connection.settimeout(WRITE_SECONDS)
        connection.sendall(head + reply.body)
    except OSError:
        return Sent(reply.status, len(reply.body), delivered=False)
    finally:
        connection.close()
    return Sent(reply.status, len(reply.body), delivered=True)


# -- the forker ----------------------------------------------------------------------------------------


def _forker(control: socket.socket, parent: int, folder: Path) -> None:
    """Fork a worker for each byte that arrives; send back its process id and the server's socket to it."""
    lifetime.die_with_parent(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # the kernel reaps the workers the server kills
    me = os.getpid()
    while control.recv(1):
        server_end, worker_end = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        pid = os.fork()
        if pid == 0:
            code = 0
            try:
                lifetime.die_with_parent(me)
                signal.signal(signal.SIGCHLD, signal.SIG_DFL)
                control.close()
                server_end.close()
                _worker(worker_end, folder)
            except BaseException:
                code = 1
            finally:
                os._exit(code)
        worker_end.close()
        socket.send_fds(control, [_LENGTH.pack(pid)], [server_end.fileno()])
        server_end.close()


class _Forker:
    """Stand for the forker process, started from the server before any thread."""

    def __init__(self, folder: Path, inherited: Sequence[int]) -> None:
        if threading.active_count() > 1:
            raise RuntimeError("the forker must be started before any other thread")
        server_end, forker_end = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        parent = os.getpid()
        pid = os.fork()
        if pid == 0:
            code = 0
            try:
                server_end.close()
                for descriptor in inherited:
                    os.close(descriptor)
                _forker(forker_end, parent, folder)
            except BaseException:
                code = 1
            finally:
                os._exit(code)
        forker_end.close()
        self.pid = pid
        self.control = server_end
        self.lock = threading.Lock()

    def spawn(self) -> _Worker:
        with self.lock:
            self.control.sendall(b"w")
            message, fds, _, _ = socket.recv_fds(self.control, _LENGTH.size, 1)
        if len(message) != _LENGTH.size or len(fds) != 1:
            raise CeasefireKGError("the process that starts the query workers has ended")
        (pid,) = _LENGTH.unpack(message)
        permit, grant = os.pipe()
        os.set_blocking(permit, False)  # both ends read it so: one of them gets the byte, the other nothing
        return _Worker(pid, socket.socket(fileno=fds[0]), permit, grant)

    def close(self) -> None:
        self.control.close()
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signal.SIGKILL)
        with contextlib.suppress(ChildProcessError):
            os.waitpid(self.pid, 0)


@dataclass
class _Worker:
    """Stand for one worker process: its id, the server's socket to it, and the pipe of its permits."""

    pid: int
    connection: socket.socket
    permit: int
    grant: int

    def run(self, job: Job, client: socket.socket, timeout: float) -> Sent | Reply:
        """Hand the job and the client's connection over; wait until the worker has answered on it.

        An answer larger than DIRECT_BYTES comes back instead, for the server to write. TimeoutError after
        ``timeout`` s when the worker had not begun to write (the client has heard nothing), EOFError when it
        died before it began, AnswerCut when it began and did not finish.
        """
        os.write(self.grant, b"p")
        self.connection.settimeout(None)
        _send(self.connection, job, [client.fileno(), self.permit])
        try:
            sent = _receive(self.connection, time.monotonic() + timeout)
        except TimeoutError:
            if _take(self.permit):
                raise
            sent = self._writing()  # it took the permit: the whole answer is on its way
        if sent is None and not _take(self.permit):
            raise AnswerCut("the query's worker process died while writing the answer")
        if not isinstance(sent, Sent | Reply):
            raise EOFError
        return sent

    def _writing(self) -> Any:
        try:
            return _receive(self.connection, time.monotonic() + WRITE_SECONDS + 1)
        except TimeoutError:
            raise AnswerCut("the client took too long to read the answer") from None

    def kill(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signal.SIGKILL)
        self.connection.close()
        os.close(self.permit)
        os.close(self.grant)


class Pool:
    """Run queries in ``workers`` processes, at most ``max_queries`` at once (running or waiting).

    Make it before starting any thread (it forks); ``close`` kills every process it made.
    """

    def __init__(
        self, folder: Path, *, workers: int, max_queries: int, timeout: float, inherited: Sequence[int] = ()
    ) -> None:
        self.timeout = timeout
        self._forker = _Forker(folder, inherited)
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all: dict[int, _Worker] = {}
        self._lock = threading.Lock()
        self._admitted = threading.BoundedSemaphore(max_queries)
        self.max_queries = max_queries
        for _ in range(workers):
            self._add()

    def _add(self) -> None:
        worker = self._forker.spawn()
        with self._lock:
            self._all[worker.pid] = worker
        self._idle.put(worker)

    def run(self, job: Job, client: socket.socket) -> Sent | Reply:
        """Answer a job in a free worker, which writes to ``client``; or return the answer the server sends.

        PoolBusy when full, QueryTimedOut when it ran past the limit (the client has heard nothing), AnswerCut
        when the worker began to answer and did not finish (the connection must end).
        """
        if not self._admitted.acquire(blocking=False):
            raise PoolBusy(f"the endpoint is answering {self.max_queries} queries already: try again shortly")
        try:
            try:
                worker = self._idle.get(timeout=self.timeout)
            except queue.Empty:
                waited = f"no query worker came free within {self.timeout:g} s: try again shortly"
                raise PoolBusy(waited) from None
            replaced = False
            try:
                return worker.run(job, client, self.timeout)
            except TimeoutError:
                replaced = self._replace(worker)
                raise QueryTimedOut(
                    f"the query ran longer than {self.timeout:g} s and was stopped "
                    "(narrow it with LIMIT or more specific patterns)"
                ) from None
            except AnswerCut:
                replaced = self._replace(worker)
                raise
            except (EOFError, OSError):
                replaced = self._replace(worker)
                return _text(500, "the query's worker process died without answering (out of memory?)")
            finally:
                if not replaced:
                    self._idle.put(worker)
        finally:
            self._admitted.release()

    def _replace(self, worker: _Worker) -> bool:
        """Kill a worker and start another in its place; return True."""
        worker.kill()
        with self._lock:
            self._all.pop(worker.pid, None)
        self._add()
        return True

    def close(self) -> None:
        """Kill the workers and the forker."""
        with self._lock:
            workers = list(self._all.values())
            self._all.clear()
        for worker in workers:
            worker.kill()
        self._forker.close()
