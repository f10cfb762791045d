"""The web review app: pages at ``/``, static files at ``/static``, offline API docs at ``/docs``.

Served by the same process as the API and built on the same services; sessions are cookies kept
server-side, every state change carries a CSRF token, and every answer has a strict CSP.
"""

from __future__ import annotations

from urllib.parse import urlencode

from fastapi import FastAPI, Request
from fastapi.responses import RedirectResponse
from fastapi.staticfiles import StaticFiles

from . import auth, docs, live, media, pages, retry, review
from .headers import SecurityHeaders
from .templating import HERE


async def _sign_in_first(request: Request, exc: auth.SignInNeeded) -> RedirectResponse:
    return RedirectResponse("/signin?" + urlencode({"next": exc.next_path, "reason": exc.reason}), status_code=303)


def install(app: FastAPI) -> None:
    app.add_middleware(SecurityHeaders)
    app.add_exception_handler(auth.SignInNeeded, _sign_in_first)
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    for module in (docs, auth, pages, review, retry, media, live):
        app.include_router(module.router)
