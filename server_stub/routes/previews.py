"""Review media: what each representation of a version has (or why not), made again on request, and
each derived file streamed with its media type and Range support (a browser's <video> seeks with it)."""

from __future__ import annotations

from brickyard.core.errors import NotFound
from brickyard.core.models import VersionPreviews
from fastapi import APIRouter, Request, status
from fastapi.responses import StreamingResponse

from ..deps import BlobStoreDep, CurrentUser, DbDep
from ..services import previews
from ..ranges import ranged_response

router = APIRouter(tags=["previews"])


@router.get("/versions/{version_id}/previews")
def list_previews(version_id: int, db: DbDep, caller: CurrentUser) -> VersionPreviews:
    """Role ≥ viewer in the version's project: per representation its state, error and derived files."""
    return previews.list_for_version(db, caller, version_id)


@router.post("/versions/{version_id}/previews/regenerate", status_code=status.HTTP_202_ACCEPTED)
def regenerate_previews(version_id: int, db: DbDep, caller: CurrentUser) -> VersionPreviews:
    """Project admins: queue every previewable representation again; the answer shows them pending."""
    return previews.regenerate(db, caller, version_id)


@router.get("/previews/{preview_id}", response_class=StreamingResponse,
            responses={200: {"content": {"video/mp4": {}, "image/jpeg": {}, "image/png": {}, "audio/mp4": {}}},
                       206: {"description": "a range"}})
def stream_preview(preview_id: int, request: Request, db: DbDep, caller: CurrentUser,
                   store: BlobStoreDep) -> StreamingResponse:
    preview = previews.preview_for_reading(db, caller, preview_id)
    sha256, size, media_type = preview.sha256, preview.size, preview.media_type
    db.close()
    if not store.has(sha256):
        raise NotFound(f"the file of preview {preview_id} is missing from the blob store; make the previews "
                       "again", detail={"preview_id": preview_id, "sha256": sha256})
    return ranged_response(request, store, sha256, size, media_type, {"Cache-Control": "private, immutable"})
