"""Listing users (server admins) and signing out: revoking the token a request came with."""

from __future__ import annotations

from brickyard.core.errors import AuthenticationFailed, PermissionDenied
from brickyard.core.models import UserPublic
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..db import write_transaction
from ..security import hash_token
from ..tables import Token, User, utcnow
from .access import Caller


def list_users(db: Session, caller: Caller) -> list[UserPublic]:
    if not caller.is_admin:
        raise PermissionDenied("only a server admin may list users; ask yours", detail={"needed": "server admin"})
    return [UserPublic(id=u.id, name=u.name, is_admin=u.is_admin)
            for u in db.scalars(select(User).order_by(User.name))]


def revoke_own_token(db: Session, token: str) -> None:
    """Revoke the token itself (``brickyard logout``); the caller was authenticated with it just now."""
    with write_transaction(db):
        row = db.scalar(select(Token).where(Token.token_sha256 == hash_token(token)))
        if row is None:
            raise AuthenticationFailed("the token is not known to this server")
        if row.revoked_at is None:
            row.revoked_at = utcnow()
