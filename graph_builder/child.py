"""Run one step of the build in a process of its own, given as a function object, and stop it on request.

The child is a new Python interpreter (``python -m graph_builder.child PID MODULE NAME ARGS…``) that first
asks to die with its parent, process PID (``ontology.lifetime``: a killed build leaves no writer running),
then imports the function's module and calls it: the build's parent process runs threads (the checks, the
store's load) and Java, which a forked child would inherit half-way, and unlike multiprocessing's spawn this
never re-runs the caller's main script (a script that calls ``build`` needs no ``if __name__ == "__main__"``
guard). So the function must be defined at the top level of an importable module; its arguments are strings.
"""

from __future__ import annotations

import importlib
import os
import signal
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from concurrent.futures import Future

from ontology import lifetime
from ontology.errors import CannotFinishError, CeasefireKGError

from .failures import outside_reason

#: How often the parent looks whether the child ended or the step it depends on failed, in seconds.
_POLL_SECONDS = 0.2
#: The child's exit code when a cause outside the input stopped it (a full disk, no memory): EX_TEMPFAIL.
_CANNOT_FINISH = 75


class ChildStepError(CeasefireKGError):
    """Report that a step run in a process of its own failed, with the child's own message."""


def reference(function: Callable[..., object]) -> tuple[str, str]:
    """Return the module and name a child imports ``function`` by; raise ValueError when it cannot."""
    module, name = function.__module__, function.__qualname__
    if module == "__main__" or "<locals>" in name or "." in name:
        raise ValueError(f"{module}.{name} is not a top-level function of an importable module")
    return module, name


def run_in_child(
    function: Callable[..., object], *args: str, what: str, unless: Future[None] | None = None
) -> None:
    """Call ``function(*args)`` in a new Python process; stop it early when ``unless`` fails.

    A failure in the child (an exception, or the process dying) raises ChildStepError naming ``what``, or
    CannotFinishError when a full disk, too little memory or the system's kill stopped it; a child stopped
    because ``unless`` failed raises nothing, since that failure is what gets reported.
    """
    module, name = reference(function)
    # The child imports the project from wherever this process did, installed or not.
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
    # Started and waited for by this thread: the parent-death signal follows the thread that started it.
    command = [sys.executable, "-m", __name__, str(os.getpid()), module, name, *args]
    with tempfile.TemporaryFile() as errors:
        child = subprocess.Popen(command, stdin=subprocess.DEVNULL, stderr=errors, env=env)
        while True:
            try:
                returncode = child.wait(timeout=_POLL_SECONDS)
                break
            except subprocess.TimeoutExpired:
                if unless is not None and unless.done() and unless.exception() is not None:
                    child.kill()
                    child.wait()
                    return
        errors.seek(0)
        message = errors.read().decode("utf-8", "replace").strip()
    if returncode == _CANNOT_FINISH:
        raise CannotFinishError(f"{what} failed: {message}")
    if returncode == -signal.SIGKILL:  # what the kernel does when memory runs out
        raise CannotFinishError(f"{what} failed: its process was killed (SIGKILL) before it finished")
    if returncode != 0:
        reason = message or f"its process ended with code {returncode} before it finished"
        raise ChildStepError(f"{what} failed: {reason}")


def main(argv: Sequence[str]) -> int:
    """Die with process ``argv[0]``; import module ``argv[1]``, call its ``argv[2]`` with the rest.

    On failure say why on stderr and return 1; a full disk or too little memory returns 75 (EX_TEMPFAIL)
    instead: the parent reports a cause outside the input, not a failed step.
    """
    parent, module, name, *args = argv
    lifetime.die_with_parent(int(parent))
    function = getattr(importlib.import_module(module), name)
    try:
        function(*args)
    except (OSError, MemoryError) as exc:
        sys.stderr.write(str(outside_reason(exc)))
        return _CANNOT_FINISH
    except Exception as exc:
        sys.stderr.write(str(exc) if isinstance(exc, CeasefireKGError) else f"{type(exc).__name__}: {exc}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
