"""``POST /resolve``: many references, one request, a per-item error instead of a failed batch."""

from __future__ import annotations

from brickyard.core.models import ResolveRequest, ResolveResponse
from fastapi import APIRouter

from ..deps import CurrentUser, DbDep
from ..services.resolve import resolve

router = APIRouter(tags=["resolve"])


@router.post("/resolve")
def resolve_references(body: ResolveRequest, db: DbDep, caller: CurrentUser) -> ResolveResponse:
    return ResolveResponse(items=resolve(db, caller, body.references))
