"""The project's live events for the browser (Server-Sent Events on the session cookie; EventSource
cannot send a bearer token). Same rows and format as ``/api/v1/events/stream``."""

from __future__ import annotations

from collections.abc import AsyncIterator

from anyio import to_thread
from brickyard.core.errors import BrickyardError
from fastapi import APIRouter, Request
from fastapi.responses import StreamingResponse

from ..routes.events import _start_after, follow
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

    def still_allowed() -> str | None:
        """None while the browser's session (and its token) is valid and its user still a member."""
        with session_factory() as db:
            try:
                project_access(db, sessions.lookup(db, request.cookies.get(SESSION_COOKIE)).caller, code)
            except BrickyardError as exc:
                return exc.code
        return None

    async def feed() -> AsyncIterator[str]:
        yield "retry: 2000\n"
        async for chunk in follow(request, project_id, first, still_allowed):
            yield chunk

    return StreamingResponse(feed(), media_type="text/event-stream",
                             headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})
