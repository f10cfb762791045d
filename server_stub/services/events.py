"""The audit trail and live feed: events are rows, written inside the transaction they describe."""

from __future__ import annotations

from typing import Any

from brickyard.core.models import EventPublic
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from ..event_bus import notify
from ..tables import Event, Project, User
from .access import as_utc
from .batching import insert_dicts

# Any constant: the advisory lock that orders event commits on PostgreSQL.
_EVENT_LOCK = 0x6272_6963  # "bric"


def record(db: Session, type: str, *, project_id: int | None, user_id: int | None,
           data: dict[str, Any]) -> Event:
    """Add an event to the current transaction; call it last, just before commit.

    On PostgreSQL ids come from a sequence and two transactions may commit out of order, so a
    reader polling ``id > last`` could skip one for ever. The transaction-scoped advisory lock makes
    event writers take ids and commit one at a time.
    """
    if db.get_bind().dialect.name == "postgresql":
        db.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _EVENT_LOCK})
    event = Event(type=type, project_id=project_id, user_id=user_id, data=data)
    db.add(event)
    db.flush()
    notify(db, project_id)  # delivered to every server's listener when this transaction commits
    return event


def record_many(db: Session, type: str, *, project_id: int | None, user_id: int | None,
                datas: list[dict[str, Any]]) -> None:
    """``record`` for many events of one transaction: one lock, one statement, one notification."""
    if not datas:
        return
    if db.get_bind().dialect.name == "postgresql":
        db.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _EVENT_LOCK})
    insert_dicts(db, Event.__table__, [{"type": type, "project_id": project_id, "user_id": user_id, "data": data}
                                       for data in datas])
    notify(db, project_id)


def list_after(db: Session, project_id: int, after: int = 0, limit: int = 100) -> list[EventPublic]:
    rows = db.execute(
        select(Event, Project.code, User.name)
        .outerjoin(Project, Project.id == Event.project_id).outerjoin(User, User.id == Event.user_id)
        .where(Event.project_id == project_id, Event.id > after).order_by(Event.id).limit(limit))
    return [EventPublic(id=e.id, type=e.type, project=code, user=user, data=e.data,
                        created_at=as_utc(e.created_at)) for e, code, user in rows]
