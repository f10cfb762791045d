"""Many versions in one request (``brickyard ingest``): each item is its own atomic publish with its own
idempotency key, so one bad item fails alone and a re-run creates nothing twice."""

from __future__ import annotations

from brickyard.core.errors import BrickyardError
from brickyard.core.models import BulkVersionCreate, BulkVersionOutcome, BulkVersionResult
from brickyard.core.reference import Reference
from sqlalchemy.orm import Session

from . import hash_index
from .access import ProjectAccess
from .publish import publish
from .version_views import get_publics


def publish_many(db: Session, access: ProjectAccess, body: BulkVersionCreate) -> BulkVersionResult:
    outcomes = []
    for item in body.items:
        try:
            version, created = publish(db, access, item.version, item.key)
            outcomes.append(BulkVersionOutcome(key=item.key, version=version, created=created))
        except BrickyardError as exc:
            db.rollback()
            outcomes.append(BulkVersionOutcome(key=item.key, error=exc.to_body()["error"]))
    return BulkVersionResult(items=outcomes)


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
