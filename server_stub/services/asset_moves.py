"""Renaming and moving assets. The asset keeps its id, versions and history; its old name becomes an
alias, so references, containers and inputs written with it still resolve.

A later asset may take a freed name: then the name means the new asset (its own row wins over an alias).
"""

from __future__ import annotations

from brickyard.core.errors import Conflict, NotFound
from brickyard.core.models import AssetMove, AssetPublic, Status
from brickyard.core.naming import check_asset_name, check_folder
from brickyard.core.reference import Reference
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from ..db import write_transaction
from ..tables import Asset, AssetAlias, Version
from . import events
from .access import ProjectAccess, as_utc
from .resolve import latest_approved_number, latest_number


def split_path(path: str) -> tuple[str, str]:
    folder, _, name = path.strip("/").rpartition("/")
    return folder, name


def move_asset(db: Session, access: ProjectAccess, body: AssetMove) -> AssetPublic:
    rules = access.project.naming
    check_folder(rules, body.folder)
    check_asset_name(rules, body.name)
    old_folder, old_name = split_path(body.path)
    pid = access.project.id
    with write_transaction(db):
        asset = db.scalar(select(Asset).where(Asset.project_id == pid, Asset.folder == old_folder,
                                              Asset.name == old_name).with_for_update())
        if asset is None:
            raise NotFound(f"no asset {body.path!r} in project {access.project.code!r}",
                           detail={"project": access.project.code, "path": body.path})
        if (asset.folder, asset.name) == (body.folder, body.name):
            return _public(db, access, asset)
        if db.scalar(select(Asset.id).where(Asset.project_id == pid, Asset.folder == body.folder,
                                            Asset.name == body.name)) is not None:
            new_path = f"{body.folder}/{body.name}" if body.folder else body.name
            raise Conflict(f"asset {new_path!r} exists already in {access.project.code!r}; pick another name",
                           detail={"project": access.project.code, "path": new_path})
        # The new name may be an old alias (of this asset or another): the live asset takes it over.
        db.execute(delete(AssetAlias).where(AssetAlias.project_id == pid, AssetAlias.folder == body.folder,
                                            AssetAlias.name == body.name))
        db.add(AssetAlias(project_id=pid, folder=old_folder, name=old_name, asset_id=asset.id))
        asset.folder, asset.name = body.folder, body.name
        db.flush()
        events.record(db, "asset_moved", project_id=pid, user_id=access.caller.id, data={
            "asset_id": asset.id, "from": str(Reference(access.project.code, old_folder, old_name)).split("?")[0],
            "to": str(Reference(access.project.code, asset.folder, asset.name)).split("?")[0]})
    return _public(db, access, asset)


def _public(db: Session, access: ProjectAccess, asset: Asset) -> AssetPublic:
    latest, approved = db.execute(select(latest_number(), latest_approved_number())
                                  .select_from(Asset).where(Asset.id == asset.id)).one()
    status = None
    if latest is not None:
        status = db.scalar(select(Version.status).where(Version.asset_id == asset.id, Version.number == latest))
    return AssetPublic(id=asset.id, project=access.project.code, folder=asset.folder, name=asset.name,
                       kind=asset.kind, tags=asset.tags, metadata=asset.meta, latest_version=latest,
                       latest_status=Status(status) if status else None, latest_approved=approved,
                       reference=str(Reference(access.project.code, asset.folder, asset.name)),
                       published_at=as_utc(asset.published_at), updated_at=as_utc(asset.updated_at))
