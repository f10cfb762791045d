"""Uploads sent straight to the object store (presigned URLs): which a caller still needs, and making the
verified ones blobs.

Both ``POST /blobs/uploads/complete`` and a version create carrying ``uploads`` finish uploads here, so a
small publish needs no separate request to complete its PUTs.
"""

from __future__ import annotations

from brickyard.core.blob_models import BlobStored, UploadDone
from brickyard.core.errors import BrickyardError, InvalidInput
from sqlalchemy.orm import Session

from ..blobs import BlobStore
from . import blob_upkeep, blobs
from .access import Caller


def require_direct(store: BlobStore) -> None:
    if not hasattr(store, "presign_upload"):
        raise BrickyardError("this server keeps blobs in a local folder: upload with PUT /api/v1/blobs/<sha256> "
                             "or POST /api/v1/blobs instead", code="no_direct_upload", status=409)


def complete(db: Session, store: BlobStore, caller: Caller, items: list[UploadDone]) -> list[BlobStored]:
    """Verify each uploaded object (checksum or re-hash) and make it a blob; a mismatch keeps nothing.

    Leaves ``db`` closed between its own statements while the store is read: verifying may re-read a
    large object, and no database connection is held meanwhile."""
    require_direct(store)
    blobs.require_uploader(db, caller)
    # An upload completed before (a retried request) is a blob already: finishing it again would verify,
    # and on a wrong sha256 or size delete, bytes a blob lives in. (A download URL shows its key, so any
    # reader may know its id: naming the right blob only claims bytes that reader can fetch anyway.)
    done_before = _completed_before(db, store, items)
    db.close()
    done = []
    for item in items:
        location = done_before.get(item.upload_id)
        if location is None:
            location = store.finish_upload(item.upload_id, item.sha256, item.size)  # type: ignore[attr-defined]
        blob_upkeep.claim(db, store, item.sha256, item.size, caller, location)
        done.append(BlobStored(sha256=item.sha256, size=item.size))
    return done


def _completed_before(db: Session, store: BlobStore, items: list[UploadDone]) -> dict[str, str]:
    """upload id -> the location of the blob it became already, for those that did; refused if the request
    names another blob for one."""
    locations = {item.upload_id: store.location_of(store.upload_key(item.upload_id))  # type: ignore[attr-defined]
                 for item in items}
    kept = blobs.kept_at(db, list(locations.values()))
    found = {}
    for item in items:
        blob = kept.get(locations[item.upload_id])
        if blob is None:
            continue
        if blob != (item.sha256, item.size):
            raise InvalidInput(f"upload {item.upload_id} was completed as blob {blob[0]} of {blob[1]} bytes, "
                               f"not {item.sha256} of {item.size}; name the blob it became, or upload anew",
                               detail={"upload_id": item.upload_id, "sha256": blob[0], "size": blob[1]})
        found[item.upload_id] = locations[item.upload_id]
    return found
