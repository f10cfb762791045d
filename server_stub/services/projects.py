"""Projects and their members."""

from __future__ import annotations

import re

from brickyard.core.errors import Conflict, NamingError, NotFound
from brickyard.core.kinds import default_kinds
from brickyard.core.models import MemberAdd, MemberPublic, NamingRules, ProjectCreate, ProjectPublic, Role
from brickyard.core.naming import check_template
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..db import write_transaction
from ..tables import Membership, Project, User
from . import events
from .access import Caller, ProjectAccess, ProjectInfo

PROJECT_CODE = re.compile(r"[a-z0-9][a-z0-9_-]*")


def public(info: ProjectInfo, role: Role | None) -> ProjectPublic:
    return ProjectPublic(id=info.id, code=info.code, name=info.name, naming=info.naming, kinds=info.kinds,
                         color=info.color, created_at=info.created_at, role=role)


def list_projects(db: Session, caller: Caller) -> list[ProjectPublic]:
    query = select(Project, Membership.role).outerjoin(
        Membership, (Membership.project_id == Project.id) & (Membership.user_id == caller.id))
    if not caller.is_admin:
        query = query.where(Membership.id.is_not(None))
    rows = db.execute(query.order_by(Project.code))
    return [public(ProjectInfo.of(p), Role(role) if role else Role.admin) for p, role in rows]


def create_project(db: Session, caller: Caller, body: ProjectCreate) -> ProjectPublic:
    if not PROJECT_CODE.fullmatch(body.code):
        raise NamingError(f"project code {body.code!r} must be lower-case letters, digits, '_' or '-', "
                          "starting with a letter or digit (it appears in every asset reference)",
                          detail={"rule": "project_code", "name": body.code})
    naming = body.naming or NamingRules()
    check_template(naming.file_template)
    kinds = body.kinds if body.kinds is not None else default_kinds()
    conflict = Conflict(f"a project with code {body.code!r} already exists", detail={"project": body.code})
    try:
        with write_transaction(db):
            if db.scalar(select(Project.id).where(Project.code == body.code)) is not None:
                raise conflict
            project = Project(code=body.code, name=body.name or body.code, naming=naming.model_dump(),
                              kinds=[k.model_dump() for k in kinds])
            db.add(project)
            db.flush()
            db.add(Membership(project_id=project.id, user_id=caller.id, role=Role.admin.value))
            events.record(db, "project_created", project_id=project.id, user_id=caller.id,
                          data={"code": project.code, "name": project.name})
    except IntegrityError:
        raise conflict from None
    return public(ProjectInfo.of(project), Role.admin)


def list_members(db: Session, access: ProjectAccess) -> list[MemberPublic]:
    rows = db.execute(select(User.name, Membership.role).join(User, User.id == Membership.user_id)
                      .where(Membership.project_id == access.project.id).order_by(User.name))
    return [MemberPublic(user=name, role=Role(role)) for name, role in rows]


def _guard_last_admin(db: Session, project_id: int, membership: Membership, code: str) -> None:
    """A project must keep one admin, or nobody but a server admin could manage it again."""
    if membership.role != Role.admin.value:
        return
    admins = db.scalar(select(func.count()).select_from(Membership).where(
        Membership.project_id == project_id, Membership.role == Role.admin.value))
    if admins <= 1:
        raise Conflict(f"that is the last admin of project {code!r}; make someone else admin first",
                       detail={"project": code})


def set_member(db: Session, access: ProjectAccess, body: MemberAdd) -> MemberPublic:
    with write_transaction(db):
        user_id = db.scalar(select(User.id).where(User.name == body.user))
        if user_id is None:
            raise NotFound(f"no user {body.user!r}; a server admin creates users first",
                           detail={"user": body.user})
        membership = db.scalar(select(Membership).where(Membership.project_id == access.project.id,
                                                        Membership.user_id == user_id))
        if membership is None:
            db.add(Membership(project_id=access.project.id, user_id=user_id, role=body.role.value))
        elif membership.role != body.role.value:
            if body.role != Role.admin:
                _guard_last_admin(db, access.project.id, membership, access.project.code)
            membership.role = body.role.value
        events.record(db, "member_added", project_id=access.project.id, user_id=access.caller.id,
                      data={"user": body.user, "role": body.role.value})
    return MemberPublic(user=body.user, role=body.role)


def remove_member(db: Session, access: ProjectAccess, user: str) -> None:
    with write_transaction(db):
        membership = db.scalar(select(Membership).join(User, User.id == Membership.user_id).where(
            Membership.project_id == access.project.id, User.name == user))
        if membership is None:
            raise NotFound(f"{user!r} is not a member of project {access.project.code!r}",
                           detail={"project": access.project.code, "user": user})
        _guard_last_admin(db, access.project.id, membership, access.project.code)
        db.delete(membership)
        events.record(db, "member_removed", project_id=access.project.id, user_id=access.caller.id,
                      data={"user": user})
