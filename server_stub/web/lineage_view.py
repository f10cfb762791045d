"""Lineage on the asset page, both directions, from the lineage service the API uses (two queries)."""

from __future__ import annotations

from typing import Any

from brickyard.core.models import LineageLink, VersionPublic
from sqlalchemy.orm import Session

from ..services import lineage
from ..services.access import ProjectAccess


def _item(link: LineageLink) -> dict[str, Any]:
    path = "/".join(p for p in (link.folder, link.asset) if p)
    how = "" if link.link.value == "declared" else f" (matched by {link.link.value}: {link.evidence})"
    return {"label": link.reference + how, "status": link.status.value,
            "href": f"/p/{link.project}/asset/{path}?v={link.number}"}


def lineage_of(db: Session, access: ProjectAccess, version: VersionPublic) -> dict[str, Any]:
    made_from = lineage.made_from(db, access.caller, [version.id]).get(version.id, [])
    used_by = lineage.used_by(db, access.caller, [version.id]).get(version.id, [])
    return {"made_from": [_item(link) for link in made_from], "used_by": [_item(link) for link in used_by]}
