"""Many versions in one request (``brickyard ingest``): each item is atomic in outcome with its own
idempotency key, so one bad item fails alone and a re-run creates nothing twice. The items are checked
first and written a table at a time (``bulk_write``), one transaction per request."""

from __future__ import annotations

from brickyard.core.models import BulkVersionCreate, BulkVersionOutcome, BulkVersionResult
from brickyard.core.reference import Reference
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session

from ..db import write_transaction
from ..tables import Asset, Project, Version
from . import hash_index
from .access import ProjectAccess
from .batching import chunks
from .bulk_write import write_many
from .version_views import get_publics

MODEL_KINDS = ("lora", "controlnet", "embedding", "checkpoint")
# Items per write transaction. Written a table at a time, 100 small versions take a few hundredths of a
# second: that is as long as another publisher (or an ingest's own bundle landing) waits for the write lock.
PER_TRANSACTION = 100
ATTEMPTS = 4


def publish_many(db: Session, access: ProjectAccess, body: BulkVersionCreate) -> BulkVersionResult:
    outcomes: list[BulkVersionOutcome] = []
    names: dict[str, int | None] = {}
    items = list(body.items)
    for start in range(0, len(items), PER_TRANSACTION):
        outcomes += _publish_chunk(db, access, items[start:start + PER_TRANSACTION], names)
    replayed = [o for o in outcomes if o.version_id and not o.reference]  # created ones are named already
    refs = _references(db, [o.version_id for o in replayed])
    for outcome in replayed:
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
    normal = {q: hash_index.normalise(q) for q in hashes}
    full = {q: n for q, n in normal.items() if n is not None and len(n) == 64}  # a dict: looked up per hash
    exact = hash_index.find_exact(db, access.project.id, list(full.values()))
    matches = {q: exact.get(full[q], []) if q in full else hash_index.find(db, access.project.id, q, "any")
               for q in normal}
    publics = get_publics(db, [m.version_id for found in matches.values() for m in found])
    answer = []
    for text, found in matches.items():
        for match in found:
            version = publics[match.version_id]
            reference = Reference(version.project, version.folder, version.asset, version.number)
            answer.append((text, match.version_id, str(reference), match.form))
    return answer


def _publish_chunk(db: Session, access: ProjectAccess, items: list, names: dict[str, int | None]
                   ) -> list[BulkVersionOutcome]:
    """Items in one write transaction; a refused item writes nothing, the others land together."""
    publishes_models = any(item.version.kind in MODEL_KINDS for item in items)
    for attempt in range(ATTEMPTS):
        if publishes_models:
            names.clear()  # a model published here may be what an item names
        try:
            with write_transaction(db):
                outcomes = write_many(db, access, items, names)
            if publishes_models:
                names.clear()
            return outcomes
        except (IntegrityError, OperationalError):  # a concurrent publisher won a race: redo the chunk
            names.clear()
            if attempt == ATTEMPTS - 1:
                raise
    raise AssertionError("unreachable")
