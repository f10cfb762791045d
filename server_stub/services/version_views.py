"""Build ``VersionPublic`` answers for many versions at once: one query for their files."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from brickyard.core.models import FileEntry, RepresentationPublic, Status, VersionPublic
from brickyard.core.reference import Reference
from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from ..tables import Asset, File, Project, Representation, User, Version
from .access import as_utc
from .batching import chunks


def version_query() -> Select:
    """Versions with just the columns their answer needs (plain rows: no ORM objects to build)."""
    return (select(Version.id, Version.asset_id, Version.number, Version.status, Version.comment,
                   Version.status_comment, Version.meta, Version.inputs, Version.thumbnail_sha256, Version.workfile,
                   Version.created_at, Asset.folder, Asset.name, Asset.kind,
                   Project.code.label("project"), User.name.label("author"))
            .join(Asset, Asset.id == Version.asset_id).join(Project, Project.id == Asset.project_id)
            .join(User, User.id == Version.author_id))


def representations_of(db: Session, version_ids: Iterable[int]) -> dict[int, list[RepresentationPublic]]:
    """Representations with their files, by version id; one query per 500 versions."""
    ids = sorted(set(version_ids))
    files: dict[int, list[FileEntry]] = defaultdict(list)
    reps: dict[int, tuple] = {}
    for chunk in chunks(ids):
        rows = db.execute(select(Representation.id, Representation.version_id, Representation.name,
                                 Representation.frame_start, Representation.frame_end,
                                 File.path, File.size, File.sha256, File.frame)
                          .join(File, File.representation_id == Representation.id)
                          .where(Representation.version_id.in_(chunk))
                          .order_by(Representation.id, File.id))
        for rep_id, version_id, name, start, end, path, size, sha256, frame in rows:
            reps[rep_id] = (version_id, name, start, end)
            # model_construct: these values were validated when they were published
            files[rep_id].append(FileEntry.model_construct(path=path, size=size, sha256=sha256, frame=frame))
    by_version: dict[int, list[RepresentationPublic]] = defaultdict(list)
    for rep_id, (version_id, name, start, end) in reps.items():
        by_version[version_id].append(RepresentationPublic(
            id=rep_id, name=name, files=files[rep_id], frame_start=start, frame_end=end))
    return by_version


def to_public(row, representations: list[RepresentationPublic]) -> VersionPublic:
    """One row of ``version_query()`` as the wire model."""
    reference = Reference(project=row.project, folder=row.folder, asset=row.name, version=row.number)
    # model_construct: every value comes from rows that were validated when they were written
    return VersionPublic.model_construct(
        id=row.id, project=row.project, folder=row.folder, asset=row.name, asset_id=row.asset_id,
        kind=row.kind, number=row.number, status=Status(row.status), author=row.author,
        comment=row.comment, metadata=row.meta, inputs=row.inputs, thumbnail=row.thumbnail_sha256,
        workfile=row.workfile, created_at=as_utc(row.created_at), representations=representations,
        reference=str(reference), status_comment=row.status_comment or "")


def publics(db: Session, rows: list) -> list[VersionPublic]:
    """``rows`` from ``version_query()``, answered in the same order."""
    reps = representations_of(db, (row.id for row in rows))
    return [to_public(row, reps.get(row.id, [])) for row in rows]


def get_publics(db: Session, version_ids: list[int]) -> dict[int, VersionPublic]:
    rows = []
    for chunk in chunks(sorted(set(version_ids))):
        rows += db.execute(version_query().where(Version.id.in_(chunk))).all()
    return {v.id: v for v in publics(db, rows)}
