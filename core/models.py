"""The wire contract: every payload the server accepts or answers, shared with the client.

``*Create`` payloads go to the server, ``*Public`` payloads come back. Field names are the JSON keys.
"""

from __future__ import annotations

import re
from datetime import datetime
from enum import Enum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

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


class ProjectPublic(_Model):
    id: int
    code: str
    name: str
    naming: NamingRules
    kinds: list[KindSpec]
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


# --- blobs and events ----------------------------------------------------------------------------

class BlobsQuery(_Model):
    sha256: list[str] = Field(max_length=100000)  # each checked by the route, naming the bad one


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
