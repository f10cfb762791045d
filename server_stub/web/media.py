"""Published files, thumbnails and review media for the browser, with Range (video seeks), only within
their project.

A file is served under the version it belongs to, and the session must be a member of that version's
project: a hash from another project is refused even when the same bytes exist there too. A derived
preview file is looked up and checked by the API's own service (``services.previews``), on the session
cookie instead of a Bearer header, which a ``<video src>`` cannot send.
"""

from __future__ import annotations

from urllib.parse import quote

from brickyard.core.errors import NotFound
from fastapi import APIRouter, Request
from fastapi.responses import StreamingResponse
from sqlalchemy import select

from ..deps import BlobStoreDep, DbDep
from ..ranges import ranged_response
from ..services import blobs, previews
from ..services.access import project_access
from ..tables import Asset, File, Project, Representation, Version
from .auth import WebUser
from .previews import INLINE_TYPES, media_type

router = APIRouter(include_in_schema=False)


def _find(db, code: str, version_id: int, sha256: str) -> tuple[int, str] | None:
    """(size, file name) of ``sha256`` as a file or the thumbnail of version ``version_id`` in ``code``."""
    row = db.execute(select(File.size, File.path)
                     .join(Representation, Representation.id == File.representation_id)
                     .join(Version, Version.id == Representation.version_id)
                     .join(Asset, Asset.id == Version.asset_id).join(Project, Project.id == Asset.project_id)
                     .where(Project.code == code, Version.id == version_id, File.sha256 == sha256).limit(1)).first()
    if row:
        return row.size, row.path.rsplit("/", 1)[-1]
    thumb = db.execute(select(Version.id).join(Asset, Asset.id == Version.asset_id)
                       .join(Project, Project.id == Asset.project_id)
                       .where(Project.code == code, Version.id == version_id,
                              Version.thumbnail_sha256 == sha256)).first()
    if thumb:
        size = blobs.size(db, sha256)
        return (size, "thumbnail.png") if size is not None else None
    return None


@router.get("/p/{code}/v/{version_id}/file/{sha256}")
@router.get("/p/{code}/v/{version_id}/file/{sha256}/{name}")
def published_file(request: Request, code: str, version_id: int, sha256: str, db: DbDep, who: WebUser,
                   store: BlobStoreDep, name: str = "", download: bool = False) -> StreamingResponse:
    project_access(db, who.caller, code)  # 404 for non-members, as for unknown projects
    found = _find(db, code, version_id, sha256.lower())
    if found is None or not store.has(sha256.lower()):
        raise NotFound(f"version {version_id} of project {code!r} has no file {sha256}",
                       detail={"project": code, "version": version_id, "sha256": sha256})
    db.close()
    size, filename = found
    kind = media_type(filename)
    return _stream(request, store, sha256.lower(), size, kind, filename, kind in INLINE_TYPES and not download)


@router.get("/p/{code}/preview/{preview_id}/{sha256}")
def preview_file(request: Request, code: str, preview_id: int, sha256: str, db: DbDep, who: WebUser,
                 store: BlobStoreDep) -> StreamingResponse:
    """One derived file (proxy, poster, review image, waveform) of a version of project ``code``."""
    project_access(db, who.caller, code)  # 404 for non-members, as for unknown projects
    preview, in_project = previews.preview_and_project(db, who.caller, preview_id)  # checked as the API does
    if in_project != code or preview.sha256 != sha256.lower() or not store.has(preview.sha256):
        raise NotFound(f"project {code!r} has no preview {preview_id}",
                       detail={"project": code, "preview_id": preview_id})
    size, kind, role = preview.size, preview.media_type, preview.role
    db.close()
    suffix = {"video/mp4": "mp4", "audio/mp4": "m4a", "image/png": "png"}.get(kind, "jpg")
    return _stream(request, store, sha256.lower(), size, kind, f"{role}.{suffix}", kind in INLINE_TYPES)


def _stream(request: Request, store, sha256: str, size: int, kind: str, filename: str,
            inline: bool) -> StreamingResponse:
    headers = {"Cache-Control": "private, max-age=86400",
               "Content-Disposition": f"{'inline' if inline else 'attachment'}; filename*=UTF-8''{quote(filename)}",
               "Content-Security-Policy": "sandbox; default-src 'none'; img-src 'self'; media-src 'self'"}
    return ranged_response(request, store, sha256, size, kind if inline else "application/octet-stream", headers)
