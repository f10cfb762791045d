"""Events: the list after an id, and a live Server-Sent Events stream."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from typing import Annotated

from anyio import to_thread
from brickyard.core.models import EventPublic, Role
from fastapi import APIRouter, Header, Query, Request
from fastapi.responses import StreamingResponse
from sqlalchemy import func, select

from ..deps import CurrentUser, DbDep, ProjectDep, require_role
from ..services import events
from ..services.access import project_access
from ..tables import Event

router = APIRouter(tags=["events"])
KEEPALIVE_SECONDS = 15.0


@router.get("/projects/{code}/events", dependencies=[require_role(Role.viewer)])
def list_events(db: DbDep, access: ProjectDep, after: int = 0,
                limit: int = Query(100, ge=1, le=1000)) -> list[EventPublic]:
    return events.list_after(db, access.project.id, after, limit)


def _start_after(db, project_id: int, last_event_id: str | None, after: int | None) -> int:
    """Resume after Last-Event-ID (or ``after``); a fresh subscriber starts from now."""
    if last_event_id and last_event_id.strip().isdigit():
        return int(last_event_id)
    if after is not None:
        return after
    return db.scalar(select(func.coalesce(func.max(Event.id), 0)).where(Event.project_id == project_id))


def _format(event: EventPublic) -> str:
    return f"id: {event.id}\nevent: {event.type}\ndata: {event.model_dump_json()}\n\n"


@router.get("/events/stream", response_class=StreamingResponse,
            responses={200: {"content": {"text/event-stream": {}}}})
async def stream_events(request: Request, project: str, db: DbDep, caller: CurrentUser,
                        last_event_id: Annotated[str | None, Header()] = None,
                        after: int | None = None) -> StreamingResponse:
    """Role ≥ viewer in ``project``. Reads the events table whenever the event bus says there is news
    (PostgreSQL: NOTIFY from any server process; SQLite: every half second)."""
    access = await to_thread.run_sync(project_access, db, caller, project)
    start = await to_thread.run_sync(_start_after, db, access.project.id, last_event_id, after)
    await to_thread.run_sync(db.close)
    sessions = request.app.state.sessions

    def poll(last: int) -> list[EventPublic]:
        with sessions() as session:
            return events.list_after(session, access.project.id, last, 500)

    bus, stopping = request.app.state.event_bus, request.app.state.stopping

    async def feed() -> AsyncIterator[str]:
        last, quiet_since = start, time.monotonic()
        waiter = bus.subscribe(access.project.id)
        try:
            yield ": connected\n\n"
            while not await request.is_disconnected() and not stopping.is_set():
                waiter.clear()  # before reading: news arriving during the read wakes the next wait
                batch = await to_thread.run_sync(poll, last)
                for event in batch:
                    yield _format(event)
                    last = event.id
                if batch:
                    quiet_since = time.monotonic()
                elif time.monotonic() - quiet_since >= KEEPALIVE_SECONDS:
                    yield ": keep-alive\n\n"
                    quiet_since = time.monotonic()
                await waiter.wait()
        finally:
            waiter.close()

    return StreamingResponse(feed(), media_type="text/event-stream",
                             headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})
