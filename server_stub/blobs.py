"""Content-addressed blob storage: the store interface, and the local folder ``<root>/ab/<sha256>``,
written through a temp file and an atomic rename, so a blob is either complete and verified or absent.
(Stores made before 0.2 keep their ``<root>/ab/cd/<sha256>`` layout: see ``LocalBlobStore.levels``.)

A writer may be begun without a sha256 (a one-pass upload: the client hashes while it sends); the blob
then lands under the hash the store computed itself, so nothing is ever stored under a hash it lacks."""

from __future__ import annotations

import contextlib
import errno
import hashlib
import itertools
import os
import re
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import NamedTuple, Protocol

from brickyard.core.errors import BrickyardError, HashMismatch, InvalidInput

from .upload_space import UploadSpace

CHUNK = 1024 * 1024
HASHING = ThreadPoolExecutor(max_workers=4, thread_name_prefix="blob-hash")
SHA256 = re.compile(r"^[0-9a-f]{64}$")


def check_sha256(sha256: str) -> str:
    if not SHA256.match(sha256):
        raise InvalidInput(f"{sha256!r} is not a sha256: expected 64 lower-case hex digits",
                           detail={"sha256": sha256})
    return sha256


class BlobWriter(Protocol):
    sha256: str | None  # the claimed hash, or (begun without one) the computed hash once committed

    def write(self, chunk: bytes) -> None: ...
    def commit(self) -> bool: ...
    def abort(self) -> None: ...


class StoredBlob(NamedTuple):
    sha256: str
    size: int
    modified: float  # seconds since the epoch: GC keeps blobs younger than its grace period


class BlobStore(Protocol):
    """What the server needs of a blob store; ``LocalBlobStore`` and ``S3BlobStore`` implement it."""

    kind: str  # "local" or "s3"

    def prepare(self) -> int: ...
    def close(self) -> None: ...
    def has(self, sha256: str) -> bool: ...
    # ``location``: where a blob's row says its bytes are when not under its own name (S3 uploads only).
    def has_at(self, sha256: str, location: str | None) -> bool: ...
    def size(self, sha256: str) -> int | None: ...
    def iter_range(self, sha256: str, start: int, end: int, chunk: int = CHUNK) -> Iterator[bytes]: ...
    def begin_put(self, sha256: str | None, size: int) -> BlobWriter: ...
    def delete(self, sha256: str) -> None: ...
    def delete_at(self, sha256: str, location: str | None) -> None: ...
    def list_blobs(self) -> Iterator[StoredBlob]: ...
    def describe(self) -> str: ...


def _mismatch(claimed: str, actual: str) -> HashMismatch:
    return HashMismatch(f"the uploaded bytes hash to {actual}, not {claimed}; nothing was stored — "
                        "the file changed or was corrupted in transit, hash it again and retry",
                        detail={"sha256": claimed, "actual_sha256": actual})


def _short(sha256: str | None, written: int, expected: int) -> HashMismatch:
    return HashMismatch(f"the upload of {sha256 or 'a blob'} has {written} bytes but {expected} were announced; "
                        "nothing was stored — upload the file again",
                        detail={"sha256": sha256, "expected_size": expected, "actual_size": written})


class _LocalWriter:
    """Hashes while writing to a temp file; ``commit`` verifies, fsyncs and renames into place."""

    def __init__(self, store: LocalBlobStore, sha256: str | None, size: int):
        self.store, self.sha256, self.expected_size = store, sha256, size
        # The temp folder is this process's own: a counter names its files apart (no random bytes per blob).
        # A bare descriptor, held open across write() calls from worker threads; commit()/abort() close it.
        # Not a file object: opening one costs four more system calls, each a turn of the GIL given away and
        # waited for again — and a bundle opens one per blob while other requests keep the GIL busy.
        self.temp, fd = store.open_temp(f"{sha256 or 'unnamed'}.{next(store.temp_numbers)}.part")
        self.fd: int | None = fd
        self.hasher = hashlib.sha256()
        self.written = 0
        if size and hasattr(os, "posix_fallocate"):
            self._reserve(fd, size)

    def _reserve(self, fd: int, size: int) -> None:
        """Allocate the blob's blocks at once: the writes then only fill them (~15% faster ingest), and a
        full disk is said before any byte is sent."""
        try:
            os.posix_fallocate(fd, 0, size)
        except OSError as exc:
            if exc.errno != errno.ENOSPC:
                return  # a filesystem without preallocation: the writes allocate as they go
            self.abort()
            raise BrickyardError(f"the server's blob storage has no room for {size} bytes; nothing was stored "
                                 "— ask the server's administrator to free space, then publish again",
                                 code="storage_full", status=507, detail={"size": size}) from None

    def _check_room(self, size: int) -> None:
        if self.written + size > self.expected_size:
            self.abort()
            raise HashMismatch(f"the upload of {self.sha256 or 'a blob'} is longer than its {self.expected_size} bytes",
                               detail={"sha256": self.sha256, "expected_size": self.expected_size})

    def write(self, chunk: bytes) -> None:
        self._check_room(len(chunk))
        if len(chunk) < CHUNK:  # a small blob: handing it to another thread costs more than hashing it
            self.hasher.update(chunk)
            self._write_all([memoryview(chunk)])
        else:
            hashed = HASHING.submit(self.hasher.update, chunk)  # hash and write side by side: both free the GIL
            try:
                self._write_all([memoryview(chunk)])
            finally:
                hashed.result()  # one block at a time: the hash sees the blocks in order
        self.written += len(chunk)

    def write_pieces(self, pieces: list[memoryview], hasher=None) -> None:
        """A small blob given as consecutive slices of the network's reads: hashed slice by slice and
        written in one call, never joined (joining copies every byte once more). ``hasher``: the caller
        feeds it the same slices on another thread, and it becomes this blob's hash."""
        size = sum(len(piece) for piece in pieces)
        self._check_room(size)
        if hasher is None:
            for piece in pieces:
                self.hasher.update(piece)
        else:
            self.hasher = hasher
        self._write_all(pieces)
        self.written += size

    def _write_all(self, pieces: list[memoryview]) -> None:
        fd = self.fd
        if fd is None:
            raise ValueError(f"blob {self.sha256 or '(unnamed)'} was written after its file was closed")
        left = sum(len(piece) for piece in pieces)
        while left:  # a regular file takes it all at once; a signal may cut a call short
            done = os.writev(fd, pieces)
            left -= done
            pieces = split_pieces(pieces, done)[1] if left else pieces

    def close_file(self) -> None:
        """Done writing (a bundle closes each file before one sync for all of them)."""
        self._close()

    def _close(self) -> None:
        if self.fd is not None:
            fd, self.fd = self.fd, None
            os.close(fd)

    def commit(self, durable: bool = True) -> bool:
        """Move the verified blob into place; False if an identical blob was already there.

        ``durable=False`` skips the fsyncs: only for a caller that synced the data before (and syncs the
        renames after), as a bundle upload does once for all its blobs. It also replaces an identical blob
        already there without asking first (one system call fewer per blob: a bundle's blobs are those the
        server lacked a moment ago) and answers True."""
        try:
            if self.written != self.expected_size:
                raise _short(self.sha256, self.written, self.expected_size)
            actual = self.hasher.hexdigest()
            if self.sha256 is None:
                self.sha256 = actual  # a one-pass upload: stored under the hash computed here
            elif actual != self.sha256:
                raise _mismatch(self.sha256, actual)
            if durable and self.fd is not None:
                os.fsync(self.fd)
            self._close()
            target = self.store.path_text(self.sha256)
            if durable and os.path.exists(target):
                os.unlink(self.temp)
                return False
            try:
                os.replace(self.temp, target)
            except FileNotFoundError:  # the first blob of its folder (asking first costs every blob a call)
                os.makedirs(os.path.dirname(target), exist_ok=True)
                os.replace(self.temp, target)
            if durable:
                _fsync_dir(os.path.dirname(target))
            return True
        except BaseException:
            self.abort()
            raise

    def abort(self) -> None:
        self._close()
        with contextlib.suppress(FileNotFoundError):
            os.unlink(self.temp)


def split_pieces(pieces: list[memoryview], size: int) -> tuple[list[memoryview], list[memoryview]]:
    """Consecutive ``pieces`` cut after their first ``size`` bytes: (those bytes, the rest), as views."""
    for index, piece in enumerate(pieces):
        if size < len(piece):
            head = pieces[:index] + ([piece[:size]] if size else [])
            return head, [piece[size:]] + pieces[index + 1:]
        size -= len(piece)
    return list(pieces), []


LAYOUT_FILE = "LAYOUT"
ONE_LEVEL = "ab/<sha256>\n"


class LocalBlobStore:
    kind = "local"

    def __init__(self, root: Path):
        self.root = Path(root)
        # Under the blob folder (same filesystem: the rename is atomic), one sub-folder per process.
        self.uploads = UploadSpace(self.root / "tmp")
        self.temp_numbers = itertools.count()
        self._levels: int | None = None
        self._root_text = str(self.root)
        self._temp_text: str | None = None  # the temp folder, once claimed

    @property
    def levels(self) -> int:
        """Folder levels above a blob: 1 (``ab/<sha256>``: 256 folders, so a new blob rarely needs a new
        folder, and a folder costs an inode as a file does), or 2 for a store that already holds blobs in
        the older ``ab/cd/<sha256>`` layout, which it keeps. A ``LAYOUT`` file marks a one-level store."""
        if self._levels is None:
            marker = self.root / LAYOUT_FILE
            if marker.is_file():
                self._levels = 1
            elif any(SHA256.match(p.name) for p in self.root.glob("[0-9a-f][0-9a-f]/[0-9a-f][0-9a-f]/*")):
                self._levels = 2
            else:  # a new (or empty) store
                self.root.mkdir(parents=True, exist_ok=True)
                marker.write_text(ONE_LEVEL)
                self._levels = 1
        return self._levels

    @property
    def temp_dir(self) -> Path:
        return self.uploads.claim()

    def open_temp(self, name: str) -> tuple[str, int]:
        """A new file ``name`` in this process's temp folder: (its path, a descriptor to write it). One
        system call: the folder is claimed once, and claimed again only if it has gone."""
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
        if self._temp_text is None:
            self._temp_text = str(self.temp_dir)
        try:
            path = os.path.join(self._temp_text, name)
            return path, os.open(path, flags, 0o644)
        except FileNotFoundError:  # removed under us (an administrator's cleaning): claiming makes it anew
            self._temp_text = str(self.temp_dir)
            path = os.path.join(self._temp_text, name)
            return path, os.open(path, flags, 0o644)

    def prepare(self) -> int:
        """Claim this process's temp folder and remove the uploads dead processes left; returns how many.
        A new store's layout is settled here, before any request."""
        _ = self.levels
        self.uploads.claim()
        return self.uploads.sweep()

    def close(self) -> None:
        self.uploads.release()

    def describe(self) -> str:
        return str(self.root)

    def path(self, sha256: str) -> Path:
        return Path(self.path_text(sha256))

    def path_text(self, sha256: str) -> str:
        """``path`` as text: what a blob write needs, without building a Path per blob."""
        check_sha256(sha256)
        if self.levels == 1:
            return f"{self._root_text}/{sha256[:2]}/{sha256}"
        return f"{self._root_text}/{sha256[:2]}/{sha256[2:4]}/{sha256}"

    def has(self, sha256: str) -> bool:
        return self.path(sha256).is_file()

    def has_at(self, sha256: str, location: str | None) -> bool:
        return self.has(sha256)  # a local blob is always under its own name

    def delete_at(self, sha256: str, location: str | None) -> None:
        self.delete(sha256)

    def size(self, sha256: str) -> int | None:
        try:
            return self.path(sha256).stat().st_size
        except FileNotFoundError:
            return None

    def iter_range(self, sha256: str, start: int, end: int, chunk: int = CHUNK) -> Iterator[bytes]:
        """Bytes ``start`` to ``end`` inclusive, in chunks."""
        with open(self.path(sha256), "rb") as file:
            file.seek(start)
            remaining = end - start + 1
            while remaining > 0:
                data = file.read(min(chunk, remaining))
                if not data:
                    break
                remaining -= len(data)
                yield data

    def begin_put(self, sha256: str | None, size: int) -> _LocalWriter:
        if sha256 is not None:
            check_sha256(sha256)
        return _LocalWriter(self, sha256, size)

    def sync(self) -> None:
        """Make every write and rename so far durable, at once (cheaper than one fsync per small blob)."""
        os.sync()

    def delete(self, sha256: str) -> None:
        self.path(sha256).unlink(missing_ok=True)

    def list_blobs(self) -> Iterator[StoredBlob]:
        """Every stored blob, one folder at a time (the temp folder is skipped: its names are no hashes)."""
        pattern = "/".join(["[0-9a-f][0-9a-f]"] * self.levels)
        for folder in sorted(self.root.glob(pattern)):
            for path in sorted(folder.iterdir()):
                if SHA256.match(path.name):
                    stat = path.stat()
                    yield StoredBlob(path.name, stat.st_size, stat.st_mtime)

    def put_stream(self, sha256: str | None, size: int, chunks) -> bool:
        return put_stream(self, sha256, size, chunks)


def put_stream(store: BlobStore, sha256: str | None, size: int, chunks) -> bool:
    """Store an iterable of byte chunks under ``sha256`` (None: under the hash they have); True if new."""
    writer = store.begin_put(sha256, size)
    try:
        for chunk in chunks:
            writer.write(chunk)
    except BaseException:
        writer.abort()
        raise
    return writer.commit()


def _fsync_dir(path: str | Path) -> None:
    # The rename is durable only once the directory entry is on disk.
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
