"""Versions: publish and list per project, read and change status by id."""

from __future__ import annotations

from typing import Annotated

from brickyard.core.models import Lineage, Role, StatusChange, VersionCreate, VersionList, VersionPublic
from fastapi import APIRouter, Header, Response, status

from ..deps import BlobStoreDep, CurrentUser, DbDep, ProjectDep, require_role
from ..params import QueryText, RowId
from ..services import direct_uploads, lineage, versions
from ..services.publish import publish

router = APIRouter(tags=["versions"])


@router.get("/projects/{code}/versions", dependencies=[require_role(Role.viewer)])
def list_versions(path: QueryText, db: DbDep, access: ProjectDep) -> VersionList:
    return versions.list_versions(db, access, path)


@router.post("/projects/{code}/versions", status_code=status.HTTP_201_CREATED,
             dependencies=[require_role(Role.artist)],
             responses={200: {"model": VersionPublic, "description": "a replay of an Idempotency-Key"}})
def create_version(body: VersionCreate, db: DbDep, access: ProjectDep, response: Response, store: BlobStoreDep,
                   idempotency_key: Annotated[str | None, Header(max_length=200)] = None) -> VersionPublic:
    """``uploads`` (presigned uploads to an object store) are verified and become blobs first: a small
    publish sends its bytes and then this one request."""
    if body.uploads:
        direct_uploads.complete(db, store, access.caller, body.uploads)
    version, created = publish(db, access, body, idempotency_key)
    if not created:
        response.status_code = status.HTTP_200_OK
    return version


@router.get("/versions/{version_id}")
def get_version(version_id: RowId, db: DbDep, caller: CurrentUser) -> VersionPublic:
    """Role ≥ viewer in the version's project (checked in the service: the project comes from the id)."""
    return versions.get_version(db, caller, version_id)


@router.post("/versions/{version_id}/status")
def set_status(version_id: RowId, body: StatusChange, db: DbDep, caller: CurrentUser) -> VersionPublic:
    """Supervisor for anything; the author (artist) between wip and review (checked in the service)."""
    return versions.set_status(db, caller, version_id, body)


@router.get("/versions/{version_id}/lineage")
def get_lineage(version_id: int, db: DbDep, caller: CurrentUser) -> Lineage:
    """What the version was made from and what was made from it; role ≥ viewer in its project, and only
    versions of projects the caller may read are listed."""
    return lineage.lineage(db, caller, version_id)
