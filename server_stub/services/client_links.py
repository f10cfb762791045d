"""Client links: a guest without an account watches and comments on one version or one playlist.

The URL's random secret is the guest's credential; only its sha256 is kept. A link expires, may need a
passphrase (scrypt with a salt, compared in constant time, five wrong tries in ten minutes lock it for the
rest of that window) and can be revoked — which ends every guest session opened through it. Supervisors and
admins make, list and revoke links; every guest action lands in ``guest_actions``.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import timedelta

from brickyard.core.errors import InvalidInput, NotFound
from brickyard.core.models import Role
from brickyard.core.review_models import ClientLinkCreate, ClientLinkCreated, ClientLinkPublic, GuestActionPublic
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from ..db import write_transaction
from ..review_tables import ClientLink, GuestAction, GuestSession, Playlist, PlaylistItem
from ..security import hash_token
from ..tables import Asset, User, Version, utcnow
from .access import ProjectAccess, as_utc

LINK_ROLE = Role.supervisor
LINK_PREFIX = "/g/"
FAILED_TRIES_MAX, FAILED_WINDOW = 5, timedelta(minutes=10)
_SCRYPT = {"n": 2**14, "r": 8, "p": 1}


def hash_passphrase(passphrase: str) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(passphrase.encode(), salt=salt, dklen=32, **_SCRYPT)
    return f"scrypt${salt.hex()}${digest.hex()}"


def passphrase_matches(stored: str, given: str) -> bool:
    _, salt, digest = stored.split("$")
    tried = hashlib.scrypt(given.encode(), salt=bytes.fromhex(salt), dklen=32, **_SCRYPT)
    return hmac.compare_digest(tried, bytes.fromhex(digest))


def is_active(link: ClientLink) -> bool:
    return link.revoked_at is None and as_utc(link.expires_at) > utcnow()


def _public(link: ClientLink, maker: str, code: str) -> ClientLinkPublic:
    return ClientLinkPublic(
        id=link.id, project=code, label=link.label, version_id=link.version_id, playlist_id=link.playlist_id,
        allow_download=link.allow_download, has_passphrase=link.passphrase_hash is not None, created_by=maker,
        created_at=as_utc(link.created_at), expires_at=as_utc(link.expires_at),
        revoked_at=as_utc(link.revoked_at) if link.revoked_at else None, active=is_active(link))


def create(db: Session, access: ProjectAccess, body: ClientLinkCreate) -> ClientLinkCreated:
    access.require(LINK_ROLE, "making a client link")
    secret = secrets.token_urlsafe(32)
    with write_transaction(db):
        if body.version_id is not None:
            found = db.scalar(select(Version.id).join(Asset, Asset.id == Version.asset_id)
                              .where(Version.id == body.version_id, Asset.project_id == access.project.id))
            if found is None:
                raise NotFound(f"project {access.project.code!r} has no version {body.version_id}",
                               detail={"version_id": body.version_id})
        else:
            found = db.scalar(select(Playlist.id).where(Playlist.id == body.playlist_id,
                                                        Playlist.project_id == access.project.id))
            if found is None:
                raise NotFound(f"project {access.project.code!r} has no playlist {body.playlist_id}",
                               detail={"playlist_id": body.playlist_id})
        link = ClientLink(project_id=access.project.id, secret_sha256=hash_token(secret),
                          version_id=body.version_id, playlist_id=body.playlist_id, label=body.label,
                          passphrase_hash=hash_passphrase(body.passphrase) if body.passphrase else None,
                          allow_download=body.allow_download, created_by=access.caller.id,
                          expires_at=utcnow() + timedelta(hours=body.hours))
        db.add(link)
        db.flush()
        public = _public(link, access.caller.name, access.project.code)
    return ClientLinkCreated(**public.model_dump(), path=LINK_PREFIX + secret)


def _link(db: Session, access: ProjectAccess, link_id: int) -> ClientLink:
    link = db.get(ClientLink, link_id)
    if link is None or link.project_id != access.project.id:
        raise NotFound(f"project {access.project.code!r} has no client link {link_id}", detail={"link": link_id})
    return link


def list_for(db: Session, access: ProjectAccess) -> list[ClientLinkPublic]:
    access.require(LINK_ROLE, "listing client links")
    rows = db.execute(select(ClientLink, User.name).join(User, User.id == ClientLink.created_by)
                      .where(ClientLink.project_id == access.project.id).order_by(ClientLink.id.desc())).all()
    return [_public(link, name, access.project.code) for link, name in rows]


def revoke(db: Session, access: ProjectAccess, link_id: int) -> ClientLinkPublic:
    """The link stops working at once, and so does every guest session opened through it."""
    access.require(LINK_ROLE, "revoking a client link")
    with write_transaction(db):
        link = _link(db, access, link_id)
        now = utcnow()
        if link.revoked_at is None:
            link.revoked_at = now
        db.execute(update(GuestSession).where(GuestSession.link_id == link.id, GuestSession.revoked_at.is_(None))
                   .values(revoked_at=now))
        db.flush()
        maker = db.scalar(select(User.name).where(User.id == link.created_by)) or ""
        public = _public(link, maker, access.project.code)
    return public


def actions(db: Session, access: ProjectAccess, link_id: int) -> list[GuestActionPublic]:
    access.require(LINK_ROLE, "reading a client link's log")
    _link(db, access, link_id)
    rows = db.scalars(select(GuestAction).where(GuestAction.link_id == link_id).order_by(GuestAction.id))
    return [GuestActionPublic(id=a.id, at=as_utc(a.at), action=a.action, guest_name=a.guest_name,
                              version_id=a.version_id, text=a.text, detail=a.detail or {}) for a in rows]


# -- the guest's side ---------------------------------------------------------------------------------------

def by_secret(db: Session, secret: str) -> ClientLink | None:
    return db.scalar(select(ClientLink).where(ClientLink.secret_sha256 == hash_token(secret)))


def log(db: Session, link_id: int, action: str, *, session_id: int | None = None, guest_name: str = "",
        version_id: int | None = None, text: str = "", **detail) -> None:
    """Record one guest action (inside the caller's transaction when there is one)."""
    db.add(GuestAction(link_id=link_id, guest_session_id=session_id, guest_name=guest_name, action=action,
                       version_id=version_id, text=text, detail=detail))


def too_many_failures(db: Session, link_id: int) -> bool:
    count = db.scalar(select(func.count()).select_from(GuestAction).where(
        GuestAction.link_id == link_id, GuestAction.action == "passphrase_refused",
        GuestAction.at > utcnow() - FAILED_WINDOW))
    return (count or 0) >= FAILED_TRIES_MAX


def scope_versions(db: Session, link: ClientLink) -> list[int]:
    """The versions the link shows, in playlist order: one query."""
    if link.version_id is not None:
        return [link.version_id]
    return list(db.scalars(select(PlaylistItem.version_id).where(PlaylistItem.playlist_id == link.playlist_id)
                           .order_by(PlaylistItem.position)))


def check_guest_name(name: str) -> str:
    name = " ".join(name.split())
    if not name or len(name) > 100 or any(ord(c) < 32 for c in name):
        raise InvalidInput("say who you are: a name of 1–100 characters, so your comments can be attributed",
                           detail={"name": name[:100]})
    return name
