"""Retry a version's review media from the browser: the API's own ``services.previews.regenerate`` (project
admins only, checked there), behind the session's CSRF token like every change."""

from __future__ import annotations

from brickyard.core.errors import BrickyardError
from fastapi import APIRouter, Request
from fastapi.responses import Response

from ..deps import DbDep
from ..services import previews, versions
from .auth import CsrfUser
from .pages import error_page
from .review import _back

router = APIRouter(include_in_schema=False)


@router.post("/p/{code}/v/{version_id}/previews/retry")
def retry_previews(request: Request, code: str, version_id: int, db: DbDep, who: CsrfUser) -> Response:
    try:
        previews.regenerate(db, who.caller, version_id)
        version = versions.get_version(db, who.caller, version_id)
    except BrickyardError as exc:
        return error_page(request, who, exc)
    return _back(version, "#previews")
