"""Everything the asset page shows, in a fixed number of queries whatever the asset's version count."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from brickyard.core.errors import NotFound
from brickyard.core.models import CommentPublic, Status, VersionPublic
from brickyard.core.reference import Reference
from sqlalchemy import select, tuple_
from sqlalchemy.orm import Session

from ..services import comments, previews
from ..services.access import ProjectAccess
from ..services.version_views import get_publics, representations_of, to_public, version_query
from ..tables import Annotation, Asset, Version
from .compare_choice import candidates, other_version
from .lineage_view import lineage_of
from .previews import processing_states, version_previews


@dataclass
class AssetView:
    asset: Asset
    versions: list[Any]  # rows of version_query(), newest first
    selected: VersionPublic
    compare: VersionPublic | None
    thread: list[CommentPublic]
    previews: list[dict[str, Any]]
    compare_previews: list[dict[str, Any]]
    previous_asset: str | None
    next_asset: str | None
    reference: str
    lineage: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    approved_number: int | None = None  # the latest approved version: the page's default view
    compare_label: str = ""  # how pane B is titled ("v3", or "shots/fx/fx_b v2" for another asset)
    compare_candidates: list[str] = field(default_factory=list)  # references offered to compare with
    processing: list[dict[str, Any]] = field(default_factory=list)  # each review-media job's state and error
    compare_processing: list[dict[str, Any]] = field(default_factory=list)
    drawn: dict[int, Annotation] = field(default_factory=dict)  # comment id → the drawing it carries


def _pick(rows: list, number: int | None) -> Any:
    """Version ``number``; without one the latest approved (the decision reviewers look for first), else
    the latest that is not deprecated. ``rows`` are newest first."""
    if number is not None:
        for row in rows:
            if row.number == number:
                return row
        raise NotFound(f"the asset has no version {number}", detail={"version": number})
    approved = [row for row in rows if row.status == Status.approved.value]
    usable = [row for row in rows if row.status != Status.deprecated.value]
    return (approved or usable or rows)[0]


def _neighbour(db: Session, project_id: int, asset: Asset, after: bool) -> str | None:
    here = tuple_(Asset.folder, Asset.name)
    query = select(Asset.folder, Asset.name).where(Asset.project_id == project_id)
    if after:
        query = query.where(here > tuple_(asset.folder, asset.name)).order_by(Asset.folder, Asset.name)
    else:
        query = query.where(here < tuple_(asset.folder, asset.name)).order_by(Asset.folder.desc(), Asset.name.desc())
    row = db.execute(query.limit(1)).first()
    return "/".join(p for p in row if p) if row else None


def asset_view(db: Session, access: ProjectAccess, path: str, number: int | None,
               compare: int | None, other: str = "") -> AssetView:
    """The page of asset ``path`` at version ``number``, compared with its version ``compare`` or with any
    version of the project named by the reference ``other``."""
    folder, _, name = path.strip("/").rpartition("/")
    asset = db.scalar(select(Asset).where(Asset.project_id == access.project.id, Asset.folder == folder,
                                          Asset.name == name))
    if asset is None:
        raise NotFound(f"no asset {path!r} in project {access.project.code!r}",
                       detail={"project": access.project.code, "path": path})
    rows = db.execute(version_query().where(Version.asset_id == asset.id).order_by(Version.number.desc())).all()
    if not rows:
        raise NotFound(f"the asset {path!r} has no versions yet", detail={"path": path})
    chosen = _pick(rows, number)
    if other.strip():
        against = other_version(db, access, other, _pick)
        against = None if against.id == chosen.id else against
    else:
        against = _pick(rows, compare) if compare is not None and compare != chosen.number else None
    reps = representations_of(db, [chosen.id] + ([against.id] if against else []))
    selected = to_public(chosen, reps.get(chosen.id, []))
    versus = to_public(against, reps.get(against.id, [])) if against else None
    thread = comments.threads(db, [selected.id]).get(selected.id, [])
    # The review media of the version(s) shown, through the API's own service (access checked above).
    media = previews.describe(db, [(v.id, v.reference, v.thumbnail) for v in (selected, versus) if v])
    return AssetView(
        asset=asset, versions=rows, selected=selected, compare=versus, thread=thread,
        previews=version_previews(selected, media[selected.id]),
        compare_previews=version_previews(versus, media[versus.id]) if versus else [],
        previous_asset=_neighbour(db, access.project.id, asset, after=False),
        next_asset=_neighbour(db, access.project.id, asset, after=True),
        reference=str(Reference(access.project.code, asset.folder, asset.name, selected.number)),
        lineage=lineage_of(db, access, selected),
        approved_number=next((row.number for row in rows if row.status == Status.approved.value), None),
        compare_label=_label(versus, asset) if versus else "",
        compare_candidates=candidates(db, access, asset),
        processing=processing_states(media[selected.id]),
        compare_processing=processing_states(media[versus.id]) if versus else [],
        drawn=_drawn(db, selected.id))


def _drawn(db: Session, version_id: int) -> dict[int, Annotation]:
    """The thread's comments that carry a drawing (one query; a deleted drawing no longer marks its comment)."""
    rows = db.scalars(select(Annotation).where(Annotation.version_id == version_id, Annotation.deleted.is_(False)))
    return {d.comment_id: d for d in rows}


def _label(version: VersionPublic, asset: Asset) -> str:
    """Pane B's title: its version number, with its asset's path when it is another asset."""
    if version.asset_id == asset.id:
        return f"v{version.number}"
    return "/".join(p for p in (version.folder, version.asset) if p) + f" v{version.number}"


def previews_of(db: Session, access: ProjectAccess,
                version_id: int) -> tuple[VersionPublic, list[dict[str, Any]], list[dict[str, Any]]]:
    """One version's preview list and job states as the asset page draws them (for the live refresh)."""
    found = get_publics(db, [version_id]).get(version_id)
    if found is None or found.project != access.project.code:
        raise NotFound(f"project {access.project.code!r} has no version {version_id}",
                       detail={"project": access.project.code, "version_id": version_id})
    media = previews.describe(db, [(found.id, found.reference, found.thumbnail)])
    return found, version_previews(found, media[found.id]), processing_states(media[found.id])
