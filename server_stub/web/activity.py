"""The project activity feed: the newest events, described in words for people."""

from __future__ import annotations

from typing import Any

from brickyard.core.models import EventPublic
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..services.access import as_utc
from ..tables import Event, User

FEED_TYPES = ("published", "status_changed", "commented", "comment_edited")


def recent(db: Session, project_id: int, before: int | None = None, limit: int = 30) -> list[EventPublic]:
    """The newest feed events of a project, newest first; ``before`` pages back by event id."""
    query = (select(Event, User.name).outerjoin(User, User.id == Event.user_id)
             .where(Event.project_id == project_id, Event.type.in_(FEED_TYPES)))
    if before:
        query = query.where(Event.id < before)
    rows = db.execute(query.order_by(Event.id.desc()).limit(limit))
    return [EventPublic(id=e.id, type=e.type, project=None, user=user, data=e.data,
                        created_at=as_utc(e.created_at)) for e, user in rows]


def describe(event: EventPublic) -> dict[str, Any]:
    """What the feed shows for an event: who, what, which asset version (and a link path)."""
    data = event.data
    path = "/".join(p for p in (data.get("folder"), data.get("asset")) if p)
    number = data.get("number") or data.get("version")
    what = {"published": "published",
            "status_changed": f"set {data.get('old', '?')} → {data.get('new', '?')} on",
            "commented": "commented on", "comment_edited": "edited a comment on"}.get(event.type, event.type)
    text = data.get("comment") if event.type == "status_changed" else data.get("text")
    return {"id": event.id, "type": event.type, "user": event.user or "someone", "what": what, "path": path,
            "number": number, "text": text or "", "when": event.created_at}
