"""Lineage: which versions a version was made from, and which were made from it.

Edges live in ``version_inputs``; each says how it is known (declared by the publisher, matched by a file
hash, or by a unique name). Both directions are answered for many versions with a fixed number of queries,
and only versions of projects the caller may read are shown.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from brickyard.core.errors import NotFound
from brickyard.core.models import Lineage, LineageLink, LinkKind, Role, Status
from brickyard.core.reference import Reference
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..tables import Asset, Project, Version, VersionInput
from .access import Caller, roles_by_project
from .batching import chunks


@dataclass(frozen=True)
class InputLink:
    """An edge to write: the input version, how it is known, and what matched."""
    input_version_id: int
    link: LinkKind = LinkKind.declared
    evidence: str = ""


def record_inputs(db: Session, version_id: int, links: Iterable[InputLink]) -> None:
    """Add ``version_id``'s edges inside the caller's transaction. An input met twice keeps its first link
    (declared before hash before name: callers pass them in that order); a version is never its own input."""
    existing = set(db.scalars(select(VersionInput.input_version_id).where(VersionInput.version_id == version_id)))
    for link in links:
        if link.input_version_id == version_id or link.input_version_id in existing:
            continue
        existing.add(link.input_version_id)
        db.add(VersionInput(version_id=version_id, input_version_id=link.input_version_id,
                            link=LinkKind(link.link).value, evidence=link.evidence[:256]))
    db.flush()


def made_from(db: Session, caller: Caller, version_ids: Iterable[int]) -> dict[int, list[LineageLink]]:
    """The inputs of each version (by version id), readable ones only."""
    return _edges(db, caller, version_ids, forward=True)


def used_by(db: Session, caller: Caller, version_ids: Iterable[int]) -> dict[int, list[LineageLink]]:
    """The versions made from each version (by version id), readable ones only."""
    return _edges(db, caller, version_ids, forward=False)


def lineage(db: Session, caller: Caller, version_id: int) -> Lineage:
    row = db.execute(select(Version.number, Asset.folder, Asset.name, Asset.project_id, Project.code)
                     .join(Asset, Asset.id == Version.asset_id).join(Project, Project.id == Asset.project_id)
                     .where(Version.id == version_id)).first()
    role = roles_by_project(db, caller, {row.project_id}).get(row.project_id) if row else None
    if row is None or role is None or role.rank < Role.viewer.rank:
        raise NotFound(f"no version {version_id} (or you are not a member of its project)",
                       detail={"version": version_id})
    reference = Reference(row.code, row.folder, row.name, row.number)
    return Lineage(version_id=version_id, reference=str(reference),
                   made_from=made_from(db, caller, [version_id]).get(version_id, []),
                   used_by=used_by(db, caller, [version_id]).get(version_id, []))


def _edges(db: Session, caller: Caller, version_ids: Iterable[int], *, forward: bool
           ) -> dict[int, list[LineageLink]]:
    this_end, other_end = ((VersionInput.version_id, VersionInput.input_version_id) if forward
                           else (VersionInput.input_version_id, VersionInput.version_id))
    rows = []
    for chunk in chunks(sorted(set(version_ids))):
        rows += db.execute(
            select(this_end.label("this_id"), VersionInput.link, VersionInput.evidence,
                   Version.id, Version.number, Version.status, Asset.folder, Asset.name, Asset.kind,
                   Asset.project_id, Project.code)
            .join(Version, Version.id == other_end).join(Asset, Asset.id == Version.asset_id)
            .join(Project, Project.id == Asset.project_id)
            .where(this_end.in_(chunk))
            .order_by(Project.code, Asset.folder, Asset.name, Version.number)).all()
    roles = roles_by_project(db, caller, {row.project_id for row in rows})
    found: dict[int, list[LineageLink]] = defaultdict(list)
    for row in rows:
        if row.project_id not in roles:
            continue
        found[row.this_id].append(LineageLink(
            version_id=row.id, reference=str(Reference(row.code, row.folder, row.name, row.number)),
            project=row.code, folder=row.folder, asset=row.name, kind=row.kind, number=row.number,
            status=Status(row.status), link=LinkKind(row.link), evidence=row.evidence))
    return dict(found)
