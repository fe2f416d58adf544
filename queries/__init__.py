"""The SPARQL query library (one question per ``.rq`` file) and its runner.

``from queries import run_query`` — see ``queries.runner.run_query``. The runner is imported on first use, so
that finding the ``.rq`` files (``importlib.resources`` imports this package) stays cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .runner import open_query as open_query
    from .runner import prepare as prepare
    from .runner import run_query as run_query

__all__ = ["open_query", "prepare", "run_query"]


def __getattr__(name: str) -> object:
    """Import the runner when ``run_query``, ``open_query`` or ``prepare`` is first asked for."""
    if name in __all__:
        from . import runner

        return getattr(runner, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
