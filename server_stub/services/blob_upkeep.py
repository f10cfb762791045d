"""Keeping the blob store honest: claims that protect fresh blobs, garbage collection, verification.

Every decision about one sha256 — an upload claiming it, GC deleting it — happens in a write
transaction holding that sha256's lock (PostgreSQL: a transaction advisory lock; SQLite: its single
writer). So:

* an upload places its bytes, then claims: under the lock it upserts the row (``claimed_at`` = now)
  and checks the bytes are still there — if GC removed them meanwhile, the upload fails and is retried;
  a verified S3 upload kept at its upload key records that *location* on the row; a second copy of bytes
  already kept elsewhere is deleted, so each blob is stored once;
* GC, under the lock, deletes the row and then the bytes only if no version uses the blob and nobody
  claimed it within the grace period. A version's files reference blob rows by foreign key, so a
  publish committing first keeps the blob, and a publish after the delete is refused as "missing",
  never created without its bytes;
* the "which are missing?" answer claims the blobs it calls present, so the publish that follows has
  the grace period to reference them;
* GC removes an upload key only under that key's lock (which a claim recording it takes too), and never
  one a blob's row records as its location.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

from brickyard.core.errors import BrickyardError
from sqlalchemy import delete, exists, func, or_, select, text, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..blobs import BlobStore
from ..db import write_transaction
from ..tables import Annotation, Blob, BlobUpload, File, Preview, Version
from .access import Caller
from .blobs import record_uploader
from .batching import chunks


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _lock(db: Session, sha256: str) -> None:
    _lock_name(db, "blob:" + sha256)


def _lock_name(db: Session, name: str) -> None:
    if db.get_bind().dialect.name == "postgresql":
        db.execute(text("SELECT pg_advisory_xact_lock(hashtext(:key))"), {"key": name})


def claim(db: Session, store: BlobStore, sha256: str, size: int, uploader: Caller | None = None,
          location: str | None = None) -> None:
    """Record a blob whose bytes were just placed in the store, or refresh its claim, and that ``uploader``
    holds it (idempotent). ``location``: where the new bytes are, if not under the blob's own name (a
    verified S3 upload). A blob kept elsewhere already stays there and the new copy is deleted: a location
    never changes while its bytes are there (a download URL handed out may point at them)."""
    for attempt in range(3):
        surplus = False
        try:
            with write_transaction(db):
                _lock(db, sha256)
                if location:
                    _lock_name(db, "location:" + location)  # GC's sweep of upload keys takes it too
                row = db.get(Blob, sha256, with_for_update=True)
                if row is None:
                    row = Blob(sha256=sha256, size=size, claimed_at=_now(), location=location)
                    db.add(row)
                else:
                    row.claimed_at = _now()
                    if row.location != location:
                        if store.has_at(sha256, row.location):
                            surplus = True  # a second copy of bytes already kept: dropped once this commits
                        else:
                            row.location = location  # the kept bytes were lost: these take their place
                db.flush()
                if uploader is not None:
                    record_uploader(db, sha256, uploader)
                if not store.has_at(sha256, row.location):  # collected between our write and this claim
                    raise BrickyardError(f"blob {sha256} was removed by garbage collection while it was uploaded; "
                                         "nothing was kept — upload it again", code="blob_collected", status=503,
                                         detail={"sha256": sha256})
            if surplus:
                store.delete_at(sha256, location)
            return
        except IntegrityError:
            if attempt == 2:
                raise  # registered concurrently by another upload of the same bytes: claim again


def touch(db: Session, present: list[str]) -> None:
    """Claim blobs a client was told it need not upload; writes only rows not claimed in the last hour."""
    if not present:
        return
    stale = _now() - timedelta(hours=1)
    old = or_(Blob.claimed_at.is_(None), Blob.claimed_at < stale)
    due = [sha for chunk in chunks(present)
           for sha in db.scalars(select(Blob.sha256).where(Blob.sha256.in_(chunk), old))]
    if not due:
        return  # the common case: no write at all
    with write_transaction(db):
        for chunk in chunks(due):
            db.execute(update(Blob).where(Blob.sha256.in_(chunk), old).values(claimed_at=_now()))


@dataclass
class Collected:
    blobs: list[str] = field(default_factory=list)  # rows and bytes removed (or, dry run, that would be)
    freed: int = 0
    orphans: list[str] = field(default_factory=list)  # bytes under a sha256's name no row points at
    uploads: list[str] = field(default_factory=list)  # upload keys never completed


def _unused(cutoff: datetime):
    used = or_(exists(select(File.id).where(File.sha256 == Blob.sha256)),
               exists(select(Version.id).where(Version.thumbnail_sha256 == Blob.sha256)),
               exists(select(Preview.id).where(Preview.sha256 == Blob.sha256)),  # review media
               exists(select(Annotation.id).where(Annotation.thumbnail_sha256 == Blob.sha256)))  # drawings
    return (~used) & (func.coalesce(Blob.claimed_at, Blob.created_at) < cutoff)


def collect(db: Session, store: BlobStore, grace: timedelta, dry_run: bool = False) -> Collected:
    """Remove blobs no version uses and nobody claimed within ``grace``; bytes without a row older than
    ``grace``; upload keys older than ``grace``."""
    cutoff = _now() - grace
    result = Collected()
    candidates = list(db.scalars(select(Blob.sha256).where(_unused(cutoff))))
    db.rollback()
    for sha256 in candidates:
        try:
            with write_transaction(db):
                _lock(db, sha256)
                row = db.scalar(select(Blob).where(Blob.sha256 == sha256, _unused(cutoff)).with_for_update())
                if row is None:
                    continue  # used or claimed since we looked
                if not dry_run:
                    location = row.location
                    db.execute(delete(BlobUpload).where(BlobUpload.sha256 == sha256))  # who held bytes now gone
                    db.delete(row)
                    db.flush()  # a version committed meanwhile: its foreign key refuses the delete
                    store.delete_at(sha256, location)  # still under the lock: no claim slips between row and bytes
                result.blobs.append(sha256)
                result.freed += row.size
        except IntegrityError:
            continue  # in use after all: kept
    known = set()
    for stored in store.list_blobs():
        if stored.modified >= cutoff.timestamp():
            continue
        known.add(stored.sha256)
    for batch in chunks(sorted(known)):  # a copy under the sha256's name is kept only if its row points there
        have = set(db.scalars(select(Blob.sha256).where(Blob.sha256.in_(batch), Blob.location.is_(None))))
        for sha256 in batch:
            if sha256 in have:
                continue
            with write_transaction(db):
                _lock(db, sha256)
                if db.scalar(select(Blob.sha256).where(Blob.sha256 == sha256, Blob.location.is_(None))):
                    continue
                result.orphans.append(sha256)
                if not dry_run:
                    store.delete(sha256)
    list_uploads = getattr(store, "list_uploads", None)
    if list_uploads is not None:
        for key, modified in list_uploads():
            if modified < cutoff.timestamp() and _sweep_upload(db, store, key, dry_run):
                result.uploads.append(key)
        for key, upload_id, started in store.list_multipart():  # a server died while it streamed one
            if started < cutoff.timestamp():
                result.uploads.append(f"{key} (multipart)")
                if not dry_run:
                    store.abort_multipart(key, upload_id)
    return result


def _sweep_upload(db: Session, store, key: str, dry_run: bool) -> bool:
    """Remove an old upload key unless a blob lives there (a verified upload kept where it landed)."""
    location = store.location_of(key)
    with write_transaction(db):
        _lock_name(db, "location:" + location)  # a claim recording this location waits, or is waited for
        if db.scalar(select(Blob.sha256).where(Blob.location == location).limit(1)) is not None:
            return False
        if not dry_run:
            store.delete_key(key)
    return True


@dataclass
class Verified:
    checked: int = 0
    missing: list[str] = field(default_factory=list)
    corrupt: list[tuple[str, str]] = field(default_factory=list)  # (sha256, what the bytes hash to / size)

    @property
    def ok(self) -> bool:
        return not self.missing and not self.corrupt


def _rows(db: Session, sample: int | None) -> Iterator[tuple[str, int]]:
    if sample is None:
        yield from ((sha256, size) for sha256, size in db.execute(select(Blob.sha256, Blob.size).order_by(Blob.sha256)))
        return
    total = db.scalar(select(func.count()).select_from(Blob)) or 0
    offsets = sorted(random.sample(range(total), min(sample, total)))
    for offset in offsets:
        row = db.execute(select(Blob.sha256, Blob.size).order_by(Blob.sha256).offset(offset).limit(1)).first()
        if row is not None:
            yield row[0], row[1]


def verify(db: Session, store: BlobStore, sample: int | None = None) -> Verified:
    """Re-hash every blob the database knows (or a random ``sample`` of them) from the store."""
    result = Verified()
    rows = list(_rows(db, sample))
    db.close()
    for sha256, size in rows:
        result.checked += 1
        stored = store.size(sha256)
        if stored is None:
            result.missing.append(sha256)
            continue
        hasher = hashlib.sha256()
        if stored:
            for chunk in store.iter_range(sha256, 0, stored - 1):
                hasher.update(chunk)
        if stored != size or hasher.hexdigest() != sha256:
            result.corrupt.append((sha256, f"{stored} bytes hashing to {hasher.hexdigest()}"))
    return result
