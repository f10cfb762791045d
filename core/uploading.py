"""Get a publish's files to the server's blob store, reading each new byte once.

1. Files the hash cache knows (same path, size, mtime, ctime, inode) are not read at all; one request
   asks which of their blobs the server lacks. A file whose entry is racy (recorded right after a write)
   is hashed again first — read, not sent.
2. On a server that stores blobs itself, a file the cache does not know is hashed *while* it uploads
   (``POST /blobs``); the server hashes what it received and names the result, and the two must agree.
3. On a server with an object store (S3), bytes go straight to the bucket through presigned URLs: a new
   file is hashed first (the URL carries its SHA-256, which the store checks), then sent; the server
   verifies each object before it becomes a blob anyone can see.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

from .api_session import ApiSession
from .blob_models import BlobStored, BlobStoreInfo, UploadCompletion, UploadDone, UploadRequest, UploadTargets
from .errors import BrickyardError, HashMismatch, InvalidInput
from .hash_cache import HashCache, file_key
from .progress import Progress, ProgressCallback
from .publishing import HashedFile, find_missing, hash_sources, upload_blobs
from .transfer import UploadBody


def send_files(api: ApiSession, cache: HashCache, sources: Iterable[Path], store: Callable[[], BlobStoreInfo],
               progress: ProgressCallback | None = None,
               tails: Mapping[Path, int] | None = None) -> dict[Path, HashedFile]:
    """Every source's (sha256, size), with every blob the server lacked now stored there.

    ``store()`` (``GET /blobs/store``, remembered by the client) is asked only when a file is new or missing:
    an unchanged re-publish makes one request before the version's. A file in ``tails`` also gets the hash
    of its bytes from that offset on (``tail_sha256``: a safetensors file's AutoV3) — from the cache, or
    from the same single read that hashes or uploads it.
    """
    tails = tails or {}
    unique = list(dict.fromkeys(Path(s) for s in sources))
    known: dict[Path, HashedFile] = {}
    new: list[Path] = []
    to_hash: list[Path] = []
    for source in unique:
        hit = cache.lookup(source)
        tail = cache.lookup_tail(source, tails[source]) if source in tails and hit and hit.trusted else None
        if hit is None:
            new.append(source)
        elif hit.trusted and (source not in tails or tail):
            known[source] = HashedFile(source, hit.sha256, source.stat().st_size, tail)
        else:
            to_hash.append(source)
    if new and store().direct_upload:  # presigned PUTs carry the hash: know it before sending
        to_hash, new = to_hash + new, []
    if to_hash:
        before = {source: os.stat(source) for source in to_hash}
        hashed = hash_sources(to_hash, progress, {s: tails[s] for s in to_hash if s in tails})
        for source, entry in hashed.items():
            tail_entry = (tails[source], entry.tail_sha256) if entry.tail_sha256 else None
            cache.remember(source, entry.sha256, before[source], tail_entry)
        known.update(hashed)
    missing = find_missing(api, known.values())
    if missing:
        if store().direct_upload:
            upload_direct(api, missing, progress)
        else:
            upload_blobs(api, missing, progress)
    known.update(upload_hashing(api, cache, new, progress, tails))
    return {source: known[source] for source in unique}


def upload_hashing(api: ApiSession, cache: HashCache, sources: list[Path],
                   progress: ProgressCallback | None = None,
                   tails: Mapping[Path, int] | None = None) -> dict[Path, HashedFile]:
    """One pass per file: ``POST /blobs`` hashes on both ends (and a file in ``tails`` its tail); phase ``upload``."""
    tails = tails or {}
    sizes = {source: os.stat(source).st_size for source in sources}
    total = sum(sizes.values())
    done_before = 0
    result: dict[Path, HashedFile] = {}
    for index, source in enumerate(sources):
        before = os.stat(source)

        def report(done: int, name: str = source.name, index: int = index, offset: int = done_before) -> None:
            if progress:
                progress(Progress("upload", name, offset + done, total, index, len(sources)))

        body = UploadBody(source, before.st_size, report, hashing=True, tail_from=tails.get(source))
        answer = api.request("POST", "/blobs", data=body if before.st_size else b"",
                             headers={"Content-Type": "application/octet-stream"}, idempotent=True)
        stored = BlobStored.model_validate(answer.json())
        ours = body.sha256() if before.st_size else "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        if stored.sha256 != ours or stored.size != before.st_size:
            raise HashMismatch(f"the server received {source} as {stored.sha256[:12]}… ({stored.size} bytes) but it "
                               f"was sent as {ours[:12]}… ({before.st_size} bytes); nothing was published — retry",
                               detail={"path": str(source), "sha256": ours, "server_sha256": stored.sha256})
        _unchanged(source, before)
        tail = body.tail_sha256() if before.st_size else None
        cache.remember(source, ours, before, (tails[source], tail) if tail else None)
        result[source] = HashedFile(source, ours, before.st_size, tail)
        done_before += before.st_size
        if progress:
            progress(Progress("upload", source.name, done_before, total, index + 1, len(sources)))
    return result


def _unchanged(source: Path, before: os.stat_result) -> None:
    """A file written to while it was sent was published as neither its old nor its new self: refuse it."""
    if file_key(os.stat(source)) != file_key(before):
        raise InvalidInput(f"{source} changed while it was being published; nothing was published — let whatever "
                           "writes it finish, then publish again", detail={"path": str(source)})


def _put(api: ApiSession, url: str, body, headers: dict[str, str], source: Path) -> None:
    # No Authorization header: the URL's signature is the credential, and S3 refuses two.
    answer = api.session.put(url, data=body, headers=headers, timeout=(10, api.timeout))
    if answer.status_code >= 400:
        status = 503 if answer.status_code >= 500 else answer.status_code  # 5xx from S3: worth a retry
        raise BrickyardError(f"the object store refused the upload of {source} (HTTP {answer.status_code}): "
                             f"{answer.text[:200]}", code="store_refused", status=status,
                             detail={"path": str(source)})


def upload_direct(api: ApiSession, blobs: list[HashedFile], progress: ProgressCallback | None = None) -> int:
    """Presigned PUTs straight to the object store, then ONE request to verify and register them all."""
    by_sha = {blob.sha256: blob for blob in blobs}
    request = UploadRequest(items=[{"sha256": b.sha256, "size": b.size} for b in by_sha.values()])
    targets = UploadTargets.model_validate(
        api.request("POST", "/blobs/uploads", json=request.model_dump(mode="json"), idempotent=True).json())
    total = sum(blob.size for blob in by_sha.values())
    done_before = 0
    for index, target in enumerate(targets.items):
        blob = by_sha[target.sha256]

        def report(done: int, name: str = blob.source.name, index: int = index, offset: int = done_before) -> None:
            if progress:
                progress(Progress("upload", name, offset + done, total, index, len(targets.items)))

        if target.parts is None:
            body = UploadBody(blob.source, blob.size, report) if blob.size else b""
            api.with_retries(lambda t=target, b=body, s=blob.source: _put(api, t.url or "", b, t.headers, s))
        else:  # a multipart upload: each part sent (and retried) on its own; parts already there are not listed
            for part in target.parts:
                body = UploadBody(blob.source, part.size, lambda n, o=part.offset: report(o + n), offset=part.offset)
                api.with_retries(lambda p=part, b=body, s=blob.source: _put(api, p.url, b, {}, s))
        done_before += blob.size
        if progress:
            progress(Progress("upload", blob.source.name, done_before, total, index + 1, len(targets.items)))
    completion = UploadCompletion(items=[UploadDone(sha256=t.sha256, size=t.size, upload_id=t.upload_id)
                                         for t in targets.items])
    api.request("POST", "/blobs/uploads/complete", json=completion.model_dump(mode="json"), idempotent=True)
    return total
