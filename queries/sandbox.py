"""Run a query in a forked child process that is killed when it runs past its time limit.

Neither Oxigraph nor rdflib can interrupt a query, and a thread cannot be stopped, so a query with a time
limit runs in a child made with ``fork`` (it inherits the graph without copying or pickling it). The child
streams the answer back through a pipe in length-prefixed pickled chunks while it computes, and the parent
hands each chunk on as it arrives, so that an answer of any length passes through with bounded memory (a full
pipe holds the child back until the parent has written what it read). The time limit holds until the last
chunk is read; then, or when the reader stops early, the child is killed. The pickles only ever come from
this child, never from outside.

The child never outlives the query: it asks the kernel to kill it when the parent dies (``kill -9``
included), and a thread of it ends it as soon as nobody reads its pipe any more. In the child, Python's
sockets refuse to connect, a second fence behind the parsed-query check for rdflib (Oxigraph's HTTP client is
Rust, out of reach of this fence: the check is what stops it).
"""

from __future__ import annotations

import logging
import os
import pickle
import select
import signal
import struct
import sys
import threading
import time
from collections.abc import Callable, Generator, Iterable, Iterator
from typing import Any

from ontology import lifetime
from ontology.errors import CeasefireKGError, InputError

from .results import Chunk

log = logging.getLogger(__name__)

_LENGTH = struct.Struct(">Q")
#: The signals that stop a query from outside (Ctrl-C, SIGTERM).
_STOPPING = {signal.SIGINT, signal.SIGTERM}
_READ_SIZE = 1 << 20


class QueryTimeoutError(CeasefireKGError):
    """Report a query stopped at its time limit."""


class QueryProcessError(CeasefireKGError):
    """Report that the process running a query died without answering (killed, out of memory, a crash)."""


def stream_in_child(work: Callable[[], Iterator[Chunk]], *, timeout: float) -> Generator[Chunk, None, None]:
    """Run ``work`` in a forked child and yield what it yields as it comes; kill it after ``timeout`` seconds.

    The limit counts from the start until the last chunk is read, time spent by the caller between chunks
    included. Closing the iterator before its end (or an exception in the caller) kills the child.
    """
    if not hasattr(os, "fork"):
        log.warning("this platform cannot fork: the query runs without its %g s time limit", timeout)
        yield from work()
        return
    parent = os.getpid()
    read_end, write_end = os.pipe()
    # Ctrl-C or SIGTERM waits while the child is made, so that the handler which stops the parent runs inside
    # the ``try`` that kills the child, not in the instant between fork and try.
    mask = signal.pthread_sigmask(signal.SIG_BLOCK, _STOPPING)
    try:
        pid = os.fork()
    except BaseException:
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)
        raise
    if pid == 0:  # the child: never returns
        _child(work, parent, read_end, write_end, mask)
    os.close(write_end)
    alive = True
    try:
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)
        for message in _messages(read_end, deadline=time.monotonic() + timeout, timeout=timeout):
            kind = message[0]
            if kind == "chunk":
                yield message[1]
            elif kind == "done":
                break
            elif kind == "error":
                raise InputError(message[1])
            else:
                raise QueryProcessError(f"the query process failed:\n{message[1]}")
        else:
            _, status = os.waitpid(pid, 0)
            alive = False
            raise QueryProcessError(f"the query process ended without an answer ({_describe(status)})")
        _, status = os.waitpid(pid, 0)
        alive = False
    finally:
        os.close(read_end)
        if alive:
            _kill(pid)


def _messages(fd: int, *, deadline: float, timeout: float) -> Iterator[tuple[Any, ...]]:
    """Yield the child's messages as they arrive, until the pipe closes; raise at the deadline."""
    buffer = bytearray()
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise QueryTimeoutError(
                f"the query ran longer than {timeout:g} s and was stopped "
                "(allow it more time, or narrow the query with LIMIT or more specific patterns)"
            )
        ready, _, _ = select.select([fd], [], [], remaining)
        if not ready:
            continue
        data = os.read(fd, _READ_SIZE)
        if not data:
            return
        buffer += data
        start = 0
        while len(buffer) - start >= _LENGTH.size:
            (length,) = _LENGTH.unpack_from(buffer, start)
            end = start + _LENGTH.size + length
            if len(buffer) < end:
                break
            with memoryview(buffer) as view:  # released before the buffer is resized
                message = pickle.loads(view[start + _LENGTH.size : end])
            start = end
            yield message
        del buffer[:start]  # once per read: deleting each message from the front copies the rest each time


def _child(
    work: Callable[[], Iterator[Chunk]], parent: int, read_end: int, fd: int, mask: Iterable[int]
) -> None:
    code = 0
    try:
        lifetime.die_with_parent(parent)
        os.close(read_end)
        # The parent decides what Ctrl-C means (it kills this process); SIGTERM ends it, whatever handler the
        # parent had installed for itself.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)
        _end_when_unread(fd)
        _refuse_connections()
        try:
            for chunk in work():
                _send(fd, ("chunk", chunk))
            _send(fd, ("done",))
        except CeasefireKGError as exc:
            _send(fd, ("error", str(exc)))
        except BaseException:  # everything, so that the parent always hears why
            import traceback

            _send(fd, ("crash", traceback.format_exc()))
    except BaseException:  # the parent is gone (broken pipe): nobody to tell
        code = 1
    finally:
        os._exit(code)  # never run the parent's cleanup (atexit, buffered output) in the child


def _end_when_unread(fd: int) -> None:
    """End this process as soon as the pipe ``fd`` writes to has no reader left, even mid-computation."""
    if not hasattr(select, "poll"):
        return  # a write to the pipe still fails once its reader is gone

    def watch() -> None:
        poller = select.poll()
        # No event asked for: poll still reports POLLERR, which the write end of a pipe gets when its last
        # reader closes. Oxigraph releases the GIL while it computes, and rdflib is Python, which switches
        # threads: this thread runs meanwhile.
        poller.register(fd, 0)
        while True:
            for _, event in poller.poll():
                if event & (select.POLLERR | select.POLLHUP | select.POLLNVAL):
                    os._exit(1)

    threading.Thread(target=watch, name="end-when-unread", daemon=True).start()


def _send(fd: int, message: tuple[Any, ...]) -> None:
    payload = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    view = memoryview(_LENGTH.pack(len(payload)) + payload)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def _refuse_connections() -> None:
    # Patch the module only if it is loaded: rdflib loads it (urllib), and Oxigraph never uses it.
    socket = sys.modules.get("socket")
    if socket is None:
        return

    def refuse(*args: object, **kwargs: object) -> Any:
        raise ConnectionRefusedError("a query may not open network connections")

    socket.socket.connect = refuse
    socket.socket.connect_ex = refuse
    socket.create_connection = refuse  # type: ignore[attr-defined]


def _kill(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    except (ProcessLookupError, ChildProcessError):
        pass


def _describe(status: int) -> str:
    if os.WIFSIGNALED(status):
        number = os.WTERMSIG(status)
        try:
            name = signal.Signals(number).name
        except ValueError:
            name = f"signal {number}"
        return f"killed by {name}" + (", perhaps for lack of memory" if number == signal.SIGKILL else "")
    return f"exit status {os.WEXITSTATUS(status)}"
