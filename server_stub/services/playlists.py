"""Review playlists: ordered lists of versions of one project — picked by hand, from a folder or from a search —
that can be reordered, grown and shrunk. Every read is a fixed number of queries whatever the length."""

from __future__ import annotations

from brickyard.core.errors import InvalidInput, NotFound
from brickyard.core.models import Role, Status
from brickyard.core.review_models import (
    PLAYLIST_MAX_ITEMS,
    PlaylistAdd,
    PlaylistCreate,
    PlaylistItemPublic,
    PlaylistOrder,
    PlaylistPublic,
)
from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from ..db import write_transaction
from ..review_tables import Playlist, PlaylistItem
from ..tables import Asset, Project, User, Version, utcnow
from .access import ProjectAccess, as_utc
from .assets import AssetFilters, list_assets
from .batching import chunks

EDIT_ROLE = Role.artist  # artists and up build playlists; viewers watch them


def _versions_in_project(db: Session, access: ProjectAccess, version_ids: list[int]) -> None:
    """Every id must be a version of this project (one query per 500 ids)."""
    found: set[int] = set()
    for chunk in chunks(sorted(set(version_ids))):
        found |= set(db.scalars(select(Version.id).join(Asset, Asset.id == Version.asset_id)
                                .where(Version.id.in_(chunk), Asset.project_id == access.project.id)))
    missing = sorted(set(version_ids) - found)
    if missing:
        raise NotFound(f"project {access.project.code!r} has no version(s) {missing[:10]}; a playlist holds "
                       "versions of its own project only", detail={"versions": missing[:10]})


def _latest_of(db: Session, access: ProjectAccess, folder: str | None, search: str | None) -> list[int]:
    """The latest non-deprecated version of each asset under ``folder`` / matching ``search``, folder order."""
    page = list_assets(db, access, AssetFilters(folder=folder or None, search=search or None), None,
                       PLAYLIST_MAX_ITEMS)
    wanted = {a.id: a.latest_version for a in page.items if a.latest_version}
    if not wanted:
        return []
    rows = db.execute(select(Version.id, Version.asset_id, Version.number, Version.status)
                      .where(Version.asset_id.in_(list(wanted)))).all()
    best: dict[int, tuple[tuple[bool, int], int]] = {}
    for vid, asset_id, number, status in rows:  # the newest usable one, else the newest
        rank = (status != Status.deprecated.value, number)
        if asset_id not in best or rank > best[asset_id][0]:
            best[asset_id] = (rank, vid)
    return [best[a.id][1] for a in page.items if a.id in best]


def create(db: Session, access: ProjectAccess, body: PlaylistCreate) -> PlaylistPublic:
    access.require(EDIT_ROLE, "making a playlist")
    picked = list(body.versions)
    if body.folder is not None or body.search:
        picked += [v for v in _latest_of(db, access, body.folder, body.search) if v not in picked]
    if len(picked) > PLAYLIST_MAX_ITEMS:
        raise InvalidInput(f"a playlist holds at most {PLAYLIST_MAX_ITEMS} versions; this one would have "
                           f"{len(picked)} — narrow the folder or search", detail={"count": len(picked)})
    with write_transaction(db):
        _versions_in_project(db, access, picked)
        playlist = Playlist(project_id=access.project.id, name=body.name, created_by=access.caller.id)
        db.add(playlist)
        db.flush()
        db.add_all([PlaylistItem(playlist_id=playlist.id, version_id=v, position=i) for i, v in enumerate(picked)])
        playlist_id = playlist.id
    return get(db, access, playlist_id)


def _playlist(db: Session, access: ProjectAccess, playlist_id: int) -> Playlist:
    playlist = db.get(Playlist, playlist_id)
    if playlist is None or playlist.project_id != access.project.id:
        raise NotFound(f"project {access.project.code!r} has no playlist {playlist_id}",
                       detail={"project": access.project.code, "playlist": playlist_id})
    return playlist


def _renumber(db: Session, playlist_id: int, item_ids: list[int]) -> None:
    """Give the items positions 0…n-1 in this order: two statements whatever the count (first out of the way
    of the unique (playlist, position) constraint, then into place)."""
    db.execute(update(PlaylistItem).where(PlaylistItem.playlist_id == playlist_id)
               .values(position=-PlaylistItem.position - 1))
    if item_ids:
        db.execute(update(PlaylistItem), [{"id": item, "position": i} for i, item in enumerate(item_ids)])
    db.execute(update(Playlist).where(Playlist.id == playlist_id).values(updated_at=utcnow()))


def _order(db: Session, playlist_id: int) -> list[int]:
    return list(db.scalars(select(PlaylistItem.id).where(PlaylistItem.playlist_id == playlist_id)
                           .order_by(PlaylistItem.position)))


def add(db: Session, access: ProjectAccess, playlist_id: int, body: PlaylistAdd) -> PlaylistPublic:
    access.require(EDIT_ROLE, "changing a playlist")
    with write_transaction(db):
        _playlist(db, access, playlist_id)
        _versions_in_project(db, access, body.versions)
        order = _order(db, playlist_id)
        if len(order) + len(body.versions) > PLAYLIST_MAX_ITEMS:
            raise InvalidInput(f"a playlist holds at most {PLAYLIST_MAX_ITEMS} versions",
                               detail={"count": len(order) + len(body.versions)})
        new = [PlaylistItem(playlist_id=playlist_id, version_id=v, position=len(order) + 1000000 + i)
               for i, v in enumerate(body.versions)]
        db.add_all(new)
        db.flush()
        at = len(order) if body.position is None else min(body.position, len(order))
        _renumber(db, playlist_id, order[:at] + [item.id for item in new] + order[at:])
    return get(db, access, playlist_id)


def remove(db: Session, access: ProjectAccess, playlist_id: int, item_id: int) -> PlaylistPublic:
    access.require(EDIT_ROLE, "changing a playlist")
    with write_transaction(db):
        _playlist(db, access, playlist_id)
        order = _order(db, playlist_id)
        if item_id not in order:
            raise NotFound(f"playlist {playlist_id} has no item {item_id}", detail={"item": item_id})
        db.execute(delete(PlaylistItem).where(PlaylistItem.id == item_id))
        _renumber(db, playlist_id, [i for i in order if i != item_id])
    return get(db, access, playlist_id)


def reorder(db: Session, access: ProjectAccess, playlist_id: int, body: PlaylistOrder) -> PlaylistPublic:
    access.require(EDIT_ROLE, "changing a playlist")
    with write_transaction(db):
        _playlist(db, access, playlist_id)
        order = _order(db, playlist_id)
        if sorted(body.items) != sorted(order):
            raise InvalidInput("give every item id of the playlist exactly once, in the new order (GET the "
                               "playlist for its item ids)", detail={"expected": sorted(order)})
        _renumber(db, playlist_id, list(body.items))
    return get(db, access, playlist_id)


def items_of(db: Session, playlist_id: int) -> list[PlaylistItemPublic]:
    """The items with what a list shows of each version: one query."""
    rows = db.execute(select(PlaylistItem.id, PlaylistItem.position, Version.id.label("version_id"),
                             Version.number, Version.status, Asset.folder, Asset.name, Project.code)
                      .join(Version, Version.id == PlaylistItem.version_id)
                      .join(Asset, Asset.id == Version.asset_id).join(Project, Project.id == Asset.project_id)
                      .where(PlaylistItem.playlist_id == playlist_id).order_by(PlaylistItem.position)).all()
    return [PlaylistItemPublic(
        id=r.id, position=r.position, version_id=r.version_id, folder=r.folder, asset=r.name, number=r.number,
        status=r.status, reference=f"brickyard://{r.code}/{'/'.join(p for p in (r.folder, r.name) if p)}"
                                   f"?version={r.number}") for r in rows]


def get(db: Session, access: ProjectAccess, playlist_id: int) -> PlaylistPublic:
    playlist = _playlist(db, access, playlist_id)
    maker = db.scalar(select(User.name).where(User.id == playlist.created_by)) or ""
    return PlaylistPublic(id=playlist.id, project=access.project.code, name=playlist.name, created_by=maker,
                          created_at=as_utc(playlist.created_at), updated_at=as_utc(playlist.updated_at),
                          items=items_of(db, playlist.id))


def list_for(db: Session, access: ProjectAccess) -> list[PlaylistPublic]:
    """The project's playlists, newest first, without their items."""
    rows = db.execute(select(Playlist, User.name).join(User, User.id == Playlist.created_by)
                      .where(Playlist.project_id == access.project.id).order_by(Playlist.id.desc())).all()
    return [PlaylistPublic(id=p.id, project=access.project.code, name=p.name, created_by=name,
                           created_at=as_utc(p.created_at), updated_at=as_utc(p.updated_at)) for p, name in rows]
