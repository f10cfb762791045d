"""Wire payloads of blob transfers straight to the store (presigned URLs) and of one-pass uploads.

Kept apart from ``models.py``: these describe how bytes travel, not the pipeline's domain.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

_SHA256 = r"^[0-9a-f]{64}$"
MAX_BATCH = 1000


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class BlobStoreInfo(_Model):
    kind: str  # "local" or "s3"
    direct_upload: bool  # True: ask POST /blobs/uploads for presigned URLs and send the bytes to the store


class BlobStored(_Model):
    sha256: str
    size: int


class BlobWanted(_Model):
    sha256: str = Field(pattern=_SHA256)
    size: int = Field(ge=0, le=2**62)


class UploadRequest(_Model):
    items: list[BlobWanted] = Field(max_length=MAX_BATCH)


class UploadPart(_Model):
    number: int  # 1-based
    offset: int  # the part's bytes are ``size`` bytes of the file from here
    size: int
    url: str  # PUT the part here, no Authorization header


class UploadTarget(_Model):
    sha256: str
    size: int
    upload_id: str
    url: str | None = None  # one PUT of the whole blob here, with ``headers``, and no Authorization header
    headers: dict[str, str] = {}
    # or, for a large blob, a multipart upload: only the parts the bucket does not hold yet (a resumed
    # upload lists fewer); PUT each, then complete as for a single PUT
    parts: list[UploadPart] | None = None


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
