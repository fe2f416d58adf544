"""Report the steps of a long build: a no-op by default, a rich progress display on a terminal."""

from __future__ import annotations

import sys
import threading
import time
from types import TracebackType
from typing import IO, TYPE_CHECKING, Protocol, cast

if TYPE_CHECKING:
    from rich.progress import TaskID


class Progress(Protocol):
    """Receive the steps of a build as they start, advance and end (steps may overlap)."""

    def start(self, step: str, total: int | None = None) -> int:
        """Start a step; return its handle."""
        ...

    def advance(self, task: int, amount: int = 1) -> None:
        """Count ``amount`` units of a step done."""
        ...

    def finish(self, task: int) -> None:
        """Mark a step done."""
        ...


class NoProgress:
    """Report nothing (the library's default, and what tests and pipes get)."""

    def start(self, step: str, total: int | None = None) -> int:
        """Start a step; return its handle."""
        return 0

    def advance(self, task: int, amount: int = 1) -> None:
        """Count units of a step done."""

    def finish(self, task: int) -> None:
        """Mark a step done."""

    def __enter__(self) -> NoProgress:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        return None


class TerminalProgress:
    """Show the steps of a build on a terminal with rich, once the build has run for ``delay`` seconds.

    A small build finishes before the display would appear, so it prints nothing; a large one shows each step
    with a bar (steps with a known size) or a spinner. Use as a context manager so the display is closed.
    """

    def __init__(self, stream: IO[str], *, delay: float = 2.0) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, SpinnerColumn, TextColumn, TimeElapsedColumn
        from rich.progress import Progress as RichProgress

        # The console keeps this very stream: HermiT's run swaps sys.stderr for a buffer meanwhile.
        self._rich = RichProgress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=Console(file=stream),
            transient=True,
        )
        self._delay = delay
        self._born = time.monotonic()
        self._shown = False
        self._lock = threading.Lock()
        self._totals: dict[int, int | None] = {}
        self._timer = threading.Timer(delay, self._show)
        self._timer.daemon = True
        self._timer.start()

    def _show(self) -> None:
        with self._lock:
            if not self._shown:
                self._shown = True
                self._rich.start()

    def start(self, step: str, total: int | None = None) -> int:
        """Start a step; return its handle."""
        task = int(self._rich.add_task(step, total=total))
        self._totals[task] = total
        return task

    def advance(self, task: int, amount: int = 1) -> None:
        """Count units of a step done."""
        self._rich.advance(cast("TaskID", task), amount)

    def finish(self, task: int) -> None:
        """Mark a step done."""
        total = self._totals.get(task) or 1
        self._rich.update(cast("TaskID", task), total=total, completed=total)

    def close(self) -> None:
        """Stop the display (and the timer that would start it)."""
        self._timer.cancel()
        with self._lock:
            if self._shown:
                self._rich.stop()
            self._shown = True

    def __enter__(self) -> TerminalProgress:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()


def terminal_progress(stream: IO[str] | None = None, *, delay: float = 2.0) -> TerminalProgress | NoProgress:
    """Return a progress display on ``stream`` (stderr) when it is a terminal, else one that shows nothing."""
    stream = sys.stderr if stream is None else stream
    if not stream.isatty():
        return NoProgress()
    return TerminalProgress(stream, delay=delay)
