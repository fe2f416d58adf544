"""Write the interactive graph page that ``visualize.page`` renders: for a store, or from the build's files.

``visualize`` is imported on use: the build hands ``write_page_of_store`` to a process of its own, and its
own process need not load networkx and pyvis.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from .workspace import write_atomic

if TYPE_CHECKING:
    from visualize.page import Page


def write_page(
    store: ox.Store,
    path: Path,
    *,
    focus: str | None = None,
    depth: int = 2,
    since: dt.date | None = None,
    until: dt.date | None = None,
    max_nodes: int | None = None,
) -> Page:
    """Render the page of a store (options as in ``visualize.page.graph_page``), write it, and return it.

    ``max_nodes`` None keeps the page's default cap.
    """
    from visualize import DEFAULT_MAX_NODES
    from visualize.page import graph_page, render_html

    page = graph_page(
        store,
        focus=focus,
        depth=depth,
        since=since,
        until=until,
        max_nodes=DEFAULT_MAX_NODES if max_nodes is None else max_nodes,
    )
    write_atomic(path, render_html(page))
    return page


def write_page_of_store(path: str, store: str) -> None:
    """Write the page of a build's store on disk, opened read-only (the build's page step: its own process).

    The page reads only what it draws (the ranking is counted in the store, then only the kept nodes are
    projected), so the store on disk serves it without an in-memory copy of the whole graph.
    """
    write_page(ox.Store.read_only(store), Path(path))
