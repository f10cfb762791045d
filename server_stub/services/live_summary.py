"""What a live review session decided: per playlist item, the decisions and notes posted between its start
and its end. No table of its own: the session is the span of the project's events between its
``live.started`` and the next ``live.ended`` of the playlist. Event ids are committed in order (an advisory
lock on PostgreSQL), so "between" is exact, where timestamps of two transactions could tie or cross."""

from __future__ import annotations

from brickyard.core.errors import NotFound
from brickyard.core.review_models import SessionItem, SessionNote, SessionSummary
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..review_tables import Playlist, PlaylistItem
from ..tables import Asset, Event, User, Version
from .access import ProjectAccess, as_utc
from .playlists import _playlist

# A decision is a comment that came with a status change; "wip" is the review page's "changes requested".
DECISION_NAMES = {"approved": "approved", "rejected": "rejected", "wip": "changes requested"}


def _live_events(db: Session, access: ProjectAccess, playlist_id: int) -> list[Event]:
    rows = db.scalars(select(Event).where(Event.project_id == access.project.id,
                                          Event.type.in_(("live.started", "live.ended"))).order_by(Event.id))
    return [e for e in rows if e.data.get("playlist_id") == playlist_id]


def _session_starts(live: list[Event]) -> list[int]:
    """The ``live.started`` events that open a session (a restart while one runs continues it)."""
    starts, running = [], False
    for event in live:
        if event.type == "live.started" and not running:
            starts.append(event.id)
        running = event.type == "live.started"  # only started and ended are listed
    return starts


def latest_session(db: Session, access: ProjectAccess, playlist_id: int) -> int | None:
    """The id of the playlist's most recent (or running) session, or None."""
    starts = _session_starts(_live_events(db, access, playlist_id))
    return starts[-1] if starts else None


def sessions(db: Session, access: ProjectAccess, playlist_id: int) -> list[SessionSummary]:
    """Every session of the playlist, newest first, with ``items`` left empty."""
    playlist = _playlist(db, access, playlist_id)
    live = _live_events(db, access, playlist_id)
    found = []
    for start_id in reversed(_session_starts(live)):
        start = next(e for e in live if e.id == start_id)
        end = next((e for e in live if e.id > start.id and e.type == "live.ended"), None)
        found.append(_head(db, playlist, start, end, []))
    return found


def _head(db: Session, playlist: Playlist, start: Event, end: Event | None,
          items: list[SessionItem]) -> SessionSummary:
    return SessionSummary(
        playlist_id=playlist.id, playlist=playlist.name, session_id=start.id, driver=start.data.get("driver"),
        started_at=as_utc(start.created_at), ended_at=as_utc(end.created_at) if end else None,
        ended_by=_user(db, end) if end else None, items=items)


def summary(db: Session, access: ProjectAccess, playlist_id: int, session_id: int) -> SessionSummary:
    """``session_id``: the id of the session's ``live.started`` event (a restart by the same driver while it
    ran belongs to the same session, which ends at the next ``live.ended``)."""
    playlist = _playlist(db, access, playlist_id)
    live = _live_events(db, access, playlist_id)
    start = next((e for e in live if e.id == session_id and e.id in _session_starts(live)), None)
    if start is None:
        raise NotFound(f"playlist {playlist_id} has no live session {session_id}; the playlist page links "
                       "its sessions' summaries", detail={"session": session_id})
    end = next((e for e in live if e.id > start.id and e.type == "live.ended"), None)
    items = db.execute(select(PlaylistItem.position, PlaylistItem.version_id, Asset.folder, Asset.name,
                              Version.number)
                       .join(Version, Version.id == PlaylistItem.version_id).join(Asset, Asset.id == Version.asset_id)
                       .where(PlaylistItem.playlist_id == playlist.id).order_by(PlaylistItem.position)).all()
    query = select(Event, User.name).outerjoin(User, User.id == Event.user_id).where(
        Event.project_id == access.project.id, Event.type == "commented", Event.id > start.id)
    if end is not None:
        query = query.where(Event.id < end.id)
    notes: dict[int, list[SessionNote]] = {row.version_id: [] for row in items}
    for event, user in db.execute(query.order_by(Event.id)):
        data = event.data
        if data.get("version_id") not in notes:
            continue
        notes[data["version_id"]].append(SessionNote(
            comment_id=data["comment_id"], user=user, guest=data.get("guest"), text=data["text"],
            decision=DECISION_NAMES.get(data["status"], data["status"]) if data.get("status") else None,
            frame=data.get("frame"), frame_end=data.get("frame_end"), at=as_utc(event.created_at)))
    return _head(db, playlist, start, end, [
        SessionItem(position=row.position, version_id=row.version_id,
                    version=f"{row.folder}/{row.name} v{row.number:03d}",
                    decisions=[n.decision for n in notes[row.version_id] if n.decision], notes=notes[row.version_id])
        for row in items])


def _user(db: Session, event: Event) -> str | None:
    return db.scalar(select(User.name).where(User.id == event.user_id)) if event.user_id else None
