"""Uploads that do not name their hash first, and uploads that go straight to the store.

``POST /blobs`` takes a body of known length and stores it under the sha256 the server computes while
receiving it: the client hashes as it sends, so new bytes are read once. ``POST /blobs/uploads`` hands
out presigned URLs on a store that has them (S3); ``POST /blobs/uploads/complete`` verifies what arrived
and only then makes it a blob anyone can see.
"""

from __future__ import annotations

import base64

from anyio import to_thread
from brickyard.core.blob_models import (
    BlobStored,
    BlobStoreInfo,
    PartReceived,
    PartsRequest,
    SignedParts,
    UploadCompletion,
    UploadPart,
    UploadRequest,
    UploadsCompleted,
    UploadTarget,
    UploadTargets,
)
from brickyard.core.errors import BrickyardError, HashMismatch, InvalidInput
from fastapi import APIRouter, Request, Response, status
from starlette.requests import ClientDisconnect

from ..deps import BlobStoreDep, CurrentUser, DbDep, SettingsDep
from ..services import blob_upkeep, blobs, direct_uploads
from ..services.direct_uploads import require_direct
from .blobs import _content_length, _receive_into

router = APIRouter(prefix="/blobs", tags=["blobs"])


@router.get("/store")
def store_info(caller: CurrentUser, store: BlobStoreDep) -> BlobStoreInfo:
    """Which kind of store holds the blobs, and whether clients send bytes to it directly."""
    direct = hasattr(store, "presign_upload")
    return BlobStoreInfo(kind=store.kind, direct_upload=direct, part_size=store.part_size if direct else None)


@router.post("", status_code=status.HTTP_201_CREATED, response_model=BlobStored,
             responses={200: {"description": "the blob was already there"}})
async def post_blob(request: Request, db: DbDep, caller: CurrentUser, store: BlobStoreDep,
                    settings: SettingsDep) -> Response:
    """A one-pass upload: the answer names the sha256 the server computed; the client compares its own."""
    length = _content_length(request, settings.max_blob_bytes)
    await to_thread.run_sync(blobs.require_uploader, db, caller)
    await to_thread.run_sync(db.close)  # no connection held for the whole upload
    writer = await to_thread.run_sync(store.begin_put, None, length)
    try:
        await _receive_into(request, writer)
        stored = await to_thread.run_sync(writer.commit)
    except ClientDisconnect:
        await to_thread.run_sync(writer.abort)
        raise HashMismatch("the upload was cut off; nothing was kept — upload it again") from None
    except BaseException:
        await to_thread.run_sync(writer.abort)
        raise
    sha256 = writer.sha256
    assert sha256 is not None  # a committed writer knows its hash
    already = await to_thread.run_sync(blobs.size, db, sha256)
    await to_thread.run_sync(blob_upkeep.claim, db, store, sha256, length, caller)
    body = BlobStored(sha256=sha256, size=length).model_dump_json()
    return Response(content=body, media_type="application/json",
                    status_code=status.HTTP_201_CREATED if stored or already is None else status.HTTP_200_OK)


@router.post("/uploads")
def start_uploads(body: UploadRequest, db: DbDep, caller: CurrentUser, store: BlobStoreDep,
                  settings: SettingsDep) -> UploadTargets:
    """A presigned PUT URL per small blob (valid for an hour), a multipart upload per large one or one the
    client hashes while sending; send the bytes, then complete. A blob the caller holds already needs
    nothing sent (``held``): asking here spares asking ``/blobs/missing`` first."""
    require_direct(store)
    blobs.require_uploader(db, caller)
    if any(i.sha256 is None and i.size == 0 for i in body.items):
        raise InvalidInput("an empty file has a known sha256: name it (e3b0c442…) instead of hashing it while sending")
    too_big = [i.sha256 or f"{i.size} bytes" for i in body.items if i.size > settings.max_blob_bytes]
    if too_big:
        raise BrickyardError(f"{len(too_big)} blob(s) are larger than this server accepts "
                             f"({settings.max_blob_bytes} bytes)", code="payload_too_large", status=413,
                             detail={"sha256": too_big, "limit": settings.max_blob_bytes})
    named = [i.sha256 for i in body.items if i.sha256 is not None]
    held = blobs.held(db, caller, named)
    blob_upkeep.touch(db, sorted(held))  # GC spares what a publish now counts on
    targets = []
    for item in body.items:
        if item.sha256 is not None and held.get(item.sha256) == item.size:
            targets.append(UploadTarget(sha256=item.sha256, size=item.size, upload_id="", held=True))
        elif item.sha256 is None or item.size > store.part_size:  # in parts, each retried (and resumed) on its own
            upload_id, part_size, received = store.start_multipart(item.sha256, item.size, item.resume)
            targets.append(UploadTarget(sha256=item.sha256, size=item.size, upload_id=upload_id, part_size=part_size,
                                        received=[PartReceived(number=n, size=s, crc32=_hex(c))
                                                  for n, s, c in received]))
        else:
            upload_id, url, headers = store.presign_upload(item.sha256, item.size)
            targets.append(UploadTarget(sha256=item.sha256, size=item.size, upload_id=upload_id, url=url,
                                        headers=headers))
    return UploadTargets(items=targets)


def _hex(checksum: str | None) -> str | None:
    """A part's base64 CRC32 as S3 lists it, in hex; None for a missing (or other) one."""
    try:
        raw = base64.b64decode(checksum or "", validate=True)
    except ValueError:
        return None
    return raw.hex() if len(raw) == 4 else None


@router.post("/uploads/parts")
def sign_parts(body: PartsRequest, db: DbDep, caller: CurrentUser, store: BlobStoreDep) -> SignedParts:
    """Presigned PUT URLs for parts of a multipart upload, each carrying its part's CRC32: the client asks
    for a batch as soon as it has read (and hashed) them."""
    require_direct(store)
    blobs.require_uploader(db, caller)
    signed = store.sign_parts(body.upload_id, body.size, [(p.number, p.crc32) for p in body.parts])
    return SignedParts(parts=[UploadPart(number=n, offset=o, size=s, url=u, headers=h) for n, o, s, u, h in signed])


@router.post("/uploads/complete")
def complete_uploads(body: UploadCompletion, db: DbDep, caller: CurrentUser,
                     store: BlobStoreDep) -> UploadsCompleted:
    """Verify each uploaded object (checksum or re-hash) and make it a blob; a mismatch keeps nothing.
    (A version create may carry its uploads instead: ``uploads`` in its body.)"""
    return UploadsCompleted(items=direct_uploads.complete(db, store, caller, body.items))
