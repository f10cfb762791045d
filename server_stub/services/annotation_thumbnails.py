"""A drawing's thumbnail: the drawing flattened over its frame, longest side 512 px, kept as a blob.

Made lazily, on the first request for a revision, and then served from the blob store: a draw or an edit
answers at once (decoding a proxy frame costs far more than saving shapes), a drawing redrawn ten times in a
session makes only the thumbnails somebody looks at, and the revision in the row says whether the kept one
is still the drawing's picture. An edit or a delete clears it (see ``annotations._next``).
"""

from __future__ import annotations

import hashlib

from brickyard.core.errors import NotFound
from sqlalchemy.orm import Session

from ..blobs import BlobStore
from ..db import write_transaction
from ..tables import Annotation
from . import annotation_render, blob_upkeep
from . import annotations as drawings  # the module's name is taken by __future__
from .access import Caller

SIDE = 512  # the thumbnail's longest side, in pixels


def thumbnail(db: Session, store: BlobStore, caller: Caller, annotation_id: int) -> str:
    """The sha256 of the drawing's thumbnail blob, made now if its current revision has none yet."""
    drawing = drawings.get(db, caller, annotation_id)  # the reader's access, as for the drawing
    if drawing.deleted:
        raise NotFound(f"drawing {annotation_id} was deleted, and its thumbnail with it (its history stays at "
                       f"/annotations/{annotation_id}/history)", detail={"annotation": annotation_id})
    row = db.get(Annotation, annotation_id)
    assert row is not None
    if row.thumbnail_revision == drawing.revision and row.thumbnail_sha256 and store.has(row.thumbnail_sha256):
        return row.thumbnail_sha256
    picture = annotation_render.draw(annotation_render.frame_picture(db, store, drawing.version_id, drawing.frame),
                                     drawing.shapes)
    picture.thumbnail((SIDE, SIDE))  # keeps the aspect; never enlarges a smaller frame
    data = annotation_render._png(picture)
    sha256 = hashlib.sha256(data).hexdigest()
    if not store.has(sha256):
        writer = store.begin_put(sha256, len(data))
        try:
            writer.write(data)
        except BaseException:
            writer.abort()
            raise
        writer.commit()
    blob_upkeep.claim(db, store, sha256, len(data))  # recorded (and safe from collection) before it is named
    with write_transaction(db):
        row = db.get(Annotation, annotation_id, with_for_update=True)
        if row is not None and row.revision == drawing.revision and not row.deleted:  # not edited meanwhile
            row.thumbnail_sha256, row.thumbnail_revision = sha256, drawing.revision
    return sha256


def read(store: BlobStore, sha256: str) -> bytes:
    return b"".join(annotation_render._chunks(store, sha256))  # a thumbnail is small: whole in memory
