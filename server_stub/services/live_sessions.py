"""Live review sessions on a playlist: one driver controls playback for everyone watching; control passes
only when the driver hands it over. State changes travel as events on the project's stream (``live.*``)."""

from __future__ import annotations

from typing import Any

from brickyard.core.errors import InvalidInput, PermissionDenied
from brickyard.core.models import Role
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..db import write_transaction
from ..review_tables import Playlist, PlaylistItem
from ..tables import Membership, User
from . import events, live_summary
from .access import ProjectAccess
from .playlists import _playlist

DRIVE_ROLE = Role.artist  # who may start a session (and so drive); anyone who sees the project follows


def _driver_name(db: Session, playlist: Playlist) -> str | None:
    if playlist.live_driver_id is None:
        return None
    return db.scalar(select(User.name).where(User.id == playlist.live_driver_id))


def describe(db: Session, access: ProjectAccess, playlist_id: int) -> dict[str, Any]:
    playlist = _playlist(db, access, playlist_id)
    return {"driver": _driver_name(db, playlist), "state": playlist.live_state or {}}


def _require_driver(db: Session, access: ProjectAccess, playlist: Playlist, doing: str) -> None:
    if playlist.live_driver_id is None:
        raise InvalidInput("no live session runs on this playlist; start one first", detail={"live": False})
    if playlist.live_driver_id != access.caller.id:
        raise PermissionDenied(f"{doing} is for the driver ({_driver_name(db, playlist)}); ask them to hand over",
                               detail={"driver": _driver_name(db, playlist)})


def _emit(db: Session, access: ProjectAccess, kind: str, data: dict[str, Any]) -> None:
    events.record(db, f"live.{kind}", project_id=access.project.id, user_id=access.caller.id, data=data)


def start(db: Session, access: ProjectAccess, playlist_id: int) -> dict[str, Any]:
    access.require(DRIVE_ROLE, "starting a live session")
    with write_transaction(db):
        playlist = _playlist(db, access, playlist_id)
        if playlist.live_driver_id not in (None, access.caller.id):
            raise PermissionDenied(f"a live session runs already, driven by {_driver_name(db, playlist)}; join "
                                   "it, or ask them to hand over", detail={"driver": _driver_name(db, playlist)})
        playlist.live_driver_id = access.caller.id
        playlist.live_state = {"item": 0, "frame": None, "playing": False}
        _emit(db, access, "started", {"playlist_id": playlist_id, "driver": access.caller.name,
                                       **playlist.live_state})
    return describe(db, access, playlist_id)


def drive(db: Session, access: ProjectAccess, playlist_id: int, item: int, frame: int | None,
          playing: bool) -> dict[str, Any]:
    """The driver's player moved: everyone follows to this item, frame and play state."""
    with write_transaction(db):
        playlist = _playlist(db, access, playlist_id)
        _require_driver(db, access, playlist, "controlling playback")
        count = db.scalar(select(func.count()).select_from(PlaylistItem).where(PlaylistItem.playlist_id == playlist_id))
        if not 0 <= item < max(count, 1):
            raise InvalidInput(f"the playlist has no item {item + 1}", detail={"item": item})
        playlist.live_state = {"item": item, "frame": frame, "playing": playing}
        _emit(db, access, "state", {"playlist_id": playlist_id, "driver": access.caller.name,
                                     **playlist.live_state})
    return describe(db, access, playlist_id)


def hand_over(db: Session, access: ProjectAccess, playlist_id: int, to: str) -> dict[str, Any]:
    """The driver names the next driver, a member of the project; nobody takes control otherwise."""
    with write_transaction(db):
        playlist = _playlist(db, access, playlist_id)
        _require_driver(db, access, playlist, "handing over control")
        target = db.execute(select(User.id, User.name).join(Membership, Membership.user_id == User.id)
                            .where(User.name == to, Membership.project_id == access.project.id)).first()
        if target is None:
            raise InvalidInput(f"{to!r} is not a member of project {access.project.code!r}; hand over to a member",
                               detail={"to": to})
        playlist.live_driver_id = target.id
        _emit(db, access, "handover", {"playlist_id": playlist_id, "driver": target.name,
                                        "from": access.caller.name, **(playlist.live_state or {})})
    return describe(db, access, playlist_id)


def end(db: Session, access: ProjectAccess, playlist_id: int) -> dict[str, Any]:
    with write_transaction(db):
        playlist = _playlist(db, access, playlist_id)
        if playlist.live_driver_id is not None and access.role.rank < Role.admin.rank:
            _require_driver(db, access, playlist, "ending the session")
        playlist.live_driver_id, playlist.live_state = None, None
        session = live_summary.latest_session(db, access, playlist_id)
        _emit(db, access, "ended", {"playlist_id": playlist_id, "session_id": session})
    return {**describe(db, access, playlist_id), "session_id": session}
