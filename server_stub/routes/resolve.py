"""``POST /resolve``: many references, one request, a per-item error instead of a failed batch."""

from __future__ import annotations

from brickyard.core.models import ResolveRequest, ResolveResponse
from fastapi import APIRouter, Response

from ..deps import CurrentUser, DbDep
from ..services.resolve import resolve

router = APIRouter(tags=["resolve"])


@router.post("/resolve", response_model=ResolveResponse)
def resolve_references(body: ResolveRequest, db: DbDep, caller: CurrentUser) -> Response:
    # Serialised here, once: FastAPI's response_model path would dump, re-validate and dump again,
    # which for 1,000 versions costs more than the queries.
    answer = ResolveResponse(items=resolve(db, caller, body.references))
    return Response(answer.model_dump_json(), media_type="application/json")
