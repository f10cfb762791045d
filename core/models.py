"""The wire contract: every payload the server accepts or answers, shared with the client.

``*Create`` payloads go to the server, ``*Public`` payloads come back. Field names are the JSON keys.
"""

from __future__ import annotations

import re
from datetime import datetime
from enum import Enum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

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
    name_pattern: str = DEFAULT_NAME_PATTERN
    description: str = "lower-case snake case: letters, digits and single underscores, starting with a letter"
    file_template: str = DEFAULT_FILE_TEMPLATE

    @field_validator("name_pattern")
    @classmethod
    def _compiles(cls, value: str) -> str:
        try:
            re.compile(value)
        except re.error as exc:
            raise ValueError(f"name_pattern is not a valid regular expression: {exc}") from None
        return value


class KindSpec(_Model):
    name: str
    description: str = ""
    required_metadata: list[str] = Field(default_factory=list)


# --- users, tokens, projects, members ------------------------------------------------------------

class UserCreate(_Model):
    name: str = Field(min_length=1, max_length=64)


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
    code: str = Field(min_length=1, max_length=64)
    name: str = ""
    naming: NamingRules | None = None
    kinds: list[KindSpec] | None = None  # None: the default kinds


class ProjectPublic(_Model):
    id: int
    code: str
    name: str
    naming: NamingRules
    kinds: list[KindSpec]
    created_at: datetime
    role: Role | None = None  # the caller's role in it


class MemberAdd(_Model):
    user: str
    role: Role


class MemberPublic(_Model):
    user: str
    role: Role


# --- assets and versions ---------------------------------------------------------------------------

class FileEntry(_Model):
    path: str = Field(min_length=1, max_length=1024)  # relative, '/'-separated, inside the representation
    size: int = Field(ge=0)
    sha256: str
    frame: int | None = None

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
        parts = value.split("/")
        if value.startswith("/") or "\\" in value or ":" in parts[0] or any(p in ("", ".", "..") for p in parts):
            raise ValueError(f"file path {value!r} must be relative, '/'-separated, without '.' or '..'")
        return value


class RepresentationCreate(_Model):
    name: str = Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
    files: list[FileEntry] = Field(min_length=1)
    frame_start: int | None = None
    frame_end: int | None = None


class RepresentationPublic(_Model):
    id: int
    name: str
    files: list[FileEntry]
    frame_start: int | None = None
    frame_end: int | None = None


class VersionCreate(_Model):
    """The whole manifest of a publish: one request creates the asset (if new) and the version."""

    folder: str = ""
    asset: str
    kind: str
    status: Status = Status.wip
    comment: str = ""
    tags: list[str] = Field(default_factory=list)
    metadata: dict[str, Any] = Field(default_factory=dict)
    inputs: list[str] = Field(default_factory=list)  # references of the versions it was made from
    thumbnail: str | None = None  # sha256 of an uploaded image
    workfile: str | None = None  # the source workfile's path, for the record
    representations: list[RepresentationCreate] = Field(min_length=1)


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
    comment: str = ""


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


class AssetPage(_Model):
    items: list[AssetPublic]
    next_cursor: str | None = None


class VersionList(_Model):
    items: list[VersionPublic]


# --- resolve -------------------------------------------------------------------------------------

class ResolveRequest(_Model):
    references: list[str] = Field(max_length=10000)


class Resolved(_Model):
    """One reference answered: the version it names, and where the asset stands now."""

    reference: str
    version: VersionPublic | None = None
    latest: int | None = None
    latest_approved: int | None = None
    error: dict[str, Any] | None = None  # the error body's "error" when this one failed


class ResolveResponse(_Model):
    items: list[Resolved]


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
    sha256: list[str] = Field(max_length=100000)


class BlobsMissing(_Model):
    missing: list[str]


class EventPublic(_Model):
    id: int
    type: str  # "published" | "status_changed" | "project_created" | "member_added"
    project: str | None
    user: str | None
    data: dict[str, Any]
    created_at: datetime


class ErrorBody(_Model):
    error: dict[str, Any]


# --- changes after creation: project settings, asset moves (issue 18) ---------------------------------

class ProjectUpdate(_Model):
    """What ``PATCH /projects/{code}`` may change; a field left out stays as it is."""

    name: str | None = Field(default=None, max_length=256)
    naming: NamingRules | None = None
    kinds: list[KindSpec] | None = None  # the whole list; a kind assets still use cannot be dropped


class AssetMove(_Model):
    """Rename or move an asset: ``path`` (``folder/name``) becomes ``folder``/``name``; history stays."""

    path: str = Field(min_length=1, max_length=640)
    folder: str = Field(default="", max_length=512)
    name: str = Field(min_length=1, max_length=128)
