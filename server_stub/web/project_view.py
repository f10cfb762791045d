"""The project page: folder tree, one page of assets (the API's own listing service) and their thumbnails."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from brickyard.core.models import AssetPage, Status
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..services.access import ProjectAccess
from ..services.assets import DEFAULT_SORT, AssetFilters, AssetSort, list_assets
from ..tables import Asset, Version
from .previews import file_url

PAGE_SIZE = 48
# The sort select: value (the API's ``sort``) → label; "" is the default folder/name order.
SORT_CHOICES = {"": "folder, name", "name": "name A→Z", "-name": "name Z→A", "-published": "newest published",
                "published": "oldest published", "-updated": "recently updated", "updated": "least recently updated",
                "kind": "kind A→Z", "-kind": "kind Z→A", "-path": "folder, name (reversed)"}
# The metadata filter (``meta=``) belongs to the listing service; the page offers it once the service has it.
HAS_META_FILTER = "meta" in {f.name for f in dataclasses.fields(AssetFilters)}


@dataclass
class ProjectView:
    folders: list[dict[str, Any]]
    page: AssetPage
    thumbnails: dict[int, str]


def parse_meta(text: str) -> dict[str, str]:
    """``key=value`` pairs, comma- or line-separated, from the metadata filter field."""
    pairs = {}
    for part in text.replace("\n", ",").split(","):
        key, sep, value = part.partition("=")
        if sep and key.strip():
            pairs[key.strip()] = value.strip()
    return pairs


def filters_from(folder: str, kind: str, status: str, tag: str, search: str, meta: str) -> AssetFilters:
    values: dict[str, Any] = {"folder": folder or None, "kind": kind or None, "tag": tag or None,
                              "status": Status(status) if status else None, "search": search or None}
    if HAS_META_FILTER and meta.strip():
        values["meta"] = parse_meta(meta)
    return AssetFilters(**values)


def folder_tree(db: Session, project_id: int) -> list[dict[str, Any]]:
    """Every folder and its parents, sorted, with their depth (one query of distinct folders)."""
    seen: set[str] = set()
    for (folder,) in db.execute(select(Asset.folder).where(Asset.project_id == project_id).distinct()):
        parts = [p for p in folder.split("/") if p]
        for depth in range(1, len(parts) + 1):
            seen.add("/".join(parts[:depth]))
    return [{"path": path, "name": path.rsplit("/", 1)[-1], "depth": path.count("/")} for path in sorted(seen)]


def thumbnails(db: Session, code: str, asset_ids: list[int]) -> dict[int, str]:
    """The newest thumbnail of each asset on the page (one query)."""
    if not asset_ids:
        return {}
    rows = db.execute(select(Version.asset_id, Version.id, Version.thumbnail_sha256)
                      .where(Version.asset_id.in_(asset_ids), Version.thumbnail_sha256.is_not(None))
                      .order_by(Version.asset_id, Version.number.desc()))
    found: dict[int, str] = {}
    for asset_id, version_id, sha256 in rows:
        found.setdefault(asset_id, file_url(code, version_id, sha256))
    return found


def project_view(db: Session, access: ProjectAccess, filters: AssetFilters, cursor: str | None,
                 sort: AssetSort = DEFAULT_SORT) -> ProjectView:
    page = list_assets(db, access, filters, cursor, PAGE_SIZE, sort)
    return ProjectView(folders=folder_tree(db, access.project.id), page=page,
                       thumbnails=thumbnails(db, access.project.code, [a.id for a in page.items]))
