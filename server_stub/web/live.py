"""The project's live events for the browser (Server-Sent Events on the session cookie; EventSource
cannot send a bearer token). Same rows and format as ``/api/v1/events/stream``."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator

import anyio
from anyio import to_thread
from brickyard.core.models import EventPublic
from fastapi import APIRouter, Request
from fastapi.responses import StreamingResponse

from ..routes.events import KEEPALIVE_SECONDS, POLL_SECONDS, _format, _start_after
from ..services import events
from ..services.access import project_access
from . import sessions
from .auth import SESSION_COOKIE

router = APIRouter(include_in_schema=False)


@router.get("/p/{code}/live")
async def live(request: Request, code: str) -> StreamingResponse:
    session_factory = request.app.state.sessions

    def start() -> tuple[int, int]:
        with session_factory() as db:
            who = sessions.lookup(db, request.cookies.get(SESSION_COOKIE))
            access = project_access(db, who.caller, code)
            return access.project.id, _start_after(db, access.project.id, request.headers.get("last-event-id"),
                                                   None)

    project_id, first = await to_thread.run_sync(start)

    def poll(last: int) -> list[EventPublic]:
        with session_factory() as db:
            return events.list_after(db, project_id, last, 500)

    async def feed() -> AsyncIterator[str]:
        last, quiet_since = first, time.monotonic()
        yield "retry: 2000\n: connected\n\n"
        while not await request.is_disconnected():
            batch = await to_thread.run_sync(poll, last)
            for event in batch:
                yield _format(event)
                last = event.id
            if batch:
                quiet_since = time.monotonic()
            elif time.monotonic() - quiet_since >= KEEPALIVE_SECONDS:
                yield ": keep-alive\n\n"
                quiet_since = time.monotonic()
            await anyio.sleep(POLL_SECONDS)

    return StreamingResponse(feed(), media_type="text/event-stream",
                             headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})
