"""Events: the list after an id, and a live Server-Sent Events stream."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Callable
from typing import Annotated

import anyio
from anyio import to_thread
from brickyard.core.errors import BrickyardError, InvalidInput
from brickyard.core.limits import INT_MAX
from brickyard.core.models import EventPublic, Role
from fastapi import APIRouter, Header, Query, Request
from fastapi.responses import StreamingResponse
from sqlalchemy import func, select

from ..deps import CurrentUser, DbDep, ProjectDep, require_role
from ..params import AfterId, OptionalAfterId, QueryText
from ..services import events
from ..services.access import authenticate, project_access
from ..tables import Event

router = APIRouter(tags=["events"])
ACCESS_RECHECK_SECONDS = 0.5  # a revoked token or a removed member stops receiving within this
KEEPALIVE_SECONDS = 15.0


@router.get("/projects/{code}/events", dependencies=[require_role(Role.viewer)])
def list_events(db: DbDep, access: ProjectDep, after: AfterId = 0,
                limit: int = Query(100, ge=1, le=1000)) -> list[EventPublic]:
    return events.list_after(db, access.project.id, after, limit)


def _event_id(text: str) -> int:
    value = text.strip()
    if not (value.isascii() and value.isdigit()) or int(value) > INT_MAX:
        raise InvalidInput(f"Last-Event-ID must be an event id from 0 to {INT_MAX}, as the stream sent it",
                           detail={"last_event_id": text[:40]})
    return int(value)


def _start_after(db, project_id: int, last_event_id: str | None, after: int | None) -> int:
    """Resume after Last-Event-ID (or ``after``); a fresh subscriber starts from now."""
    if last_event_id:
        return _event_id(last_event_id)
    if after is not None:
        return after
    return db.scalar(select(func.coalesce(func.max(Event.id), 0)).where(Event.project_id == project_id))


def _format(event: EventPublic) -> str:
    return f"id: {event.id}\nevent: {event.type}\ndata: {event.model_dump_json()}\n\n"


async def follow(request: Request, project_id: int, start: int,
                 still_allowed: Callable[[], str | None]) -> AsyncIterator[str]:
    """A project's events after ``start`` as Server-Sent Events, for as long as the client listens and
    ``still_allowed`` answers None (asked every half second). The first bytes carry the position (``id: N``),
    so a client that reconnects before any event arrived resumes from there. Reads the events table whenever
    the event bus says there is news (PostgreSQL: NOTIFY from any server process; SQLite: the commit in this
    process, or every half second)."""
    sessions, bus, stopping = request.app.state.sessions, request.app.state.event_bus, request.app.state.stopping

    def poll(last: int) -> list[EventPublic]:
        with sessions() as session:
            return events.list_after(session, project_id, last, 500)

    last, quiet_since, checked = start, time.monotonic(), time.monotonic()
    waiter = bus.subscribe(project_id)
    try:
        yield f"id: {start}\n: connected\n\n"
        while not await request.is_disconnected() and not stopping.is_set():
            if time.monotonic() - checked >= ACCESS_RECHECK_SECONDS:
                ended = await to_thread.run_sync(still_allowed)
                if ended:
                    yield f": access ended ({ended})\n\n"
                    return
                checked = time.monotonic()
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
            with anyio.move_on_after(ACCESS_RECHECK_SECONDS):  # wake for the access check too
                await waiter.wait()
    finally:
        waiter.close()


@router.get("/events/stream", response_class=StreamingResponse,
            responses={200: {"content": {"text/event-stream": {}}}})
async def stream_events(request: Request, project: QueryText, db: DbDep, caller: CurrentUser,
                        last_event_id: Annotated[str | None, Header(max_length=64)] = None,
                        after: OptionalAfterId = None) -> StreamingResponse:
    """Role ≥ viewer in ``project``, checked again every half second: the stream ends when access does.

    The first bytes carry the stream's position (``id: N``), so a client that reconnects before any event
    arrived resumes from there and misses nothing. Reads the events table whenever the event bus says
    there is news (PostgreSQL: NOTIFY from any server process; SQLite: the commit in this process, or every
    half second).
    """
    access = await to_thread.run_sync(project_access, db, caller, project)
    start = await to_thread.run_sync(_start_after, db, access.project.id, last_event_id, after)
    await to_thread.run_sync(db.close)
    sessions = request.app.state.sessions
    token = request.headers.get("authorization", "").partition(" ")[2].strip()

    def still_allowed() -> str | None:
        """None while the token is valid and the caller still a member, else why not."""
        with sessions() as session:
            try:
                project_access(session, authenticate(session, token), project)
            except BrickyardError as exc:
                return exc.code
        return None

    feed = follow(request, access.project.id, start, still_allowed)
    return StreamingResponse(feed, media_type="text/event-stream",
                             headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})
