"""What a reviewer changes from the browser: comments, edits and decisions — all through the API's services,
each behind the session's CSRF token."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from brickyard.core.errors import BrickyardError, InvalidInput
from brickyard.core.models import Status, StatusChange
from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

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


@router.post("/p/{code}/v/{version_id}/comments")
def add_comment(request: Request, code: str, version_id: int, db: DbDep, who: CsrfUser,
                text: Annotated[str, Form()] = "") -> Response:
    try:
        if not text.strip():
            raise InvalidInput("the comment is empty; write something first", detail={"text": ""})
        comment = comments.add(db, who.caller, version_id, text)
        version = versions.get_version(db, who.caller, version_id)
    except BrickyardError as exc:
        return error_page(request, who, exc)
    return _back(version, f"#comment-{comment.id}")


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
