"""Bulk endpoints for ``brickyard ingest``: create many versions in one request, and ask which published
versions a list of hashes names (any quoted form: sha256, AutoV2, AutoV3, ``0x``…)."""

from __future__ import annotations

from brickyard.core.models import (
    BulkVersionCreate,
    BulkVersionResult,
    HashLookup,
    HashLookupResult,
    HashMatchPublic,
    Role,
)
from fastapi import APIRouter

from ..deps import DbDep, ProjectDep, require_role
from ..services.bulk_publish import lookup_hashes, publish_many

router = APIRouter(prefix="/projects/{code}", tags=["versions"])


@router.post("/versions/bulk", dependencies=[require_role(Role.artist)])
def create_versions(body: BulkVersionCreate, db: DbDep, access: ProjectDep) -> BulkVersionResult:
    """Each item is published atomically with its key as Idempotency-Key; failures are answered per item."""
    return publish_many(db, access, body)


@router.post("/hashes", dependencies=[require_role(Role.viewer)])
def find_hashes(body: HashLookup, db: DbDep, access: ProjectDep) -> HashLookupResult:
    """The project's versions whose files (or safetensors tensor bytes) the given hashes name."""
    return HashLookupResult(items=[HashMatchPublic(hash=h, version_id=v, reference=r, form=f)
                                   for h, v, r, f in lookup_hashes(db, access, body.hashes)])
