"""Hash a file in one streaming pass: memory stays flat however large the file is."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable

BLOCK_SIZE = 1024 * 1024  # 1 MiB: large enough to be fast, small enough to keep memory flat


def hash_file(path: str | os.PathLike, progress: Callable[[int], None] | None = None) -> tuple[str, int]:
    """``(sha256 hex, size)`` of ``path``; ``progress(done_bytes)`` is called after every block.

        >>> sha, size = hash_file("hero.blend")
        >>> hash_file("big.exr", progress=lambda done: print(done))
    """
    digest = hashlib.sha256()
    size = 0
    with open(path, "rb") as stream:
        while block := stream.read(BLOCK_SIZE):
            digest.update(block)
            size += len(block)
            if progress:
                progress(size)
    return digest.hexdigest(), size
