"""The review thread: ``/versions/{id}/comments`` and ``/comments/{id}`` (edits keep their history)."""

from __future__ import annotations

from brickyard.core.models import CommentCreate, CommentPublic, CommentUpdate
from fastapi import APIRouter, status

from ..deps import CurrentUser, DbDep
from ..services import comments

router = APIRouter(tags=["comments"])


@router.get("/versions/{version_id}/comments")
def list_comments(version_id: int, db: DbDep, caller: CurrentUser) -> list[CommentPublic]:
    """Role ≥ viewer in the version's project; oldest first, each with the texts its edits replaced."""
    return comments.list_for(db, caller, version_id)


@router.post("/versions/{version_id}/comments", status_code=status.HTTP_201_CREATED)
def add_comment(version_id: int, body: CommentCreate, db: DbDep, caller: CurrentUser) -> CommentPublic:
    """Role ≥ artist in the version's project (checked in the service: the project comes from the id).
    ``frame`` (and ``frame_end``) pin it to a frame (a range) of the version's media."""
    return comments.add(db, caller, version_id, body.text, body.frame, body.frame_end)


@router.patch("/comments/{comment_id}")
def edit_comment(comment_id: int, body: CommentUpdate, db: DbDep, caller: CurrentUser) -> CommentPublic:
    """The author only; the replaced text is kept in ``history``."""
    return comments.edit(db, caller, comment_id, body.text)
