"""Paths as the core passes them around."""

from __future__ import annotations

import os
from pathlib import Path


def as_path(value: str | os.PathLike[str]) -> Path:
    """``value`` as a Path — the very object when it is one already: a new Path hashes and compares its parts
    again at every dict lookup, which thousands of files of an ingest pay many times over."""
    return value if isinstance(value, Path) else Path(value)
