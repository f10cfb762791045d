"""Run an ingest plan: hash every file once, report what the project already has, upload the rest in
bundles, create the versions many to a request — a few requests per hundred files.

Each version's idempotency key is derived from its name and bytes, so a re-run after an interruption
replays what landed instead of creating it twice (and sends no byte the server has).
"""

from __future__ import annotations

import hashlib
import json
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
from ..progress import Progress, ProgressCallback
from ..blob_models import BlobStoreInfo
from ..publishing import HashedFile, find_missing, hash_sources, representations_payload, upload_bundled
from ..uploading import upload_direct
from .plan import IngestPlan, PlannedVersion

CREATE_BATCH = 500  # versions per bulk request
LOOKUP_BATCH = 10_000  # hashes per lookup request


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
               progress: ProgressCallback | None = None) -> IngestReport:
    report = IngestReport(skipped=list(plan.skipped))
    tails = {v.files[0]: v.tensor_offset for v in plan.versions if v.tensor_offset}
    hashed = hash_sources([f for v in plan.versions for f in v.files], progress, tails)
    existing = _existing(api, project, sorted({h.sha256 for h in hashed.values()}))
    pending: list[PlannedVersion] = []
    first_seen: dict[str, str] = {}  # the same bytes twice in the folder: the first one is published
    for version in plan.versions:
        digests = [hashed[f].sha256 for f in version.files]
        relative = version.files[0].relative_to(plan.root).as_posix()
        if all(d in existing for d in digests):
            report.duplicates.append((relative, existing[digests[0]]))
        elif all(d in first_seen for d in digests):
            report.duplicates.append((relative, first_seen[digests[0]]))
        else:
            first_seen.update(dict.fromkeys(digests, version.path))
            pending.append(version)
    missing = find_missing(api, [hashed[f] for v in pending for f in v.files])
    store = BlobStoreInfo.model_validate(api.request("GET", "/blobs/store").json()) if missing else None
    if store is not None and store.direct_upload:  # object storage: presigned uploads, straight to the bucket
        upload_direct(api, missing, progress)
        report.bytes_sent = sum(blob.size for blob in missing)
    else:
        report.bytes_sent = upload_bundled(api, missing, progress)
    done = 0
    for start in range(0, len(pending), CREATE_BATCH):
        batch = pending[start:start + CREATE_BATCH]
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
        body = BulkVersionCreate(items=items).model_dump(mode="json")
        answer = api.request("POST", f"/projects/{project}/versions/bulk", json=body, idempotent=True)
        for version, outcome in zip(batch, BulkVersionResult.model_validate_json(answer.content).items):
            relative = version.files[0].relative_to(plan.root).as_posix()
            if outcome.error:
                report.failed.append((relative, str(outcome.error.get("message"))))
            elif outcome.reference:
                (report.created if outcome.created else report.replayed).append((relative, outcome.reference))
        done += len(batch)
        if progress:
            progress(Progress("upload", "versions", done, len(pending), done, len(pending)))
    return report
