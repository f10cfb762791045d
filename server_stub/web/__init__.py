"""The web review app: pages at ``/``, static files at ``/static``, offline API docs at ``/docs``.

Served by the same process as the API and built on the same services; sessions are cookies kept
server-side, every state change carries a CSRF token, and every answer has a strict CSP.
"""

from __future__ import annotations

from urllib.parse import urlencode

from fastapi import FastAPI, Request
from fastapi.responses import RedirectResponse
from fastapi.staticfiles import StaticFiles

from . import annotations_view, auth, docs, guest, live, media, pages, retry, review, review_pages
from .headers import SecurityHeaders
from .templating import HERE


async def _sign_in_first(request: Request, exc: auth.SignInNeeded) -> RedirectResponse:
    return RedirectResponse("/signin?" + urlencode({"next": exc.next_path, "reason": exc.reason}), status_code=303)


async def _guest_gone(request: Request, exc: guest.GuestGone):
    return guest.ended_page(request, exc.message)


def install(app: FastAPI) -> None:
    app.add_middleware(SecurityHeaders)
    app.add_exception_handler(auth.SignInNeeded, _sign_in_first)
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    app.add_exception_handler(guest.GuestGone, _guest_gone)
    for module in (docs, auth, pages, review, retry, media, live, review_pages, guest, annotations_view):
        app.include_router(module.router)
    app.include_router(guest.opening)  # /g/{secret} last: the fixed /g/ paths win
