"""The integrator's steps: hash each file once, ask which blobs the server lacks, stream only those.

``Client.publish`` strings them together and then creates the version with one request; keeping the
steps here keeps the client a list of verbs.
"""

from __future__ import annotations

import json
import struct
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from .api_session import ApiSession
from .hashing import hash_file, hash_file_and_tail
from .kinds import check_metadata, find_kind
from .manifest import PlannedRepresentation
from .models import BlobsMissing, BlobsQuery, FileEntry, ProjectPublic, RepresentationCreate
from .naming import check_path
from .paths import as_path
from .progress import Progress, ProgressCallback
from .transfer import UploadBody


@dataclass(frozen=True)
class HashedFile:
    source: Path
    sha256: str
    size: int
    tail_sha256: str | None = None  # the tensor bytes' hash, when asked for (safetensors)


def check_before_upload(project: ProjectPublic, *, folder: str, asset: str, kind: str,
                        metadata: Mapping) -> None:
    """Refuse a bad name, kind or missing metadata before any byte is hashed or sent.

    The server checks the same rules again; checking here too spares an artist a long upload that
    was always going to be refused.
    """
    check_path(project.naming, folder, asset)
    check_metadata(find_kind(project.kinds, kind), dict(metadata))


def hash_sources(sources: Iterable[Path], progress: ProgressCallback | None = None,
                 tails: Mapping[Path, int] | None = None) -> dict[Path, HashedFile]:
    """Hash every distinct file once (one streaming pass each), reporting phase ``hash``; a file in
    ``tails`` also gets the hash of its bytes from that offset on, in the same pass."""
    unique = list(dict.fromkeys(as_path(s) for s in sources))
    total = sum(source.stat().st_size for source in unique)
    hashed: dict[Path, HashedFile] = {}
    before = 0
    for index, source in enumerate(unique):
        def report(done: int, name: str = source.name, index: int = index, before: int = before) -> None:
            if progress:
                progress(Progress("hash", name, before + done, max(total, before + done), index, len(unique)))

        if tails and source in tails:
            sha256, tail, size = hash_file_and_tail(source, tails[source], report)
            hashed[source] = HashedFile(source, sha256, size, tail)
        else:
            sha256, size = hash_file(source, report)
            hashed[source] = HashedFile(source, sha256, size)
        before += size
        if progress:  # one event per finished file, so an empty file is reported too
            progress(Progress("hash", source.name, before, max(total, before), index + 1, len(unique)))
    return hashed


def find_missing(api: ApiSession, files: Iterable[HashedFile]) -> list[HashedFile]:
    """The blobs the server lacks, asked in ONE request (a pure query, so safe to retry)."""
    by_sha: dict[str, HashedFile] = {}
    for file in files:
        by_sha.setdefault(file.sha256, file)
    if not by_sha:
        return []
    query = BlobsQuery(sha256=list(by_sha))
    answer = api.request("POST", "/blobs/missing", json=query.model_dump(mode="json"), idempotent=True)
    missing = BlobsMissing.model_validate(answer.json()).missing
    return [by_sha[sha] for sha in missing if sha in by_sha]


def upload_blobs(api: ApiSession, blobs: list[HashedFile], progress: ProgressCallback | None = None) -> int:
    """Stream each blob with ``PUT /blobs/{sha256}`` (phase ``upload``); the bytes sent, once each."""
    total = sum(blob.size for blob in blobs)
    before = 0
    for index, blob in enumerate(blobs):
        def report(done: int, name: str = blob.source.name, index: int = index, before: int = before) -> None:
            if progress:
                progress(Progress("upload", name, before + done, total, index, len(blobs)))

        # requests sends an empty iterable chunked; an empty file must go as an empty bytes body.
        body = UploadBody(blob.source, blob.size, report) if blob.size else b""
        api.request("PUT", f"/blobs/{blob.sha256}", data=body,
                    headers={"Content-Type": "application/octet-stream"})
        before += blob.size
        if progress:
            progress(Progress("upload", blob.source.name, before, total, index + 1, len(blobs)))
    return total


def representations_payload(plans: list[PlannedRepresentation],
                            hashed: Mapping[Path, HashedFile]) -> list[RepresentationCreate]:
    """The manifest's representations: every planned file with the hash and size it was published with."""
    return [
        RepresentationCreate(
            name=plan.name, frame_start=plan.frame_start, frame_end=plan.frame_end,
            files=[FileEntry(path=f.path, size=hashed[f.source].size, sha256=hashed[f.source].sha256,
                             frame=f.frame) for f in plan.files])
        for plan in plans
    ]


BUNDLE_MAX_BYTES = 64 * 1024 * 1024  # per request: small files travel many to a request
BUNDLE_MAX_FILES = 1000


class BundleBody:
    """Many blobs as one request body (``POST /blobs/bundle``): 8-byte little-endian manifest length,
    the JSON manifest ``{"blobs": [[sha256, size], …]}``, then each file's bytes. ``len()`` is exact, so
    ``requests`` sends a Content-Length; re-iterable, so a retry sends it all again."""

    def __init__(self, blobs: list[HashedFile], report=None, ended: Callable[[], None] | None = None):
        manifest = json.dumps({"blobs": [[b.sha256, b.size] for b in blobs]}).encode()
        self.head = struct.pack("<Q", len(manifest)) + manifest
        self.blobs, self.report = blobs, report
        self.ended = ended  # called once the last byte has been handed to the connection

    def __len__(self) -> int:
        return len(self.head) + sum(b.size for b in self.blobs)

    def __iter__(self):
        yield self.head
        for blob in self.blobs:
            yield from UploadBody(blob.source, blob.size, self.report and (
                lambda done, blob=blob: self.report(blob, done)))
        if self.ended is not None:
            self.ended()


def bundles(blobs: list[HashedFile]) -> list[list[HashedFile]]:
    """Blobs grouped for bundle requests; a blob larger than a bundle travels alone."""
    groups: list[list[HashedFile]] = [[]]
    size = 0
    for blob in blobs:
        if groups[-1] and (size + blob.size > BUNDLE_MAX_BYTES or len(groups[-1]) >= BUNDLE_MAX_FILES):
            groups.append([])
            size = 0
        groups[-1].append(blob)
        size += blob.size
    return [g for g in groups if g]


def upload_bundled(api: ApiSession, blobs: list[HashedFile], progress: ProgressCallback | None = None,
                   sent_all: Callable[[], None] | None = None) -> int:
    """Upload many (small) blobs in as few requests as ``BUNDLE_MAX_*`` allow; the bytes sent.
    ``sent_all`` is called when the last byte has left, before the server's answer to it."""
    total = sum(blob.size for blob in blobs)
    sent = {"before": 0, "files": 0}

    def report(blob: HashedFile, done: int) -> None:
        if progress:
            progress(Progress("upload", blob.source.name, sent["before"] + done, total, sent["files"], len(blobs)))
        if done == blob.size:
            sent["before"] += blob.size
            sent["files"] += 1

    groups = bundles(blobs)
    for number, group in enumerate(groups, 1):
        if len(group) == 1 and group[0].size > BUNDLE_MAX_BYTES:
            upload_blobs(api, group)
            report(group[0], group[0].size)
            continue
        before = dict(sent)
        ended = sent_all if number == len(groups) else None
        try:
            api.request("POST", "/blobs/bundle", data=BundleBody(group, report, ended), idempotent=True,
                        headers={"Content-Type": "application/octet-stream"})
        except BaseException:
            sent.update(before)
            raise
    return total
