"""Guest sessions: opened through a client link (its secret, its passphrase), kept server-side, ended by the
link's expiry or revocation, by sign-out, or after ``GUEST_SESSION_HOURS``."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta

from brickyard.core.errors import AuthenticationFailed, BrickyardError
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..db import write_transaction
from ..review_tables import ClientLink, GuestSession
from ..security import hash_token
from ..services import client_links
from ..services.access import as_utc
from ..tables import Project, utcnow

GUEST_SESSION_HOURS = 12


class TooManyTries(BrickyardError):
    """Five wrong passphrases within ten minutes: the link refuses further tries for a while."""

    code = "too_many_tries"
    status = 429


@dataclass(frozen=True)
class Guest:
    """The guest of a request: who they said they are, their link and what it lets them see."""

    session_id: int
    name: str
    csrf: str
    link: ClientLink
    code: str  # the link's project


def open_session(db: Session, secret: str, name: str, passphrase: str) -> tuple[str, int]:
    """Check the link (and passphrase) and open a session: (cookie value, link id)."""
    link = client_links.by_secret(db, secret)
    if link is None or not client_links.is_active(link):
        raise AuthenticationFailed("this review link is unknown, has expired or was revoked; ask the person "
                                   "who sent it for a new one")
    name = client_links.check_guest_name(name)
    if link.passphrase_hash is not None:
        if client_links.too_many_failures(db, link.id):
            raise TooManyTries("too many wrong passphrases for this link; wait ten minutes and try again",
                               detail={"retry_after_minutes": 10})
        if not client_links.passphrase_matches(link.passphrase_hash, passphrase):
            with write_transaction(db):
                client_links.log(db, link.id, "passphrase_refused", guest_name=name)
            raise AuthenticationFailed("wrong passphrase; check it with the person who sent the link")
    cookie, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    with write_transaction(db):
        ends = min(as_utc(link.expires_at), utcnow() + timedelta(hours=GUEST_SESSION_HOURS))
        row = GuestSession(link_id=link.id, session_sha256=hash_token(cookie), csrf=csrf, guest_name=name,
                           expires_at=ends)
        db.add(row)
        db.flush()
        client_links.log(db, link.id, "opened", session_id=row.id, guest_name=name)
        link_id = link.id
    return cookie, link_id


def lookup(db: Session, cookie: str | None) -> Guest:
    if not cookie:
        raise AuthenticationFailed("no guest session: open the review link you were sent")
    row = db.execute(select(GuestSession, ClientLink, Project.code)
                     .join(ClientLink, ClientLink.id == GuestSession.link_id)
                     .join(Project, Project.id == ClientLink.project_id)
                     .where(GuestSession.session_sha256 == hash_token(cookie))).first()
    if row is None or row[0].revoked_at is not None or as_utc(row[0].expires_at) <= utcnow():
        raise AuthenticationFailed("the guest session has ended; open the review link again")
    session, link, code = row
    if not client_links.is_active(link):
        raise AuthenticationFailed("this review link has expired or was revoked; ask for a new one")
    return Guest(session.id, session.guest_name, session.csrf, link, code)


def close(db: Session, session_id: int) -> None:
    with write_transaction(db):
        row = db.get(GuestSession, session_id)
        if row is not None and row.revoked_at is None:
            row.revoked_at = utcnow()
