"""Sign-in, sign-out, the signed-in caller of a page, and the CSRF check every state change passes."""

from __future__ import annotations

import secrets
from typing import Annotated
from urllib.parse import quote, urlsplit

from brickyard.core.errors import AuthenticationFailed, BrickyardError, PermissionDenied
from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from ..deps import DbDep, SettingsDep
from . import sessions
from .sessions import WebCaller
from .templating import render

SESSION_COOKIE = "brickyard_session"
SIGNIN_COOKIE = "brickyard_signin"  # the double-submit secret of the sign-in form (no session yet)
router = APIRouter(include_in_schema=False)


class SignInNeeded(Exception):
    """Raised by pages for a visitor without a live session: they are sent to the sign-in page."""

    def __init__(self, next_path: str, reason: str):
        super().__init__(reason)
        self.next_path, self.reason = next_path, reason


def _secure(request: Request) -> bool:
    return request.url.scheme == "https"


def _local(path: str | None) -> str:
    """Only a path on this server is a place to go back to after signing in (no open redirect)."""
    if not path or not path.startswith("/") or path.startswith("//") or urlsplit(path).netloc:
        return "/"
    return path


def web_caller(request: Request, db: DbDep) -> WebCaller:
    try:
        return sessions.lookup(db, request.cookies.get(SESSION_COOKIE))
    except AuthenticationFailed as exc:
        here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        raise SignInNeeded(here if request.method == "GET" else "/", exc.message) from None


WebUser = Annotated[WebCaller, Depends(web_caller)]


def check_csrf(request: Request, who: WebUser, csrf: Annotated[str, Form()] = "") -> WebCaller:
    """A state change needs the session's CSRF token (form field or X-CSRF-Token) and, when the browser
    names one, this server as its Origin."""
    origin = request.headers.get("origin")
    if origin and origin != "null" and urlsplit(origin).netloc != request.headers.get("host"):
        raise PermissionDenied("this request came from another site; it was refused",
                               detail={"origin": origin})
    sent = csrf or request.headers.get("x-csrf-token")
    if not sessions.same_secret(sent, who.csrf):
        raise PermissionDenied("the form's security token is missing or stale; reload the page and try again",
                               detail={"csrf": "invalid"})
    return who


CsrfUser = Annotated[WebCaller, Depends(check_csrf)]


@router.get("/signin")
def signin_page(request: Request, next: str = "/", reason: str = "") -> Response:
    secret = secrets.token_urlsafe(32)
    response = render(request, "signin.html", None, next=_local(next), signin_secret=secret, reason=reason)
    response.set_cookie(SIGNIN_COOKIE, secret, max_age=1800, httponly=True, samesite="strict",
                        secure=_secure(request), path="/signin")
    return response


@router.post("/signin")
def signin(request: Request, db: DbDep, settings: SettingsDep, token: Annotated[str, Form()] = "",
           signin_secret: Annotated[str, Form()] = "", next: Annotated[str, Form()] = "/") -> Response:
    if not sessions.same_secret(signin_secret, request.cookies.get(SIGNIN_COOKIE)):
        return _signin_again(request, next, "The sign-in form expired; try again.", 403)
    try:
        cookie, _who = sessions.open_session(db, token, settings.web_session_hours)
    except BrickyardError as exc:
        return _signin_again(request, next, exc.message, exc.status)
    response = RedirectResponse(_local(next), status_code=303)
    response.set_cookie(SESSION_COOKIE, cookie, max_age=int(settings.web_session_hours * 3600), httponly=True,
                        samesite="lax", secure=_secure(request), path="/")
    response.delete_cookie(SIGNIN_COOKIE, path="/signin")
    return response


def _signin_again(request: Request, next_path: str, reason: str, status: int) -> Response:
    secret = secrets.token_urlsafe(32)
    response = render(request, "signin.html", None, next=_local(next_path), signin_secret=secret,
                      reason=reason, status_code=status)
    response.set_cookie(SIGNIN_COOKIE, secret, max_age=1800, httponly=True, samesite="strict",
                        secure=_secure(request), path="/signin")
    return response


@router.post("/signout")
def signout(db: DbDep, who: CsrfUser) -> Response:
    sessions.close_session(db, who.session_id)
    response = RedirectResponse("/signin?reason=" + quote("Signed out."), status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response
