"""Compare with any version of the project, not only the asset's own: the reviewer names it by reference
(``brickyard://film/shots/fx/fx_b?version=2``, or ``?version=approved|latest``), helped by a list of the
project's other assets to pick from."""

from __future__ import annotations

from typing import Any
from collections.abc import Callable

from brickyard.core.errors import InvalidInput, NotFound
from brickyard.core.reference import Reference
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..services.access import ProjectAccess
from ..services.version_views import version_query
from ..tables import Asset, Version

CANDIDATES = 200  # offered in the reference box's list; any other one can still be typed


def other_version(db: Session, access: ProjectAccess, text: str, pick: Callable[[list, int | None], Any]) -> Any:
    """The version row ``text`` names, in the page's own project (the caller may see nothing else here)."""
    ref = Reference.parse(text.strip())
    if ref.project != access.project.code:
        raise InvalidInput(f"compare within project {access.project.code!r}: {text!r} names project "
                           f"{ref.project!r}; open that project to compare its versions",
                           detail={"reference": text, "project": access.project.code})
    rows = db.execute(version_query().where(Asset.project_id == access.project.id, Asset.folder == ref.folder,
                                            Asset.name == ref.asset).order_by(Version.number.desc())).all()
    if not rows:
        raise NotFound(f"nothing to compare with: no asset {ref.asset_path!r} with versions in project "
                       f"{access.project.code!r}", detail={"reference": text})
    if ref.version == "approved":
        approved = [row for row in rows if row.status == "approved"]
        if not approved:
            raise NotFound(f"{ref.asset_path!r} has no approved version to compare with; name a number",
                           detail={"reference": text})
        return approved[0]
    return pick(rows, None if ref.version == "latest" else int(ref.version))


def candidates(db: Session, access: ProjectAccess, asset: Asset) -> list[str]:
    """References of the project's other assets (their latest version), in folder order, for the picker."""
    rows = db.execute(select(Asset.folder, Asset.name).where(Asset.project_id == access.project.id,
                                                             Asset.id != asset.id)
                      .order_by(Asset.folder, Asset.name).limit(CANDIDATES)).all()
    return [str(Reference(access.project.code, folder, name, "latest")) for folder, name in rows]
