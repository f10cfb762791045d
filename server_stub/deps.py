"""Dependencies routes declare: the session, the caller, the project and the role it needs.

Guards go in the route decorator (``dependencies=[require_role(Role.artist)]``), so who may call
what reads off the routes.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from typing import Annotated

from brickyard.core.errors import PermissionDenied
from brickyard.core.models import Role
from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session

from .blobs import BlobStore
from .services.access import Caller, ProjectAccess, authenticate, project_access
from .params import PathText
from .settings import Settings

_bearer = HTTPBearer(auto_error=False, description="a Brickyard token")


def get_db(request: Request) -> Iterator[Session]:
    db = request.app.state.sessions()
    try:
        yield db
    finally:
        db.close()


DbDep = Annotated[Session, Depends(get_db)]


def get_settings(request: Request) -> Settings:
    return request.app.state.settings


def get_blob_store(request: Request) -> BlobStore:
    return request.app.state.blobs


SettingsDep = Annotated[Settings, Depends(get_settings)]
BlobStoreDep = Annotated[BlobStore, Depends(get_blob_store)]


def get_caller(db: DbDep, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]
               ) -> Caller:
    return authenticate(db, credentials.credentials if credentials else None)


CurrentUser = Annotated[Caller, Depends(get_caller)]


def _bearer_token(credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]) -> str:
    return credentials.credentials if credentials else ""


bearer_token = Depends(_bearer_token)  # the raw token of the request, for revoking it


def get_project(code: PathText, db: DbDep, caller: CurrentUser) -> ProjectAccess:
    """The project named by the ``{code}`` path parameter; 404 for non-members as for unknown codes."""
    return project_access(db, caller, code)


ProjectDep = Annotated[ProjectAccess, Depends(get_project)]


# What a refused request was doing, in the words of the people refused (never a raw API path).
ACTIONS = {"create_version": "publishing", "set_member": "adding members or changing roles",
           "remove_member": "removing members", "update_project": "changing the project's settings",
           "move_asset": "renaming or moving assets"}


def action_of(request: Request) -> str:
    route = request.scope.get("route")
    name = getattr(route, "name", "") or ""
    return ACTIONS.get(name) or name.replace("_", " ") or "this"


@cache  # one guard per role: FastAPI then resolves the project once per request
def require_role(role: Role):
    def guard(request: Request, access: ProjectDep) -> None:
        access.require(role, action_of(request))
    guard.__name__ = f"require_{role.value}"
    return Depends(guard)


def _require_server_admin(caller: CurrentUser) -> None:
    if not caller.is_admin:
        raise PermissionDenied("only a server admin may do this", detail={"needed": "server admin"})


ServerAdmin = Depends(_require_server_admin)
