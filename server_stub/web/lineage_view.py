"""Lineage on the asset page: *made from* (the version's inputs) and *used by* (versions made from it).

Until the lineage service lands this reads the pinned input references the version was published with,
and shows "used by" as not available; at merge it calls ``services.lineage`` for both directions.
"""

from __future__ import annotations

from typing import Any

from brickyard.core.models import VersionPublic
from brickyard.core.reference import Reference
from sqlalchemy.orm import Session

from ..services.access import ProjectAccess


def lineage_of(db: Session, access: ProjectAccess, version: VersionPublic) -> dict[str, Any]:
    made_from = []
    for text in version.inputs:
        try:
            ref = Reference.parse(text)
        except ValueError:
            made_from.append({"label": text, "href": None})
            continue
        same = ref.project == access.project.code
        path = "/".join(p for p in (ref.folder, ref.asset) if p)
        href = f"/p/{ref.project}/asset/{path}?v={ref.version}" if same else None
        made_from.append({"label": text, "href": href})
    return {"made_from": made_from, "used_by": None}
