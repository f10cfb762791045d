"""Get a publish's files to the server's blob store, reading each new byte once.

1. Files the hash cache knows (same path, size, mtime, ctime, inode) are not read at all; one request
   asks which of their blobs the server lacks. A file whose entry is racy (recorded right after a write)
   is hashed again first — read, not sent.
2. On a server that stores blobs itself, a file the cache does not know is hashed *while* it uploads
   (``POST /blobs``); the server hashes what it received and names the result, and the two must agree.
3. On a server with an object store (S3), bytes go straight to the bucket through presigned URLs
   (``direct_upload.py``). A new small file (up to one part) is read into memory and hashed, asked
   about, and sent from memory with its SHA-256 signed into the URL; a new large file goes as a
   multipart upload hashed while it is sent, part by part. Either way it is read once; the server
   verifies each upload before it becomes a blob anyone can see.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path
from typing import TypeVar

from .api_session import ApiSession
from .blob_models import MAX_BATCH, BlobStored, BlobStoreInfo, UploadDone, UploadTarget
from .direct_upload import MAX_IN_FLIGHT, Outgoing, complete, put_whole, send_parts, start
from .errors import HashMismatch, InvalidInput
from .hash_cache import HashCache, file_key
from .progress import Progress, ProgressCallback
from .publishing import HashedFile, find_missing, hash_sources, upload_blobs
from .transfer import UploadBody

T = TypeVar("T")
SMALL_MEMORY = 64 * 1024 * 1024  # new small files held in memory between their hash and their PUT


def send_files(api: ApiSession, cache: HashCache, sources: Iterable[Path], store: Callable[[], BlobStoreInfo],
               progress: ProgressCallback | None = None,
               tails: Mapping[Path, int] | None = None,
               completions: list[UploadDone] | None = None) -> dict[Path, HashedFile]:
    """Every source's (sha256, size), with every blob the server lacked now stored there.

    On an object store, ``completions`` (if given) collects the single PUTs left to complete: the caller
    sends them with the version create, sparing a request (see ``upload_direct``).

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
    in_memory: dict[str, bytes] = {}
    large: list[Path] = []
    direct = bool(new) and store().direct_upload  # asked anyway: new files travel by the store's kind
    if direct:  # small ones: read and hashed now, sent from memory if missing
        part_size = store().part_size or SMALL_MEMORY
        small = [s for s in new if os.stat(s).st_size <= part_size]
        large = [s for s in new if s not in small]
        known.update(_read_small(cache, small, in_memory, progress, tails))
        new = []
    if to_hash:
        before = {source: os.stat(source) for source in to_hash}
        hashed = hash_sources(to_hash, progress, {s: tails[s] for s in to_hash if s in tails})
        for source, entry in hashed.items():
            tail_entry = (tails[source], entry.tail_sha256) if entry.tail_sha256 else None
            cache.remember(source, entry.sha256, before[source], tail_entry)
        known.update(hashed)
    if direct:  # the uploads' start answers which blobs are held already: no separate question
        if known:
            upload_direct(api, list(known.values()), progress, in_memory, cache, completions)
    elif missing := find_missing(api, known.values()):
        if store().direct_upload:
            upload_direct(api, missing, progress, in_memory, cache, completions)
        else:
            upload_blobs(api, missing, progress)
    in_memory.clear()
    known.update(upload_hashing(api, cache, new, progress, tails))
    known.update(upload_unhashed(api, cache, large, progress))
    return {source: known[source] for source in unique}


def _read_small(cache: HashCache, sources: list[Path], in_memory: dict[str, bytes],
                progress: ProgressCallback | None, tails: Mapping[Path, int]) -> dict[Path, HashedFile]:
    """Hash small files (and a file in ``tails`` its tail), keeping their bytes (up to ``SMALL_MEMORY`` in
    all) for the PUT that may follow."""
    result: dict[Path, HashedFile] = {}
    held = 0
    total = sum(os.stat(s).st_size for s in sources)
    done = 0
    for index, source in enumerate(sources):
        before = os.stat(source)
        with open(source, "rb") as stream:
            data = stream.read(before.st_size + 1)
        if len(data) != before.st_size:
            raise InvalidInput(f"{source} changed size while it was read; nothing was published — let whatever "
                               "writes it finish, then publish again", detail={"path": str(source)})
        sha256 = hashlib.sha256(data).hexdigest()
        tail = (tails[source], hashlib.sha256(data[tails[source]:]).hexdigest()) if source in tails else None
        _unchanged(source, before)
        cache.remember(source, sha256, before, tail)
        if held + len(data) <= SMALL_MEMORY:
            in_memory.setdefault(sha256, data)
            held += len(data)
        result[source] = HashedFile(source, sha256, len(data), tail[1] if tail else None)
        done += len(data)
        if progress:
            progress(Progress("hash", source.name, done, total, index + 1, len(sources)))
    return result


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


def upload_unhashed(api: ApiSession, cache: HashCache, sources: list[Path],
                    progress: ProgressCallback | None = None) -> dict[Path, HashedFile]:
    """Large new files to the object store, each read once: hashed while sent in parts; phase ``upload``.

    One request starts them all (resuming the uploads of files whose earlier attempt broke off), one
    request per batch of parts signs their URLs, one request completes them all."""
    if not sources:
        return {}
    before = {source: os.stat(source) for source in sources}
    resume = {s: u for s in sources if (u := cache.pending_upload(s)) is not None}
    targets = [t for batch in _batches([Outgoing(s, before[s].st_size) for s in sources])
               for t in start(api, batch, resume)]
    for source, target in zip(sources, targets):
        cache.remember_upload(source, target.upload_id, before[source])
    total = sum(b.st_size for b in before.values())
    result: dict[Path, HashedFile] = {}
    done_before = 0
    for index, (source, target) in enumerate(zip(sources, targets)):
        size = before[source].st_size

        def report(done: int, name: str = source.name, index: int = index, offset: int = done_before) -> None:
            if progress:
                progress(Progress("upload", name, offset + done, total, index, len(sources)))

        sha256 = send_parts(api, target, Outgoing(source, size), report)
        _unchanged(source, before[source])
        result[source] = HashedFile(source, sha256, size)
        done_before += size
    try:
        for batch in _batches([UploadDone(sha256=result[s].sha256, size=result[s].size, upload_id=t.upload_id)
                               for s, t in zip(sources, targets)]):
            complete(api, batch)
    except HashMismatch:
        for source in sources:  # a part kept from a broken attempt was not this file's: start afresh next time
            cache.forget_upload(source)
        raise
    for source in sources:
        cache.forget_upload(source)
        cache.remember(source, result[source].sha256, before[source])
    if progress:
        progress(Progress("upload", sources[-1].name, total, total, len(sources), len(sources)))
    return result


def upload_direct(api: ApiSession, blobs: list[HashedFile], progress: ProgressCallback | None = None,
                  in_memory: dict[str, bytes] | None = None, cache: HashCache | None = None,
                  completions: list[UploadDone] | None = None) -> int:
    """Blobs of known hash straight to the object store, then ONE request to verify and register them all.

    The server answers ``held`` for a blob the caller holds already: nothing is sent for it, so the
    blobs need not be asked about first. Small ones go as single PUTs, several at once (from memory when
    ``in_memory`` holds their bytes); large ones as multipart uploads, their parts several at once —
    resumed after a crash when ``cache`` keeps their upload ids. With ``completions`` given, the single
    PUTs are left for the caller to complete (a version create carries them); multipart ones are
    completed here. The bytes sent."""
    by_sha = {blob.sha256: blob for blob in blobs}
    outgoing = [Outgoing(b.source, b.size, b.sha256, (in_memory or {}).get(b.sha256)) for b in by_sha.values()]
    resume = {b.source: u for b in outgoing if cache and (u := cache.pending_upload(b.source)) is not None}
    targets = [t for batch in _batches(outgoing) for t in start(api, batch, resume)]
    sending = [(t, b) for t, b in zip(targets, outgoing) if not t.held]
    for target, blob in sending:
        if cache and target.url is None:
            cache.remember_upload(blob.source, target.upload_id, os.stat(blob.source))
    total = sum(blob.size for _, blob in sending)
    sent = {target.upload_id: 0 for target, _ in sending}

    def reporter(target, name: str) -> Callable[[int], None]:
        def report(done: int) -> None:
            sent[target.upload_id] = done
            if progress:
                progress(Progress("upload", name, sum(sent.values()), total, len(sending) - 1, len(sending)))
        return report

    whole = [(t, b) for t, b in sending if t.url is not None]
    with ThreadPoolExecutor(max_workers=MAX_IN_FLIGHT, thread_name_prefix="brickyard-put") as pool:
        # progress is reported from this thread only, as each PUT finishes
        futures = {pool.submit(put_whole, api, t, b, lambda n: None): (t, b) for t, b in whole}
        for future in as_completed(futures):
            future.result()
            target, blob = futures[future]
            reporter(target, blob.source.name)(blob.size)
    for target, blob in sending:
        if target.url is None:
            send_parts(api, target, blob, reporter(target, blob.source.name))
    to_complete = sending
    if completions is not None and len(whole) <= MAX_BATCH:  # the single PUTs go with the version create
        completions.extend(_done(whole))
        to_complete = [(t, b) for t, b in sending if t.url is None]
    multipart = [b.source for t, b in sending if t.url is None] if cache else []
    try:
        for batch in _batches(_done(to_complete)):
            complete(api, batch)
    except HashMismatch:  # a part kept from a broken attempt was not this file's: start afresh next time
        for source in multipart:
            cache.forget_upload(source)  # type: ignore[union-attr]  # multipart is empty without a cache
        raise
    for source in multipart:
        cache.forget_upload(source)  # type: ignore[union-attr]
    return total


def _done(sent: list[tuple[UploadTarget, Outgoing]]) -> list[UploadDone]:
    return [UploadDone(sha256=t.sha256 or b.sha256 or "", size=b.size, upload_id=t.upload_id) for t, b in sent]


def _batches(items: list[T]) -> list[list[T]]:
    """``items`` in requests of at most ``MAX_BATCH`` (a frame sequence may have thousands of files)."""
    return [items[i:i + MAX_BATCH] for i in range(0, len(items), MAX_BATCH)]
