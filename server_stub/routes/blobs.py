"""Blobs: ask which are missing, upload (streamed, verified), read (streamed, with Range)."""

from __future__ import annotations

import asyncio

from anyio import to_thread
from brickyard.core.errors import BrickyardError, HashMismatch, NotFound, PayloadTooLarge
from brickyard.core.models import BlobsMissing, BlobsQuery
from fastapi import APIRouter, Request, Response, status
from fastapi.responses import RedirectResponse, StreamingResponse
from starlette.requests import ClientDisconnect

from ..blobs import check_sha256
from ..deps import BlobStoreDep, CurrentUser, DbDep, SettingsDep
from ..params import Sha256Path
from ..ranges import ranged_response
from ..services import blob_upkeep, blobs

RECEIVE_BLOCK = 4 * 1024 * 1024  # per hand-off to the writer thread: fewer, larger writes ingest faster
router = APIRouter(prefix="/blobs", tags=["blobs"])


@router.post("/missing")
def missing(body: BlobsQuery, db: DbDep, caller: CurrentUser) -> BlobsMissing:
    """Which of these the caller must upload: those the server lacks, or has but the caller does not hold."""
    wanted = [check_sha256(s.lower()) for s in body.sha256]
    answer = BlobsMissing(missing=blobs.missing(db, caller, wanted))
    blob_upkeep.touch(db, sorted(set(wanted) - set(answer.missing)))  # GC spares what a publish now counts on
    return answer


@router.head("/{sha256}", responses={200: {"description": "the blob's size in Content-Length",
                                           "content": {"application/octet-stream": {}}}})
def head_blob(sha256: Sha256Path, db: DbDep, caller: CurrentUser) -> Response:
    """Answers only for a blob the caller uploaded or can read through a version; 404 otherwise."""
    size = blobs.held_size(db, caller, check_sha256(sha256))
    if size is None:
        raise NotFound(f"no blob {sha256} of yours", detail={"sha256": sha256})
    return Response(headers={"Content-Length": str(size), "Accept-Ranges": "bytes"},
                    media_type="application/octet-stream")


def _content_length(request: Request, limit: int) -> int:
    value = request.headers.get("content-length")
    if value is None or not value.isdigit():
        raise BrickyardError("PUT /blobs needs a Content-Length header: send the file with its size, "
                             "not chunked", code="length_required", status=411)
    length = int(value)
    if length > limit:
        raise PayloadTooLarge(f"a blob of {length} bytes is larger than this server accepts ({limit})",
                              detail={"size": length, "limit": limit})
    return length


@router.put("/{sha256}", status_code=status.HTTP_201_CREATED,
            responses={200: {"description": "the blob was already there"}})
async def put_blob(sha256: Sha256Path, request: Request, db: DbDep, caller: CurrentUser, store: BlobStoreDep,
                   settings: SettingsDep) -> Response:
    check_sha256(sha256)
    length = _content_length(request, settings.max_blob_bytes)
    already = await to_thread.run_sync(blobs.size, db, sha256)
    await to_thread.run_sync(blobs.require_uploader, db, caller)
    await to_thread.run_sync(db.close)  # no connection held for the whole upload
    writer = await to_thread.run_sync(store.begin_put, sha256, length)
    try:
        await _receive_into(request, writer)
        stored = await to_thread.run_sync(writer.commit)
    except ClientDisconnect:
        await to_thread.run_sync(writer.abort)
        raise HashMismatch(f"the upload of {sha256} was cut off; nothing was kept — upload it again",
                           detail={"sha256": sha256}) from None
    except BaseException:
        await to_thread.run_sync(writer.abort)
        raise
    await to_thread.run_sync(blob_upkeep.claim, db, store, sha256, length, caller)
    created = stored or already is None
    return Response(content=f'{{"sha256": "{sha256}", "size": {length}}}', media_type="application/json",
                    status_code=status.HTTP_201_CREATED if created else status.HTTP_200_OK)


async def _receive_into(request: Request, writer) -> None:
    """Stream the body into ``writer`` in ~4 MiB blocks, hashing and writing in a worker thread.

    Double-buffered: while one block is hashed and written, the next is received, so network and disk
    overlap; the event loop stays free for other requests throughout.
    """
    buffer = bytearray()
    pending: asyncio.Task | None = None
    try:
        async for chunk in request.stream():
            buffer += chunk
            if len(buffer) >= RECEIVE_BLOCK:
                if pending:
                    await pending
                pending = asyncio.create_task(to_thread.run_sync(writer.write, bytes(buffer)))
                buffer.clear()
        if pending:
            await pending
            pending = None
        if buffer:
            await to_thread.run_sync(writer.write, bytes(buffer))
    finally:
        if pending and not pending.done():
            await asyncio.wait([pending])  # never abort the writer under a running write


@router.get("/{sha256}", response_class=StreamingResponse,
            responses={200: {"content": {"application/octet-stream": {}}}, 206: {"description": "a range"},
                       307: {"description": "on an S3 store: a presigned URL of the bytes"}})
def get_blob(sha256: Sha256Path, request: Request, db: DbDep, caller: CurrentUser,
             store: BlobStoreDep) -> StreamingResponse:
    check_sha256(sha256)
    blobs.require_reader(db, caller, sha256)
    size = blobs.size(db, sha256)
    if size is None:
        raise NotFound(f"no blob {sha256}", detail={"sha256": sha256})
    db.close()
    presign = getattr(store, "presign_download", None)
    if presign is not None:  # the bytes come straight from the bucket, Range and all
        return RedirectResponse(presign(sha256), status_code=307)  # type: ignore[return-value]
    if not store.has(sha256):
        raise NotFound(f"no blob {sha256}", detail={"sha256": sha256})
    return ranged_response(request, store, sha256, size, "application/octet-stream",
                           {"Cache-Control": "private, immutable"})
