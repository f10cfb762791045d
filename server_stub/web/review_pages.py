"""Playlists and client links in the web app: a playlist plays item after item in the frame-exact player;
supervisors make, list and revoke client links. All through the API's services, behind the session's CSRF."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from brickyard.core.errors import BrickyardError, InvalidInput
from brickyard.core.models import Role
from brickyard.core.review_models import ClientLinkCreate, PlaylistCreate
from fastapi import APIRouter, Form, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from pydantic import ValidationError

from ..deps import DbDep
from ..services import client_links, comments, live_sessions, live_summary, playlists, previews, projects
from ..services.access import project_access
from ..services.version_views import get_publics
from .auth import CsrfUser, WebUser
from .pages import error_page
from .previews import version_previews
from .review import _frames
from .templating import render

router = APIRouter(include_in_schema=False)


def _invalid(exc: ValidationError) -> InvalidInput:
    first = exc.errors()[0]
    return InvalidInput(f"{'.'.join(str(p) for p in first['loc']) or 'form'}: {first['msg']}",
                        detail={"field": [str(p) for p in first["loc"]]})


@router.get("/p/{code}/playlists")
def playlists_page(request: Request, code: str, db: DbDep, who: WebUser) -> Response:
    try:
        access = project_access(db, who.caller, code)
        found = playlists.list_for(db, access)
    except BrickyardError as exc:
        return error_page(request, who, exc)
    return render(request, "playlists.html", who, access=access, playlists=found,
                  can_edit=access.role.rank >= playlists.EDIT_ROLE.rank)


@router.post("/p/{code}/playlists")
def create_playlist(request: Request, code: str, db: DbDep, who: CsrfUser, name: Annotated[str, Form()] = "",
                    folder: Annotated[str, Form()] = "", search: Annotated[str, Form()] = "",
                    versions: Annotated[str, Form()] = "") -> Response:
    try:
        access = project_access(db, who.caller, code)
        try:
            ids = [int(v) for v in versions.replace(",", " ").split()]
            body = PlaylistCreate(name=name.strip(), versions=ids, folder=folder.strip() or None,
                                  search=search.strip() or None)
        except ValueError as exc:
            raise (_invalid(exc) if isinstance(exc, ValidationError) else
                   InvalidInput("versions: give version ids separated by spaces or commas")) from None
        made = playlists.create(db, access, body)
    except BrickyardError as exc:
        return error_page(request, who, exc)
    return RedirectResponse(f"/p/{code}/playlist/{made.id}", status_code=303)


@router.get("/p/{code}/playlist/{playlist_id}")
def playlist_page(request: Request, code: str, playlist_id: int, db: DbDep, who: WebUser, item: int = 0) -> Response:
    """The playlist's strip and its current item in the player: the same queries whatever its length."""
    try:
        access = project_access(db, who.caller, code)
        playlist = playlists.get(db, access, playlist_id)
        current = None
        if playlist.items:
            item = max(0, min(item, len(playlist.items) - 1))
            version = get_publics(db, [playlist.items[item].version_id])[playlist.items[item].version_id]
            media = previews.describe(db, [(version.id, version.reference, version.thumbnail)])
            current = {"version": version, "previews": version_previews(version, media[version.id]),
                       "thread": comments.threads(db, [version.id]).get(version.id, [])}
    except BrickyardError as exc:
        return error_page(request, who, exc)
    fps = 24
    if current:
        fps = next((p["fps"] for p in current["previews"] if p.get("fps")), None) or \
            current["version"].metadata.get("fps", 24)
    live = live_sessions.describe(db, access, playlist_id)
    last_session = None if live["driver"] else live_summary.latest_session(db, access, playlist_id)
    members = [m.user for m in projects.list_members(db, access)] if live["driver"] == who.caller.name else []
    return render(request, "playlist.html", who, access=access, playlist=playlist, item=item, current=current,
                  fps=fps, can_comment=access.role.rank >= Role.artist.rank,
                  can_link=access.role.rank >= client_links.LINK_ROLE.rank, live=live, members=members,
                  can_drive=access.role.rank >= live_sessions.DRIVE_ROLE.rank, last_session=last_session)


@router.get("/p/{code}/playlist/{playlist_id}/sessions/{session_id}")
def session_page(request: Request, code: str, playlist_id: int, session_id: int, db: DbDep,
                 who: WebUser) -> Response:
    """What a live session decided, item by item (linked from the playlist once the session has ended)."""
    try:
        access = project_access(db, who.caller, code)
        summary = live_summary.summary(db, access, playlist_id, session_id)
    except BrickyardError as exc:
        return error_page(request, who, exc)
    return render(request, "session_summary.html", who, access=access, code=code, summary=summary)


@router.post("/p/{code}/playlist/{playlist_id}/comment")
def playlist_comment(request: Request, code: str, playlist_id: int, db: DbDep, who: CsrfUser,
                     version_id: Annotated[int, Form()], item: Annotated[int, Form()] = 0,
                     text: Annotated[str, Form()] = "", frame: Annotated[str, Form()] = "",
                     frame_end: Annotated[str, Form()] = "") -> Response:
    """A comment on the current item, back to the same place of the playlist."""
    try:
        access = project_access(db, who.caller, code)
        if not any(i.version_id == version_id for i in playlists.get(db, access, playlist_id).items):
            raise InvalidInput(f"version {version_id} is not in playlist {playlist_id}",
                               detail={"version_id": version_id})
        if not text.strip():
            raise InvalidInput("the comment is empty; write something first", detail={"text": ""})
        comment = comments.add(db, who.caller, version_id, text, *_frames(frame, frame_end))
    except BrickyardError as exc:
        return error_page(request, who, exc)
    pinned = f"&frame={comment.frame}" if comment.frame is not None else ""
    return RedirectResponse(f"/p/{code}/playlist/{playlist_id}?item={item}{pinned}#comment-{comment.id}",
                            status_code=303)


@router.get("/p/{code}/links")
def links_page(request: Request, code: str, db: DbDep, who: WebUser, version_id: int | None = None,
               playlist_id: int | None = None) -> Response:
    try:
        access = project_access(db, who.caller, code)
        links = client_links.list_for(db, access)
    except BrickyardError as exc:
        return error_page(request, who, exc)
    return render(request, "links.html", who, access=access, links=links, made=None,
                  preset={"version_id": version_id or "", "playlist_id": playlist_id or ""})


@router.post("/p/{code}/links")
def create_link(request: Request, code: str, db: DbDep, who: CsrfUser, target: Annotated[str, Form()] = "",
                target_id: Annotated[str, Form()] = "", hours: Annotated[str, Form()] = "168",
                passphrase: Annotated[str, Form()] = "", allow_download: Annotated[str, Form()] = "",
                label: Annotated[str, Form()] = "") -> Response:
    try:
        access = project_access(db, who.caller, code)
        try:
            scope = {"version_id" if target == "version" else "playlist_id": int(target_id)}
            body = ClientLinkCreate(**scope, hours=float(hours), passphrase=passphrase or None,
                                    allow_download=bool(allow_download), label=label.strip())
        except ValueError as exc:
            raise (_invalid(exc) if isinstance(exc, ValidationError) else
                   InvalidInput("give the version or playlist id and the hours as numbers")) from None
        made = client_links.create(db, access, body)
        links = client_links.list_for(db, access)
    except BrickyardError as exc:
        return error_page(request, who, exc)
    url = str(request.base_url).rstrip("/") + made.path
    response = render(request, "links.html", who, access=access, links=links, made=made, url=url,
                      preset={"version_id": "", "playlist_id": ""}, status_code=201)
    response.headers["Cache-Control"] = "no-store"  # the page shows the secret once
    return response


@router.post("/p/{code}/links/{link_id}/revoke")
def revoke_link(request: Request, code: str, link_id: int, db: DbDep, who: CsrfUser) -> Response:
    try:
        client_links.revoke(db, project_access(db, who.caller, code), link_id)
    except BrickyardError as exc:
        return error_page(request, who, exc)
    return RedirectResponse(f"/p/{quote(code)}/links", status_code=303)


@router.post("/p/{code}/playlist/{playlist_id}/live/{action}")
def live_action(request: Request, code: str, playlist_id: int, action: str, db: DbDep, who: CsrfUser,
                to: Annotated[str, Form()] = "", item: Annotated[int, Form()] = 0,
                frame: Annotated[str, Form()] = "", playing: Annotated[str, Form()] = "") -> Response:
    """start | state (the driver's player: JSON answer) | handover (to) | end."""
    access = project_access(db, who.caller, code)
    if action == "state":
        number = int(frame) if frame.strip().lstrip("-").isdigit() else None
        return JSONResponse(live_sessions.drive(db, access, playlist_id, item, number, playing == "true"))
    try:
        if action == "start":
            live_sessions.start(db, access, playlist_id)
        elif action == "handover":
            live_sessions.hand_over(db, access, playlist_id, to)
        elif action == "end":
            live_sessions.end(db, access, playlist_id)
        else:
            raise InvalidInput(f"unknown live action {action!r}; use start, state, handover or end")
    except BrickyardError as exc:
        return error_page(request, who, exc)
    return RedirectResponse(f"/p/{code}/playlist/{playlist_id}?item={item}", status_code=303)
