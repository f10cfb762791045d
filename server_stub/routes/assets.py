"""``GET /projects/{code}/assets``: the asset browser's list."""

from __future__ import annotations

from typing import Annotated

from brickyard.core.errors import InvalidInput
from brickyard.core.models import AssetMove, AssetPage, AssetPublic, Role, Status
from brickyard.core.limits import SINGLE_LINE_PATTERN
from fastapi import APIRouter, Query
from pydantic import StringConstraints

from ..deps import DbDep, ProjectDep, require_role
from ..params import OptionalQueryText
from ..services import asset_moves
from ..services.assets import SORT_KEYS, AssetFilters, AssetSort, list_assets

# A single line by construction: one of the sort keys, '-' first for descending.
SORT_PATTERN = "^-?(" + "|".join(SORT_KEYS) + ")$"
SORT_HELP = ("path (folder then name, the default), name, kind, published (newest version's date) or updated "
             "(last publish or status change); a leading '-' sorts descending, e.g. -published")

router = APIRouter(prefix="/projects/{code}/assets", tags=["assets"])


@router.get("", dependencies=[require_role(Role.viewer)])
def assets(db: DbDep, access: ProjectDep, folder: OptionalQueryText = None, kind: OptionalQueryText = None,
           tag: OptionalQueryText = None, status: Status | None = None,
           search: Annotated[str | None, Query(max_length=500, pattern=SINGLE_LINE_PATTERN,
                                               description="words that must all match")] = None,
           meta: Annotated[list[Annotated[str, StringConstraints(pattern=SINGLE_LINE_PATTERN)]] | None,
                           Query(description="KEY=VALUE: latest metadata equal to VALUE (repeat: all must match)")
                           ] = None,
           sort: Annotated[str | None, Query(max_length=16, pattern=SORT_PATTERN, description=SORT_HELP)] = None,
           cursor: OptionalQueryText = None, limit: int = Query(100, ge=1, le=500)) -> AssetPage:
    filters = AssetFilters(folder=folder, kind=kind, tag=tag, status=status, search=search,
                           meta=parse_meta_filters(meta or []))
    return list_assets(db, access, filters, cursor, limit, AssetSort.parse(sort))


def parse_meta_filters(pairs: list[str]) -> dict[str, str] | None:
    """``["base_model=sdxl"]`` → ``{"base_model": "sdxl"}``; a pair without ``=`` is a 422 naming it."""
    found = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise InvalidInput(f"meta filter {pair!r} must look like KEY=VALUE, e.g. meta=base_model=sdxl",
                               detail={"meta": pair})
        found[key.strip()] = value
    return found or None


@router.post("/move", dependencies=[require_role(Role.supervisor)])
def move_asset(body: AssetMove, db: DbDep, access: ProjectDep) -> AssetPublic:
    """Rename or move an asset; its versions stay, and references to the old name keep resolving."""
    return asset_moves.move_asset(db, access, body)
