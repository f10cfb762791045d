"""``GET /projects/{code}/assets``: the asset browser's list."""

from __future__ import annotations

from brickyard.core.models import AssetMove, AssetPage, AssetPublic, Role, Status
from fastapi import APIRouter, Query

from ..deps import DbDep, ProjectDep, require_role
from ..services import asset_moves
from ..services.assets import AssetFilters, list_assets

router = APIRouter(prefix="/projects/{code}/assets", tags=["assets"])


@router.get("", dependencies=[require_role(Role.viewer)])
def assets(db: DbDep, access: ProjectDep, folder: str | None = None, kind: str | None = None,
           tag: str | None = None, status: Status | None = None, search: str | None = None,
           cursor: str | None = None, limit: int = Query(100, ge=1, le=500)) -> AssetPage:
    filters = AssetFilters(folder=folder, kind=kind, tag=tag, status=status, search=search)
    return list_assets(db, access, filters, cursor, limit)


@router.post("/move", dependencies=[require_role(Role.supervisor)])
def move_asset(body: AssetMove, db: DbDep, access: ProjectDep) -> AssetPublic:
    """Rename or move an asset; its versions stay, and references to the old name keep resolving."""
    return asset_moves.move_asset(db, access, body)
