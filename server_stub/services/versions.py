"""Reading versions, and the one change a version allows: its status."""

from __future__ import annotations

from brickyard.core.errors import NotFound, PermissionDenied
from brickyard.core.models import Role, Status, StatusChange, VersionList, VersionPublic
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..db import write_transaction
from ..tables import Asset, Version, utcnow
from . import comments, events
from .access import Caller, ProjectAccess, project_access_by_id
from .asset_aliases import aliased
from .version_views import get_publics, publics, version_query

AUTHOR_STATUSES = (Status.wip, Status.review)


def _no_version(version_id: int) -> NotFound:
    return NotFound(f"no version {version_id} (or you are not a member of its project)",
                    detail={"version": version_id})


def _access_to(db: Session, caller: Caller, project_id: int, version_id: int) -> ProjectAccess:
    try:
        return project_access_by_id(db, caller, project_id)
    except NotFound:
        raise _no_version(version_id) from None


def list_versions(db: Session, access: ProjectAccess, path: str) -> VersionList:
    folder, _, name = path.strip("/").rpartition("/")
    asset_id = db.scalar(select(Asset.id).where(Asset.project_id == access.project.id,
                                                Asset.folder == folder, Asset.name == name))
    if asset_id is None:  # an old name of a renamed or moved asset still finds it
        asset_id = aliased(db, [(access.project.id, folder, name)]).get((access.project.id, folder, name))
    if asset_id is None:
        raise NotFound(f"no asset {path!r} in project {access.project.code!r}",
                       detail={"project": access.project.code, "path": path})
    rows = db.execute(version_query().where(Asset.id == asset_id).order_by(Version.number)).all()
    return VersionList(items=publics(db, rows))


def get_version(db: Session, caller: Caller, version_id: int) -> VersionPublic:
    project_id = db.scalar(select(Asset.project_id).join(Version, Version.asset_id == Asset.id)
                           .where(Version.id == version_id))
    if project_id is None:
        raise _no_version(version_id)
    _access_to(db, caller, project_id, version_id)
    return get_publics(db, [version_id])[version_id]


def _check_transition(access: ProjectAccess, version: Version, old: Status, new: Status) -> None:
    """Supervisors set any status (un-deprecating included: it is how a mistake is corrected);
    the author, as artist, moves their own version between wip and review only."""
    if access.role.rank >= Role.supervisor.rank:
        return
    access.require(Role.artist, "changing a version's status")
    if version.author_id != access.caller.id:
        raise PermissionDenied("only the author or a supervisor may change this version's status",
                               detail={"version": version.id, "status": new.value})
    if old not in AUTHOR_STATUSES or new not in AUTHOR_STATUSES:
        raise PermissionDenied(f"moving a version from {old.value} to {new.value} needs a supervisor; "
                               "an author may only move their version between wip and review",
                               detail={"version": version.id, "from": old.value, "to": new.value})


def set_status(db: Session, caller: Caller, version_id: int, body: StatusChange) -> VersionPublic:
    with write_transaction(db):
        row = db.execute(select(Version, Asset).join(Asset, Asset.id == Version.asset_id)
                         .where(Version.id == version_id).with_for_update(of=Version)).first()
        if row is None:
            raise _no_version(version_id)
        version, asset = row
        access = _access_to(db, caller, asset.project_id, version_id)
        old, new = Status(version.status), body.status
        _check_transition(access, version, old, new)
        if old != new or body.comment:
            version.status = new.value
            version.status_comment = body.comment
            if old != new:
                asset.updated_at = utcnow()  # the browser's "recently updated" sort
            events.record(db, "status_changed", project_id=asset.project_id, user_id=caller.id, data={
                "version_id": version.id, "asset_id": asset.id, "folder": asset.folder, "asset": asset.name,
                "number": version.number, "old": old.value, "new": new.value, "comment": body.comment})
        if old != new or body.comment.strip():  # every decision, and its words, joins the review thread
            comments.record(db, caller, version, asset, body.comment, status=new if old != new else None)
    return get_publics(db, [version_id])[version_id]
