"""Write the interactive graph page that ``visualize.page`` renders: for a store, or from the build's files.

``visualize`` is imported on use: the build hands ``write_page_of_files`` to a process of its own, and its
own process need not load networkx and pyvis.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from ontology.namespaces import TERM_IRIS

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


def write_page_of_files(path: str, ontology: str, *trig: str) -> None:
    """Write the page of a graph given as TriG files and the ontology's Turtle (the build's own process).

    The graph is loaded into an in-memory store: the projection's queries run several times faster there
    than on the store on disk, and loading it takes less time than that saves.
    """
    store = ox.Store()
    for file in trig:
        store.bulk_load(path=file, format=ox.RdfFormat.TRIG)
    store.bulk_load(
        path=ontology, format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(TERM_IRIS["ONTOLOGY_GRAPH"])
    )
    write_page(store, Path(path))
