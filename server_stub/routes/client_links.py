"""Client links: ``/projects/{code}/client-links`` — made, listed and revoked by supervisors and admins."""

from __future__ import annotations

from brickyard.core.review_models import ClientLinkCreate, ClientLinkCreated, ClientLinkPublic, GuestActionPublic
from fastapi import APIRouter, status

from ..deps import DbDep, ProjectDep
from ..params import RowId
from ..services import client_links

router = APIRouter(prefix="/projects/{code}/client-links", tags=["client links"])


@router.get("")
def list_links(db: DbDep, access: ProjectDep) -> list[ClientLinkPublic]:
    return client_links.list_for(db, access)


@router.post("", status_code=status.HTTP_201_CREATED)
def create_link(body: ClientLinkCreate, db: DbDep, access: ProjectDep) -> ClientLinkCreated:
    """A link to one version or one playlist; ``path`` (shown only now) holds its secret."""
    return client_links.create(db, access, body)


@router.delete("/{link_id}")
def revoke_link(link_id: RowId, db: DbDep, access: ProjectDep) -> ClientLinkPublic:
    """Ends the link and every guest session opened through it."""
    return client_links.revoke(db, access, link_id)


@router.get("/{link_id}/actions")
def link_actions(link_id: RowId, db: DbDep, access: ProjectDep) -> list[GuestActionPublic]:
    """Everything guests did through the link, oldest first."""
    return client_links.actions(db, access, link_id)
