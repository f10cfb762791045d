"""Create a version from a whole manifest, in one transaction: all of it or nothing."""

from __future__ import annotations

import hashlib
import json
import random
import time

from brickyard.core.errors import Conflict, InvalidInput
from brickyard.core.kinds import check_metadata, find_kind, with_article
from brickyard.core.models import PUBLISH_STATUSES, VersionCreate, VersionPublic
from brickyard.core.limits import TAGS_PER_ASSET_MAX
from brickyard.core.naming import check_asset_name, check_folder, layout_path
from brickyard.core.reference import Reference
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session

from ..blobs import SHA256
from ..db import write_transaction
from ..tables import Asset, File, IdempotencyKey, Representation, Version
from . import events, previews
from .access import ProjectAccess
from .blobs import held
from .content_links import content_links
from .lineage import InputLink, record_inputs
from .resolve import resolve
from .search_index import index_version
from .version_views import get_publics

ATTEMPTS = 8  # races on a new asset or an idempotency key end in a unique-constraint error: retry


def publish(db: Session, access: ProjectAccess, body: VersionCreate,
            idempotency_key: str | None) -> tuple[VersionPublic, bool]:
    """The new version and True, or (a replay of ``idempotency_key``) the first one and False."""
    version_id, created = publish_id(db, access, body, idempotency_key)
    return get_publics(db, [version_id])[version_id], created


def publish_id(db: Session, access: ProjectAccess, body: VersionCreate, idempotency_key: str | None,
               names: dict[str, int | None] | None = None) -> tuple[int, bool]:
    """``publish`` answering only the version's id, in its own transaction."""
    check_manifest(access, body)
    for attempt in range(ATTEMPTS):
        try:
            with write_transaction(db):
                return publish_within(db, access, body, idempotency_key, names, checked=True)
        except (IntegrityError, OperationalError):
            if attempt == ATTEMPTS - 1:
                raise
            time.sleep(random.uniform(0.005, 0.05) * (attempt + 1))
    raise AssertionError("unreachable")


def publish_within(db: Session, access: ProjectAccess, body: VersionCreate, idempotency_key: str | None,
                   names: dict[str, int | None] | None = None, checked: bool = False) -> tuple[int, bool]:
    """One publish inside the caller's write transaction (a bulk request runs many in one, each in a
    savepoint); ``names`` memoises name lookups across the versions of one bulk request."""
    if not checked:
        check_manifest(access, body)
    request_sha256 = request_digest(access, body)
    replayed = _replayed(db, access, idempotency_key, request_sha256)
    version_id = replayed or _create(db, access, body, idempotency_key, request_sha256, names)
    return version_id, replayed is None


def request_digest(access: ProjectAccess, body: VersionCreate) -> str:
    """What an idempotency key is bound to: the same key with another body is a conflict."""
    bound = body.model_dump(mode="json", exclude={"uploads"})  # the uploads differ on a retry; the publish does not
    return hashlib.sha256(json.dumps({"project": access.project.code, "body": bound}, sort_keys=True).encode()
                          ).hexdigest()


def check_manifest(access: ProjectAccess, body: VersionCreate) -> None:
    """Everything that needs no database: names, kind, metadata, status, manifest shape."""
    rules = access.project.naming
    check_folder(rules, body.folder)
    check_asset_name(rules, body.asset)
    check_metadata(find_kind(access.project.kinds, body.kind), body.metadata)
    if body.status not in PUBLISH_STATUSES:
        raise InvalidInput(f"a version is published as wip or review, not {body.status.value}; "
                           "a supervisor approves it afterwards", detail={"status": body.status.value})
    names = [r.name for r in body.representations]
    if len(set(names)) != len(names):
        raise InvalidInput("representation names must be distinct within a version",
                           detail={"representations": names})
    for rep in body.representations:
        paths = [f.path for f in rep.files]
        if len(set(paths)) != len(paths):
            raise InvalidInput(f"representation {rep.name!r} lists a file path twice",
                               detail={"representation": rep.name})
    if body.thumbnail is not None and not SHA256.match(body.thumbnail):
        raise InvalidInput("thumbnail must be the sha256 of an uploaded image (64 lower-case hex digits)",
                           detail={"thumbnail": body.thumbnail})


def _replayed(db: Session, access: ProjectAccess, key: str | None, request_sha256: str) -> int | None:
    if not key:
        return None
    row = db.scalar(select(IdempotencyKey).where(IdempotencyKey.user_id == access.caller.id,
                                                 IdempotencyKey.key == key))
    if row is None:
        return None
    if row.request_sha256 != request_sha256:
        raise Conflict(f"Idempotency-Key {key!r} was already used for a different publish; "
                       "use a fresh key for each new publish", detail={"idempotency_key": key})
    return row.version_id


def named_blobs(body: VersionCreate) -> dict[str, int | None]:
    """The blobs a manifest names, with the size it claims for each (None: the thumbnail's)."""
    claimed: dict[str, int | None] = {f.sha256: f.size for r in body.representations for f in r.files}
    if body.thumbnail:
        claimed.setdefault(body.thumbnail, None)
    return claimed


def _check_blobs(db: Session, access: ProjectAccess, body: VersionCreate) -> None:
    """Every blob named must be held by the publisher (uploaded by them, or readable to them already)."""
    claimed = named_blobs(body)
    check_blobs_held(claimed, held(db, access.caller, sorted(claimed)))


def check_blobs_held(claimed: dict[str, int | None], known: dict[str, int]) -> None:
    """``claimed`` (from ``named_blobs``) against the blobs the publisher holds, with their sizes."""
    missing = [sha for sha in claimed if sha not in known]
    if missing:
        raise InvalidInput(f"the server lacks {len(missing)} blob(s) this version names, or you have not "
                           f"uploaded them; upload them with PUT /api/v1/blobs/<sha256> first: "
                           f"{', '.join(missing[:5])}", detail={"missing": missing})
    wrong = [sha for sha, size in claimed.items() if size is not None and known[sha] != size]
    if wrong:
        raise InvalidInput("file sizes in the manifest differ from the uploaded blobs: "
                           + ", ".join(f"{sha} is {known[sha]} bytes" for sha in wrong[:5]),
                           detail={"size_mismatch": wrong})


def pinned_inputs(db: Session, access: ProjectAccess, inputs: list[str]) -> list[tuple[str, int]]:
    """Each input as its reference pinned to a number, with its version id."""
    if not inputs:
        return []
    answers = resolve(db, access.caller, inputs)
    bad = {a.reference: a.error for a in answers if a.error}
    if bad:
        raise InvalidInput(f"inputs that do not resolve to a version: {', '.join(bad)}",
                           detail={"inputs": bad})
    pinned = []
    for answer in answers:
        ref = Reference.parse(answer.reference).with_version(answer.version.number)
        pinned.append((str(ref), answer.version.id))
    return pinned


def check_layout(access: ProjectAccess, body: VersionCreate, number: int) -> None:
    """Every file must lay out to a plain path inside a library root, or no one could ``get`` it."""
    for rep in body.representations:
        for entry in rep.files:
            layout_path(access.project.naming, folder=body.folder, asset=body.asset, version=number,
                        representation=rep.name, filename=entry.path, project=access.project.code,
                        kind=body.kind, frame=entry.frame, file_count=len(rep.files))


def check_kind(body: VersionCreate, asset_kind: str) -> None:
    if asset_kind != body.kind:
        raise Conflict(f"asset {body.folder + '/' if body.folder else ''}{body.asset} is {with_article(asset_kind)}, "
                       f"not {with_article(body.kind)}; publish under another name or with kind {asset_kind!r}",
                       detail={"asset": body.asset, "folder": body.folder, "kind": asset_kind,
                               "requested": body.kind})


def merged_tags(have: list[str], added: list[str]) -> list[str]:
    tags = sorted(set(have) | set(added))
    if len(tags) > TAGS_PER_ASSET_MAX:
        raise InvalidInput(f"the asset would carry {len(tags)} tags; the limit is {TAGS_PER_ASSET_MAX} — "
                           "reuse the asset's tags", detail={"tags": len(tags), "limit": TAGS_PER_ASSET_MAX})
    return tags


def _create(db: Session, access: ProjectAccess, body: VersionCreate, key: str | None,
            request_sha256: str, names: dict[str, int | None] | None = None) -> int:
    _check_blobs(db, access, body)
    inputs = pinned_inputs(db, access, body.inputs)
    project_id = access.project.id
    # Lock the asset row so numbers are handed out one at a time (SQLite: BEGIN IMMEDIATE already did).
    asset = db.scalar(select(Asset).where(Asset.project_id == project_id, Asset.folder == body.folder,
                                          Asset.name == body.asset).with_for_update())
    new_asset = asset is None
    if asset is None:
        asset = Asset(project_id=project_id, folder=body.folder, name=body.asset, kind=body.kind,
                      tags=[], meta={}, latest_number=0)
        db.add(asset)
        db.flush()  # a concurrent creator makes this fail with IntegrityError: publish() retries
    else:
        check_kind(body, asset.kind)
    asset.latest_number += 1
    check_layout(access, body, asset.latest_number)
    asset.tags = merged_tags(asset.tags, body.tags)
    asset.meta = dict(body.metadata)
    version = Version(asset_id=asset.id, number=asset.latest_number, status=body.status.value,
                      author_id=access.caller.id, comment=body.comment, meta=body.metadata,
                      inputs=[text for text, _ in inputs],
                      thumbnail_sha256=body.thumbnail, workfile=body.workfile)
    db.add(version)
    db.flush()
    asset.published_at = asset.updated_at = version.created_at  # the browser's "newest" sorts
    for rep in body.representations:
        row = Representation(version_id=version.id, name=rep.name, frame_start=rep.frame_start,
                             frame_end=rep.frame_end)
        db.add(row)
        db.flush()
        db.add_all(File(representation_id=row.id, path=f.path, size=f.size, sha256=f.sha256, frame=f.frame)
                   for f in rep.files)
        previews.enqueue(db, version.id, row.id, [f.path for f in rep.files])  # same transaction: never lost
    # Content links after the files exist, so a version never matches its own; declared inputs first, so
    # an input both declared and matched keeps "declared".
    db.flush()
    links = [InputLink(input_id) for _, input_id in inputs] + content_links(db, project_id, version.id,
                                                                           body.metadata, names)
    if links:
        record_inputs(db, version.id, links)
    index_version(db, project_id=project_id, asset_id=asset.id, version_id=version.id, folder=asset.folder,
                  name=asset.name, tags=asset.tags, comment=body.comment, metadata=body.metadata,
                  new_asset=new_asset)
    if key:
        db.add(IdempotencyKey(user_id=access.caller.id, key=key, request_sha256=request_sha256,
                              version_id=version.id))
    events.record(db, "published", project_id=project_id, user_id=access.caller.id, data={
        "version_id": version.id, "asset_id": asset.id, "folder": asset.folder, "asset": asset.name,
        "kind": asset.kind, "number": version.number, "status": version.status,
        "reference": str(Reference(access.project.code, asset.folder, asset.name, version.number))})
    return version.id
