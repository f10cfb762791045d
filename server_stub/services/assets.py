"""The asset browser's query: filters, keyset pages, and where each asset stands — one query a page."""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass

from brickyard.core.errors import InvalidInput
from brickyard.core.limits import INT_MAX, control_characters
from brickyard.core.models import AssetPage, AssetPublic, Status
from brickyard.core.reference import Reference
from sqlalchemy import String, cast, exists, func, literal_column, or_, select, tuple_, type_coerce
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Session

from ..tables import Asset, Version
from .access import ProjectAccess
from .resolve import latest_approved_number, latest_number


@dataclass(frozen=True)
class AssetFilters:
    folder: str | None = None
    kind: str | None = None
    tag: str | None = None
    status: Status | None = None
    search: str | None = None


def latest_status():
    """The status of the latest version; 'deprecated' when every version is deprecated."""
    newest = (select(Version.status)
              .where(Version.asset_id == Asset.id, Version.status != Status.deprecated.value)
              .order_by(Version.number.desc()).limit(1).correlate(Asset).scalar_subquery())
    return func.coalesce(newest, Status.deprecated.value)


def encode_cursor(folder: str, name: str, asset_id: int) -> str:
    return base64.urlsafe_b64encode(json.dumps([folder, name, asset_id]).encode()).decode()


def decode_cursor(cursor: str) -> tuple[str, str, int]:
    try:
        folder, name, asset_id = json.loads(base64.urlsafe_b64decode(cursor.encode()))
        if not (isinstance(folder, str) and isinstance(name, str) and isinstance(asset_id, int)
                and 0 <= asset_id <= INT_MAX and not control_characters(folder + name)):
            raise ValueError("not a cursor")
        return folder, name, asset_id
    except (ValueError, TypeError, OverflowError, RecursionError, binascii.Error):
        raise InvalidInput("the cursor is not one this server handed out; start again without it",
                           detail={"cursor": cursor}) from None


def _has_tag(db: Session, tag: str):
    if db.get_bind().dialect.name == "postgresql":
        return type_coerce(Asset.tags, JSONB).contains([tag])  # jsonb @>
    each = func.json_each(Asset.tags).table_valued("value")
    return exists(select(literal_column("1")).select_from(each).where(each.c.value == tag))


def list_assets(db: Session, access: ProjectAccess, filters: AssetFilters, cursor: str | None,
                limit: int) -> AssetPage:
    status = latest_status().label("latest_status")
    query = select(Asset, latest_number().label("latest"), latest_approved_number().label("approved"),
                   status).where(Asset.project_id == access.project.id)
    if filters.folder:
        folder = filters.folder.strip("/")
        query = query.where(or_(Asset.folder == folder, Asset.folder.startswith(folder + "/", autoescape=True)))
    if filters.kind:
        query = query.where(Asset.kind == filters.kind)
    if filters.tag:
        query = query.where(_has_tag(db, filters.tag))
    if filters.status:
        query = query.where(latest_status() == filters.status.value)
    if filters.search:
        needle = filters.search.lower()
        query = query.where(or_(func.lower(Asset.folder).contains(needle, autoescape=True),
                                func.lower(Asset.name).contains(needle, autoescape=True),
                                func.lower(cast(Asset.tags, String)).contains(needle, autoescape=True)))
    if cursor:
        query = query.where(tuple_(Asset.folder, Asset.name, Asset.id) > tuple_(*decode_cursor(cursor)))
    rows = db.execute(query.order_by(Asset.folder, Asset.name, Asset.id).limit(limit + 1)).all()
    items = [AssetPublic(
        id=a.id, project=access.project.code, folder=a.folder, name=a.name, kind=a.kind, tags=a.tags,
        metadata=a.meta, latest_version=latest, latest_status=Status(st), latest_approved=approved,
        reference=str(Reference(access.project.code, a.folder, a.name))) for a, latest, approved, st in rows[:limit]]
    last = rows[limit - 1][0] if len(rows) > limit else None
    return AssetPage(items=items, next_cursor=encode_cursor(last.folder, last.name, last.id) if last else None)
