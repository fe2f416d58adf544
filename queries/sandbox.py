"""Run a query in a forked child process that is killed when it runs past its time limit.

Neither Oxigraph nor rdflib can interrupt a query, and a thread cannot be stopped, so a query with a time
limit runs in a child made with ``fork`` (it inherits the graph without copying or pickling it). The child
streams the answer back through a pipe in length-prefixed pickled chunks while it computes; the parent reads
them until the deadline and then kills the child. The pickles only ever come from this child, never from
outside. In the child, Python's sockets refuse to connect, a second fence behind the parsed-query check for
rdflib (Oxigraph's HTTP client is Rust, out of reach of this fence: the check is what stops it).
"""

from __future__ import annotations

import logging
import os
import pickle
import select
import signal
import struct
import sys
import time
from collections.abc import Callable, Iterator
from typing import Any

from ontology.errors import CeasefireKGError, InputError

from .results import Chunk

log = logging.getLogger(__name__)

_LENGTH = struct.Struct(">Q")
_READ_SIZE = 1 << 20


class QueryTimeoutError(CeasefireKGError):
    """Report a query stopped at its time limit."""


class QueryProcessError(CeasefireKGError):
    """Report that the process running a query died without answering (killed, out of memory, a crash)."""


def run_in_child(work: Callable[[], Iterator[Chunk]], *, timeout: float) -> list[Chunk]:
    """Run ``work`` in a forked child and return what it yields; kill it after ``timeout`` seconds."""
    if not hasattr(os, "fork"):
        log.warning("this platform cannot fork: the query runs without its %g s time limit", timeout)
        return list(work())
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns
        os.close(read_end)
        _child(work, write_end)
    os.close(write_end)
    alive = True
    try:
        chunks, finished = _receive(read_end, deadline=time.monotonic() + timeout, timeout=timeout)
        _, status = os.waitpid(pid, 0)
        alive = False
        if not finished:
            raise QueryProcessError(f"the query process ended without an answer ({_describe(status)})")
        return chunks
    finally:
        os.close(read_end)
        if alive:
            _kill(pid)


def _receive(fd: int, *, deadline: float, timeout: float) -> tuple[list[Chunk], bool]:
    chunks: list[Chunk] = []
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
            return chunks, False
        buffer += data
        while len(buffer) >= _LENGTH.size:
            (length,) = _LENGTH.unpack_from(buffer)
            if len(buffer) < _LENGTH.size + length:
                break
            message = pickle.loads(bytes(buffer[_LENGTH.size : _LENGTH.size + length]))
            del buffer[: _LENGTH.size + length]
            if _handle(message, chunks):
                return chunks, True


def _handle(message: tuple[Any, ...], chunks: list[Chunk]) -> bool:
    """Take one message from the child; return True once the answer is complete."""
    kind = message[0]
    if kind == "chunk":
        chunks.append(message[1])
        return False
    if kind == "done":
        return True
    if kind == "error":
        raise InputError(message[1])
    raise QueryProcessError(f"the query process failed:\n{message[1]}")


def _child(work: Callable[[], Iterator[Chunk]], fd: int) -> None:
    code = 0
    try:
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
