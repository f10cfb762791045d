"""Review playlists: ``/projects/{code}/playlists`` (ordered lists of versions; artists and up change them)."""

from __future__ import annotations

from brickyard.core.review_models import PlaylistAdd, PlaylistCreate, PlaylistOrder, PlaylistPublic, SessionSummary
from fastapi import APIRouter, status

from ..deps import DbDep, ProjectDep
from ..params import RowId
from ..services import live_summary, playlists

router = APIRouter(prefix="/projects/{code}/playlists", tags=["playlists"])


@router.get("")
def list_playlists(db: DbDep, access: ProjectDep) -> list[PlaylistPublic]:
    """The project's playlists, newest first (without their items)."""
    return playlists.list_for(db, access)


@router.post("", status_code=status.HTTP_201_CREATED)
def create_playlist(body: PlaylistCreate, db: DbDep, access: ProjectDep) -> PlaylistPublic:
    """Versions picked by hand, then the latest usable version of each asset under ``folder`` / matching
    ``search``. Role ≥ artist."""
    return playlists.create(db, access, body)


@router.get("/{playlist_id}")
def get_playlist(playlist_id: RowId, db: DbDep, access: ProjectDep) -> PlaylistPublic:
    return playlists.get(db, access, playlist_id)


@router.post("/{playlist_id}/items")
def add_items(playlist_id: RowId, body: PlaylistAdd, db: DbDep, access: ProjectDep) -> PlaylistPublic:
    """Insert versions at ``position`` (default: the end). Role ≥ artist."""
    return playlists.add(db, access, playlist_id, body)


@router.delete("/{playlist_id}/items/{item_id}")
def remove_item(playlist_id: RowId, item_id: RowId, db: DbDep, access: ProjectDep) -> PlaylistPublic:
    return playlists.remove(db, access, playlist_id, item_id)


@router.put("/{playlist_id}/order")
def reorder(playlist_id: RowId, body: PlaylistOrder, db: DbDep, access: ProjectDep) -> PlaylistPublic:
    """Every item id, in the new order. Role ≥ artist."""
    return playlists.reorder(db, access, playlist_id, body)


@router.get("/{playlist_id}/sessions")
def list_sessions(playlist_id: RowId, db: DbDep, access: ProjectDep) -> list[SessionSummary]:
    """The playlist's live sessions, newest first, without their items (the summary of each has them)."""
    return live_summary.sessions(db, access, playlist_id)


@router.get("/{playlist_id}/sessions/{session_id}")
def session_summary(playlist_id: RowId, session_id: RowId, db: DbDep, access: ProjectDep) -> SessionSummary:
    """A live session's summary: per item, the decisions (approved, rejected, changes requested) and the notes
    posted between its start and its end, with who and when. ``session_id``: its ``live.started`` event id
    (the ``live.ended`` event carries it as ``session_id``)."""
    return live_summary.summary(db, access, playlist_id, session_id)
