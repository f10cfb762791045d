"""Wire payloads of blob transfers straight to the store (presigned URLs) and of one-pass uploads.

Kept apart from ``models.py``: these describe how bytes travel, not the pipeline's domain.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

_SHA256 = r"^[0-9a-f]{64}$"
_CRC32 = r"^[0-9a-f]{8}$"
MAX_BATCH = 1000


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class BlobStoreInfo(_Model):
    kind: str  # "local" or "s3"
    direct_upload: bool  # True: ask POST /blobs/uploads for presigned URLs and send the bytes to the store
    part_size: int | None = None  # direct uploads: blobs larger than this go as multipart uploads


class BlobStored(_Model):
    sha256: str
    size: int


class BlobToSend(_Model):
    """A blob to send straight to the store. ``sha256`` None: the client hashes the file while it sends it
    (a multipart upload, verified by the server at completion); ``resume`` names that upload's id from an
    attempt that broke off, to send only the parts the store lacks."""

    sha256: str | None = Field(default=None, pattern=_SHA256)
    size: int = Field(ge=0, le=2**62)
    resume: str | None = Field(default=None, max_length=200)


class UploadRequest(_Model):
    items: list[BlobToSend] = Field(max_length=MAX_BATCH)


class PartReceived(_Model):
    number: int  # 1-based
    size: int
    crc32: str | None = None  # hex, where the store keeps per-part checksums


class UploadTarget(_Model):
    sha256: str | None  # None: an upload the client hashes while sending
    size: int
    upload_id: str  # "" when ``held``
    held: bool = False  # the caller holds this blob already: nothing to send, nothing to complete
    url: str | None = None  # one PUT of the whole blob here, with ``headers``, and no Authorization header
    headers: dict[str, str] = {}
    # or, for a large blob, a multipart upload in parts of ``part_size`` bytes (the last one shorter):
    # sign the parts the store does not hold yet (``POST /blobs/uploads/parts``), PUT each, then complete
    part_size: int | None = None
    received: list[PartReceived] = []


class PartToSign(_Model):
    number: int = Field(ge=1, le=10_000)
    # of the part's bytes: signed into its URL, checked by the store (the whole blob's SHA-256 is checked
    # by the server at completion; this catches a part damaged on the way, and tells a resumed upload
    # which parts it holds already)
    crc32: str = Field(pattern=_CRC32)


class PartsRequest(_Model):
    upload_id: str = Field(max_length=200)
    size: int = Field(ge=0, le=2**62)  # the whole blob's
    parts: list[PartToSign] = Field(max_length=MAX_BATCH)


class UploadPart(_Model):
    number: int  # 1-based
    offset: int  # the part's bytes are ``size`` bytes of the file from here
    size: int
    url: str  # PUT the part here, with ``headers``, no Authorization header
    headers: dict[str, str] = {}


class SignedParts(_Model):
    parts: list[UploadPart]


class UploadTargets(_Model):
    items: list[UploadTarget]


class UploadDone(_Model):
    sha256: str = Field(pattern=_SHA256)
    size: int = Field(ge=0, le=2**62)
    upload_id: str = Field(max_length=200)


class UploadCompletion(_Model):
    items: list[UploadDone] = Field(max_length=MAX_BATCH)


class UploadsCompleted(_Model):
    items: list[BlobStored]
