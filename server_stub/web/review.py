"""What a reviewer changes from the browser: comments, edits and decisions — all through the API's services,
each behind the session's CSRF token."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from brickyard.core.errors import BrickyardError, InvalidInput
from brickyard.core.models import CommentCreate, Status, StatusChange
from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError

from ..deps import DbDep
from ..services import comments, versions
from .auth import CsrfUser
from .pages import error_page

router = APIRouter(include_in_schema=False)
# The three review decisions and the status each sets. "Request changes" sends the version back to work.
DECISIONS = {"approve": Status.approved, "reject": Status.rejected, "changes": Status.wip}


def _back(version, anchor: str = "") -> RedirectResponse:
    """To the version's page (in its own project, whatever project the form's URL named)."""
    path = "/".join(p for p in (version.folder, version.asset) if p)
    return RedirectResponse(f"/p/{version.project}/asset/{quote(path)}?v={version.number}{anchor}", status_code=303)


def _frames(frame: str, frame_end: str) -> tuple[int | None, int | None]:
    """The pinned frame (range) of the comment form: empty is none; anything else must be a frame number."""
    try:
        pinned = CommentCreate(text="-", frame=int(frame) if frame.strip() else None,
                               frame_end=int(frame_end) if frame_end.strip() else None)
    except (ValueError, ValidationError):
        raise InvalidInput(f"cannot pin a comment to frame {frame!r}–{frame_end!r}: give a frame number "
                           "(and a later last frame for a range)", detail={"frame": frame, "frame_end": frame_end}
                           ) from None
    return pinned.frame, pinned.frame_end


@router.post("/p/{code}/v/{version_id}/comments")
def add_comment(request: Request, code: str, version_id: int, db: DbDep, who: CsrfUser,
                text: Annotated[str, Form()] = "", frame: Annotated[str, Form()] = "",
                frame_end: Annotated[str, Form()] = "") -> Response:
    try:
        if not text.strip():
            raise InvalidInput("the comment is empty; write something first", detail={"text": ""})
        comment = comments.add(db, who.caller, version_id, text, *_frames(frame, frame_end))
        version = versions.get_version(db, who.caller, version_id)
    except BrickyardError as exc:
        return error_page(request, who, exc)
    return _back(version, f"&frame={comment.frame}#comment-{comment.id}" if comment.frame is not None
                 else f"#comment-{comment.id}")


@router.post("/p/{code}/comments/{comment_id}")
def edit_comment(request: Request, code: str, comment_id: int, db: DbDep, who: CsrfUser,
                 text: Annotated[str, Form()] = "") -> Response:
    try:
        if not text.strip():
            raise InvalidInput("a comment cannot be emptied; its words stay in the thread", detail={"text": ""})
        comment = comments.edit(db, who.caller, comment_id, text)
        version = versions.get_version(db, who.caller, comment.version_id)
    except BrickyardError as exc:
        return error_page(request, who, exc)
    return _back(version, f"#comment-{comment.id}")


@router.post("/p/{code}/v/{version_id}/review")
def review(request: Request, code: str, version_id: int, db: DbDep, who: CsrfUser,
           decision: Annotated[str, Form()] = "", text: Annotated[str, Form()] = "") -> Response:
    try:
        if decision not in DECISIONS:
            raise InvalidInput(f"unknown decision {decision!r}; use approve, reject or changes",
                               detail={"decision": decision})
        if decision != "approve" and not text.strip():
            raise InvalidInput("say what is wrong or what to change: a rejection or a change request needs "
                               "a comment", detail={"decision": decision})
        version = versions.set_status(db, who.caller, version_id, StatusChange(status=DECISIONS[decision],
                                                                                comment=text))
    except BrickyardError as exc:
        return error_page(request, who, exc)
    return _back(version)
