"""Drawings on frames: ``/versions/{id}/annotations`` (a comment with its drawing), ``/annotations/{id}``
(edit, delete, history, the flattened PNG) and the version's image sheet (PNG or PDF)."""

from __future__ import annotations

from typing import Any, Literal

from brickyard.core.annotation_models import AnnotationCreate, AnnotationPublic, AnnotationRevision, AnnotationUpdate
from fastapi import APIRouter, status
from fastapi.responses import Response

from ..deps import BlobStoreDep, CurrentUser, DbDep
from ..services import annotation_render, annotation_thumbnails
from ..services import annotations as drawings  # the module's name is taken by __future__

router = APIRouter(tags=["annotations"])
_PNG: dict[int | str, dict[str, Any]] = {200: {"content": {"image/png": {}}, "description": "a PNG"}}


@router.get("/versions/{version_id}/annotations")
def list_annotations(version_id: int, db: DbDep, caller: CurrentUser) -> list[AnnotationPublic]:
    """Role ≥ viewer in the version's project; the drawings shown today (deleted ones stay readable by id)."""
    return drawings.list_for(db, caller, version_id)


@router.post("/versions/{version_id}/annotations", status_code=status.HTTP_201_CREATED)
def add_annotation(version_id: int, body: AnnotationCreate, db: DbDep, caller: CurrentUser) -> AnnotationPublic:
    """Role ≥ artist: a comment pinned to ``frame`` (… ``frame_end``) with its drawing, written together."""
    return drawings.add(db, caller, version_id, body)


@router.get("/annotations/{annotation_id}")
def get_annotation(annotation_id: int, db: DbDep, caller: CurrentUser) -> AnnotationPublic:
    return drawings.get(db, caller, annotation_id)


@router.put("/annotations/{annotation_id}")
def edit_annotation(annotation_id: int, body: AnnotationUpdate, db: DbDep, caller: CurrentUser) -> AnnotationPublic:
    """The author only: new shapes (and frames) as a new revision; the earlier ones stay in the history."""
    return drawings.edit(db, caller, annotation_id, body)


@router.delete("/annotations/{annotation_id}")
def delete_annotation(annotation_id: int, db: DbDep, caller: CurrentUser) -> AnnotationPublic:
    """The author only: the drawing leaves the frame as a new revision; its comment and history stay."""
    return drawings.delete(db, caller, annotation_id)


@router.get("/annotations/{annotation_id}/history")
def annotation_history(annotation_id: int, db: DbDep, caller: CurrentUser) -> list[AnnotationRevision]:
    """Every state the drawing has had, oldest first."""
    return drawings.history(db, caller, annotation_id)


@router.get("/annotations/{annotation_id}/flat.png", response_class=Response, responses=_PNG)
def flattened(annotation_id: int, db: DbDep, caller: CurrentUser, store: BlobStoreDep) -> Response:
    """The drawing over its frame, as the review media show it."""
    return Response(annotation_render.flatten(db, store, caller, annotation_id), media_type="image/png",
                    headers={"Cache-Control": "private, no-cache"})


@router.get("/annotations/{annotation_id}/thumbnail.png", response_class=Response, responses=_PNG)
def thumbnail(annotation_id: int, db: DbDep, caller: CurrentUser, store: BlobStoreDep) -> Response:
    """The drawing over its frame, longest side 512 px: made on the first request for a revision, then kept
    as a blob (its sha256 is the ETag and the annotation's ``thumbnail_sha256``); 404 once deleted."""
    sha256 = annotation_thumbnails.thumbnail(db, store, caller, annotation_id)
    return Response(annotation_thumbnails.read(store, sha256), media_type="image/png",
                    headers={"Cache-Control": "private, no-cache", "ETag": f'"{sha256}"'})


@router.get("/versions/{version_id}/annotations/sheet.{kind}", response_class=Response,
            responses={200: {"content": {"image/png": {}, "application/pdf": {}}, "description": "the sheet"}})
def review_sheet(version_id: int, kind: Literal["png", "pdf"], db: DbDep, caller: CurrentUser,
                 store: BlobStoreDep) -> Response:
    """The version's review as an image sheet: each drawn frame with its comment (``png`` or ``pdf``)."""
    body = annotation_render.sheet(db, store, caller, version_id, kind)
    return Response(body, media_type="application/pdf" if kind == "pdf" else "image/png",
                    headers={"Cache-Control": "private, no-cache",
                             "Content-Disposition": f'inline; filename="review-{version_id}.{kind}"'})
