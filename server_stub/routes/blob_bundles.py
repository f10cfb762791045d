"""``POST /blobs/bundle``: many blobs in one streamed request — a folder of small files is not one
request per file.

Body: 8 bytes little-endian N, N bytes of JSON ``{"blobs": [[sha256, size], …]}``, then each blob's
bytes in that order. Every blob is hashed as it is written and verified before it is kept; the data is
synced once for the whole bundle, then moved into place and recorded. A bad blob fails the request and
keeps none of the bundle's blobs (re-send it, or send the blobs one by one).
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import struct
from collections import deque
from concurrent.futures import ThreadPoolExecutor
from contextlib import suppress
from functools import partial

from anyio import to_thread
from brickyard.core.errors import BrickyardError, InvalidInput
from brickyard.core.models import BlobBundleResult
from fastapi import APIRouter, Request
from starlette.requests import ClientDisconnect

from ..blobs import HASHING, check_sha256, split_pieces
from ..deps import BlobStoreDep, CurrentUser, DbDep, SettingsDep
from ..services import blobs
from .blobs import _content_length

MAX_MANIFEST = 4 * 1024 * 1024
MAX_BLOBS = 10_000
WRITE_BLOCK = 4 * 1024 * 1024
DEPTH = 4  # blocks received and not yet written, at most (16 MB)
router = APIRouter(prefix="/blobs", tags=["blobs"])


class _Body:
    """The request body read as exact pieces."""

    def __init__(self, request: Request):
        self.stream = request.stream().__aiter__()
        self.rest = b""  # what the last piece read beyond the size asked for

    async def _next(self, missing: int) -> bytes:
        try:
            return await self.stream.__anext__()
        except StopAsyncIteration:
            raise InvalidInput("the bundle ended before the bytes its manifest announced; re-send it",
                               detail={"missing": missing}) from None

    async def take_pieces(self, size: int) -> list[memoryview]:
        """Exactly ``size`` bytes as the network's own reads (views of them, the last one cut): nothing
        copied, for a caller that can write and hash pieces."""
        pieces, have = [memoryview(self.rest)] if self.rest else [], len(self.rest)
        while have < size:
            piece = await self._next(size - have)
            pieces.append(memoryview(piece))
            have += len(piece)
        taken, rest = split_pieces(pieces, size)
        self.rest = rest[0] if rest else b""  # at most one network read's worth
        return taken

    async def take(self, size: int) -> bytes:
        """Exactly ``size`` bytes, copied once (a growing buffer trimmed from the front copies each byte
        several times; at hundreds of MB a second that is most of the server's work)."""
        return b"".join(await self.take_pieces(size))


def _manifest(raw: bytes) -> list[tuple[str, int]]:
    try:
        entries = [(check_sha256(str(sha).lower()), int(size)) for sha, size in json.loads(raw)["blobs"]]
    except (ValueError, KeyError, TypeError):
        raise InvalidInput('the bundle manifest must be JSON {"blobs": [[sha256, size], ...]}') from None
    if len(entries) > MAX_BLOBS or any(size < 0 for _, size in entries):
        raise InvalidInput(f"a bundle holds at most {MAX_BLOBS} blobs of non-negative size",
                           detail={"blobs": len(entries)})
    return entries


class _Behind:
    """The disk a few blocks behind the network: blocks are written in order by one thread of the bundle's
    own while the next ones arrive; the network waits only when ``DEPTH`` blocks are still unwritten (a
    burst of slow file creations then no longer stops the socket being read)."""

    def __init__(self) -> None:
        self.writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="bundle-writer")
        self.pending: deque[asyncio.Future] = deque()

    async def run(self, work, *args) -> None:
        while len(self.pending) >= DEPTH:
            await self.pending.popleft()
        self.pending.append(asyncio.wrap_future(self.writer.submit(work, *args)))

    async def settle(self) -> None:
        """Every block written so far (the first failure raised)."""
        while self.pending:
            await self.pending.popleft()

    async def stop(self) -> None:
        """No block still being written when this returns (those not begun are dropped), even if cancelled."""
        self.pending.clear()
        await to_thread.run_sync(partial(self.writer.shutdown, wait=True, cancel_futures=True))


def _groups(entries: list[tuple[str, int]]) -> list[list[tuple[str, int]]]:
    """Consecutive blobs grouped up to ``WRITE_BLOCK`` bytes; a larger blob is a group of its own."""
    groups: list[list[tuple[str, int]]] = []
    size = 0
    for sha256, blob_size in entries:
        if not groups or size + blob_size > WRITE_BLOCK or blob_size > WRITE_BLOCK:
            groups.append([])
            size = 0
        groups[-1].append((sha256, blob_size))
        size += blob_size
    return groups


def _write_small(store, group: list[tuple[str, int]], pieces: list[memoryview], writers: list) -> None:
    """Each blob of ``group`` from the consecutive ``pieces`` its bytes arrived in (a blob may span several),
    hashed on another thread while this one writes them (both free the GIL); one file open at a time."""
    blobs = []
    for _, blob_size in group:
        parts, pieces = split_pieces(pieces, blob_size)
        blobs.append(parts)
    hashers = [hashlib.sha256() for _ in group]
    hashed = HASHING.submit(_hash_all, hashers, blobs)
    try:
        for (sha256, blob_size), parts, hasher in zip(group, blobs, hashers):
            writer = store.begin_put(sha256, blob_size)
            writers.append(writer)
            writer.write_pieces(parts, hasher)
            writer.close_file()
    finally:
        hashed.result()  # the hashes are complete before any commit reads them


def _hash_all(hashers: list, blobs: list[list[memoryview]]) -> None:
    for hasher, parts in zip(hashers, blobs):
        for part in parts:
            hasher.update(part)


def _commit_all(writers: list) -> None:
    for writer in writers:
        writer.commit(False)  # the data was synced once for all; the caller syncs the renames


@router.post("/bundle")
async def put_bundle(request: Request, db: DbDep, caller: CurrentUser, store: BlobStoreDep,
                     settings: SettingsDep) -> BlobBundleResult:
    if not hasattr(store, "sync"):  # bundles write to the local folder; a bucket takes presigned uploads
        raise BrickyardError("this server keeps blobs in object storage: upload them with POST /api/v1/blobs/uploads "
                             "(presigned) instead of a bundle", code="no_bundle_upload", status=409)
    length = _content_length(request, settings.max_blob_bytes)
    await to_thread.run_sync(blobs.require_uploader, db, caller)
    await to_thread.run_sync(db.close)  # no connection held while the bytes arrive
    body = _Body(request)
    try:
        (size,) = struct.unpack("<Q", await body.take(8))
        if size > MAX_MANIFEST:
            raise InvalidInput(f"the bundle manifest claims {size} bytes; at most {MAX_MANIFEST}")
        entries = _manifest(await body.take(size))
        if 8 + size + sum(n for _, n in entries) != length:
            raise InvalidInput("the bundle's Content-Length does not match its manifest",
                               detail={"content_length": length})
        writers: list = []
        disk = _Behind()
        try:
            for group in _groups(entries):
                if len(group) == 1 and group[0][1] > WRITE_BLOCK:  # a large blob: streamed a block at a time
                    sha256, blob_size = group[0]
                    await disk.settle()
                    writer = await to_thread.run_sync(store.begin_put, sha256, blob_size)
                    writers.append(writer)
                    remaining = blob_size
                    while remaining:
                        piece = await body.take(min(WRITE_BLOCK, remaining))
                        await disk.run(writer.write, piece)
                        remaining -= len(piece)
                    await disk.run(writer.close_file)
                else:  # small blobs: their bytes at once, written by one worker-thread call (not 3 per blob)
                    pieces = await body.take_pieces(sum(n for _, n in group))
                    await disk.run(_write_small, store, group, pieces, writers)
            await disk.settle()
            await disk.stop()
            await to_thread.run_sync(store.sync)  # the data of every blob, at once
            await to_thread.run_sync(_commit_all, writers)  # verifies each hash, then renames
            await to_thread.run_sync(store.sync)  # the renames
        except BaseException:
            with suppress(BaseException):
                await disk.stop()  # no thread may still write when the temp files go
            for writer in writers:
                await to_thread.run_sync(writer.abort)
            raise
    except ClientDisconnect:
        raise InvalidInput("the bundle upload was cut off; nothing of it was recorded — send it again") from None
    await to_thread.run_sync(blobs.register_many, db, dict(entries), caller)
    return BlobBundleResult(stored=len(entries), bytes=length - 8 - size)
