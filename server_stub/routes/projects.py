"""Projects and members: ``/projects``, ``/projects/{code}``, ``/projects/{code}/members``."""

from __future__ import annotations

from brickyard.core.models import MemberAdd, MemberPublic, ProjectCreate, ProjectPublic, ProjectUpdate, Role
from fastapi import APIRouter, Response, status

from ..deps import CurrentUser, DbDep, ProjectDep, ServerAdmin, require_role
from ..params import PathText
from ..services import project_settings, projects

router = APIRouter(prefix="/projects", tags=["projects"])


@router.get("")
def list_projects(db: DbDep, caller: CurrentUser) -> list[ProjectPublic]:
    return projects.list_projects(db, caller)


@router.post("", status_code=status.HTTP_201_CREATED, dependencies=[ServerAdmin])
def create_project(body: ProjectCreate, db: DbDep, caller: CurrentUser) -> ProjectPublic:
    return projects.create_project(db, caller, body)


@router.get("/{code}", dependencies=[require_role(Role.viewer)])
def get_project(access: ProjectDep) -> ProjectPublic:
    return projects.public(access.project, access.role)


@router.get("/{code}/members", dependencies=[require_role(Role.viewer)])
def list_members(db: DbDep, access: ProjectDep) -> list[MemberPublic]:
    return projects.list_members(db, access)


@router.put("/{code}/members", dependencies=[require_role(Role.admin)])
def set_member(body: MemberAdd, db: DbDep, access: ProjectDep) -> MemberPublic:
    return projects.set_member(db, access, body)


@router.delete("/{code}/members/{user}", status_code=status.HTTP_204_NO_CONTENT,
               dependencies=[require_role(Role.admin)])
def remove_member(user: PathText, db: DbDep, access: ProjectDep) -> Response:
    projects.remove_member(db, access, user)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.patch("/{code}", dependencies=[require_role(Role.admin)])
def update_project(body: ProjectUpdate, db: DbDep, access: ProjectDep) -> ProjectPublic:
    """Change the project's name, naming rules or kinds (project admins)."""
    return project_settings.update_project(db, access, body)
