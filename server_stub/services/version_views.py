"""Build ``VersionPublic`` answers for many versions at once: one query for their files."""

from __future__ import annotations

from collections import defaultdict
from typing import Iterable

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from brickyard.core.models import FileEntry, RepresentationPublic, Status, VersionPublic
from brickyard.core.reference import Reference

from ..tables import Asset, File, Project, Representation, User, Version
from .access import as_utc
from .batching import chunks


def version_query() -> Select:
    """Versions with what their answer needs: (Version, Asset, project code, author name)."""
    return (select(Version, Asset, Project.code, User.name)
            .join(Asset, Asset.id == Version.asset_id).join(Project, Project.id == Asset.project_id)
            .join(User, User.id == Version.author_id))


def representations_of(db: Session, version_ids: Iterable[int]) -> dict[int, list[RepresentationPublic]]:
    """Representations with their files, by version id; one query per 500 versions."""
    ids = sorted(set(version_ids))
    files: dict[int, list[FileEntry]] = defaultdict(list)
    reps: dict[int, Representation] = {}
    for chunk in chunks(ids):
        rows = db.execute(select(Representation, File).join(File, File.representation_id == Representation.id)
                          .where(Representation.version_id.in_(chunk))
                          .order_by(Representation.id, File.id))
        for rep, file in rows:
            reps[rep.id] = rep
            files[rep.id].append(FileEntry(path=file.path, size=file.size, sha256=file.sha256,
                                           frame=file.frame))
    by_version: dict[int, list[RepresentationPublic]] = defaultdict(list)
    for rep in reps.values():
        by_version[rep.version_id].append(RepresentationPublic(
            id=rep.id, name=rep.name, files=files[rep.id], frame_start=rep.frame_start,
            frame_end=rep.frame_end))
    return by_version


def to_public(version: Version, asset: Asset, project: str, author: str,
              representations: list[RepresentationPublic]) -> VersionPublic:
    reference = Reference(project=project, folder=asset.folder, asset=asset.name, version=version.number)
    return VersionPublic(
        id=version.id, project=project, folder=asset.folder, asset=asset.name, asset_id=asset.id,
        kind=asset.kind, number=version.number, status=Status(version.status), author=author,
        comment=version.comment, metadata=version.meta, inputs=version.inputs,
        thumbnail=version.thumbnail_sha256, workfile=version.workfile,
        created_at=as_utc(version.created_at), representations=representations, reference=str(reference))


def publics(db: Session, rows: list) -> list[VersionPublic]:
    """``rows`` from ``version_query()``, answered in the same order."""
    reps = representations_of(db, (row[0].id for row in rows))
    return [to_public(v, a, code, author, reps.get(v.id, [])) for v, a, code, author in rows]


def get_publics(db: Session, version_ids: list[int]) -> dict[int, VersionPublic]:
    rows = []
    for chunk in chunks(sorted(set(version_ids))):
        rows += db.execute(version_query().where(Version.id.in_(chunk))).all()
    return {v.id: v for v in publics(db, rows)}
