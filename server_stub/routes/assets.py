"""``GET /projects/{code}/assets``: the asset browser's list."""

from __future__ import annotations

from brickyard.core.models import AssetPage, Role, Status
from fastapi import APIRouter, Query

from ..deps import DbDep, ProjectDep, require_role
from ..params import OptionalQueryText
from ..services.assets import AssetFilters, list_assets

router = APIRouter(prefix="/projects/{code}/assets", tags=["assets"])


@router.get("", dependencies=[require_role(Role.viewer)])
def assets(db: DbDep, access: ProjectDep, folder: OptionalQueryText = None, kind: OptionalQueryText = None,
           tag: OptionalQueryText = None, status: Status | None = None, search: OptionalQueryText = None,
           cursor: OptionalQueryText = None, limit: int = Query(100, ge=1, le=500)) -> AssetPage:
    filters = AssetFilters(folder=folder, kind=kind, tag=tag, status=status, search=search)
    return list_assets(db, access, filters, cursor, limit)
