"""The wire contract: every payload the server accepts or answers, shared with the client.

``*Create`` payloads go to the server, ``*Public`` payloads come back. Field names are the JSON keys.
"""

from __future__ import annotations

import re
from datetime import datetime
from enum import Enum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from .blob_models import MAX_BATCH, UploadDone
from .limits import (
    CODE_MAX,
    FILE_PATH_MAX,
    FILES_PER_REPRESENTATION_MAX,
    INPUTS_MAX,
    REPRESENTATIONS_MAX,
    SINGLE_LINE_PATTERN,
    TAGS_PER_VERSION_MAX,
    AssetName,
    ByteSize,
    Code,
    Comment,
    FolderPath,
    Int32,
    Metadata,
    ProjectName,
    ReferenceText,
    Setting,
    Tag,
    WorkfilePath,
    check_file_path,
    clashing_paths,
)

SHA256 = re.compile(r"^[0-9a-f]{64}$")
DEFAULT_NAME_PATTERN = r"[a-z][a-z0-9]*(_[a-z0-9]+)*"
DEFAULT_FILE_TEMPLATE = "{folder}/{asset}/v{version:03d}/{asset}_v{version:03d}.{ext}"


class Role(str, Enum):
    viewer = "viewer"
    artist = "artist"
    supervisor = "supervisor"
    admin = "admin"

    @property
    def rank(self) -> int:
        return list(Role).index(self)


class Status(str, Enum):
    wip = "wip"
    review = "review"
    approved = "approved"
    rejected = "rejected"
    deprecated = "deprecated"


PUBLISH_STATUSES = (Status.wip, Status.review)  # what an artist may publish as


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", use_enum_values=False)


class NamingRules(_Model):
    name_pattern: Setting = DEFAULT_NAME_PATTERN
    description: Setting = "lower-case snake case: letters, digits and single underscores, starting with a letter"
    file_template: Setting = DEFAULT_FILE_TEMPLATE

    @field_validator("name_pattern")
    @classmethod
    def _compiles(cls, value: str) -> str:
        try:
            re.compile(value)
        except re.error as exc:
            raise ValueError(f"name_pattern is not a valid regular expression: {exc}") from None
        return value


class KindSpec(_Model):
    name: Code
    description: Setting = ""
    required_metadata: list[Code] = Field(default_factory=list, max_length=100)


# --- users, tokens, projects, members ------------------------------------------------------------

class UserCreate(_Model):
    name: Code = Field(json_schema_extra={"pattern": "^[A-Za-z0-9][A-Za-z0-9._@-]*$"})


class UserPublic(_Model):
    id: int
    name: str
    is_admin: bool = False


class UserCreated(UserPublic):
    token: str  # shown once; the server keeps only its hash


class TokenCreated(_Model):
    id: int
    token: str


class ProjectCreate(_Model):
    code: Code = Field(json_schema_extra={"pattern": "^[a-z0-9][a-z0-9_-]*$"})
    name: ProjectName = ""
    naming: NamingRules | None = None
    kinds: list[KindSpec] | None = Field(None, max_length=1000)  # None: the default kinds


class ColorSettings(_Model):
    """How review media show a project's scene-linear pixels (EXR): through this OCIO config's view.
    The path is read by the server and its preview workers, so it must exist where they run."""

    ocio_config: str = Field(min_length=1, max_length=1000)
    display: str | None = Field(default=None, max_length=200)  # None: the config's default display
    view: str | None = Field(default=None, max_length=200)  # None: that display's default view
    colorspace: str | None = Field(default=None, max_length=200)  # of the pixels; None: the scene_linear role


class ProjectPublic(_Model):
    id: int
    code: str
    name: str
    naming: NamingRules
    kinds: list[KindSpec]
    color: ColorSettings | None = None  # None: EXR is shown through the plain sRGB transfer
    created_at: datetime
    role: Role | None = None  # the caller's role in it


class MemberAdd(_Model):
    user: Code
    role: Role


class MemberPublic(_Model):
    user: str
    role: Role


# --- assets and versions ---------------------------------------------------------------------------

class FileEntry(_Model):
    # relative, '/'-separated, inside the representation
    path: str = Field(min_length=1, max_length=FILE_PATH_MAX, json_schema_extra={"pattern": SINGLE_LINE_PATTERN})
    size: ByteSize
    sha256: str = Field(pattern=r"^[0-9a-fA-F]{64}$")
    frame: Int32 | None = None

    @field_validator("sha256")
    @classmethod
    def _hex(cls, value: str) -> str:
        value = value.lower()
        if not SHA256.match(value):
            raise ValueError("sha256 must be 64 lower-case hex digits")
        return value

    @field_validator("path")
    @classmethod
    def _relative(cls, value: str) -> str:
        return check_file_path(value)


class RepresentationCreate(_Model):
    name: str = Field(min_length=1, max_length=CODE_MAX, pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
    files: list[FileEntry] = Field(min_length=1, max_length=FILES_PER_REPRESENTATION_MAX)
    frame_start: Int32 | None = None
    frame_end: Int32 | None = None

    @model_validator(mode="after")
    def _placeable(self) -> RepresentationCreate:
        clash = clashing_paths([f.path for f in self.files])
        if clash:
            raise ValueError(f"representation {self.name!r} has {clash[0]!r} both as a file and as a folder "
                             "of other files; no filesystem can hold both")
        return self


class RepresentationPublic(_Model):
    id: int
    name: str
    files: list[FileEntry]
    frame_start: int | None = None
    frame_end: int | None = None


class VersionCreate(_Model):
    """The whole manifest of a publish: one request creates the asset (if new) and the version."""

    folder: FolderPath = ""
    asset: AssetName
    kind: Code
    status: Status = Status.wip
    comment: Comment = ""
    tags: list[Tag] = Field(default_factory=list, max_length=TAGS_PER_VERSION_MAX)
    metadata: Metadata = Field(default_factory=dict)
    # references of the versions it was made from
    inputs: list[ReferenceText] = Field(default_factory=list, max_length=INPUTS_MAX)
    thumbnail: str | None = Field(None, pattern=r"^[0-9a-f]{64}$")  # sha256 of an uploaded image
    workfile: WorkfilePath | None = None  # the source workfile's path, for the record
    representations: list[RepresentationCreate] = Field(min_length=1, max_length=REPRESENTATIONS_MAX)
    # Presigned uploads (object store) of this version's blobs, verified and made blobs first — instead of
    # a separate POST /blobs/uploads/complete. Not part of what an Idempotency-Key is bound to.
    uploads: list[UploadDone] = Field(default_factory=list, max_length=MAX_BATCH)


class VersionPublic(_Model):
    id: int
    project: str
    folder: str
    asset: str
    asset_id: int
    kind: str
    number: int
    status: Status
    author: str
    comment: str
    metadata: dict[str, Any]
    inputs: list[str]  # references pinned to numbers
    thumbnail: str | None
    workfile: str | None
    created_at: datetime
    representations: list[RepresentationPublic]
    reference: str
    status_comment: str = ""  # why the status was last set (e.g. a rejection's reason)


class StatusChange(_Model):
    status: Status
    comment: Comment = ""


class AssetPublic(_Model):
    id: int
    project: str
    folder: str
    name: str
    kind: str
    tags: list[str]
    metadata: dict[str, Any]
    latest_version: int | None
    latest_status: Status | None
    latest_approved: int | None
    reference: str
    published_at: datetime | None = None  # the newest version's date
    updated_at: datetime | None = None  # the last publish or status change


class AssetPage(_Model):
    items: list[AssetPublic]
    next_cursor: str | None = None


class VersionList(_Model):
    items: list[VersionPublic]


# --- resolve -------------------------------------------------------------------------------------

class ResolveRequest(_Model):
    references: list[ReferenceText] = Field(max_length=10000)


class Resolved(_Model):
    """One reference answered: the version it names, and where the asset stands now."""

    reference: str
    version: VersionPublic | None = None
    latest: int | None = None
    latest_approved: int | None = None
    error: dict[str, Any] | None = None  # the error body's "error" when this one failed


class ResolveResponse(_Model):
    items: list[Resolved]


# --- review comments -------------------------------------------------------------------------------

class CommentCreate(_Model):
    text: str = Field(min_length=1, max_length=20000)
    # pinned to one frame of the version's media (the player's frame number: the first frame of a clip is 0,
    # a sequence counts its own numbers), or to the range frame … frame_end
    frame: Int32 | None = Field(None, ge=0)
    frame_end: Int32 | None = Field(None, ge=0)

    @model_validator(mode="after")
    def _range(self) -> CommentCreate:
        if self.frame_end is not None and (self.frame is None or self.frame_end < self.frame):
            raise ValueError("frame_end needs a frame at or before it, e.g. frame=10, frame_end=20")
        if self.frame_end == self.frame:
            self.frame_end = None  # a one-frame range is that frame
        return self


class CommentUpdate(_Model):
    text: str = Field(min_length=1, max_length=20000)


class CommentRevision(_Model):
    """A text a comment had before an edit replaced it."""

    text: str
    replaced_at: datetime


class CommentPublic(_Model):
    id: int
    version_id: int
    author: str
    text: str
    status: Status | None = None  # the status decision the comment was given with, if any
    frame: int | None = None  # the frame it is pinned to (the start of a range)
    frame_end: int | None = None  # the last frame of the range it is pinned to
    created_at: datetime
    edited_at: datetime | None = None
    history: list[CommentRevision] = Field(default_factory=list)  # oldest first


# --- lineage ------------------------------------------------------------------------------------

class LinkKind(str, Enum):
    declared = "declared"  # the publisher named the input
    hash = "hash"  # a file hash the version's metadata quotes matched the input's file
    name = "name"  # a model name in the metadata matched one asset of the project, without a hash


class LineageLink(_Model):
    """One version at the other end of a lineage edge, and how the edge is known."""
    version_id: int
    reference: str  # pinned to its number
    project: str
    folder: str
    asset: str
    kind: str
    number: int
    status: Status
    link: LinkKind
    evidence: str = ""  # what matched, e.g. "AutoV2 1a2b3c4d5e" or "lora_name robot.safetensors"


class Lineage(_Model):
    """What a version was made from and what was made from it (only what the caller may read)."""
    version_id: int
    reference: str
    made_from: list[LineageLink]
    used_by: list[LineageLink]


# --- blobs and events ----------------------------------------------------------------------------

class BlobsQuery(_Model):
    sha256: list[str] = Field(max_length=100000)  # each checked by the route, naming the bad one


class BlobsMissing(_Model):
    missing: list[str]


class EventPublic(_Model):
    id: int
    # "published" | "status_changed" | "project_created" | "member_added" | "commented" | "comment_edited"
    type: str
    project: str | None
    user: str | None
    data: dict[str, Any]
    created_at: datetime


class ErrorBody(_Model):
    error: dict[str, Any]


# --- bulk publishing (ingest) --------------------------------------------------------------------

class BlobBundleResult(_Model):
    stored: int  # blobs in the bundle, all verified and kept
    bytes: int


class BulkVersionItem(_Model):
    key: str = Field(min_length=1, max_length=200)  # the item's idempotency key: a re-run creates nothing twice
    version: VersionCreate


class BulkVersionCreate(_Model):
    items: list[BulkVersionItem] = Field(min_length=1, max_length=1000)


class BulkVersionOutcome(_Model):
    key: str
    version_id: int | None = None
    reference: str | None = None  # pinned to the version's number
    created: bool = False  # False with a version: an earlier run had created it
    error: dict[str, Any] | None = None  # the error body's "error" when this item failed


class BulkVersionResult(_Model):
    items: list[BulkVersionOutcome]


class HashLookup(_Model):
    hashes: list[str] = Field(max_length=10000)  # any quoted form: sha256, AutoV2, AutoV3, 0x…


class HashMatchPublic(_Model):
    hash: str
    reference: str
    version_id: int
    form: str  # "file" or "tensor": what the hash was of


class HashLookupResult(_Model):
    items: list[HashMatchPublic]


class PreviewState(str, Enum):
    pending = "pending"
    running = "running"
    ready = "ready"
    failed = "failed"
    none = "none"  # nothing this server previews (a .blend, a LUT): see the error for why


class PreviewFile(_Model):
    """One derived file. ``url`` streams it (Range requests answered) with its media type."""
    role: str  # thumbnail, review_image, proxy, poster, waveform
    media_type: str
    size: int
    sha256: str
    width: int | None = None
    height: int | None = None
    duration: float | None = None  # seconds
    fps: float | None = None
    url: str


class RepresentationPreviews(_Model):
    representation: str
    kind: str | None  # image, sequence, video, audio; None: not previewable
    state: PreviewState
    error: str | None = None  # why it failed (or the last retried failure while pending)
    attempts: int = 0
    files: list[PreviewFile] = Field(default_factory=list)


class VersionPreviews(_Model):
    version_id: int
    reference: str
    thumbnail: str | None  # the version's thumbnail sha256 (the publisher's, else a derived one)
    representations: list[RepresentationPreviews]


# --- changes after creation: project settings, asset moves (issue 18) ---------------------------------

class ProjectUpdate(_Model):
    """What ``PATCH /projects/{code}`` may change; a field left out stays as it is."""

    name: str | None = Field(default=None, max_length=256)
    naming: NamingRules | None = None
    kinds: list[KindSpec] | None = None  # the whole list; a kind assets still use cannot be dropped
    color: ColorSettings | None = None  # the OCIO view for previews of scene-linear images
    clear_color: bool = False  # True: back to the plain sRGB transfer


class AssetMove(_Model):
    """Rename or move an asset: ``path`` (``folder/name``) becomes ``folder``/``name``; history stays."""

    path: str = Field(min_length=1, max_length=640)
    folder: str = Field(default="", max_length=512)
    name: str = Field(min_length=1, max_length=128)
