"""Drawings on a version's frames, each attached to a comment: added with the comment, edited or deleted
by their author only, every state kept as a revision (nothing drawn in a review is silently lost)."""

from __future__ import annotations

from brickyard.core.annotation_models import (
    AnnotationChange,
    AnnotationCreate,
    AnnotationPublic,
    AnnotationRevision,
    AnnotationUpdate,
    Shape,
)
from brickyard.core.errors import NotFound, PermissionDenied
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..db import write_transaction
from ..tables import Annotation, AnnotationHistory, Asset, Comment, User, Version, utcnow
from . import comments, events
from .access import Caller, as_utc


def add(db: Session, caller: Caller, version_id: int, body: AnnotationCreate) -> AnnotationPublic:
    """A comment and its drawing, in one transaction (both or neither)."""
    with write_transaction(db):
        access, version, asset = comments._version_access(db, caller, version_id)
        access.require(comments.COMMENT_ROLE, "drawing on a version")
        comment = comments.record(db, caller, version, asset, body.text, frame=body.frame,
                                  frame_end=body.frame_end)
        shapes = _dump(body.shapes)
        drawing = Annotation(comment_id=comment.id, version_id=version.id, author_id=caller.id, frame=body.frame,
                             frame_end=body.frame_end, shapes=shapes, revision=1, deleted=False)
        db.add(drawing)
        db.flush()
        _remember(db, caller, drawing, AnnotationChange.added)
        _event(db, caller, drawing, asset, version, "annotation_added")
    return get(db, caller, drawing.id)


def edit(db: Session, caller: Caller, annotation_id: int, body: AnnotationUpdate) -> AnnotationPublic:
    with write_transaction(db):
        drawing, version, asset = _own(db, caller, annotation_id, "editing a drawing")
        drawing.shapes = _dump(body.shapes)
        if body.frame is not None:
            drawing.frame, drawing.frame_end = body.frame, body.frame_end
        drawing.deleted = False  # drawing again over a deleted one brings it back, as a new revision
        _next(db, caller, drawing, AnnotationChange.edited)
        _event(db, caller, drawing, asset, version, "annotation_edited")
    return get(db, caller, annotation_id)


def delete(db: Session, caller: Caller, annotation_id: int) -> AnnotationPublic:
    """The drawing disappears from the frame; its shapes stay in the history (and its comment stays)."""
    with write_transaction(db):
        drawing, version, asset = _own(db, caller, annotation_id, "deleting a drawing")
        if not drawing.deleted:
            drawing.shapes, drawing.deleted = [], True
            _next(db, caller, drawing, AnnotationChange.deleted)
            _event(db, caller, drawing, asset, version, "annotation_deleted")
    return get(db, caller, annotation_id)


def get(db: Session, caller: Caller, annotation_id: int) -> AnnotationPublic:
    drawing = _readable(db, caller, annotation_id)[0]
    return _publics(db, [drawing])[0]


def list_for(db: Session, caller: Caller, version_id: int, deleted: bool = False) -> list[AnnotationPublic]:
    """The version's drawings, oldest first (deleted ones only when asked)."""
    comments._version_access(db, caller, version_id)
    query = select(Annotation).where(Annotation.version_id == version_id).order_by(Annotation.id)
    if not deleted:
        query = query.where(Annotation.deleted.is_(False))
    return _publics(db, list(db.scalars(query)))


def history(db: Session, caller: Caller, annotation_id: int) -> list[AnnotationRevision]:
    _readable(db, caller, annotation_id)
    rows = db.execute(select(AnnotationHistory, User.name).join(User, User.id == AnnotationHistory.user_id)
                      .where(AnnotationHistory.annotation_id == annotation_id).order_by(AnnotationHistory.revision))
    return [AnnotationRevision(revision=h.revision, change=AnnotationChange(h.change), author=name, frame=h.frame,
                               frame_end=h.frame_end, shapes=[Shape.model_validate(s) for s in h.shapes],
                               made_at=as_utc(h.made_at)) for h, name in rows]


# --- inside ------------------------------------------------------------------------------------------

def _dump(shapes: list[Shape]) -> list[dict]:
    return [s.model_dump(mode="json", exclude_none=True) for s in shapes]


def _readable(db: Session, caller: Caller, annotation_id: int):
    drawing = db.get(Annotation, annotation_id)
    missing = NotFound(f"no drawing {annotation_id} (or you are not a member of its project)",
                       detail={"annotation": annotation_id})
    if drawing is None:
        raise missing
    try:
        access, version, asset = comments._version_access(db, caller, drawing.version_id)
    except NotFound:
        raise missing from None
    return drawing, access, version, asset


def _own(db: Session, caller: Caller, annotation_id: int, doing: str) -> tuple[Annotation, Version, Asset]:
    drawing, access, version, asset = _readable(db, caller, annotation_id)
    access.require(comments.COMMENT_ROLE, doing)
    if drawing.author_id != caller.id:
        raise PermissionDenied("only its author may change a drawing; add a comment with your own drawing instead",
                               detail={"annotation": annotation_id})
    return drawing, version, asset


def _next(db: Session, caller: Caller, drawing: Annotation, change: AnnotationChange) -> None:
    drawing.revision += 1
    drawing.thumbnail_sha256 = drawing.thumbnail_revision = None  # the old picture no longer shows it
    drawing.updated_at = utcnow()
    db.flush()
    _remember(db, caller, drawing, change)


def _remember(db: Session, caller: Caller, drawing: Annotation, change: AnnotationChange) -> None:
    db.add(AnnotationHistory(annotation_id=drawing.id, revision=drawing.revision, change=change.value,
                             user_id=caller.id, frame=drawing.frame, frame_end=drawing.frame_end,
                             shapes=list(drawing.shapes)))
    db.flush()


def _event(db: Session, caller: Caller, drawing: Annotation, asset: Asset, version: Version, kind: str) -> None:
    events.record(db, kind, project_id=asset.project_id, user_id=caller.id, data={
        "annotation_id": drawing.id, "comment_id": drawing.comment_id, "version_id": version.id,
        "asset_id": asset.id, "folder": asset.folder, "asset": asset.name, "number": version.number,
        "frame": drawing.frame, "frame_end": drawing.frame_end, "revision": drawing.revision})


def thumbnail_url(annotation_id: int, revision: int) -> str:
    """The revision in the URL lets a browser keep the picture until the drawing changes."""
    return f"/annotations/{annotation_id}/thumbnail.png?revision={revision}"


def _publics(db: Session, drawings: list[Annotation]) -> list[AnnotationPublic]:
    if not drawings:
        return []
    said = dict(db.execute(select(Comment.id, Comment.text).where(
        Comment.id.in_([d.comment_id for d in drawings]))).all())
    names = dict(db.execute(select(User.id, User.name).where(
        User.id.in_({d.author_id for d in drawings}))).all())
    return [AnnotationPublic(id=d.id, comment_id=d.comment_id, version_id=d.version_id, author=names[d.author_id],
                             text=said[d.comment_id], frame=d.frame, frame_end=d.frame_end,
                             shapes=[Shape.model_validate(s) for s in d.shapes], revision=d.revision,
                             deleted=d.deleted, created_at=as_utc(d.created_at), updated_at=as_utc(d.updated_at),
                             thumbnail=None if d.deleted else thumbnail_url(d.id, d.revision),
                             thumbnail_sha256=d.thumbnail_sha256 if d.thumbnail_revision == d.revision else None)
            for d in drawings]
