"""Many versions in one request (``brickyard ingest``): each item is its own atomic publish with its own
idempotency key, so one bad item fails alone and a re-run creates nothing twice."""

from __future__ import annotations

from brickyard.core.errors import BrickyardError
from brickyard.core.models import BulkVersionCreate, BulkVersionOutcome, BulkVersionResult
from brickyard.core.reference import Reference
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..tables import Asset, Project, Version

from . import hash_index
from .access import ProjectAccess
from .batching import chunks
from .publish import publish_id
from .version_views import get_publics


MODEL_KINDS = ("lora", "controlnet", "embedding", "checkpoint")


def publish_many(db: Session, access: ProjectAccess, body: BulkVersionCreate) -> BulkVersionResult:
    outcomes = []
    names: dict[str, int | None] = {}
    for item in body.items:
        if item.version.kind in MODEL_KINDS:
            names.clear()  # a model published in this request may be what a later item names
        try:
            version_id, created = publish_id(db, access, item.version, item.key, names)
            outcomes.append(BulkVersionOutcome(key=item.key, version_id=version_id, created=created))
        except BrickyardError as exc:
            db.rollback()
            outcomes.append(BulkVersionOutcome(key=item.key, error=exc.to_body()["error"]))
    refs = _references(db, [o.version_id for o in outcomes if o.version_id])
    for outcome in outcomes:
        if outcome.version_id:
            outcome.reference = refs[outcome.version_id]
    return BulkVersionResult(items=outcomes)


def _references(db: Session, version_ids: list[int]) -> dict[int, str]:
    """The pinned reference of each version, a query per 500."""
    found = {}
    for chunk in chunks(sorted(set(version_ids))):
        rows = db.execute(select(Version.id, Version.number, Asset.folder, Asset.name, Project.code)
                          .join(Asset, Asset.id == Version.asset_id).join(Project, Project.id == Asset.project_id)
                          .where(Version.id.in_(chunk))).all()
        found.update({r.id: str(Reference(r.code, r.folder, r.name, r.number)) for r in rows})
    return found


def lookup_hashes(db: Session, access: ProjectAccess, hashes: list[str]) -> list[tuple[str, int, str, str]]:
    """``(quoted hash, version id, reference, form)`` for every version of the project the hash names."""
    quoted = list(dict.fromkeys(hashes))
    full = [q for q in quoted if len(hash_index.normalise(q) or "") == 64]
    exact = hash_index.find_exact(db, access.project.id, [hash_index.normalise(q) or "" for q in full])
    matches = {q: exact.get(hash_index.normalise(q) or "", []) if q in full
               else hash_index.find(db, access.project.id, q, "any") for q in quoted}
    publics = get_publics(db, [m.version_id for found in matches.values() for m in found])
    answer = []
    for text, found in matches.items():
        for match in found:
            version = publics[match.version_id]
            reference = Reference(version.project, version.folder, version.asset, version.number)
            answer.append((text, match.version_id, str(reference), match.form))
    return answer
