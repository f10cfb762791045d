"""Blob bookkeeping: which blobs exist, who may upload and read them."""

from __future__ import annotations

from brickyard.core.errors import NotFound, PermissionDenied
from brickyard.core.models import Role
from sqlalchemy import exists, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..db import write_transaction
from ..tables import Asset, Blob, File, Membership, Representation, Version
from .access import Caller
from .batching import chunks

UPLOAD_ROLES = [Role.artist.value, Role.supervisor.value, Role.admin.value]
READ_ROLES = [r.value for r in Role]


def missing(db: Session, wanted: list[str]) -> list[str]:
    unique = list(dict.fromkeys(wanted))
    known: set[str] = set()
    for chunk in chunks(unique):
        known.update(db.scalars(select(Blob.sha256).where(Blob.sha256.in_(chunk))))
    return [sha for sha in unique if sha not in known]


def size(db: Session, sha256: str) -> int | None:
    return db.scalar(select(Blob.size).where(Blob.sha256 == sha256))


def require_uploader(db: Session, caller: Caller) -> None:
    if caller.is_admin:
        return
    if db.scalar(select(Membership.id).where(Membership.user_id == caller.id,
                                             Membership.role.in_(UPLOAD_ROLES)).limit(1)) is None:
        raise PermissionDenied("uploading blobs needs role artist or higher in some project; "
                               "ask a project admin", detail={"needed": Role.artist.value})


def require_reader(db: Session, caller: Caller, sha256: str) -> None:
    """Readable by members of a project with a version that uses the blob (as a file or thumbnail)."""
    if caller.is_admin:
        return
    member_of = select(Membership.project_id).where(Membership.user_id == caller.id)
    used_by_file = (select(File.id).join(Representation, Representation.id == File.representation_id)
                    .join(Version, Version.id == Representation.version_id)
                    .join(Asset, Asset.id == Version.asset_id)
                    .where(File.sha256 == sha256, Asset.project_id.in_(member_of)))
    used_as_thumbnail = (select(Version.id).join(Asset, Asset.id == Version.asset_id)
                         .where(Version.thumbnail_sha256 == sha256, Asset.project_id.in_(member_of)))
    if not db.scalar(select(or_(exists(used_by_file), exists(used_as_thumbnail)))):
        raise NotFound(f"no blob {sha256} in any project of yours", detail={"sha256": sha256})


def register(db: Session, sha256: str, size: int) -> None:
    """Record a blob whose bytes are safely in the store (idempotent)."""
    try:
        with write_transaction(db):
            if db.get(Blob, sha256) is None:
                db.add(Blob(sha256=sha256, size=size))
    except IntegrityError:
        pass  # registered concurrently by another upload of the same bytes


def register_many(db: Session, entries: dict[str, int]) -> None:
    """Record many blobs whose bytes are safely in the store, in one transaction (idempotent)."""
    for attempt in range(2):
        try:
            with write_transaction(db):
                known = set()
                for chunk in chunks(sorted(entries)):
                    known.update(db.scalars(select(Blob.sha256).where(Blob.sha256.in_(chunk))))
                db.add_all(Blob(sha256=sha, size=size) for sha, size in entries.items() if sha not in known)
            return
        except IntegrityError:
            if attempt:
                raise  # a concurrent upload registered some of them: the second pass skips those
