"""Browser sessions: opened with a token, kept server-side, ended by sign-out, expiry or the token's revocation."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta

from brickyard.core.errors import AuthenticationFailed
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from ..db import write_transaction
from ..security import hash_token
from ..services.access import Caller, authenticate, as_utc
from ..tables import Token, User, WebSession, utcnow


@dataclass(frozen=True)
class WebCaller:
    """The signed-in user of a request, with the session's CSRF secret."""

    caller: Caller
    session_id: int
    csrf: str


def open_session(db: Session, token: str, hours: float) -> tuple[str, WebCaller]:
    """Check ``token`` as the API does and open a session for it: (cookie value, who it is)."""
    caller = authenticate(db, token.strip())
    token_id = db.scalar(select(Token.id).where(Token.token_sha256 == hash_token(token.strip())))
    cookie, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    with write_transaction(db):
        # Sessions that ended a day ago only take room: sweep them whenever someone signs in.
        db.execute(delete(WebSession).where(WebSession.expires_at < utcnow() - timedelta(days=1)))
        row = WebSession(session_sha256=hash_token(cookie), token_id=token_id, csrf=csrf,
                         expires_at=utcnow() + timedelta(hours=hours))
        db.add(row)
        db.flush()
        session_id = row.id
    return cookie, WebCaller(caller, session_id, csrf)


def lookup(db: Session, cookie: str | None) -> WebCaller:
    """The session a cookie names; AuthenticationFailed when it is unknown, ended, expired or its token revoked."""
    if not cookie:
        raise AuthenticationFailed("not signed in")
    row = db.execute(select(WebSession.id, WebSession.csrf, WebSession.expires_at, WebSession.revoked_at,
                            Token.revoked_at.label("token_revoked"), User.id.label("user_id"), User.name,
                            User.is_admin)
                     .join(Token, Token.id == WebSession.token_id).join(User, User.id == Token.user_id)
                     .where(WebSession.session_sha256 == hash_token(cookie))).first()
    if row is None or row.revoked_at is not None:
        raise AuthenticationFailed("the session has ended; sign in again")
    if row.token_revoked is not None:
        raise AuthenticationFailed("the token this session was opened with was revoked; sign in with a new one")
    if as_utc(row.expires_at) <= utcnow():
        raise AuthenticationFailed("the session expired; sign in again")
    return WebCaller(Caller(id=row.user_id, name=row.name, is_admin=row.is_admin), row.id, row.csrf)


def close_session(db: Session, session_id: int) -> None:
    with write_transaction(db):
        row = db.get(WebSession, session_id)
        if row is not None and row.revoked_at is None:
            row.revoked_at = utcnow()


def same_secret(a: str | None, b: str | None) -> bool:
    return bool(a) and bool(b) and secrets.compare_digest(str(a).encode(), str(b).encode())
