"""ORM tables (DESIGN.md §2). Versions are immutable except their status; nothing is ever deleted
except memberships and (never in practice) blobs."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# JSONB on PostgreSQL (indexable, comparable); JSON text elsewhere.
Json = JSON().with_variant(JSONB(), "postgresql")

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    is_admin: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Token(Base):
    __tablename__ = "tokens"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    token_sha256: Mapped[str] = mapped_column(String(64), unique=True)  # never the token itself
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class Project(Base):
    __tablename__ = "projects"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(256), default="")
    naming: Mapped[dict[str, Any]] = mapped_column(Json)
    kinds: Mapped[list[dict[str, Any]]] = mapped_column(Json)
    color: Mapped[dict[str, Any] | None] = mapped_column(Json, nullable=True)  # ColorSettings (OCIO)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Membership(Base):
    __tablename__ = "memberships"
    __table_args__ = (UniqueConstraint("project_id", "user_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    role: Mapped[str] = mapped_column(String(16))


class Asset(Base):
    __tablename__ = "assets"
    # The browser's sort orders, each an index so a keyset page stays cheap at any size (services/assets.py).
    __table_args__ = (UniqueConstraint("project_id", "folder", "name"),
                      Index("ix_assets_project_id_name", "project_id", "name", "folder", "id"),
                      Index("ix_assets_project_id_kind", "project_id", "kind", "folder", "name", "id"),
                      Index("ix_assets_project_id_published_at", "project_id", "published_at", "id"),
                      Index("ix_assets_project_id_updated_at", "project_id", "updated_at", "id"))
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id"))
    folder: Mapped[str] = mapped_column(String(512))
    name: Mapped[str] = mapped_column(String(128))
    kind: Mapped[str] = mapped_column(String(64))
    tags: Mapped[list[str]] = mapped_column(Json)
    meta: Mapped[dict[str, Any]] = mapped_column("metadata", Json)
    latest_number: Mapped[int] = mapped_column(Integer, default=0)  # the last number handed out
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # kept by the publish and status services, for sorting: the newest version's date, and the last
    # publish or status change
    published_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow,
                                                   server_default="1970-01-01 00:00:00")
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow,
                                                 server_default="1970-01-01 00:00:00")


class AssetAlias(Base):
    """A name an asset had before it was renamed or moved: references to it still resolve to the asset."""
    __tablename__ = "asset_aliases"
    __table_args__ = (UniqueConstraint("project_id", "folder", "name"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id"))
    folder: Mapped[str] = mapped_column(String(512))
    name: Mapped[str] = mapped_column(String(128))
    asset_id: Mapped[int] = mapped_column(ForeignKey("assets.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Version(Base):
    __tablename__ = "versions"
    __table_args__ = (UniqueConstraint("asset_id", "number"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    asset_id: Mapped[int] = mapped_column(ForeignKey("assets.id"))
    number: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16))
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    comment: Mapped[str] = mapped_column(Text, default="")
    # why the status was last changed (a rejection's reason), shown beside the status
    status_comment: Mapped[str] = mapped_column(Text, default="", server_default="")
    meta: Mapped[dict[str, Any]] = mapped_column("metadata", Json)
    inputs: Mapped[list[str]] = mapped_column(Json)  # references pinned to numbers
    thumbnail_sha256: Mapped[str | None] = mapped_column(ForeignKey("blobs.sha256"), nullable=True)
    workfile: Mapped[str | None] = mapped_column(Text, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class VersionInput(Base):
    """One lineage edge: ``version_id`` was made from ``input_version_id``. ``link`` says how it is known:
    'declared' by the publisher, matched by a file 'hash', or by a unique 'name'; ``evidence`` what matched."""
    __tablename__ = "version_inputs"
    version_id: Mapped[int] = mapped_column(ForeignKey("versions.id"), primary_key=True)
    input_version_id: Mapped[int] = mapped_column(ForeignKey("versions.id"), primary_key=True, index=True)
    link: Mapped[str] = mapped_column(String(16))
    evidence: Mapped[str] = mapped_column(String(256), default="")


class Representation(Base):
    __tablename__ = "representations"
    __table_args__ = (UniqueConstraint("version_id", "name"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("versions.id"))
    name: Mapped[str] = mapped_column(String(64))
    frame_start: Mapped[int | None] = mapped_column(Integer, nullable=True)
    frame_end: Mapped[int | None] = mapped_column(Integer, nullable=True)


class File(Base):
    __tablename__ = "files"
    __table_args__ = (UniqueConstraint("representation_id", "path"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    representation_id: Mapped[int] = mapped_column(ForeignKey("representations.id"))
    path: Mapped[str] = mapped_column(String(1024))
    size: Mapped[int] = mapped_column(BigInteger)
    sha256: Mapped[str] = mapped_column(ForeignKey("blobs.sha256"), index=True)
    frame: Mapped[int | None] = mapped_column(Integer, nullable=True)


class Blob(Base):
    __tablename__ = "blobs"
    __table_args__ = (Index("ix_blobs_location", "location"),)
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # Last time an upload or a dedup answer counted on it: GC spares it for its grace period after that.
    claimed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    # Where the bytes live in the store, under its prefix, when not at the sha256's own key: an S3 upload
    # verified where it landed (copying it would cost as much as sending it). Recorded only once verified.
    location: Mapped[str | None] = mapped_column(String(300), nullable=True)


class BlobUpload(Base):
    """Who proved they hold a blob's bytes by uploading them: they, and readers of a version using it,
    may name it in a version. Knowing a sha256 is not enough."""
    __tablename__ = "blob_uploads"
    __table_args__ = (UniqueConstraint("sha256", "user_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sha256: Mapped[str] = mapped_column(ForeignKey("blobs.sha256"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class IdempotencyKey(Base):
    __tablename__ = "idempotency_keys"
    __table_args__ = (UniqueConstraint("user_id", "key"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    key: Mapped[str] = mapped_column(String(200))
    request_sha256: Mapped[str] = mapped_column(String(64))
    version_id: Mapped[int] = mapped_column(ForeignKey("versions.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Event(Base):
    __tablename__ = "events"
    __table_args__ = (Index("ix_events_project_id_id", "project_id", "id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    type: Mapped[str] = mapped_column(String(32))
    project_id: Mapped[int | None] = mapped_column(ForeignKey("projects.id"), nullable=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    data: Mapped[dict[str, Any]] = mapped_column(Json)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Comment(Base):
    """One entry of a version's review thread. Never deleted; an edit keeps the old text in CommentEdit."""

    __tablename__ = "comments"
    __table_args__ = (Index("ix_comments_version_id_id", "version_id", "id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("versions.id"))
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    text: Mapped[str] = mapped_column(Text)
    status: Mapped[str | None] = mapped_column(String(16), nullable=True)  # the decision it came with
    # pinned to a frame of the version's media, or the range frame…frame_end (the player's frame numbers)
    frame: Mapped[int | None] = mapped_column(Integer, nullable=True)
    frame_end: Mapped[int | None] = mapped_column(Integer, nullable=True)
    # a guest's comment (through client link ``client_link_id``): the name they gave; the author is the link's maker
    guest_name: Mapped[str | None] = mapped_column(String(100), nullable=True)
    client_link_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    edited_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class CommentEdit(Base):
    """The text a comment had before one edit, so nothing said in a review is silently lost."""

    __tablename__ = "comment_edits"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    comment_id: Mapped[int] = mapped_column(ForeignKey("comments.id"), index=True)
    text: Mapped[str] = mapped_column(Text)
    replaced_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class WebSession(Base):
    """A browser's sign-in: the cookie holds a random id, the table its hash. It lives no longer than
    the token it was opened with."""

    __tablename__ = "web_sessions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    token_id: Mapped[int] = mapped_column(ForeignKey("tokens.id"), index=True)
    csrf: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class AssetField(Base):
    """An asset's flat metadata (its latest version's) as key/value text rows, indexed for ``?meta=K=V``."""
    __tablename__ = "asset_fields"
    __table_args__ = (Index("ix_asset_fields_key_value", "key", "value"),)
    asset_id: Mapped[int] = mapped_column(ForeignKey("assets.id"), primary_key=True)
    key: Mapped[str] = mapped_column(String(128), primary_key=True)
    value: Mapped[str] = mapped_column(String(256), primary_key=True)


class AssetSearch(Base):
    """The words an asset is found by: names, folder, tags, every version's comment and prompt.
    Indexed by SQLite FTS5 (``asset_search_fts``, kept in step by triggers) or a PostgreSQL GIN index."""
    __tablename__ = "asset_search"
    asset_id: Mapped[int] = mapped_column(ForeignKey("assets.id"), primary_key=True)
    body: Mapped[str] = mapped_column(Text, default="")


class ContentHash(Base):
    """Hashes of a version's content beyond its files' SHA-256 (which ``files`` already indexes):
    today the safetensors tensor-bytes hash (AutoV3 / addnet / ModelSpec ``hash_sha256``)."""
    __tablename__ = "content_hashes"
    __table_args__ = (Index("ix_content_hashes_project_id_sha256", "project_id", "sha256"),)
    version_id: Mapped[int] = mapped_column(ForeignKey("versions.id"), primary_key=True)
    form: Mapped[str] = mapped_column(String(16), primary_key=True)  # "tensor"
    sha256: Mapped[str] = mapped_column(String(64))
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id"))


class PreviewJob(Base):
    """One representation's review media: the job that makes them and its state (docs/previews.md).
    Written in the version's transaction, so a publish never loses its previews to a crash."""

    __tablename__ = "preview_jobs"
    __table_args__ = (Index("ix_preview_jobs_state_run_after", "state", "run_after"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("versions.id"), index=True)
    representation_id: Mapped[int] = mapped_column(ForeignKey("representations.id"), unique=True)
    kind: Mapped[str] = mapped_column(String(16))  # image, sequence, video, audio
    state: Mapped[str] = mapped_column(String(16))  # pending, running, ready, failed
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    run_after: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    lease_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    claim: Mapped[str | None] = mapped_column(String(64), nullable=True)  # who holds the lease
    error: Mapped[str | None] = mapped_column(Text, nullable=True)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Preview(Base):
    """One derived file (thumbnail, review_image, proxy, poster, waveform): a blob like any other."""

    __tablename__ = "previews"
    __table_args__ = (UniqueConstraint("job_id", "role"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    job_id: Mapped[int] = mapped_column(ForeignKey("preview_jobs.id"))
    role: Mapped[str] = mapped_column(String(16))
    sha256: Mapped[str] = mapped_column(ForeignKey("blobs.sha256"), index=True)
    media_type: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(BigInteger)
    width: Mapped[int | None] = mapped_column(Integer, nullable=True)
    height: Mapped[int | None] = mapped_column(Integer, nullable=True)
    duration: Mapped[float | None] = mapped_column(Float, nullable=True)
    fps: Mapped[float | None] = mapped_column(Float, nullable=True)


class Annotation(Base):
    """A drawing on a frame (or a range) of a version, attached to one comment. Its shapes are vector data in
    picture fractions; an edit or a delete writes a new AnnotationRevision and never loses the old shapes."""

    __tablename__ = "annotations"
    __table_args__ = (Index("ix_annotations_version_id_id", "version_id", "id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    comment_id: Mapped[int] = mapped_column(ForeignKey("comments.id"), unique=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("versions.id"))
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    frame: Mapped[int] = mapped_column(Integer)
    frame_end: Mapped[int | None] = mapped_column(Integer, nullable=True)
    shapes: Mapped[list[Any]] = mapped_column(Json)  # the current shapes; [] once deleted
    revision: Mapped[int] = mapped_column(Integer, default=1)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # The flattened thumbnail (a blob), made on first request for the revision it was made from; an edit or
    # a delete clears it so the old picture is never shown and its blob can be collected.
    thumbnail_sha256: Mapped[str | None] = mapped_column(String(64), nullable=True)
    thumbnail_revision: Mapped[int | None] = mapped_column(Integer, nullable=True)


class AnnotationHistory(Base):
    """Every state a drawing has had, one row per add, edit or delete: its history, readable through the API."""

    __tablename__ = "annotation_revisions"
    __table_args__ = (UniqueConstraint("annotation_id", "revision"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    annotation_id: Mapped[int] = mapped_column(ForeignKey("annotations.id"))
    revision: Mapped[int] = mapped_column(Integer)
    change: Mapped[str] = mapped_column(String(16))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    frame: Mapped[int] = mapped_column(Integer)
    frame_end: Mapped[int | None] = mapped_column(Integer, nullable=True)
    shapes: Mapped[list[Any]] = mapped_column(Json)
    made_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


from . import review_tables  # noqa: E402,F401  (playlists and client links join the same metadata)
