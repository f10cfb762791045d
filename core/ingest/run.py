"""Run an ingest plan: hash every file once, report what the project already has, upload the rest in
bundles, create the versions many to a request — a few requests per hundred files, with hashing,
uploading and creating overlapped (``BundleSender`` and ``VersionCreator`` work on their own threads).

Each version's idempotency key is derived from its name and bytes, so a re-run after an interruption
replays what landed instead of creating it twice (and sends no byte the server has).
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..api_session import ApiSession
from ..extract.fill import add_hashes
from ..models import (
    BulkVersionCreate,
    BulkVersionItem,
    BulkVersionResult,
    HashLookup,
    HashLookupResult,
    VersionCreate,
)
from ..blob_models import BlobStoreInfo
from ..hash_cache import HashCache
from ..progress import Progress, ProgressCallback
from ..publishing import HashedFile, find_missing, hash_sources, representations_payload
from ..uploading import upload_direct
from .creator import VersionCreator
from .plan import IngestPlan, PlannedVersion
from .sender import BundleSender

LOOKUP_BATCH = 10_000  # hashes per lookup request
# Files hashed and looked up together; the next slice is hashed while this one's bytes travel. The first
# slice is smaller, so bytes start to travel soon after the ingest starts.
SLICE_FILES = 1000
SLICE_BYTES = 512 * 1024 * 1024
FIRST_SLICE_FILES = 200
FIRST_SLICE_BYTES = 48 * 1024 * 1024


@dataclass
class IngestReport:
    created: list[tuple[str, str]] = field(default_factory=list)  # (file, reference)
    replayed: list[tuple[str, str]] = field(default_factory=list)  # created by an earlier, interrupted run
    duplicates: list[tuple[str, str]] = field(default_factory=list)  # (file, reference it duplicates)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (file, message)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    bytes_sent: int = 0

    def summary(self) -> str:
        return (f"{len(self.created)} created, {len(self.replayed)} already created by an earlier run, "
                f"{len(self.duplicates)} duplicates not re-published, {len(self.failed)} failed, "
                f"{len(self.skipped)} skipped; {self.bytes_sent:,} bytes sent")


def _key(project: str, version: PlannedVersion, hashed: dict[Path, HashedFile]) -> str:
    identity = json.dumps([project, version.folder, version.asset, version.kind,
                           [hashed[f].sha256 for f in version.files]])
    return "ingest-" + hashlib.sha256(identity.encode()).hexdigest()[:40]


def _existing(api: ApiSession, project: str, digests: list[str]) -> dict[str, str]:
    """sha256 → the reference of a published version holding a file with those bytes."""
    found: dict[str, str] = {}
    for start in range(0, len(digests), LOOKUP_BATCH):
        body = HashLookup(hashes=digests[start:start + LOOKUP_BATCH]).model_dump(mode="json")
        answer = api.request("POST", f"/projects/{project}/hashes", json=body, idempotent=True)
        for match in HashLookupResult.model_validate_json(answer.content).items:
            if match.form == "file":
                found.setdefault(match.hash, match.reference)
    return found


def run_ingest(api: ApiSession, project: str, plan: IngestPlan, *, status: str = "wip",
               progress: ProgressCallback | None = None, cache: HashCache | None = None,
               versions: Iterable[PlannedVersion] | None = None) -> IngestReport:
    """Publish ``plan``: a slice of files at a time is hashed (``cache`` spares re-reading unchanged files)
    and looked up, its new blobs go to a background uploader, and versions are created in batches as
    soon as their bytes are stored — while the next slice is being hashed. ``versions`` (default: the
    plan's) may be ``plan_lazily``'s, so planning, too, goes on while the first bytes travel."""
    report = IngestReport()
    progress = _serialised(progress)
    store: BlobStoreInfo | None = None
    first_seen: dict[str, str] = {}  # the same bytes twice in the folder: the first one is published
    hashed: dict[Path, HashedFile] = {}
    with BundleSender(api, progress) as sender:
        creator = VersionCreator(lambda batch: _prepare(project, batch, hashed, status),
                                 lambda prepared: _send(api, project, prepared, report),
                                 lambda version: all(sender.landed(hashed[f].sha256) for f in version.files),
                                 progress, report)
        sender.on_change = creator.poke
        try:
            for batch in _slices(plan.versions if versions is None else versions):
                slice_hashed = _hash(batch, progress, cache)
                hashed.update(slice_hashed)
                existing = _existing(api, project, sorted({h.sha256 for h in slice_hashed.values()}))
                pending = []
                for version in batch:
                    digests = [hashed[f].sha256 for f in version.files]
                    if all(d in existing for d in digests):
                        report.duplicates.append((version.relative, existing[digests[0]]))
                    elif all(d in first_seen for d in digests):
                        report.duplicates.append((version.relative, first_seen[digests[0]]))
                    else:
                        first_seen.update(dict.fromkeys(digests, version.path))
                        pending.append(version)
                missing = find_missing(api, [hashed[f] for v in pending for f in v.files])
                if missing and store is None:
                    store = BlobStoreInfo.model_validate(api.request("GET", "/blobs/store").json())
                    if store.direct_upload:  # object storage: presigned, to the bucket, a bundle at a time
                        sender.send = upload_direct
                sender.add(missing)
                creator.add(pending)
            sender.close()
            creator.finish()  # the last bundles: what each one completes is created as it lands
        finally:
            creator.stop()
        report.bytes_sent += sender.finish()
    report.skipped = list(plan.skipped)
    return report


def _serialised(progress: ProgressCallback | None) -> ProgressCallback | None:
    """The uploader reports from its own thread: one report at a time. Once uploading has begun, the
    hashing of later slices (which overlaps it) is not reported, so a progress bar does not flip between
    the two phases."""
    if progress is None:
        return None
    lock = threading.Lock()
    uploading = False

    def report(event: Progress) -> None:
        nonlocal uploading
        with lock:
            uploading = uploading or event.phase == "upload"
            if not (uploading and event.phase == "hash"):
                progress(event)
    return report


def _slices(versions: Iterable[PlannedVersion]) -> Iterator[list[PlannedVersion]]:
    """Versions in slices of about ``SLICE_FILES`` files or ``SLICE_BYTES`` bytes (the first one smaller),
    each handed on as soon as it is full."""
    current: list[PlannedVersion] = []
    first = True
    files = size = 0
    for version in versions:
        most_files, most_bytes = (FIRST_SLICE_FILES, FIRST_SLICE_BYTES) if first else (SLICE_FILES, SLICE_BYTES)
        if current and (files >= min(most_files, SLICE_FILES) or size >= min(most_bytes, SLICE_BYTES)):
            yield current
            current, first = [], False
            files = size = 0
        current.append(version)
        files += len(version.files)
        size += sum(_size(f) for f in version.files)
    if current:
        yield current


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0  # hashing it will say what is wrong


def _hash(versions: list[PlannedVersion], progress: ProgressCallback | None,
          cache: HashCache | None) -> dict[Path, HashedFile]:
    """Every file's hash: from the cache when it knows the file unchanged, else read once (and remembered)."""
    tails = {v.files[0]: v.tensor_offset for v in versions if v.tensor_offset}
    found: dict[Path, HashedFile] = {}
    to_read: list[Path] = []
    for path in dict.fromkeys(f for v in versions for f in v.files):
        hit = cache.lookup(path) if cache is not None and path not in tails else None
        if hit is not None and hit.trusted:
            found[path] = HashedFile(path, hit.sha256, path.stat().st_size)
        else:
            to_read.append(path)
    if to_read:
        before = {path: os.stat(path) for path in to_read} if cache is not None else {}
        read = hash_sources(to_read, progress, tails)
        if cache is not None:
            cache.remember_many([(path, entry.sha256, before[path]) for path, entry in read.items()])
        found.update(read)
    return found


def _prepare(project: str, batch: list[PlannedVersion], hashed: dict[Path, HashedFile],
             status: str) -> tuple[list[PlannedVersion], bytes]:
    """A batch's bulk-create body (built while the batch before it is being created)."""
    items = []
    for version in batch:
        metadata = dict(version.metadata)
        if version.tensor_offset or metadata.get("format") == "pickle":
            main = hashed[version.files[0]]
            add_hashes(metadata, main.sha256, main.tail_sha256)
        manifest = VersionCreate(folder=version.folder, asset=version.asset, kind=version.kind,
                                 status=status, metadata=metadata,
                                 representations=representations_payload(version.representations, hashed))
        items.append(BulkVersionItem(key=_key(project, version, hashed), version=manifest))
    body = BulkVersionCreate(items=items).model_dump_json()  # pydantic's encoder: a third of model_dump + json
    return batch, body.encode()


def _send(api: ApiSession, project: str, prepared: tuple[list[PlannedVersion], bytes], report: IngestReport) -> None:
    batch, body = prepared
    answer = api.request("POST", f"/projects/{project}/versions/bulk", data=body, idempotent=True,
                         headers={"Content-Type": "application/json"})
    for version, outcome in zip(batch, BulkVersionResult.model_validate_json(answer.content).items):
        if outcome.error:
            report.failed.append((version.relative, str(outcome.error.get("message"))))
        elif outcome.reference:
            (report.created if outcome.created else report.replayed).append((version.relative, outcome.reference))
