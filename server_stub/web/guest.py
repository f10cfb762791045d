"""The guest's side of a client link, under ``/g/``: open the link (name, passphrase), watch the version or
the playlist it names with the frame-exact player, comment — and nothing else. No route here approves, and a
guest session is no user session: every ``/p/`` page and the API stay closed to it. Every action is logged
(``guest_actions``)."""

from __future__ import annotations

import re
import secrets
from typing import Annotated, Any
from urllib.parse import urlsplit

from brickyard.core.errors import AuthenticationFailed, BrickyardError, InvalidInput, NotFound, PermissionDenied
from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response, StreamingResponse
from sqlalchemy import select

from ..db import write_transaction
from ..deps import BlobStoreDep, DbDep
from ..services import client_links, comments, previews
from ..services.access import Caller
from ..services.version_views import get_publics
from ..tables import Asset, PreviewJob, Preview, User, Version
from . import guest_sessions
from .guest_sessions import Guest
from .media import _find, _stream
from .previews import INLINE_TYPES, media_type, version_previews
from .review import _frames
from .templating import templates

router = APIRouter(include_in_schema=False)
GUEST_COOKIE = "brickyard_guest"
OPEN_COOKIE = "brickyard_guest_open"  # the double-submit secret of the link's form (no session yet)
_PROJECT_URL = re.compile(r"^/p/[^/]+/(preview|v)/")


def _page(request: Request, name: str, status_code: int = 200, **context: Any) -> Response:
    response = templates.TemplateResponse(request, name, {"who": None, "csrf": "", **context},
                                          status_code=status_code)
    response.headers["Cache-Control"] = "no-store"
    return response


def ended_page(request: Request, message: str, status_code: int = 401) -> Response:
    return _page(request, "guest_ended.html", status_code=status_code, message=message)


class GuestGone(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def current_guest(request: Request, db: DbDep) -> Guest:
    try:
        return guest_sessions.lookup(db, request.cookies.get(GUEST_COOKIE))
    except AuthenticationFailed as exc:
        raise GuestGone(exc.message) from None


GuestDep = Annotated[Guest, Depends(current_guest)]


def guest_csrf(request: Request, guest: GuestDep, csrf: Annotated[str, Form()] = "") -> Guest:
    origin = request.headers.get("origin")
    if origin and origin != "null" and urlsplit(origin).netloc != request.headers.get("host"):
        raise PermissionDenied("this request came from another site; it was refused", detail={"origin": origin})
    if not secrets.compare_digest((csrf or request.headers.get("x-csrf-token") or "").encode(), guest.csrf.encode()):
        raise PermissionDenied("the form's security token is missing or stale; reload the page and try again",
                               detail={"csrf": "invalid"})
    return guest


GuestCsrf = Annotated[Guest, Depends(guest_csrf)]


def _open_form(request: Request, secret: str, link, reason: str = "", status_code: int = 200) -> Response:
    form_secret = secrets.token_urlsafe(32)
    response = _page(request, "guest_open.html", status_code=status_code, secret=secret, reason=reason,
                     needs_passphrase=link.passphrase_hash is not None, label=link.label, form_secret=form_secret)
    response.set_cookie(OPEN_COOKIE, form_secret, max_age=1800, httponly=True, samesite="strict",
                        secure=request.url.scheme == "https", path="/g/")
    return response


def _guest_url(url: str | None) -> str | None:
    """A preview's address on the guest routes (``/g/preview/…``, ``/g/v/…``), never a project page's."""
    return _PROJECT_URL.sub(lambda m: f"/g/{m.group(1)}/", url) if url else url


def _for_guest(found: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{**p, "url": _guest_url(p["url"]), "poster": _guest_url(p["poster"]),
             "frames": [(n, _guest_url(u)) for n, u in p["frames"]]} for p in found]


def _in_scope(db, guest: Guest, version_id: int) -> list[int]:
    scope = client_links.scope_versions(db, guest.link)
    if version_id not in scope:
        raise NotFound(f"no version {version_id} here", detail={"version_id": version_id})
    return scope


@router.get("/g/watch")
def watch(request: Request, db: DbDep, guest: GuestDep, item: int = 0) -> Response:
    scope = client_links.scope_versions(db, guest.link)
    if not scope:
        return ended_page(request, "This playlist is empty for now.", 404)
    item = max(0, min(item, len(scope) - 1))
    publics = get_publics(db, scope)  # the strip's names: one query for all, one for their files
    version = publics[scope[item]]
    media = previews.describe(db, [(version.id, version.reference, version.thumbnail)])
    found = _for_guest(version_previews(version, media[version.id]))
    thread = [c for c in comments.threads(db, [version.id]).get(version.id, []) if _by_link(c, guest)]
    with write_transaction(db):
        client_links.log(db, guest.link.id, "viewed", session_id=guest.session_id, guest_name=guest.name,
                         version_id=version.id)
    fps = next((p["fps"] for p in found if p.get("fps")), None) or version.metadata.get("fps", 24)
    strip = [publics[v] for v in scope]
    return _page(request, "guest_watch.html", guest=guest, version=version, previews=found, thread=thread,
                 item=item, strip=strip, fps=fps, guest_csrf=guest.csrf, allow_download=guest.link.allow_download)


def _by_link(comment, guest: Guest) -> bool:
    """A guest sees the comments made through their own link only: the team's notes stay internal."""
    return comment.author.endswith(f"(guest, client link {guest.link.id})")


@router.post("/g/v/{version_id}/comments")
def guest_comment(request: Request, version_id: int, db: DbDep, guest: GuestCsrf, text: Annotated[str, Form()] = "",
                  frame: Annotated[str, Form()] = "", frame_end: Annotated[str, Form()] = "",
                  item: Annotated[int, Form()] = 0) -> Response:
    scope = _in_scope(db, guest, version_id)
    if not text.strip():
        raise InvalidInput("the comment is empty; write something first", detail={"text": ""})
    if len(text) > 20000:
        raise InvalidInput("a comment holds at most 20000 characters", detail={"length": len(text)})
    first, last = _frames(frame, frame_end)
    with write_transaction(db):
        version = db.get(Version, version_id)
        asset = db.get(Asset, version.asset_id)
        maker = db.get(User, guest.link.created_by)
        comment = comments.record(db, Caller(id=maker.id, name=maker.name, is_admin=False), version, asset, text,
                                  frame=first, frame_end=last, guest=(guest.name, guest.link.id))
        client_links.log(db, guest.link.id, "commented", session_id=guest.session_id, guest_name=guest.name,
                         version_id=version_id, text=text, comment_id=comment.id, frame=first, frame_end=last)
        comment_id = comment.id
    item = scope.index(version_id)
    return RedirectResponse(f"/g/watch?item={item}" + (f"&frame={first}" if first is not None else "")
                            + f"#comment-{comment_id}", status_code=303)


@router.get("/g/preview/{preview_id}/{sha256}")
def guest_preview(request: Request, preview_id: int, sha256: str, db: DbDep, guest: GuestDep,
                  store: BlobStoreDep) -> StreamingResponse:
    row = db.execute(select(Preview, PreviewJob.version_id).join(PreviewJob, PreviewJob.id == Preview.job_id)
                     .where(Preview.id == preview_id)).first()
    if row is None or row[1] not in client_links.scope_versions(db, guest.link) \
            or row[0].sha256 != sha256.lower() or not store.has(row[0].sha256):
        raise NotFound(f"no preview {preview_id} here", detail={"preview_id": preview_id})
    preview = row[0]
    size, kind, role = preview.size, preview.media_type, preview.role
    db.close()
    suffix = {"video/mp4": "mp4", "audio/mp4": "m4a", "image/png": "png"}.get(kind, "jpg")
    return _stream(request, store, sha256.lower(), size, kind, f"{role}.{suffix}", kind in INLINE_TYPES)


@router.get("/g/v/{version_id}/file/{sha256}")
@router.get("/g/v/{version_id}/file/{sha256}/{name}")
def guest_file(request: Request, version_id: int, sha256: str, db: DbDep, guest: GuestDep, store: BlobStoreDep,
               name: str = "", download: bool = False) -> StreamingResponse:
    """A published file: shown inline when it is media a browser plays (a sequence's frames); as a download
    only when the link allows downloads."""
    _in_scope(db, guest, version_id)
    found = _find(db, guest.code, version_id, sha256.lower())
    if found is None or not store.has(sha256.lower()):
        raise NotFound(f"no file {sha256} here", detail={"sha256": sha256})
    size, filename = found
    kind = media_type(filename)
    as_download = download or kind not in INLINE_TYPES
    if as_download:
        allowed = guest.link.allow_download
        with write_transaction(db):
            client_links.log(db, guest.link.id, "downloaded" if allowed else "download_refused",
                             session_id=guest.session_id, guest_name=guest.name, version_id=version_id,
                             file=filename)
        if not allowed:
            raise PermissionDenied("this review link does not allow downloads; ask the person who sent it",
                                   detail={"download": False})
    db.close()
    return _stream(request, store, sha256.lower(), size, kind, filename, not as_download)


@router.post("/g/signout")
def guest_signout(db: DbDep, guest: GuestCsrf) -> Response:
    guest_sessions.close(db, guest.session_id)
    with write_transaction(db):
        client_links.log(db, guest.link.id, "signed_out", session_id=guest.session_id, guest_name=guest.name)
    response = RedirectResponse("/g/bye", status_code=303)
    response.delete_cookie(GUEST_COOKIE, path="/g/")
    return response


@router.get("/g/bye")
def bye(request: Request) -> Response:
    return ended_page(request, "You left the review. Open the link again to come back.", 200)


# After the fixed /g/ paths above: a link's secret is any other single segment.
opening = APIRouter(include_in_schema=False)


@opening.get("/g/{secret}")
def open_link(request: Request, secret: str, db: DbDep) -> Response:
    link = client_links.by_secret(db, secret)
    if link is None or not client_links.is_active(link):
        return ended_page(request, "This review link is unknown, has expired or was revoked. Ask the person who "
                               "sent it for a new one.", 404)
    return _open_form(request, secret, link)


@opening.post("/g/{secret}")
def start_session(request: Request, secret: str, db: DbDep, name: Annotated[str, Form()] = "",
                  passphrase: Annotated[str, Form()] = "", form_secret: Annotated[str, Form()] = "") -> Response:
    link = client_links.by_secret(db, secret)
    if link is None or not client_links.is_active(link):
        return ended_page(request, "This review link is unknown, has expired or was revoked.", 404)
    cookie_secret = request.cookies.get(OPEN_COOKIE) or ""
    if not form_secret or not secrets.compare_digest(form_secret.encode(), cookie_secret.encode()):
        return _open_form(request, secret, link, "The form expired; try again.", 403)
    try:
        cookie, _link_id = guest_sessions.open_session(db, secret, name, passphrase)
    except BrickyardError as exc:
        return _open_form(request, secret, link, exc.message, exc.status)
    response = RedirectResponse("/g/watch", status_code=303)
    response.set_cookie(GUEST_COOKIE, cookie, max_age=guest_sessions.GUEST_SESSION_HOURS * 3600, httponly=True,
                        samesite="lax", secure=request.url.scheme == "https", path="/g/")
    response.delete_cookie(OPEN_COOKIE, path="/g/")
    return response
