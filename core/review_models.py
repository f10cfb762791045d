"""Wire models of review playlists and client links (issue 19), shared by the server and the client."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Annotated

from pydantic import BaseModel, ConfigDict, Field, model_validator

from .limits import SINGLE_LINE_PATTERN, FolderPath, Id, SingleLine

PLAYLIST_MAX_ITEMS = 1000
LINK_HOURS_MAX = 24 * 90  # a client link lives at most 90 days
Title = Annotated[str, Field(max_length=200, json_schema_extra={"pattern": SINGLE_LINE_PATTERN}), SingleLine]
Words = Annotated[str, Field(max_length=500, json_schema_extra={"pattern": SINGLE_LINE_PATTERN}), SingleLine]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class PlaylistCreate(_Model):
    """A new playlist: versions picked by hand (in this order), then the latest usable version of every asset
    under ``folder`` and/or matching the search words ``search`` (folder order)."""

    name: Title = Field(min_length=1)
    versions: list[Id] = Field(default_factory=list, max_length=PLAYLIST_MAX_ITEMS)
    folder: FolderPath | None = None
    search: Words | None = None


class PlaylistAdd(_Model):
    """Versions to add, at ``position`` (0 = first; default: the end)."""

    versions: list[Id] = Field(min_length=1, max_length=PLAYLIST_MAX_ITEMS)
    position: int | None = Field(None, ge=0, le=PLAYLIST_MAX_ITEMS)


class PlaylistOrder(_Model):
    """Every item id of the playlist, in the new order."""

    items: list[Id] = Field(max_length=PLAYLIST_MAX_ITEMS)


class PlaylistItemPublic(_Model):
    id: int
    position: int
    version_id: int
    reference: str
    folder: str
    asset: str
    number: int
    status: str


class PlaylistPublic(_Model):
    id: int
    project: str
    name: str
    created_by: str
    created_at: datetime
    updated_at: datetime
    items: list[PlaylistItemPublic] = Field(default_factory=list)


class ClientLinkCreate(_Model):
    """A link for a guest to one version or one playlist of the project, for ``hours`` hours."""

    version_id: Id | None = None
    playlist_id: Id | None = None
    hours: float = Field(168, gt=0, le=LINK_HOURS_MAX)
    passphrase: str | None = Field(None, min_length=8, max_length=200)
    allow_download: bool = False
    label: Title = ""

    @model_validator(mode="after")
    def _one_scope(self) -> ClientLinkCreate:
        if (self.version_id is None) == (self.playlist_id is None):
            raise ValueError("give exactly one of version_id or playlist_id: a link shows one version or one "
                             "playlist")
        return self


class ClientLinkPublic(_Model):
    id: int
    project: str
    label: str
    version_id: int | None
    playlist_id: int | None
    allow_download: bool
    has_passphrase: bool
    created_by: str
    created_at: datetime
    expires_at: datetime
    revoked_at: datetime | None
    active: bool


class ClientLinkCreated(ClientLinkPublic):
    """Answered once, at creation: ``path`` holds the secret (only its hash is kept)."""

    path: str


class GuestActionPublic(_Model):
    id: int
    at: datetime
    action: str
    guest_name: str
    version_id: int | None
    text: str
    detail: dict[str, Any]


class SessionNote(_Model):
    """A comment posted on an item during a live session; ``decision`` when it came with a status change."""

    comment_id: int
    user: str | None
    guest: str | None = None  # a guest's name (through a client link); ``user`` is then the link's maker
    text: str
    decision: str | None  # approved | rejected | changes requested (or another status it was moved to)
    frame: int | None = None
    frame_end: int | None = None
    at: datetime


class SessionItem(_Model):
    position: int
    version_id: int
    version: str  # "folder/asset v003"
    decisions: list[str]  # in the order they were made; the last one stands
    notes: list[SessionNote]


class SessionSummary(_Model):
    """A live session of a playlist: from its ``live.started`` event (its id is the session's) to the next
    ``live.ended`` (``ended_at`` None: still running)."""

    playlist_id: int
    playlist: str
    session_id: int
    driver: str | None
    started_at: datetime
    ended_at: datetime | None
    ended_by: str | None
    items: list[SessionItem]
