"""Stream bytes to and from the server without ever holding a whole file in memory.

Uploads are an iterable body with a length, so ``requests`` sends ``Content-Length`` (the server refuses
chunked uploads) and reads 1 MiB at a time. Downloads are hashed while written to a temp file beside the
cache, verified, fsynced and renamed into place: the cache never holds a partial or wrong blob.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from .errors import HashMismatch, InvalidInput
from .hashing import BLOCK_SIZE

BytesCallback = Callable[[int], None]  # called with the bytes done so far in this file


class UploadBody:
    """A file as a request body: ``len()`` is its size, each iteration re-reads it from the start.

    Re-iterable on purpose: a retried PUT iterates the same body again and sends the whole file.

        >>> body = UploadBody("hero.blend", size=1234)
        >>> session.put(url, data=body)
    """

    def __init__(self, path: str | os.PathLike, size: int, progress: BytesCallback | None = None):
        self.path = Path(path)
        self.size = size
        self.progress = progress

    def __len__(self) -> int:
        return self.size

    def __iter__(self) -> Iterator[bytes]:
        sent = 0
        with open(self.path, "rb") as stream:
            while sent < self.size:
                block = stream.read(min(BLOCK_SIZE, self.size - sent))
                if not block:  # stop now: a short body would leave the server waiting for bytes never sent
                    raise InvalidInput(
                        f"{self.path} shrank while it was being published ({sent} of {self.size} bytes "
                        "left); nothing was published — let whatever writes it finish, then publish again",
                        detail={"path": str(self.path), "expected_size": self.size, "read": sent})
                sent += len(block)
                yield block
                if self.progress:
                    self.progress(sent)


def receive_blob(chunks: Iterable[bytes], destination: Path, *, sha256: str, size: int,
                 progress: BytesCallback | None = None) -> Path:
    """Write ``chunks`` to ``destination`` only if they hash to ``sha256`` and add up to ``size``.

    The bytes go to a temp file in the destination's folder (same filesystem, so the final rename is
    atomic); a mismatch deletes it and raises ``HashMismatch``; the blob is made read-only.

        >>> response = session.get(blob_url, stream=True)
        >>> receive_blob(response.iter_content(BLOCK_SIZE), cache_path, sha256=sha, size=n)
    """
    destination.parent.mkdir(parents=True, exist_ok=True)
    fd, temp_name = tempfile.mkstemp(dir=destination.parent, prefix=".incoming-", suffix=".part")
    temp = Path(temp_name)
    try:
        digest = hashlib.sha256()
        received = 0
        with os.fdopen(fd, "wb") as stream:
            for chunk in chunks:
                if not chunk:
                    continue
                digest.update(chunk)
                stream.write(chunk)
                received += len(chunk)
                if received > size:
                    break  # more than promised: no point reading on
                if progress:
                    progress(received)
            stream.flush()
            os.fsync(stream.fileno())
        actual = digest.hexdigest()
        if received != size or actual != sha256:
            raise HashMismatch(
                f"the downloaded blob {sha256[:12]}… is corrupt: got {received} bytes hashing to "
                f"{actual[:12]}…, expected {size} bytes; nothing was kept, try again",
                detail={"sha256": sha256, "size": size, "received_size": received, "received_sha256": actual})
        os.chmod(temp, 0o444)  # blobs are immutable; read-only guards them from editing through a hard link
        os.replace(temp, destination)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    _fsync_directory(destination.parent)
    return destination


def _fsync_directory(directory: Path) -> None:
    """Make the rename itself durable (POSIX only; Windows has no directory handles to sync)."""
    if os.name != "posix":
        return
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
