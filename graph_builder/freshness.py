"""Tell whether the store in an output folder is up to date with the sources, and rebuild it when not."""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path

from .store import MANIFEST, STORE_DIR, Manifest

log = logging.getLogger(__name__)


def fingerprint(sources: Path) -> str:
    """Return a digest of the names, sizes and modification times of every file under ``sources``."""
    digest = hashlib.sha256()
    for path in sorted(p for p in sources.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        stat = path.stat()
        digest.update(f"{path.relative_to(sources)}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def stale_reason(out: Path, sources: Path) -> str | None:
    """Return why the store in ``out`` must be rebuilt from ``sources``, or None when it is current."""
    if not (out / STORE_DIR).is_dir():
        return f"no store in {out}"
    manifest = Manifest.read(out / MANIFEST)
    if manifest is None:
        return f"no readable {MANIFEST} in {out} (missing, damaged, or written by an older version)"
    if manifest.sources != str(sources.resolve()):
        return f"it was built from {manifest.sources}"
    if manifest.fingerprint != fingerprint(sources):
        return f"{sources} changed since it was built"
    return None


def ensure_store(out: Path, sources: Path) -> Path:
    """Return the store folder in ``out``, building it first when it is missing or stale."""
    reason = stale_reason(out, sources)
    if reason is not None:
        from .build import build

        log.warning("building %s first: %s", out, reason)
        build(sources, out=out)
    return out / STORE_DIR
