"""Blob bookkeeping: which blobs exist, who may upload, name and read them.

A blob is *held* by a caller who uploaded its bytes or can read a version that uses it. Only held
blobs may be named in a new version, and existence checks (``missing``, ``HEAD``) answer only for
them: knowing a sha256 is not enough to reach another project's bytes.
"""

from __future__ import annotations

from datetime import datetime, timezone

from brickyard.core.errors import NotFound, PermissionDenied
from brickyard.core.models import Role
from sqlalchemy import exists, insert, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from ..db import write_transaction
from ..tables import Asset, Blob, BlobUpload, File, Membership, Representation, Version
from .access import Caller
from .batching import chunks

UPLOAD_ROLES = [Role.artist.value, Role.supervisor.value, Role.admin.value]
READ_ROLES = [r.value for r in Role]


def held(db: Session, caller: Caller, wanted: list[str]) -> dict[str, int]:
    """The blobs of ``wanted`` the caller holds, with their sizes. Three queries a chunk, whatever the count."""
    found: dict[str, int] = {}
    member_of = select(Membership.project_id).where(Membership.user_id == caller.id)
    for chunk in chunks(list(dict.fromkeys(wanted))):
        known = dict(db.execute(select(Blob.sha256, Blob.size).where(Blob.sha256.in_(chunk))).all())
        if caller.is_admin or not known:
            found.update(known)
            continue
        mine = set(db.scalars(select(BlobUpload.sha256).where(BlobUpload.user_id == caller.id,
                                                              BlobUpload.sha256.in_(known))))
        rest = [sha for sha in known if sha not in mine]
        if rest:
            mine.update(db.scalars(
                select(File.sha256).join(Representation, Representation.id == File.representation_id)
                .join(Version, Version.id == Representation.version_id).join(Asset, Asset.id == Version.asset_id)
                .where(File.sha256.in_(rest), Asset.project_id.in_(member_of)).distinct()))
            mine.update(db.scalars(
                select(Version.thumbnail_sha256).join(Asset, Asset.id == Version.asset_id)
                .where(Version.thumbnail_sha256.in_(rest), Asset.project_id.in_(member_of)).distinct()))
        found.update({sha: known[sha] for sha in mine if sha in known})
    return found


def missing(db: Session, caller: Caller, wanted: list[str]) -> list[str]:
    """What the caller must upload: blobs the server lacks, or has but the caller does not hold."""
    have = held(db, caller, wanted)
    return [sha for sha in dict.fromkeys(wanted) if sha not in have]


def size(db: Session, sha256: str) -> int | None:
    return db.scalar(select(Blob.size).where(Blob.sha256 == sha256))


def blob_location(sessions: sessionmaker[Session], sha256: str) -> str | None:
    """Where the store keeps the blob's bytes, if not under its own name (its own short session: readers
    of the store ask this wherever they are)."""
    with sessions() as db:
        return db.scalar(select(Blob.location).where(Blob.sha256 == sha256))


def kept_at(db: Session, locations: list[str]) -> dict[str, tuple[str, int]]:
    """location -> (sha256, size) of the blob the store keeps there, for those of ``locations`` that hold one."""
    found: dict[str, tuple[str, int]] = {}
    for chunk in chunks(list(dict.fromkeys(locations))):
        for location, sha256, size in db.execute(select(Blob.location, Blob.sha256, Blob.size)
                                                 .where(Blob.location.in_(chunk))):
            found[location] = (sha256, size)
    return found


def held_size(db: Session, caller: Caller, sha256: str) -> int | None:
    """The blob's size when the caller holds it; None as for a blob that does not exist."""
    return held(db, caller, [sha256]).get(sha256)


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


def record_uploader(db: Session, sha256: str, uploader: Caller) -> None:
    """Note, inside the caller's transaction, that ``uploader`` holds the bytes of ``sha256``."""
    if db.scalar(select(BlobUpload.id).where(BlobUpload.sha256 == sha256,
                                             BlobUpload.user_id == uploader.id)) is None:
        db.add(BlobUpload(sha256=sha256, user_id=uploader.id))


def register_many(db: Session, entries: dict[str, int], uploader: Caller) -> None:
    """Record many blobs whose bytes are safely in the store, and that ``uploader`` holds them, in one
    transaction (idempotent)."""
    for attempt in range(3):
        try:
            with write_transaction(db):
                known: set[str] = set()
                held_by_uploader: set[str] = set()
                for chunk in chunks(sorted(entries)):
                    known.update(db.scalars(select(Blob.sha256).where(Blob.sha256.in_(chunk))))
                    held_by_uploader.update(db.scalars(select(BlobUpload.sha256).where(
                        BlobUpload.user_id == uploader.id, BlobUpload.sha256.in_(chunk))))
                now = datetime.now(timezone.utc)  # claimed now: garbage collection spares them for its grace period
                new_blobs = [{"sha256": sha, "size": size, "claimed_at": now} for sha, size in entries.items()
                             if sha not in known]
                if new_blobs:  # one multi-row INSERT each: a bundle registers hundreds at once
                    db.execute(insert(Blob.__table__), new_blobs)
                uploads = [{"sha256": sha, "user_id": uploader.id} for sha in entries if sha not in held_by_uploader]
                if uploads:
                    db.execute(insert(BlobUpload.__table__), uploads)
            return
        except IntegrityError:
            if attempt == 2:
                raise  # a concurrent upload registered some of them: the next pass skips those
