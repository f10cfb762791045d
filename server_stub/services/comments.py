"""The review thread of a version: comments that are added, edited with their history kept, never deleted."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from brickyard.core.errors import NotFound, PermissionDenied
from brickyard.core.models import CommentPublic, CommentRevision, Role, Status
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..db import write_transaction
from ..tables import Asset, Comment, CommentEdit, User, Version, utcnow
from . import events, search_index
from .access import Caller, ProjectAccess, as_utc, project_access_by_id
from .batching import chunks

COMMENT_ROLE = Role.artist  # viewers read the thread; artists and up take part in it


def _version_access(db: Session, caller: Caller, version_id: int) -> tuple[ProjectAccess, Version, Asset]:
    row = db.execute(select(Version, Asset).join(Asset, Asset.id == Version.asset_id)
                     .where(Version.id == version_id)).first()
    missing = NotFound(f"no version {version_id} (or you are not a member of its project)",
                       detail={"version": version_id})
    if row is None:
        raise missing
    try:
        access = project_access_by_id(db, caller, row[1].project_id)
    except NotFound:
        raise missing from None
    return access, row[0], row[1]


def record(db: Session, caller: Caller, version: Version, asset: Asset, text: str,
           status: Status | None = None, frame: int | None = None, frame_end: int | None = None,
           guest: tuple[str, int] | None = None) -> Comment:
    """Add a comment inside the caller's open transaction (a status change records its comment here).
    ``guest`` (name, client link id): a guest's comment, vouched for by ``caller``, the link's maker."""
    comment = Comment(version_id=version.id, author_id=caller.id, text=text,
                      status=status.value if status else None, frame=frame, frame_end=frame_end,
                      guest_name=guest[0] if guest else None, client_link_id=guest[1] if guest else None)
    db.add(comment)
    db.flush()
    search_index.index_comment(db, asset.id, text)
    events.record(db, "commented", project_id=asset.project_id, user_id=caller.id, data={
        "comment_id": comment.id, "version_id": version.id, "asset_id": asset.id, "folder": asset.folder,
        "asset": asset.name, "number": version.number, "text": text,
        "status": status.value if status else None, "frame": frame, "frame_end": frame_end,
        "guest": guest[0] if guest else None})
    return comment


def add(db: Session, caller: Caller, version_id: int, text: str, frame: int | None = None,
        frame_end: int | None = None) -> CommentPublic:
    with write_transaction(db):
        access, version, asset = _version_access(db, caller, version_id)
        access.require(COMMENT_ROLE, "commenting on a version")
        comment = record(db, caller, version, asset, text, frame=frame, frame_end=frame_end)
    return get(db, comment.id)


def edit(db: Session, caller: Caller, comment_id: int, text: str) -> CommentPublic:
    """Only the author edits a comment; the replaced text goes into its history."""
    with write_transaction(db):
        comment = db.get(Comment, comment_id)
        missing = NotFound(f"no comment {comment_id} (or you are not a member of its project)",
                           detail={"comment": comment_id})
        if comment is None:
            raise missing
        try:
            access, version, asset = _version_access(db, caller, comment.version_id)
        except NotFound:
            raise missing from None
        access.require(COMMENT_ROLE, "editing a comment")
        if comment.author_id != caller.id or comment.guest_name is not None:
            raise PermissionDenied("only its author may edit a comment; add a new comment instead",
                                   detail={"comment": comment_id})
        if comment.text != text:
            db.add(CommentEdit(comment_id=comment.id, text=comment.text))
            comment.text, comment.edited_at = text, utcnow()
            db.flush()
            search_index.reindex_asset(db, asset.id)  # the current text, and only it, finds the version
            events.record(db, "comment_edited", project_id=asset.project_id, user_id=caller.id, data={
                "comment_id": comment.id, "version_id": version.id, "asset_id": asset.id,
                "folder": asset.folder, "asset": asset.name, "number": version.number, "text": text})
    return get(db, comment_id)


def get(db: Session, comment_id: int) -> CommentPublic:
    [comment] = _publics(db, db.execute(_query().where(Comment.id == comment_id)).all())
    return comment


def list_for(db: Session, caller: Caller, version_id: int) -> list[CommentPublic]:
    _version_access(db, caller, version_id)
    return threads(db, [version_id])[version_id]


def threads(db: Session, version_ids: Iterable[int]) -> dict[int, list[CommentPublic]]:
    """Comments of many versions, oldest first, with their histories: two queries per 500 versions."""
    rows = []
    for chunk in chunks(sorted(set(version_ids))):
        rows += db.execute(_query().where(Comment.version_id.in_(chunk)).order_by(Comment.id)).all()
    by_version: dict[int, list[CommentPublic]] = defaultdict(list)
    for comment in _publics(db, rows):
        by_version[comment.version_id].append(comment)
    return by_version


def _query():
    return select(Comment, User.name).join(User, User.id == Comment.author_id)


def _publics(db: Session, rows: list) -> list[CommentPublic]:
    history: dict[int, list[CommentRevision]] = defaultdict(list)
    edited = [c.id for c, _ in rows if c.edited_at is not None]
    for chunk in chunks(edited):
        for edit_row in db.scalars(select(CommentEdit).where(CommentEdit.comment_id.in_(chunk))
                                   .order_by(CommentEdit.id)):
            history[edit_row.comment_id].append(CommentRevision(text=edit_row.text,
                                                                replaced_at=as_utc(edit_row.replaced_at)))
    return [CommentPublic(id=c.id, version_id=c.version_id, author=name if c.guest_name is None else
                          f"{c.guest_name} (guest, client link {c.client_link_id})", text=c.text,
                          status=Status(c.status) if c.status else None, frame=c.frame, frame_end=c.frame_end,
                          created_at=as_utc(c.created_at),
                          edited_at=as_utc(c.edited_at) if c.edited_at else None, history=history[c.id])
            for c, name in rows]
