"""Who is calling and what they may do in a project. Plain values, detached from any session."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone

from brickyard.core.errors import AuthenticationFailed, NotFound, PermissionDenied
from brickyard.core.models import ColorSettings, KindSpec, NamingRules, Role
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..security import hash_token, same_hash
from ..tables import Membership, Project, Token, User


@dataclass(frozen=True)
class Caller:
    id: int
    name: str
    is_admin: bool


@dataclass(frozen=True)
class ProjectInfo:
    id: int
    code: str
    name: str
    naming: NamingRules
    kinds: list[KindSpec]
    created_at: datetime
    color: ColorSettings | None = None

    @classmethod
    def of(cls, row: Project) -> ProjectInfo:
        return cls(id=row.id, code=row.code, name=row.name, naming=NamingRules(**row.naming),
                   kinds=[KindSpec(**k) for k in row.kinds], created_at=as_utc(row.created_at),
                   color=ColorSettings(**row.color) if row.color else None)


@dataclass(frozen=True)
class ProjectAccess:
    project: ProjectInfo
    role: Role  # effective: a server admin counts as project admin everywhere
    caller: Caller

    def require(self, role: Role, doing: str) -> None:
        if self.role.rank < role.rank:
            raise PermissionDenied(
                f"{doing} in project {self.project.code!r} needs role {role.value} or higher; "
                f"{self.caller.name!r} is {self.role.value} — ask a project admin",
                detail={"project": self.project.code, "needed": role.value, "role": self.role.value})


def as_utc(value: datetime) -> datetime:
    """SQLite hands datetimes back naive; every stored time is UTC."""
    return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value


def authenticate(db: Session, token: str | None) -> Caller:
    if not token:
        raise AuthenticationFailed("no token: send 'Authorization: Bearer <token>' (ask your Brickyard "
                                   "admin for a token, or read <data>/admin-token on the server)")
    digest = hash_token(token)
    row = db.execute(select(Token.token_sha256, Token.revoked_at, User.id, User.name, User.is_admin)
                     .join(User, User.id == Token.user_id).where(Token.token_sha256 == digest)).first()
    if row is None or not same_hash(row.token_sha256, digest):
        raise AuthenticationFailed("the token is not known to this server; check it, or ask your "
                                   "Brickyard admin for a new one")
    if row.revoked_at is not None:
        raise AuthenticationFailed("the token was revoked; ask your Brickyard admin for a new one")
    return Caller(id=row.id, name=row.name, is_admin=row.is_admin)


def project_not_found(code: str) -> NotFound:
    # Non-members get the same answer as for a project that does not exist: no leak of its existence.
    return NotFound(f"no project {code!r} (or you are not a member of it); check the code or ask its admin",
                    detail={"project": code})


def project_access(db: Session, caller: Caller, code: str) -> ProjectAccess:
    row = db.execute(select(Project, Membership.role).outerjoin(
        Membership, (Membership.project_id == Project.id) & (Membership.user_id == caller.id))
        .where(Project.code == code)).first()
    if row is None:
        raise project_not_found(code)
    project, role = row
    if caller.is_admin:
        return ProjectAccess(ProjectInfo.of(project), Role.admin, caller)
    if role is None:
        raise project_not_found(code)
    return ProjectAccess(ProjectInfo.of(project), Role(role), caller)


def project_access_by_id(db: Session, caller: Caller, project_id: int) -> ProjectAccess:
    code = db.scalar(select(Project.code).where(Project.id == project_id))
    return project_access(db, caller, code or "")


def roles_by_project(db: Session, caller: Caller, project_ids: set[int]) -> dict[int, Role]:
    """The caller's effective role in each of ``project_ids`` (absent: not a member). One query."""
    if caller.is_admin:
        return {pid: Role.admin for pid in project_ids}
    if not project_ids:
        return {}
    rows = db.execute(select(Membership.project_id, Membership.role).where(
        Membership.user_id == caller.id, Membership.project_id.in_(project_ids)))
    return {pid: Role(role) for pid, role in rows}
