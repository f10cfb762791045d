"""The page's drawings, on the session cookie: the same services as ``/api/v1/…/annotations``, answered as
JSON for ``static/annotate.js``. A change carries the session's CSRF token in ``X-CSRF-Token`` (a JSON
body has no form field) and is refused from another site."""

from __future__ import annotations

from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from brickyard.core.annotation_models import AnnotationCreate, AnnotationPublic, AnnotationRevision, AnnotationUpdate
from brickyard.core.errors import PermissionDenied
from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from ..deps import BlobStoreDep, DbDep
from ..services import annotation_render, annotation_thumbnails
from ..services import annotations as drawings  # the module's name is taken by __future__
from . import sessions
from .auth import WebUser
from .sessions import WebCaller

router = APIRouter(include_in_schema=False)


def _json_csrf(request: Request, who: WebUser) -> WebCaller:
    origin = request.headers.get("origin")
    if origin and origin != "null" and urlsplit(origin).netloc != request.headers.get("host"):
        raise PermissionDenied("this request came from another site; it was refused", detail={"origin": origin})
    if not sessions.same_secret(request.headers.get("x-csrf-token"), who.csrf):
        raise PermissionDenied("the page's security token is missing or stale; reload the page and try again",
                               detail={"csrf": "invalid"})
    return who


JsonUser = Annotated[WebCaller, Depends(_json_csrf)]


def _page(drawing: AnnotationPublic, who: WebCaller) -> dict[str, Any]:
    return {**drawing.model_dump(mode="json"), "mine": drawing.author == who.caller.name}


@router.get("/p/{code}/v/{version_id}/annotations")
def list_drawings(code: str, version_id: int, db: DbDep, who: WebUser) -> list[dict[str, Any]]:
    return [_page(d, who) for d in drawings.list_for(db, who.caller, version_id)]


@router.post("/p/{code}/v/{version_id}/annotations", status_code=201)
def add_drawing(code: str, version_id: int, body: AnnotationCreate, db: DbDep, who: JsonUser) -> dict[str, Any]:
    return _page(drawings.add(db, who.caller, version_id, body), who)


@router.put("/p/{code}/annotations/{annotation_id}")
def edit_drawing(code: str, annotation_id: int, body: AnnotationUpdate, db: DbDep, who: JsonUser) -> dict[str, Any]:
    return _page(drawings.edit(db, who.caller, annotation_id, body), who)


@router.delete("/p/{code}/annotations/{annotation_id}")
def delete_drawing(code: str, annotation_id: int, db: DbDep, who: JsonUser) -> dict[str, Any]:
    return _page(drawings.delete(db, who.caller, annotation_id), who)


@router.get("/p/{code}/annotations/{annotation_id}/history")
def drawing_history(code: str, annotation_id: int, db: DbDep, who: WebUser) -> list[AnnotationRevision]:
    return drawings.history(db, who.caller, annotation_id)


@router.get("/p/{code}/annotations/{annotation_id}/flat.png")
def flat_drawing(code: str, annotation_id: int, db: DbDep, who: WebUser, store: BlobStoreDep) -> Response:
    return Response(annotation_render.flatten(db, store, who.caller, annotation_id), media_type="image/png",
                    headers={"Cache-Control": "private, no-cache"})


@router.get("/p/{code}/annotations/{annotation_id}/thumbnail.png")
def drawing_thumbnail(code: str, annotation_id: int, db: DbDep, who: WebUser, store: BlobStoreDep) -> Response:
    sha256 = annotation_thumbnails.thumbnail(db, store, who.caller, annotation_id)
    return Response(annotation_thumbnails.read(store, sha256), media_type="image/png",
                    headers={"Cache-Control": "private, no-cache", "ETag": f'"{sha256}"'})


@router.get("/p/{code}/v/{version_id}/annotations/sheet.{kind}")
def drawing_sheet(code: str, version_id: int, kind: Literal["png", "pdf"], db: DbDep, who: WebUser,
                  store: BlobStoreDep) -> Response:
    return Response(annotation_render.sheet(db, store, who.caller, version_id, kind),
                    media_type="application/pdf" if kind == "pdf" else "image/png",
                    headers={"Cache-Control": "private, no-cache",
                             "Content-Disposition": f'inline; filename="review-{version_id}.{kind}"'})
