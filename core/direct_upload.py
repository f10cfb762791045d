"""Send blobs straight to an object store (S3) through presigned URLs, reading each file once.

A small blob goes as one PUT whose URL signs its SHA-256 (the store refuses other bytes). A large one — or
one whose hash is not known yet — goes as a multipart upload: the file is read once, in order, in parts;
each part feeds the file's SHA-256 (on a helper thread) and gets its own CRC32, which the server signs
into that part's URL (a batch of parts per request, as they are read). Parts are sent by a small pool,
at most ``in_flight`` at a time, so memory stays at a few parts whatever the file's size. A broken-off
upload resumes: the parts the store already holds are read (to hash them) but not sent again.
"""

from __future__ import annotations

import hashlib
import zlib
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path

from .api_session import ApiSession
from .blob_models import (
    PartsRequest,
    PartToSign,
    SignedParts,
    UploadCompletion,
    UploadDone,
    UploadRequest,
    UploadTarget,
    UploadTargets,
)
from .errors import BrickyardError, InvalidInput
from .transfer import _HASHING, UploadBody

PART_MEMORY = 64 * 1024 * 1024  # at most this many bytes of parts read and not yet sent
MAX_IN_FLIGHT = 8  # parts sent at once (boto3's upload_file sends 10)
Report = Callable[[int], None]  # bytes of this blob sent so far


@dataclass(frozen=True)
class Outgoing:
    """A blob to send: its file, its size and, if known, its hash (and its bytes, if held in memory)."""

    source: Path
    size: int
    sha256: str | None = None
    data: bytes | None = None


def start(api: ApiSession, blobs: list[Outgoing], resume: dict[Path, str] | None = None) -> list[UploadTarget]:
    """``POST /blobs/uploads`` for all of ``blobs`` at once: a presigned PUT or a multipart upload each."""
    items = [{"sha256": b.sha256, "size": b.size, "resume": (resume or {}).get(b.source)} for b in blobs]
    answer = api.request("POST", "/blobs/uploads", json=UploadRequest(items=items).model_dump(mode="json"),
                         idempotent=True)
    return UploadTargets.model_validate(answer.json()).items


def complete(api: ApiSession, done: list[UploadDone]) -> None:
    """``POST /blobs/uploads/complete``: the server verifies each (sha256, size, upload id) and stores it."""
    completion = UploadCompletion(items=done)
    api.request("POST", "/blobs/uploads/complete", json=completion.model_dump(mode="json"), idempotent=True)


def put_whole(api: ApiSession, target: UploadTarget, blob: Outgoing, report: Report) -> None:
    """One presigned PUT of a small blob, from memory if held there, else streamed from its file."""
    if blob.data is not None:
        body: object = blob.data
    else:
        body = UploadBody(blob.source, blob.size, report) if blob.size else b""
    api.with_retries(lambda: _put(api, target.url or "", body, target.headers, blob.source))
    report(blob.size)


def send_parts(api: ApiSession, target: UploadTarget, blob: Outgoing, report: Report,
               in_flight: int | None = None) -> str:
    """Read ``blob``'s file once, send the parts the store lacks, and return the file's SHA-256."""
    part_size = target.part_size or blob.size
    in_flight = in_flight or max(2, min(MAX_IN_FLIGHT, PART_MEMORY // max(part_size, 1)))
    batch = max(1, in_flight // 2)  # parts signed per request once the pool is busy
    held = {p.number: p for p in target.received}
    digest = hashlib.sha256()
    hashing: Future | None = None
    ready: list[tuple[int, bytes, str]] = []  # read and hashed, waiting for their URLs
    sending: set[Future] = set()
    sent = 0

    def settle(block: bool) -> None:
        nonlocal sent
        if not sending:
            return
        done, _ = wait(sending, timeout=None if block else 0, return_when=FIRST_COMPLETED)
        for future in done:
            sending.discard(future)
            sent += future.result()  # a part that failed for good fails the publish
        report(sent)

    def flush(pool: ThreadPoolExecutor) -> None:
        if not ready:
            return
        request = PartsRequest(upload_id=target.upload_id, size=blob.size,
                               parts=[PartToSign(number=n, crc32=c) for n, _, c in ready])
        signed = SignedParts.model_validate(api.request(
            "POST", "/blobs/uploads/parts", json=request.model_dump(mode="json"), idempotent=True).json())
        data = {n: d for n, d, _ in ready}
        for part in signed.parts:
            sending.add(pool.submit(_send_part, api, part.url, part.headers, data[part.number], blob.source))
        ready.clear()

    with ThreadPoolExecutor(max_workers=in_flight, thread_name_prefix="brickyard-part") as pool, \
            open(blob.source, "rb") as stream:
        try:
            for number, offset in enumerate(range(0, blob.size, part_size), start=1):
                while len(sending) + len(ready) >= in_flight:  # memory: at most ``in_flight`` parts held
                    flush(pool)
                    settle(block=True)
                data = stream.read(min(part_size, blob.size - offset))
                if len(data) != min(part_size, blob.size - offset):
                    raise _shrank(blob, offset + len(data))
                if hashing is not None:
                    hashing.result()  # the file's hash sees the parts in order
                hashing = _HASHING.submit(digest.update, data)
                part_crc32 = f"{zlib.crc32(data):08x}"  # meanwhile, on this thread
                there = held.get(number)
                if there is not None and there.size == len(data) and there.crc32 in (None, part_crc32):
                    sent += len(data)  # the store holds it from an attempt that broke off
                    continue
                ready.append((number, data, part_crc32))
                if len(ready) >= batch or not sending:
                    flush(pool)
                settle(block=False)
            flush(pool)
            while sending:
                settle(block=True)
        finally:
            ready.clear()
            for future in sending:
                future.cancel()
    if hashing is not None:
        hashing.result()
    report(blob.size)
    return digest.hexdigest()


def _send_part(api: ApiSession, url: str, headers: dict[str, str], data: bytes, source: Path) -> int:
    api.with_retries(lambda: _put(api, url, data, headers, source))
    return len(data)


def _put(api: ApiSession, url: str, body, headers: dict[str, str], source: Path) -> None:
    # No Authorization header: the URL's signature is the credential, and S3 refuses two.
    answer = api.session.put(url, data=body, headers=headers, timeout=(10, api.timeout))
    if answer.status_code >= 400:
        status = 503 if answer.status_code >= 500 else answer.status_code  # 5xx from S3: worth a retry
        raise BrickyardError(f"the object store refused the upload of {source} (HTTP {answer.status_code}): "
                             f"{answer.text[:200]}", code="store_refused", status=status,
                             detail={"path": str(source)})


def _shrank(blob: Outgoing, read: int) -> InvalidInput:
    return InvalidInput(f"{blob.source} shrank while it was being published ({read} of {blob.size} bytes "
                        "read); nothing was published — let whatever writes it finish, then publish again",
                        detail={"path": str(blob.source), "expected_size": blob.size, "read": read})

