"""Resolve the default folders of the CLI contract."""

from __future__ import annotations

from pathlib import Path

from ontology import resources

LOCAL_SOURCES = Path("sources")


def sources_folder(given: Path | None) -> Path:
    """Return the sources folder: the one given, else ./sources when it exists, else the bundled sources."""
    if given is not None:
        return given
    if LOCAL_SOURCES.is_dir():
        return LOCAL_SOURCES
    return Path(str(resources.bundled_sources()))
