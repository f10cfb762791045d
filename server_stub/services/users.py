"""Users and their tokens."""

from __future__ import annotations

import re

from brickyard.core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from brickyard.core.models import TokenCreated, UserCreated, UserPublic
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..db import write_transaction
from ..security import hash_token, new_token
from ..tables import Token, User, utcnow
from .access import Caller

USER_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._@-]*", re.ASCII)
BOOTSTRAP_ADMIN = "admin"


def public(user: User | Caller) -> UserPublic:
    return UserPublic(id=user.id, name=user.name, is_admin=user.is_admin)


def _add_token(db: Session, user_id: int) -> tuple[Token, str]:
    token = new_token()
    row = Token(user_id=user_id, token_sha256=hash_token(token))
    db.add(row)
    db.flush()
    return row, token


def create_user(db: Session, name: str, *, is_admin: bool = False) -> UserCreated:
    if not USER_NAME.fullmatch(name):
        raise InvalidInput(f"user name {name!r} may hold only letters, digits and . _ @ - "
                           "and must start with a letter or digit", detail={"name": name})
    try:
        with write_transaction(db):
            if db.scalar(select(User.id).where(User.name == name)) is not None:
                raise Conflict(f"a user named {name!r} already exists; pick another name",
                               detail={"name": name})
            user = User(name=name, is_admin=is_admin)
            db.add(user)
            db.flush()
            _, token = _add_token(db, user.id)
    except IntegrityError:  # created concurrently by someone else
        raise Conflict(f"a user named {name!r} already exists; pick another name", detail={"name": name}) from None
    return UserCreated(id=user.id, name=user.name, is_admin=user.is_admin, token=token)


def create_token(db: Session, caller: Caller, name: str) -> TokenCreated:
    # Permission first, whether or not the name exists: the answer must not tell who has an account.
    if not caller.is_admin and caller.name != name:
        raise PermissionDenied("only a server admin may create tokens for another user",
                               detail={"user": name})
    with write_transaction(db):
        user = db.scalar(select(User).where(User.name == name))
        if user is None:
            raise NotFound(f"no user {name!r}", detail={"user": name})
        row, token = _add_token(db, user.id)
    return TokenCreated(id=row.id, token=token)


def revoke_token(db: Session, caller: Caller, token_id: int) -> None:
    with write_transaction(db):
        row = db.get(Token, token_id)
        if row is None or (not caller.is_admin and row.user_id != caller.id):
            # Someone else's token answers like a missing one: ids are not to be probed.
            raise NotFound(f"no token {token_id} of yours", detail={"token": token_id})
        if row.revoked_at is None:
            row.revoked_at = utcnow()


def bootstrap_admin(db: Session) -> str | None:
    """On a database without users, create the server admin and return its token; else None."""
    with write_transaction(db):
        if db.scalar(select(func.count()).select_from(User)):
            return None
        user = User(name=BOOTSTRAP_ADMIN, is_admin=True)
        db.add(user)
        db.flush()
        _, token = _add_token(db, user.id)
    return token
