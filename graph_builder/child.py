"""Run one step of the build in a process of its own, given as a function object, and stop it on request.

The child is started with multiprocessing's "spawn" method: the build's parent process runs threads (the
checks, the store's load) and Java, which a forked child would inherit half-way. The function must be
defined at the top level of a module, so that the child finds it by its module and name.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from concurrent.futures import Future
from multiprocessing.connection import Connection

from ontology.errors import CeasefireKGError

#: How often the parent looks whether the child ended or the step it depends on failed, in seconds.
_POLL_SECONDS = 0.2


class ChildStepError(CeasefireKGError):
    """Report that a step run in a process of its own failed, with the child's own message."""


def run_in_child(
    function: Callable[..., object], *args: str, what: str, unless: Future[None] | None = None
) -> None:
    """Call ``function(*args)`` in a new Python process; stop it early when ``unless`` fails.

    A failure in the child (an exception, or the process dying) raises ChildStepError naming ``what``;
    a child stopped because ``unless`` failed raises nothing, since that failure is what gets reported.
    """
    context = multiprocessing.get_context("spawn")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_call, args=(function, args, sender), name=what, daemon=True)
    child.start()
    sender.close()  # the child holds its own end: the parent's copy would keep the pipe open
    try:
        while child.exitcode is None:
            child.join(timeout=_POLL_SECONDS)
            if child.exitcode is None and unless is not None and unless.done() and unless.exception():
                child.kill()
                child.join()
                return
        message = _received(receiver)
    finally:
        receiver.close()
    if child.exitcode != 0 or message is not None:
        reason = message or f"its process ended with code {child.exitcode} before it finished"
        raise ChildStepError(f"{what} failed: {reason}")


def _received(receiver: Connection) -> str | None:
    """Return the message the child sent, or None when it sent none (it died first)."""
    try:
        message = receiver.recv() if receiver.poll() else None
    except EOFError:  # the child closed its end without a word: killed, or out of memory
        return None
    return message if isinstance(message, str) else None


def _call(function: Callable[..., object], args: tuple[str, ...], sender: Connection) -> None:
    """Run the step in the child; send its error's message to the parent, and exit 1, when it fails."""
    try:
        function(*args)
    except Exception as exc:
        sender.send(str(exc) if isinstance(exc, CeasefireKGError) else f"{type(exc).__name__}: {exc}")
        sender.close()
        raise SystemExit(1) from None
    sender.send(None)
    sender.close()
