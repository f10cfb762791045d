"""Tables of review playlists and client links (issue 19): ordered lists of versions, and time-limited
links that let a guest without an account watch and comment on one version or one playlist."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from .tables import Base, utcnow

Json = JSON().with_variant(JSONB(), "postgresql")


class Playlist(Base):
    """An ordered list of versions of one project, for a review round."""

    __tablename__ = "playlists"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    created_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # a live review session on the playlist: who drives playback, and where it stands ({item, frame, playing})
    live_driver_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    live_state: Mapped[dict[str, Any] | None] = mapped_column(Json, nullable=True)


class PlaylistItem(Base):
    """One version at one place of a playlist; ``position`` counts from 0 without gaps."""

    __tablename__ = "playlist_items"
    __table_args__ = (UniqueConstraint("playlist_id", "position"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    playlist_id: Mapped[int] = mapped_column(ForeignKey("playlists.id"))
    version_id: Mapped[int] = mapped_column(ForeignKey("versions.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)


class ClientLink(Base):
    """A guest's way in: the URL's secret (stored as its sha256), a scope (one version or one playlist), an
    expiry, an optional passphrase (scrypt, salted) and whether downloads are allowed."""

    __tablename__ = "client_links"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id"), index=True)
    secret_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    version_id: Mapped[int | None] = mapped_column(ForeignKey("versions.id"), nullable=True)
    playlist_id: Mapped[int | None] = mapped_column(ForeignKey("playlists.id"), nullable=True)
    label: Mapped[str] = mapped_column(String(200), default="")
    passphrase_hash: Mapped[str | None] = mapped_column(String(200), nullable=True)
    allow_download: Mapped[bool] = mapped_column(Boolean, default=False)
    created_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class GuestSession(Base):
    """A guest's browser session, opened through a client link; it ends with the link."""

    __tablename__ = "guest_sessions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    link_id: Mapped[int] = mapped_column(ForeignKey("client_links.id"), index=True)
    session_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    csrf: Mapped[str] = mapped_column(String(64))
    guest_name: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class GuestAction(Base):
    """The audit trail of a client link: every open, view, comment, download, refusal and failed passphrase."""

    __tablename__ = "guest_actions"
    __table_args__ = (Index("ix_guest_actions_link_id_id", "link_id", "id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    link_id: Mapped[int] = mapped_column(ForeignKey("client_links.id"))
    guest_session_id: Mapped[int | None] = mapped_column(ForeignKey("guest_sessions.id"), nullable=True)
    guest_name: Mapped[str] = mapped_column(String(100), default="")
    action: Mapped[str] = mapped_column(String(32))
    version_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    detail: Mapped[dict[str, Any]] = mapped_column(Json, default=dict)
    text: Mapped[str] = mapped_column(Text, default="")
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
