"""Make every process the project starts die with the process that started it.

A killed ``query``, ``build`` or ``export`` must not leave its children running (a query's fork spinning
on, the page's process or HermiT's JVM still writing). On Linux the kernel does it: a child asks, with
``prctl(PR_SET_PDEATHSIG)``, to be sent SIGKILL when its parent ends; the request survives ``exec``, so a
program that cannot ask for itself (Java) is started through ``python -m ontology.lifetime PID -- ARGV``,
which asks and then becomes the program. Elsewhere the calls do nothing and children end as they always did.

The kernel sends the signal when the *thread* that started the child ends, so a child must be started and
waited for by the same thread (as ``subprocess.run`` and ``Popen`` followed by ``wait`` do).
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
from collections.abc import Callable, Sequence
from functools import cache
from typing import Final

#: linux/prctl.h: set the signal the calling process gets when its parent dies.
_PR_SET_PDEATHSIG: Final = 1


@cache
def _prctl() -> Callable[..., int] | None:
    """Return libc's prctl, or None where there is none (not Linux)."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        # The process's own symbols, libc's among them: no search for the library (find_library runs
        # ldconfig, milliseconds in every query's child).
        prctl = ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None
    prctl.restype = ctypes.c_int
    function: Callable[..., int] = prctl
    return function


def die_with_parent(parent: int) -> None:
    """Ask to be killed when the parent ends; exit now if ``parent``, the expected parent, already has.

    ``parent`` is the process id the parent had before starting this process: if it ended before the
    request was made, this process has already been handed to another parent and must not run on.
    """
    prctl = _prctl()
    if prctl is not None and prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_PDEATHSIG) failed")
    if os.getppid() != parent:
        os._exit(1)


def command(argv: Sequence[str]) -> list[str]:
    """Return the command that runs ``argv`` as a child that dies with this process."""
    return [sys.executable, "-m", __name__, str(os.getpid()), "--", *argv]


def main(args: Sequence[str]) -> None:
    """Run ``PID -- PROGRAM ARGS…``: ask to die with process PID, then become PROGRAM."""
    if len(args) < 3 or args[1] != "--":
        sys.stderr.write("usage: python -m ontology.lifetime PARENT_PID -- PROGRAM [ARGS…]\n")
        raise SystemExit(2)
    die_with_parent(int(args[0]))
    program = list(args[2:])
    try:
        os.execvp(program[0], program)
    except OSError as error:
        sys.stderr.write(f"cannot run {program[0]}: {error.strerror}\n")
        raise SystemExit(127) from None


if __name__ == "__main__":
    main(sys.argv[1:])
