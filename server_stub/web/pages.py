"""The pages: projects, a project's browser, an asset's review page, the activity feed."""

from __future__ import annotations

from brickyard.core.errors import BrickyardError
from brickyard.core.models import Role, Status
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from ..deps import DbDep
from ..services import projects
from ..services.access import project_access
from ..services.assets import AssetSort
from . import activity
from .asset_view import asset_view, previews_of
from .auth import WebUser
from .project_view import HAS_META_FILTER, SORT_CHOICES, filters_from, project_view
from .templating import render

router = APIRouter(include_in_schema=False)
COMPARE_MODES = ("side", "wipe", "overlay")  # side by side, A/B wipe, B over A at an opacity


def error_page(request: Request, who, exc: BrickyardError) -> Response:
    return render(request, "error.html", who, status_code=exc.status, error=exc)


@router.get("/")
def home(request: Request, db: DbDep, who: WebUser) -> Response:
    mine = projects.list_projects(db, who.caller)
    if len(mine) == 1 and request.query_params.get("all") is None:
        return RedirectResponse(f"/p/{mine[0].code}", status_code=303)
    return render(request, "projects.html", who, projects=mine)


@router.get("/p/{code}")
def project_page(request: Request, code: str, db: DbDep, who: WebUser, folder: str = "", kind: str = "",
                 status: str = "", tag: str = "", q: str = "", meta: str = "", sort: str = "",
                 cursor: str | None = None, view: str = "grid") -> Response:
    try:
        access = project_access(db, who.caller, code)
        filters = filters_from(folder, kind, status, tag, q, meta)
        data = project_view(db, access, filters, cursor, AssetSort.parse(sort))
        feed = [activity.describe(e) for e in activity.recent(db, access.project.id, limit=15)]
    except BrickyardError as exc:
        return error_page(request, who, exc)
    except ValueError as exc:  # an unknown status in the query string
        return render(request, "error.html", who, status_code=400, error=BrickyardError(str(exc).splitlines()[0]))
    args = {"folder": folder, "kind": kind, "status": status, "tag": tag, "q": q, "meta": meta, "sort": sort,
            "view": view}
    query = urlencode({key: value for key, value in args.items() if value and key != "view"})
    return render(request, "project.html", who, access=access, data=data, feed=feed, args=args, query=query,
                  has_meta_filter=HAS_META_FILTER, statuses=[s.value for s in Status], sorts=SORT_CHOICES)


@router.get("/p/{code}/asset/{path:path}")
def asset_page(request: Request, code: str, path: str, db: DbDep, who: WebUser, v: int | None = None,
               compare: str = "", other: str = "", mode: str = "side") -> Response:
    try:
        access = project_access(db, who.caller, code)
        # the compare form sends compare="" when the reviewer picks by reference instead
        versus = int(compare) if compare.strip().isdigit() else None
        view = asset_view(db, access, path, v, versus, other)
    except BrickyardError as exc:
        return error_page(request, who, exc)
    return render(request, "asset.html", who, access=access, view=view, path=path.strip("/"),
                  can_review=access.role.rank >= Role.supervisor.rank,
                  can_comment=access.role.rank >= Role.artist.rank,
                  can_retry=access.role.rank >= Role.admin.rank, other=other.strip(),
                  mode=mode if mode in COMPARE_MODES else "side")


@router.get("/p/{code}/v/{version_id}/previews")
def previews_area(request: Request, code: str, version_id: int, db: DbDep, who: WebUser) -> Response:
    """Just the preview area of one version: the asset page fetches it again when its review media change."""
    try:
        access = project_access(db, who.caller, code)
        version, found, processing = previews_of(db, access, version_id)
    except BrickyardError as exc:
        return error_page(request, who, exc)
    return render(request, "_previews.html", who, previews=found, number=version.number, version_id=version.id,
                  fps=version.metadata.get("fps", 24), processing=processing, code=access.project.code,
                  can_retry=access.role.rank >= Role.admin.rank)


@router.get("/p/{code}/activity")
def activity_page(request: Request, code: str, db: DbDep, who: WebUser, before: int | None = None) -> Response:
    try:
        access = project_access(db, who.caller, code)
        events = activity.recent(db, access.project.id, before=before, limit=50)
    except BrickyardError as exc:
        return error_page(request, who, exc)
    feed = [activity.describe(e) for e in events]
    older = feed[-1]["id"] if len(feed) == 50 else None
    return render(request, "activity.html", who, access=access, feed=feed, older=older)
