"""Share the graph over HTTP: a guarded, read-only SPARQL 1.1 endpoint with its query page (``serve``).

``protocol`` reads requests and negotiates formats, ``workers`` runs each query in a worker process that is
killed at the time limit, ``server`` maps the routes onto them. This module itself stays light (the CLI
reads its defaults at start-up).
"""

from __future__ import annotations

import os
from typing import Final

#: How many queries the endpoint takes at once per worker by default (running, or waiting for a worker).
QUERIES_PER_WORKER: Final = 8


def default_workers() -> int:
    """Return the number of worker processes to start by default: one per CPU this process may use."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 2
