"""Say in one line why a run stopped when no project error says it: a cause outside the input, or a defect.

A full disk, a file that cannot be written or too little memory stop a run for a reason outside its input
(``outside_reason``); any other exception that is no project error is a defect of the program, which
``describe_unexpected`` names with the place in the project's code where it was raised.
"""

from __future__ import annotations

import traceback
from importlib.metadata import PackageNotFoundError, metadata
from pathlib import Path
from typing import Final

#: The top-level packages of the project: a frame in one of them is the project's own code.
_PACKAGES: Final = frozenset({"ontology", "graph_builder", "queries", "visualize"})
#: The folder that holds the packages (the checkout, or site-packages once installed).
_ROOT: Final = Path(__file__).resolve().parent.parent
#: How many characters of an exception's message a line keeps: a message may repeat a huge value.
_MESSAGE_CHARS: Final = 200


def outside_reason(exc: BaseException) -> str | None:
    """Return what stopped a run from outside its input (a full disk, no memory), else None."""
    if isinstance(exc, MemoryError):
        return "out of memory"
    if isinstance(exc, OSError):
        reason = _one_line(exc.strerror or str(exc)) or type(exc).__name__
        return f"{reason}: {exc.filename}" if exc.filename else reason
    return None


def describe_unexpected(exc: BaseException) -> str:
    """Return an unexpected exception as one line: its type, message and where the project raised it."""
    message = _one_line(str(exc))
    what = f"{type(exc).__name__}: {message}" if message else type(exc).__name__
    return f"{what} (at {where(exc)})"


def where(exc: BaseException) -> str:
    """Return where ``exc`` was raised as ``package/module.py:LINE in FUNCTION``.

    The innermost frame of the project's own code, else the innermost frame: an error deep in a library is
    found fastest from the project's call into it.
    """
    frames = traceback.extract_tb(exc.__traceback__)
    if not frames:
        return "an unknown place"
    for frame in reversed(frames):
        path = _project_path(frame.filename)
        if path is not None:
            return f"{path}:{frame.lineno} in {frame.name}"
    frame = frames[-1]
    return f"{frame.filename}:{frame.lineno} in {frame.name}"


def report_hint() -> str:
    """Return how to report a defect: at the project's issue tracker when its metadata names one."""
    url = _report_url()
    where_to = f" at {url}" if url else ""
    return f"please report it{where_to} with the command and this line"


def _report_url() -> str | None:
    """Return the project URL of the package metadata for reports: its issues page first, else the first."""
    try:
        urls = metadata("ceasefire-kg").get_all("Project-URL") or []
    except (PackageNotFoundError, OSError):  # a report of one failure must not fail on another
        return None
    # Each entry reads "Label, https://…".
    labelled = [
        (label.strip(), url.strip()) for label, _, url in (str(e).partition(",") for e in urls) if url
    ]
    for label, url in labelled:
        if any(word in label.lower() for word in ("issue", "bug", "tracker")):
            return url
    return labelled[0][1] if labelled else None


def _project_path(filename: str) -> str | None:
    try:
        relative = Path(filename).resolve().relative_to(_ROOT)
    except ValueError:
        return None
    return relative.as_posix() if relative.parts and relative.parts[0] in _PACKAGES else None


def _one_line(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= _MESSAGE_CHARS else flat[: _MESSAGE_CHARS - 1] + "…"
