"""Many new versions written together (``POST …/versions/bulk``): every item is checked first, then each
table gets one multi-row INSERT for all the accepted items — not ~15 statements per version.

Each item stays atomic in outcome without savepoints: everything that can refuse an item (its manifest,
its idempotency key, its blobs, its inputs, its asset's kind, its layout, its tags) is decided before
anything is written, so a refused item writes nothing and the accepted ones land together. What can
still fail while writing is a race with a concurrent publisher (a unique constraint); the caller retries
the whole run then, as the one-by-one path does.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from brickyard.core.errors import BrickyardError, Conflict, InvalidInput
from brickyard.core.models import BulkVersionItem, BulkVersionOutcome, VersionCreate
from brickyard.core.reference import Reference
from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import Session

from ..tables import Asset, File, IdempotencyKey, Representation, Version, VersionInput, utcnow
from . import events, previews
from .access import ProjectAccess
from .batching import chunks, insert_dicts, insert_with_ids
from .blobs import held
from .content_links import LinkFinder
from .lineage import InputLink
from .publish import (
    check_blobs_held,
    check_kind,
    check_layout,
    check_manifest,
    merged_tags,
    named_blobs,
    pinned_inputs,
    request_digest,
)
from .search_index import Indexed, index_many


@dataclass
class _AssetState:
    """An asset as the run sees it: its row (or none yet) and what the accepted items made of it."""
    id: int | None
    kind: str
    tags: list[str]
    meta: dict[str, Any]
    number: int
    new: bool
    touched: bool = False


@dataclass
class _Accepted:
    index: int
    key: str
    body: VersionCreate
    digest: str
    asset: _AssetState
    number: int
    tags: list[str]
    inputs: list[tuple[str, int]] = field(default_factory=list)
    new_asset: bool = False
    version_id: int = 0
    reference: str = ""  # pinned to its number, once written


def write_many(db: Session, access: ProjectAccess, items: list[BulkVersionItem],
               names: dict[str, int | None]) -> list[BulkVersionOutcome]:
    """Publish ``items`` inside the caller's write transaction; an outcome per item, in order."""
    outcomes: list[BulkVersionOutcome | None] = [None] * len(items)

    def refuse(index: int, exc: BrickyardError) -> None:
        outcomes[index] = BulkVersionOutcome(key=items[index].key, error=exc.to_body()["error"])

    digests: dict[int, str] = {}
    for index, item in enumerate(items):
        try:
            if item.version.uploads:
                raise InvalidInput("a bulk publish does not complete uploads: complete them with POST "
                                   "/blobs/uploads/complete first, then publish without 'uploads'",
                                   detail={"uploads": len(item.version.uploads)})
            check_manifest(access, item.version)
            digests[index] = request_digest(access, item.version)
        except BrickyardError as exc:
            refuse(index, exc)
    open_items = _replays(db, access, items, digests, outcomes, refuse)
    known = held(db, access.caller, sorted({sha for i in open_items for sha in named_blobs(items[i].version)}))
    assets = _assets(db, access, [items[i].version for i in open_items])
    accepted: list[_Accepted] = []
    for index in open_items:
        body = items[index].version
        state = assets[(body.folder, body.asset)]
        if state.new and not state.touched:
            state.kind = body.kind  # an asset no accepted item has made yet takes the kind of the first that does
        try:
            check_blobs_held(named_blobs(body), known)
            inputs = pinned_inputs(db, access, body.inputs)
            check_kind(body, state.kind)
            check_layout(access, body, state.number + 1)
            tags = merged_tags(state.tags, body.tags)
        except BrickyardError as exc:
            refuse(index, exc)
            continue
        new_asset = state.new and not state.touched
        state.number, state.tags, state.meta, state.touched = state.number + 1, tags, dict(body.metadata), True
        accepted.append(_Accepted(index, items[index].key, body, digests[index], state, state.number, tags,
                                  inputs, new_asset))
    if accepted:
        _write(db, access, accepted, assets, names)
    for item in accepted:
        outcomes[item.index] = BulkVersionOutcome(key=item.key, version_id=item.version_id, created=True,
                                                  reference=item.reference)
    for index, outcome in enumerate(outcomes):  # a key met twice in the request: the second is a replay
        if outcome is None:
            first = outcomes[next(i for i, item in enumerate(items) if item.key == items[index].key)]
            outcomes[index] = first and first.model_copy(update={"created": False})
    return [o for o in outcomes if o is not None]


def _replays(db: Session, access: ProjectAccess, items: list[BulkVersionItem], digests: dict[int, str],
             outcomes: list[BulkVersionOutcome | None], refuse) -> list[int]:
    """Answer the items whose key was used before (a replay, or a conflict); the indexes left to publish.
    A key met twice in the request is published once: its second item is answered like its first."""
    used: dict[str, tuple[str, int]] = {}
    for chunk in chunks(sorted({items[i].key for i in digests})):
        used.update({k: (d, v) for k, d, v in db.execute(
            select(IdempotencyKey.key, IdempotencyKey.request_sha256, IdempotencyKey.version_id)
            .where(IdempotencyKey.user_id == access.caller.id, IdempotencyKey.key.in_(chunk)))})
    open_items: list[int] = []
    in_request: dict[str, str] = {}
    for index, digest in digests.items():
        key = items[index].key
        before = used[key][0] if key in used else in_request.get(key)
        if before is not None and before != digest:
            refuse(index, Conflict(f"Idempotency-Key {key!r} was already used for a different publish; "
                                   "use a fresh key for each new publish", detail={"idempotency_key": key}))
        elif key in used:
            outcomes[index] = BulkVersionOutcome(key=key, version_id=used[key][1], created=False)
        elif key not in in_request:
            in_request[key] = digest
            open_items.append(index)
    return open_items


def _assets(db: Session, access: ProjectAccess, bodies: list[VersionCreate]) -> dict[tuple[str, str], _AssetState]:
    """The assets the items publish to, locked (PostgreSQL; SQLite's BEGIN IMMEDIATE already is)."""
    wanted = sorted({(b.folder, b.asset) for b in bodies})
    states: dict[tuple[str, str], _AssetState] = {}
    for chunk in chunks(sorted({name for _, name in wanted})):
        rows = db.execute(select(Asset.id, Asset.folder, Asset.name, Asset.kind, Asset.tags, Asset.meta,
                                 Asset.latest_number)
                          .where(Asset.project_id == access.project.id, Asset.name.in_(chunk))
                          .with_for_update()).all()
        for row in rows:
            states[(row.folder, row.name)] = _AssetState(row.id, row.kind, list(row.tags), dict(row.meta),
                                                         row.latest_number, new=False)
    for body in bodies:
        states.setdefault((body.folder, body.asset), _AssetState(None, body.kind, [], {}, 0, new=True))
    return states


def _write(db: Session, access: ProjectAccess, accepted: list[_Accepted],
           assets: dict[tuple[str, str], _AssetState], names: dict[str, int | None]) -> None:
    project = access.project
    now = utcnow()  # the assets' and versions' time: the browser's "newest" and "updated" sorts read it
    fresh = [(k, s) for k, s in assets.items() if s.new and s.touched]
    ids = insert_with_ids(db, Asset.__table__, [
        {"project_id": project.id, "folder": folder, "name": name, "kind": s.kind, "tags": s.tags,
         "metadata": s.meta, "latest_number": s.number, "published_at": now, "updated_at": now}
        for (folder, name), s in fresh])
    for (_, state), asset_id in zip(fresh, ids):
        state.id = asset_id
    changed = [s for s in assets.values() if s.touched and not s.new]
    if changed:
        table = Asset.__table__
        db.execute(update(table).where(table.c.id == bindparam("a_id")).values(
            tags=bindparam("a_tags"), metadata=bindparam("a_meta"), latest_number=bindparam("a_number"),
            published_at=now, updated_at=now),
            [{"a_id": s.id, "a_tags": s.tags, "a_meta": s.meta, "a_number": s.number} for s in changed])
    author = access.caller.id
    version_ids = insert_with_ids(db, Version.__table__, [
        {"asset_id": a.asset.id, "number": a.number, "status": a.body.status.value, "author_id": author,
         "comment": a.body.comment, "metadata": a.body.metadata, "inputs": [text for text, _ in a.inputs],
         "thumbnail_sha256": a.body.thumbnail, "workfile": a.body.workfile, "created_at": now} for a in accepted])
    for item, version_id in zip(accepted, version_ids):
        item.version_id = version_id
        item.reference = str(Reference(project.code, item.body.folder, item.body.asset, item.number))
    reps = [(a, rep) for a in accepted for rep in a.body.representations]
    rep_ids = insert_with_ids(db, Representation.__table__, [
        {"version_id": a.version_id, "name": rep.name, "frame_start": rep.frame_start, "frame_end": rep.frame_end}
        for a, rep in reps])
    files = [{"representation_id": rep_id, "path": f.path, "size": f.size, "sha256": f.sha256, "frame": f.frame}
             for (_, rep), rep_id in zip(reps, rep_ids) for f in rep.files]
    insert_dicts(db, File.__table__, files)
    previews.enqueue_many(db, [(a.version_id, rep_id, [f.path for f in rep.files])  # never lost: same commit
                               for (a, rep), rep_id in zip(reps, rep_ids)])
    # Indexed before linking: a model's tensor hash must be findable by the items after it.
    index_many(db, project.id, [Indexed(a.asset.id or 0, a.version_id, a.body.folder, a.body.asset, a.tags,
                                        a.body.comment, a.body.metadata, a.new_asset) for a in accepted])
    _link(db, project.id, accepted, names)
    keyed = [{"user_id": author, "key": a.key, "request_sha256": a.digest, "version_id": a.version_id}
             for a in accepted if a.key]
    insert_dicts(db, IdempotencyKey.__table__, keyed)
    events.record_many(db, "published", project_id=project.id, user_id=author, datas=[
        {"version_id": a.version_id, "asset_id": a.asset.id, "folder": a.body.folder, "asset": a.body.asset,
         "kind": a.asset.kind, "number": a.number, "status": a.body.status.value,
         "reference": a.reference} for a in accepted])


class _After:
    """The run's version ids after ``own``: what a version of the run must not link to."""

    def __init__(self, run: set[int], own: int):
        self.run, self.own = run, own

    def __contains__(self, version_id: object) -> bool:
        return version_id in self.run and isinstance(version_id, int) and version_id > self.own


def _link(db: Session, project_id: int, accepted: list[_Accepted], names: dict[str, int | None]) -> None:
    """Declared inputs, then content links; each version links only to what was published before it."""
    finder = LinkFinder(db, project_id, names)
    run = {a.version_id for a in accepted}
    rows = []
    for item in accepted:
        links = [InputLink(input_id) for _, input_id in item.inputs]
        links += finder.links(item.version_id, item.body.metadata, later=_After(run, item.version_id))
        seen: set[int] = set()
        for link in links:
            if link.input_version_id == item.version_id or link.input_version_id in seen:
                continue
            seen.add(link.input_version_id)
            rows.append({"version_id": item.version_id, "input_version_id": link.input_version_id,
                         "link": link.link.value, "evidence": link.evidence[:256]})
    insert_dicts(db, VersionInput.__table__, rows)
