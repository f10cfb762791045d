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


def hash_file_and_tail(path: str | os.PathLike, tail_from: int,
                       progress: Callable[[int], None] | None = None) -> tuple[str, str, int]:
    """``(sha256, sha256 of the bytes from tail_from on, size)`` in the same single pass.

    The tail hash of a safetensors file from ``8 + header length`` is the "addnet"/AutoV3 hash A1111
    quotes for LoRAs: it ignores the header, so it survives metadata edits.

        >>> full, tensors, size = hash_file_and_tail("hero.safetensors", 8 + header_size)
    """
    digest, tail = hashlib.sha256(), hashlib.sha256()
    size = 0
    with open(path, "rb") as stream:
        while block := stream.read(BLOCK_SIZE):
            digest.update(block)
            if size + len(block) > tail_from:
                tail.update(block[max(0, tail_from - size):])
            size += len(block)
            if progress:
                progress(size)
    return digest.hexdigest(), tail.hexdigest(), size
