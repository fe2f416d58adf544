"""Resolve the default folders of the CLI contract."""

from __future__ import annotations

import logging
from pathlib import Path

from ontology import resources
from ontology.layout import ENTITIES_FILE, source_folders

log = logging.getLogger(__name__)

#: The analyst's working folder in the current directory (in a checkout: the repo's ``sources/``).
LOCAL_SOURCES = Path("sources")


def holds_sources(folder: Path) -> bool:
    """Tell whether ``folder`` holds sources: an entities file or at least one source folder.

    A folder holding only other files (its README.md) does not: it is a working folder not yet started.
    """
    if not folder.is_dir():
        return False
    return (folder / ENTITIES_FILE).is_file() or bool(source_folders(folder))


def sources_folder(given: Path | None) -> Path:
    """Return the sources folder: the one given, else ./sources if it holds sources, else the bundled seed."""
    if given is not None:
        return given
    if holds_sources(LOCAL_SOURCES):
        return LOCAL_SOURCES
    seed = Path(str(resources.bundled_sources()))
    # Run from a checkout, the seed is under the current folder: show it as graph_builder/seed in messages.
    if seed.is_relative_to(Path.cwd()):
        seed = seed.relative_to(Path.cwd())
    log.info("no sources in ./%s: using the bundled seed sources in %s", LOCAL_SOURCES, seed)
    return seed
