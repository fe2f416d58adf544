"""Name the parts of a sources folder: its entities file and its source folders.

Cheap to import (no parser, no RDF): a command asks whether a folder holds sources before it knows whether it
needs the compiler at all.
"""

from __future__ import annotations

from pathlib import Path

ENTITIES_FILE = "entities.yaml"


def source_folders(root: Path) -> list[Path]:
    """Return the source folders under ``root``, sorted (folders named ``.…`` or ``_…`` are not sources)."""
    return sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith((".", "_")))
