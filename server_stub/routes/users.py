"""Users and tokens: ``/me``, ``/users``, ``/users/{name}/tokens``, ``/tokens/{id}``."""

from __future__ import annotations

from brickyard.core.models import TokenCreated, UserCreate, UserCreated, UserPublic
from fastapi import APIRouter, Response, status

from ..deps import CurrentUser, DbDep, ServerAdmin, bearer_token
from ..params import PathText, RowId
from ..services import user_admin, users

router = APIRouter(tags=["users"])


@router.get("/me")
def me(caller: CurrentUser) -> UserPublic:
    return users.public(caller)


@router.post("/users", status_code=status.HTTP_201_CREATED, dependencies=[ServerAdmin])
def create_user(body: UserCreate, db: DbDep) -> UserCreated:
    return users.create_user(db, body.name)


@router.post("/users/{name}/tokens", status_code=status.HTTP_201_CREATED)
def create_token(name: PathText, db: DbDep, caller: CurrentUser) -> TokenCreated:
    """Server admin, or the user themself."""
    return users.create_token(db, caller, name)


@router.delete("/tokens/{token_id}", status_code=status.HTTP_204_NO_CONTENT)
def revoke_token(token_id: RowId, db: DbDep, caller: CurrentUser) -> Response:
    """Server admin, or the token's owner."""
    users.revoke_token(db, caller, token_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/users", dependencies=[ServerAdmin])
def list_users(db: DbDep, caller: CurrentUser) -> list[UserPublic]:
    """Every user of the server (server admins)."""
    return user_admin.list_users(db, caller)


@router.delete("/me/token", status_code=status.HTTP_204_NO_CONTENT)
def revoke_own_token(db: DbDep, caller: CurrentUser, token: str = bearer_token) -> Response:
    """Revoke the token this request carries (sign out)."""
    user_admin.revoke_own_token(db, token)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
