"""Blobs in an S3-compatible bucket (AWS S3, MinIO, Ceph RGW…) through boto3.

Layout: ``<prefix>/blobs/ab/cd/<sha256>`` for blobs, ``<prefix>/uploads/<sha256>.<random>`` for uploads
in flight. A presigned upload becomes a blob only once the server verified its bytes — by the SHA-256
checksum the store checked on the PUT (``verify="checksum"``: AWS S3, MinIO and Ceph RGW refuse a body
that does not match the signed checksum header), or by reading the object back and hashing it (always for
a multipart upload; ``verify="rehash"`` for stores that keep a checksum without checking it, such as moto).
A verified upload stays at its upload key: the blob's database row records that *location* (a copy to
the sha256's key cost as much as the upload), and ``locate`` — set by the server — finds it for every
reader; a blob with no recorded location is at its sha256's key.
Clients (with presigned URLs) write only to upload keys, or, where the store checks the signed checksum,
to a blob's own key, so nobody can place or overwrite bytes under a sha256 they do not hash to.
Endpoint, region and credentials come from the standard AWS settings (``AWS_ENDPOINT_URL``,
``AWS_REGION``, ``AWS_ACCESS_KEY_ID``/``AWS_SECRET_ACCESS_KEY``, profiles…).
"""

from __future__ import annotations

import base64
import hashlib
import os
import re
import secrets
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import urlparse

from brickyard.core.errors import BrickyardError, HashMismatch, InvalidInput, PayloadTooLarge

from .blobs import HASHING, CHUNK, SHA256, StoredBlob, _mismatch, _short, check_sha256, put_stream

PART = 16 * 1024 * 1024  # server-side multipart part size; memory per upload stays at one part
PRESIGN_SECONDS = 3600
SINGLE_COPY_LIMIT = 5 * 1024**3
SINGLE_PUT_LIMIT = 5 * 1024**3  # S3's limit for one PUT (and one part)
MAX_PARTS = 10_000
UNHASHED = "unhashed"  # names an upload whose sha256 the client learns only as it sends the bytes
DIRECT = "direct-"  # marks an upload id whose PUT goes to the blob's own key (a store checking checksums)
_UPLOAD_ID = re.compile(r"^([0-9a-f]{64}|unhashed)\.(direct-)?[0-9a-f]{32}$")
_TOKEN = "brickyard-upload"  # object metadata: which upload wrote a blob's key, so only that one completes it
# Parts of a multipart upload carry a CRC32: the store checks each part on arrival (and a resumed upload
# learns which parts it holds); the blob's SHA-256 is checked by re-reading the completed object anyway.
# CRC32 rather than SHA-256: the store computes it again to complete the upload (moto: 0.1 s less per
# 256 MiB), and it is what boto3 sends by default. None at all is dearer: AWS and moto then compute a
# full-object CRC64NVME on completion (moto, lacking awscrt: another copy of the object and a CRC32 of it).
PART_CHECKSUM = "CRC32"
VERIFY_CHUNK = 4 * 1024 * 1024  # re-reading an upload: large reads, hashed on a helper thread meanwhile


def parse_location(location: str) -> tuple[str, str]:
    """``s3://BUCKET/PREFIX`` → (bucket, prefix without slashes)."""
    parsed = urlparse(location)
    if parsed.scheme != "s3" or not parsed.netloc:
        raise InvalidInput(f"blob store {location!r} is not s3://BUCKET[/PREFIX]; e.g. s3://studio-assets/brickyard",
                           detail={"blob_store": location})
    return parsed.netloc, parsed.path.strip("/")


def make_client() -> Any:
    import boto3
    from botocore.config import Config

    # A custom endpoint (MinIO, Ceph, moto) rarely has wildcard DNS for virtual-host bucket names.
    custom = os.environ.get("AWS_ENDPOINT_URL_S3") or os.environ.get("AWS_ENDPOINT_URL")
    # Checksums are ours to check (finish_upload, verify): botocore computing or validating its own on
    # every transfer would only hash each byte again.
    config = Config(signature_version="s3v4", retries={"max_attempts": 5, "mode": "standard"},
                    s3={"addressing_style": "path" if custom else "auto"}, max_pool_connections=32,
                    request_checksum_calculation="when_required", response_checksum_validation="when_required")
    return boto3.client("s3", config=config)


def _b64(sha256: str) -> str:
    return base64.b64encode(bytes.fromhex(sha256)).decode()


def _crc32_b64(crc32: str) -> str:
    """A part's CRC32 (8 hex digits, as the client sends it) as S3's checksum header wants it."""
    if not re.fullmatch(r"[0-9a-f]{8}", crc32):
        raise InvalidInput(f"{crc32!r} is not a part's CRC32 (8 lowercase hex digits)", detail={"crc32": crc32})
    return base64.b64encode(bytes.fromhex(crc32)).decode()


class S3BlobStore:
    kind = "s3"

    def __init__(self, bucket: str, prefix: str = "", client: Any = None, verify: str = "checksum",
                 part_size: int = 16 * 1024 * 1024):
        if verify not in ("checksum", "rehash"):
            raise InvalidInput(f"S3 verification {verify!r} is neither 'checksum' nor 'rehash'",
                               detail={"verify": verify})
        self.bucket, self.prefix, self.verify = bucket, prefix.strip("/"), verify
        self.part_size = min(max(part_size, 5 * 1024 * 1024), SINGLE_PUT_LIMIT)  # S3's part size limits
        self.client = client or make_client()
        self._multipart_ids: dict[str, str] = {}  # upload key -> the store's multipart id, to sign parts
        # sha256 -> the location its blob's row records (None: its own key); the server sets it at start-up.
        self.locate: Callable[[str], str | None] = lambda sha256: None
        from botocore.exceptions import ClientError

        self._client_error = ClientError

    def describe(self) -> str:
        return f"s3://{self.bucket}/{self.prefix}".rstrip("/")

    def _key(self, *parts: str) -> str:
        return "/".join(p for p in (self.prefix, *parts) if p)

    def key(self, sha256: str) -> str:
        check_sha256(sha256)
        return self._key("blobs", sha256[:2], sha256[2:4], sha256)

    def at(self, sha256: str, location: str | None) -> str:
        """The object key of a blob kept at ``location`` (under the prefix), or at its own key (None)."""
        return self._key(location) if location else self.key(sha256)

    def location_of(self, key: str) -> str:
        """A full object key as a location under the prefix (what a blob's row records)."""
        return key[len(self.prefix) + 1:] if self.prefix else key

    def _where(self, sha256: str) -> str:
        return self.at(sha256, self.locate(check_sha256(sha256)))

    def upload_key(self, upload_id: str) -> str:
        if not _UPLOAD_ID.match(upload_id):
            raise InvalidInput(f"{upload_id!r} is not an upload id this server handed out",
                               detail={"upload_id": upload_id})
        return self._key("uploads", upload_id)

    # --- the store interface ---------------------------------------------------------------------------

    def prepare(self) -> int:
        """Check the bucket answers (a clear start-up error otherwise); nothing to clean locally."""
        self.client.head_bucket(Bucket=self.bucket)
        return 0

    def close(self) -> None:
        self.client.close()

    def _head(self, key: str, checksum: bool = False) -> dict | None:
        try:
            extra = {"ChecksumMode": "ENABLED"} if checksum else {}
            return self.client.head_object(Bucket=self.bucket, Key=key, **extra)
        except self._client_error as exc:
            if exc.response.get("Error", {}).get("Code") in ("404", "NoSuchKey", "NotFound"):
                return None
            raise

    # Readers find a blob where its row says (``locate``); ``has_at``/``delete_at`` name the place themselves.

    def has(self, sha256: str) -> bool:
        return self._head(self._where(sha256)) is not None

    def has_at(self, sha256: str, location: str | None) -> bool:
        return self._head(self.at(sha256, location)) is not None

    def size(self, sha256: str) -> int | None:
        head = self._head(self._where(sha256))
        return None if head is None else int(head["ContentLength"])

    def iter_range(self, sha256: str, start: int, end: int, chunk: int = CHUNK) -> Iterator[bytes]:
        yield from self._iter_key(self._where(sha256), f"bytes={start}-{end}", chunk)

    def _iter_key(self, key: str, byte_range: str | None = None, chunk: int = CHUNK) -> Iterator[bytes]:
        extra = {"Range": byte_range} if byte_range else {}
        body = self.client.get_object(Bucket=self.bucket, Key=key, **extra)["Body"]
        try:
            yield from body.iter_chunks(chunk)
        finally:
            body.close()

    def begin_put(self, sha256: str | None, size: int) -> _S3Writer:
        if sha256 is not None:
            check_sha256(sha256)
        return _S3Writer(self, sha256, size)

    def put_stream(self, sha256: str | None, size: int, chunks) -> bool:
        return put_stream(self, sha256, size, chunks)

    def delete(self, sha256: str) -> None:
        """Remove the object at the sha256's own key (not a recorded location: see ``delete_at``)."""
        self.client.delete_object(Bucket=self.bucket, Key=self.key(sha256))

    def delete_at(self, sha256: str, location: str | None) -> None:
        self.client.delete_object(Bucket=self.bucket, Key=self.at(sha256, location))

    def list_blobs(self) -> Iterator[StoredBlob]:
        pages = self.client.get_paginator("list_objects_v2").paginate(Bucket=self.bucket,
                                                                      Prefix=self._key("blobs") + "/")
        for page in pages:
            for item in page.get("Contents", []):
                name = item["Key"].rsplit("/", 1)[-1]
                if SHA256.match(name):
                    yield StoredBlob(name, int(item["Size"]), item["LastModified"].timestamp())

    def list_uploads(self) -> Iterator[tuple[str, float]]:
        """Upload keys left in flight (the client never completed them): (key, modified)."""
        pages = self.client.get_paginator("list_objects_v2").paginate(Bucket=self.bucket,
                                                                      Prefix=self._key("uploads") + "/")
        for page in pages:
            for item in page.get("Contents", []):
                yield item["Key"], item["LastModified"].timestamp()

    def delete_key(self, key: str) -> None:
        self.client.delete_object(Bucket=self.bucket, Key=key)

    def list_multipart(self) -> Iterator[tuple[str, str, float]]:
        """Multipart uploads a server began and never finished (it died): (key, upload id, started)."""
        pages = self.client.get_paginator("list_multipart_uploads").paginate(Bucket=self.bucket,
                                                                             Prefix=self._key("uploads") + "/")
        for page in pages:
            for item in page.get("Uploads", []):
                yield item["Key"], item["UploadId"], item["Initiated"].timestamp()

    def abort_multipart(self, key: str, upload_id: str) -> None:
        self.client.abort_multipart_upload(Bucket=self.bucket, Key=key, UploadId=upload_id)

    # --- presigned transfers: the server leaves the data path ----------------------------------------

    def presign_upload(self, sha256: str, size: int) -> tuple[str, str, dict[str, str]]:
        """(upload id, URL, headers) for one PUT of the blob's bytes straight to the bucket.

        The checksum header is part of the signature: a store that checks it (AWS, MinIO) refuses other
        bytes at once, so with ``verify="checksum"`` the URL names the blob's own key (the only bytes it can
        put there are the blob's); ``finish_upload`` checks what arrived in any case.
        """
        check_sha256(sha256)
        if size > SINGLE_PUT_LIMIT:
            raise PayloadTooLarge(f"blob {sha256} has {size} bytes, more than one presigned PUT may carry "
                                  f"({SINGLE_PUT_LIMIT}); send it as a multipart upload",
                                  detail={"sha256": sha256, "size": size, "limit": SINGLE_PUT_LIMIT})
        # A store that checks the signed checksum accepts only the blob's own bytes under that URL: the PUT
        # may then go to the blob's key itself, sparing the copy. Otherwise to an upload key, checked later.
        direct = self.verify == "checksum"
        token = secrets.token_hex(16)
        upload_id = f"{sha256}.{DIRECT if direct else ''}{token}"
        params = {"Bucket": self.bucket, "Key": self.key(sha256) if direct else self.upload_key(upload_id),
                  "ContentLength": size, "ChecksumAlgorithm": "SHA256", "ChecksumSHA256": _b64(sha256)}
        headers = {"x-amz-checksum-sha256": _b64(sha256), "x-amz-sdk-checksum-algorithm": "SHA256"}
        if direct:  # signed too: completing proves *this* upload put the bytes, not that they are there
            params["Metadata"] = {_TOKEN: token}
            headers[f"x-amz-meta-{_TOKEN}"] = token
        url = self.client.generate_presigned_url("put_object", ExpiresIn=PRESIGN_SECONDS, Params=params)
        return upload_id, url, headers

    def part_size_for(self, size: int) -> int:
        """The part size of a multipart upload of ``size`` bytes: the same for a given size, so resumable."""
        return max(self.part_size, -(-size // MAX_PARTS))

    def start_multipart(self, sha256: str | None, size: int,
                        resume: str | None = None) -> tuple[str, int, list[tuple[int, int, str | None]]]:
        """(upload id, part size, parts the bucket holds already as (number, size, base64 CRC32 or None)).

        ``resume`` names the upload id of an attempt that broke off (the client keeps it): that upload goes
        on if it is still open and is for the same blob. Only the upload id — handed to the one who began
        the upload, never guessable — reaches an open upload: knowing a blob's sha256 must not let anyone
        complete someone else's upload of it and so hold the blob. Parts are signed a batch at a time
        (``sign_parts``), once the client has read them and knows their checksums.
        """
        if sha256 is not None:
            check_sha256(sha256)
        key = multipart_id = received = None
        if resume is not None and resume.startswith(f"{sha256 or UNHASHED}.") and _UPLOAD_ID.match(resume):
            key, multipart_id = self._find_multipart(self.upload_key(resume), PART_CHECKSUM)
        if key is None or multipart_id is None:
            key = self.upload_key(f"{sha256 or UNHASHED}.{secrets.token_hex(16)}")
            multipart_id = self.client.create_multipart_upload(Bucket=self.bucket, Key=key,
                                                               ChecksumAlgorithm=PART_CHECKSUM)["UploadId"]
            received = []  # a new upload holds no parts: no need to ask
        if len(self._multipart_ids) > 10_000:  # uploads begun and abandoned: forget them (a lookup finds them)
            self._multipart_ids.clear()
        self._multipart_ids[key] = multipart_id
        if received is None:
            received = [(p["PartNumber"], int(p["Size"]), p.get("ChecksumCRC32"))
                        for p in self._parts(key, multipart_id)]
        return key.rsplit("/", 1)[-1], self.part_size_for(size), received

    def sign_parts(self, upload_id: str, size: int,
                   parts: list[tuple[int, str]]) -> list[tuple[int, int, int, str, dict[str, str]]]:
        """(number, offset, size, URL, headers) to PUT each of ``parts`` — (number, the part's CRC32 in hex) —
        of the multipart upload ``upload_id`` of a ``size``-byte blob. The part's checksum is signed into its
        URL: a store that checks checksums refuses other bytes for that part at once."""
        key = self.upload_key(upload_id)
        multipart_id = self._multipart_ids.get(key) or self._find_multipart(key)[1]
        if multipart_id is None:
            raise InvalidInput(f"upload {upload_id} is not open (completed, or removed as stale); start it again",
                               detail={"upload_id": upload_id})
        self._multipart_ids[key] = multipart_id
        part_size = self.part_size_for(size)
        count = max(1, -(-size // part_size))
        signed = []
        for number, part_crc32 in parts:
            checksum = _crc32_b64(part_crc32)
            if not 1 <= number <= count:
                raise InvalidInput(f"a blob of {size} bytes has parts 1 to {count}, not {number}",
                                   detail={"number": number, "parts": count})
            offset = (number - 1) * part_size
            length = min(part_size, size - offset)
            url = self.client.generate_presigned_url(
                "upload_part", ExpiresIn=PRESIGN_SECONDS,
                Params={"Bucket": self.bucket, "Key": key, "UploadId": multipart_id, "PartNumber": number,
                        "ContentLength": length, "ChecksumAlgorithm": PART_CHECKSUM, "ChecksumCRC32": checksum})
            signed.append((number, offset, length, url, {"x-amz-checksum-crc32": checksum,
                                                          "x-amz-sdk-checksum-algorithm": PART_CHECKSUM}))
        return signed

    def _find_multipart(self, prefix: str, checksum: str | None = None) -> tuple[str | None, str | None]:
        """(key, multipart id) of the open upload at ``prefix``; with ``checksum``, only one whose parts carry
        that checksum (an upload begun by an older server, with other part checksums, is begun anew)."""
        pages = self.client.get_paginator("list_multipart_uploads").paginate(Bucket=self.bucket, Prefix=prefix)
        for page in pages:
            for item in page.get("Uploads", []):
                if checksum is None or item.get("ChecksumAlgorithm") in (None, checksum):
                    return item["Key"], item["UploadId"]
        return None, None

    def _parts(self, key: str, multipart_id: str) -> list[dict]:
        pages = self.client.get_paginator("list_parts").paginate(Bucket=self.bucket, Key=key, UploadId=multipart_id)
        return [part for page in pages for part in page.get("Parts", [])]

    def _complete_multipart(self, key: str, multipart_id: str | None = None) -> None:
        """Join the parts of the multipart upload at ``key`` (if there is one) into its object. With its
        ``multipart_id`` known there is no need to look it up (nor, first, for an object at ``key``)."""
        if multipart_id is None:
            found = self.client.list_multipart_uploads(Bucket=self.bucket, Prefix=key).get("Uploads", [])
            multipart_id = next((item["UploadId"] for item in found if item["Key"] == key), None)
        if multipart_id is None:
            return
        try:
            parts = [{k: p[k] for k in ("PartNumber", "ETag", "ChecksumCRC32") if k in p}
                     for p in self._parts(key, multipart_id)]
        except self._client_error:
            self._multipart_ids.pop(key, None)
            return  # completed meanwhile (a retry of this same request), or removed as stale
        if not parts:
            return  # nothing was sent: "nothing arrived" says so
        self.client.complete_multipart_upload(Bucket=self.bucket, Key=key, UploadId=multipart_id,
                                              MultipartUpload={"Parts": parts})
        self._multipart_ids.pop(key, None)

    def presign_download(self, sha256: str) -> str:
        return self.client.generate_presigned_url(
            "get_object", Params={"Bucket": self.bucket, "Key": self._where(sha256)}, ExpiresIn=PRESIGN_SECONDS)

    def finish_upload(self, upload_id: str, sha256: str, size: int) -> str | None:
        """Verify an uploaded object; its location for the blob's row (None: it is at the sha256's own key).

        The object stays where it landed: the caller records that location (``blob_upkeep.claim``), which
        also drops this copy when the blob is kept elsewhere already. Anything unverified is deleted."""
        key = self.upload_key(upload_id)
        if not upload_id.startswith((sha256 + ".", UNHASHED + ".")):
            raise InvalidInput(f"upload {upload_id} is not for blob {sha256}", detail={"upload_id": upload_id})
        if upload_id.startswith(sha256 + "." + DIRECT):
            return self._finish_direct(upload_id, sha256, size)
        multipart_id = self._multipart_ids.get(key)  # begun through this server: complete it straight away
        head = None if multipart_id else self._head(key, checksum=True)
        if head is None:
            self._complete_multipart(key, multipart_id)
            head = self._head(key, checksum=True)
        if head is None:
            raise HashMismatch(f"nothing arrived in the bucket for blob {sha256}; upload it again",
                               detail={"sha256": sha256, "upload_id": upload_id})
        try:
            if int(head["ContentLength"]) != size:
                raise _short(sha256, int(head["ContentLength"]), size)
            checked = self.verify == "checksum" and head.get("ChecksumSHA256") == _b64(sha256)
            if not checked:  # the store kept no checksum, or is not trusted to check one: hash it here
                try:
                    actual = self._rehash(key)
                except self._client_error as exc:
                    raise self._collected(exc, sha256) from None
                if actual != sha256:
                    raise _mismatch(sha256, actual)
            return self.location_of(key)
        except BaseException:
            self.delete_key(key)
            raise

    def _finish_direct(self, upload_id: str, sha256: str, size: int) -> None:
        """A PUT to the blob's own key, signed with its SHA-256 and this upload's token, on a store that checks
        the checksum: check that this upload wrote what is there, whole, with that checksum. Bytes already at
        the key prove nothing about the caller: knowing a sha256 must not make its blob the caller's."""
        if self.verify != "checksum":
            raise InvalidInput(f"{upload_id!r} is not an upload id this server handed out",
                               detail={"upload_id": upload_id})
        key = self.key(sha256)
        head = self._head(key, checksum=True)
        token = upload_id.rsplit("-", 1)[-1]
        if head is None or head.get("Metadata", {}).get(_TOKEN) != token:
            raise HashMismatch(f"nothing this upload sent is in the bucket for blob {sha256} (or another upload "
                               "of it replaced it meanwhile); upload it again",
                               detail={"sha256": sha256, "upload_id": upload_id})
        if int(head["ContentLength"]) != size:
            raise _short(sha256, int(head["ContentLength"]), size)
        if head.get("ChecksumSHA256") != _b64(sha256):
            actual = self._rehash(key)
            if actual != sha256:
                raise _mismatch(sha256, actual)
        return None

    def _rehash(self, key: str) -> str:
        """The SHA-256 of the object at ``key``: one streaming GET in large reads, each hashed on a helper
        thread while the next arrives (both release the GIL), so the re-read costs about the GET alone."""
        hasher = hashlib.sha256()
        pending = None
        for chunk in self._iter_key(key, chunk=VERIFY_CHUNK):
            if pending is not None:
                pending.result()  # one chunk at a time: the hash sees them in order
            pending = HASHING.submit(hasher.update, chunk)
        if pending is not None:
            pending.result()
        return hasher.hexdigest()

    def _promote(self, source_key: str, sha256: str, size: int) -> bool:
        """Server-side copy of bytes the server hashed itself to the blob's key (unless the blob is kept
        somewhere already), then drop the upload key."""
        created = not self.has(sha256)
        if created:
            source = {"Bucket": self.bucket, "Key": source_key}
            try:  # no byte passes through here; one CopyObject up to its 5 GiB limit, a multipart copy above
                if size <= SINGLE_COPY_LIMIT:
                    self.client.copy_object(CopySource=source, Bucket=self.bucket, Key=self.key(sha256))
                else:
                    self.client.copy(source, self.bucket, self.key(sha256))
            except self._client_error as exc:
                raise self._collected(exc, sha256) from None
        self.delete_key(source_key)
        return created

    def _collected(self, exc: Exception, sha256: str) -> Exception:
        """An upload key gone while it was checked or copied (GC took it as stale): say so; else ``exc``."""
        if getattr(exc, "response", {}).get("Error", {}).get("Code") not in ("404", "NoSuchKey"):
            return exc
        return BrickyardError(f"the upload of {sha256} was removed (as stale) before it was stored; "
                              "nothing was kept — upload it again", code="upload_collected", status=503,
                              detail={"sha256": sha256})


class _S3Writer:
    """Bytes the server receives itself (``PUT``/``POST /blobs``), streamed into a multipart upload of an
    upload key while hashed; ``commit`` verifies, then promotes the object like a presigned upload."""

    def __init__(self, store: S3BlobStore, sha256: str | None, size: int):
        self.store, self.sha256, self.expected_size = store, sha256, size
        self.key = store.upload_key(f"{sha256 or '0' * 64}.{secrets.token_hex(16)}")
        self.hasher = hashlib.sha256()
        self.buffer = bytearray()
        self.written = 0
        self.parts: list[dict] = []
        self.multipart_id: str | None = None

    def write(self, chunk: bytes) -> None:
        if self.written + len(chunk) > self.expected_size:
            self.abort()
            raise _short(self.sha256, self.written + len(chunk), self.expected_size)
        self.hasher.update(chunk)
        self.written += len(chunk)
        self.buffer += chunk
        while len(self.buffer) >= PART:
            self._send_part(bytes(self.buffer[:PART]))
            del self.buffer[:PART]

    def _send_part(self, data: bytes) -> None:
        client, bucket = self.store.client, self.store.bucket
        if self.multipart_id is None:
            self.multipart_id = client.create_multipart_upload(Bucket=bucket, Key=self.key)["UploadId"]
        number = len(self.parts) + 1
        answer = client.upload_part(Bucket=bucket, Key=self.key, UploadId=self.multipart_id,
                                    PartNumber=number, Body=data)
        self.parts.append({"PartNumber": number, "ETag": answer["ETag"]})

    def commit(self) -> bool:
        client, bucket = self.store.client, self.store.bucket
        try:
            if self.written != self.expected_size:
                raise _short(self.sha256, self.written, self.expected_size)
            actual = self.hasher.hexdigest()
            if self.sha256 is not None and actual != self.sha256:
                raise _mismatch(self.sha256, actual)
            self.sha256 = actual
            if self.multipart_id is None:
                client.put_object(Bucket=bucket, Key=self.key, Body=bytes(self.buffer))
            else:
                if self.buffer:
                    self._send_part(bytes(self.buffer))
                client.complete_multipart_upload(Bucket=bucket, Key=self.key, UploadId=self.multipart_id,
                                                 MultipartUpload={"Parts": self.parts})
                self.multipart_id = None
            self.buffer = bytearray()
            return self.store._promote(self.key, actual, self.written)
        except BaseException:
            self.abort()
            raise

    def abort(self) -> None:
        self.buffer = bytearray()
        client, bucket = self.store.client, self.store.bucket
        if self.multipart_id is not None:
            client.abort_multipart_upload(Bucket=bucket, Key=self.key, UploadId=self.multipart_id)
            self.multipart_id = None
        client.delete_object(Bucket=bucket, Key=self.key)
