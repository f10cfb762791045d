"""Stream bytes to and from the server without ever holding a whole file in memory.

Uploads are an iterable body with a length, so ``requests`` sends ``Content-Length`` (the server refuses
chunked uploads) and reads 1 MiB at a time. Downloads are hashed while written to a temp file beside the
cache, verified, fsynced and renamed into place: the cache never holds a partial or wrong blob; a
stream that breaks part-way resumes from the bytes already received.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from .errors import HashMismatch, InvalidInput
from .hashing import BLOCK_SIZE

BytesCallback = Callable[[int], None]  # called with the bytes done so far in this file
# Hashing a block while the socket sends it (both release the GIL): a one-pass upload costs no more time
# than the slower of the two.
_HASHING = ThreadPoolExecutor(max_workers=2, thread_name_prefix="brickyard-hash")


class UploadBody:
    """A file as a request body: ``len()`` is its size, each iteration re-reads it from the start.

    Re-iterable on purpose: a retried PUT iterates the same body again and sends the whole file.
    With ``hashing=True`` the bytes are hashed as they are sent (``sha256()`` after a full pass): a new
    file is read once, for the upload and its hash together.

        >>> body = UploadBody("hero.blend", size=1234, hashing=True)
        >>> session.post(url, data=body); body.sha256()
    """

    def __init__(self, path: str | os.PathLike, size: int, progress: BytesCallback | None = None,
                 hashing: bool = False, offset: int = 0, tail_from: int | None = None):
        self.path = Path(path)
        self.size = size
        self.offset = offset  # a part of the file: ``size`` bytes from here (a multipart upload's part)
        self.progress = progress
        self.hashing = hashing
        # With hashing: also hash the bytes from ``tail_from`` on (a safetensors file's tensor bytes, its
        # AutoV3 hash) in the same pass, instead of reading the file again for it.
        self.tail_from = tail_from
        self._digest = hashlib.sha256()
        self._tail = hashlib.sha256()
        self._sent = 0
        self._pending: Future | None = None

    def sha256(self) -> str:
        """The hash of the bytes the last full iteration sent."""
        if not self.hashing or self._sent != self.size:
            raise RuntimeError("the body was not sent whole with hashing=True")
        self._settle()
        return self._digest.hexdigest()

    def tail_sha256(self) -> str | None:
        """The hash of the bytes from ``tail_from`` on, of the last full iteration (None without one)."""
        if self.tail_from is None:
            return None
        self.sha256()  # the same checks: sent whole, hashing on
        return self._tail.hexdigest()

    def _settle(self) -> None:
        if self._pending is not None:
            self._pending.result()
            self._pending = None

    def _hash(self, block: bytes, at: int) -> None:
        self._settle()  # one block at a time: the hash sees the blocks in order
        self._pending = _HASHING.submit(self._update, block, at)

    def _update(self, block: bytes, at: int) -> None:
        """``block`` starts ``at`` bytes into the body."""
        self._digest.update(block)
        if self.tail_from is not None and at + len(block) > self.tail_from:
            self._tail.update(memoryview(block)[max(0, self.tail_from - at):])

    def __len__(self) -> int:
        return self.size

    def __iter__(self) -> Iterator[bytes]:
        self._settle()
        sent = self._sent = 0
        self._digest, self._tail = hashlib.sha256(), hashlib.sha256()
        with open(self.path, "rb") as stream:
            stream.seek(self.offset)
            while sent < self.size:
                block = stream.read(min(BLOCK_SIZE, self.size - sent))
                if not block:  # stop now: a short body would leave the server waiting for bytes never sent
                    raise InvalidInput(
                        f"{self.path} shrank while it was being published ({sent} of {self.size} bytes "
                        "left); nothing was published — let whatever writes it finish, then publish again",
                        detail={"path": str(self.path), "expected_size": self.size, "read": sent})
                if self.hashing:
                    self._hash(block, sent)
                sent += len(block)
                self._sent = sent
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
    incoming = IncomingBlob(destination, sha256=sha256, size=size, progress=progress)
    try:
        incoming.write(chunks)
        return incoming.finish()
    except BaseException:
        incoming.discard()
        raise


class IncomingBlob:
    """A blob being received into a temp file beside ``destination``, hashed as it is written.

    ``received`` bytes are kept across a broken stream, so the next request can ask for the rest
    (``Range: bytes=<received>-``) and carry on hashing; ``restart`` throws them away when the server
    sends the whole blob again. ``finish`` verifies, fsyncs and renames; ``discard`` leaves nothing.
    """

    def __init__(self, destination: Path, *, sha256: str, size: int, progress: BytesCallback | None = None):
        self.destination, self.sha256, self.size, self.progress = destination, sha256, size, progress
        destination.parent.mkdir(parents=True, exist_ok=True)
        fd, temp_name = tempfile.mkstemp(dir=destination.parent, prefix=".incoming-", suffix=".part")
        self.temp = Path(temp_name)
        self.stream = os.fdopen(fd, "wb")
        self.digest = hashlib.sha256()
        self.received = 0

    def restart(self) -> None:
        self.stream.seek(0)
        self.stream.truncate()
        self.digest = hashlib.sha256()
        self.received = 0

    def write(self, chunks: Iterable[bytes]) -> None:
        for chunk in chunks:
            if not chunk:
                continue
            self.digest.update(chunk)
            self.stream.write(chunk)
            self.received += len(chunk)
            if self.received > self.size:
                break  # more than promised: no point reading on
            if self.progress:
                self.progress(self.received)

    def finish(self) -> Path:
        self.stream.flush()
        os.fsync(self.stream.fileno())
        self.stream.close()
        actual = self.digest.hexdigest()
        if self.received != self.size or actual != self.sha256:  # the caller discards the temp file
            raise HashMismatch(
                f"the downloaded blob {self.sha256[:12]}… is corrupt: got {self.received} bytes hashing to "
                f"{actual[:12]}…, expected {self.size} bytes; nothing was kept, try again",
                detail={"sha256": self.sha256, "size": self.size, "received_size": self.received,
                        "received_sha256": actual})
        os.chmod(self.temp, 0o444)  # blobs are immutable; read-only guards them from editing through a hard link
        os.replace(self.temp, self.destination)
        _fsync_directory(self.destination.parent)
        return self.destination

    def discard(self) -> None:
        self.stream.close()
        self.temp.unlink(missing_ok=True)


def _fsync_directory(directory: Path) -> None:
    """Make the rename itself durable (POSIX only; Windows has no directory handles to sync)."""
    if os.name != "posix":
        return
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
