"""The Client's review calls: playlists and client links (mixed into ``brickyard.core.client.Client``)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from urllib.parse import quote

from .errors import error_from_body
from .models import VersionPublic
from .reference import Reference
from .review_models import (
    ClientLinkCreate,
    ClientLinkCreated,
    ClientLinkPublic,
    GuestActionPublic,
    PlaylistAdd,
    PlaylistCreate,
    PlaylistOrder,
    PlaylistPublic,
    SessionSummary,
)




class ReviewCalls:
    """Playlists (ordered versions for a review round) and client links (a guest's time-limited way in)."""

    _api: Any

    def resolve(self, references: Iterable[str | Reference]) -> list: ...  # provided by Client

    def _version_ids(self, versions: Iterable[str | Reference | VersionPublic | int]) -> list[int]:
        """Version ids of ``versions`` (ids, wire versions, or references resolved in ONE request)."""
        items = list(versions)
        refs = [v for v in items if isinstance(v, (str, Reference))]
        resolved = iter(self.resolve(refs) if refs else [])
        ids = []
        for item in items:
            if isinstance(item, int):
                ids.append(item)
            elif isinstance(item, VersionPublic):
                ids.append(item.id)
            else:
                answer = next(resolved)
                if answer.error is not None or answer.version is None:
                    error = answer.error or {"code": "not_found", "message": f"{answer.reference} names no version"}
                    raise error_from_body(0, {"error": error}, fallback=f"cannot resolve {answer.reference}")
                ids.append(answer.version.id)
        return ids

    def _playlists(self, project: str) -> str:
        return f"/projects/{quote(project, safe='')}/playlists"

    def playlists(self, project: str) -> list[PlaylistPublic]:
        """The project's playlists, newest first (without items).

            >>> [p.name for p in client.playlists("film")]
        """
        return [PlaylistPublic.model_validate(p) for p in self._api.request("GET", self._playlists(project)).json()]

    def playlist(self, project: str, playlist_id: int) -> PlaylistPublic:
        """One playlist with its items in order.

            >>> [i.reference for i in client.playlist("film", 3).items]
        """
        return PlaylistPublic.model_validate(
            self._api.request("GET", f"{self._playlists(project)}/{playlist_id}").json())

    def create_playlist(self, project: str, name: str, versions: Iterable[str | Reference | VersionPublic | int] = (),
                        *, folder: str | None = None, search: str | None = None) -> PlaylistPublic:
        """A playlist of ``versions`` (in order), then the latest usable version of every asset under
        ``folder`` and/or found by ``search``.

            >>> client.create_playlist("film", "dailies", folder="shots/sq010").items[0].reference
        """
        body = PlaylistCreate(name=name, versions=self._version_ids(versions), folder=folder, search=search)
        return PlaylistPublic.model_validate(self._api.request(
            "POST", self._playlists(project), json=body.model_dump(mode="json")).json())

    def add_to_playlist(self, project: str, playlist_id: int,
                        versions: Iterable[str | Reference | VersionPublic | int],
                        position: int | None = None) -> PlaylistPublic:
        """Insert versions at ``position`` (0 = first; default: the end)."""
        body = PlaylistAdd(versions=self._version_ids(versions), position=position)
        return PlaylistPublic.model_validate(self._api.request(
            "POST", f"{self._playlists(project)}/{playlist_id}/items", json=body.model_dump(mode="json")).json())

    def remove_from_playlist(self, project: str, playlist_id: int, item_id: int) -> PlaylistPublic:
        return PlaylistPublic.model_validate(self._api.request(
            "DELETE", f"{self._playlists(project)}/{playlist_id}/items/{item_id}").json())

    def reorder_playlist(self, project: str, playlist_id: int, item_ids: Iterable[int]) -> PlaylistPublic:
        """Every item id of the playlist, in the new order."""
        body = PlaylistOrder(items=list(item_ids))
        return PlaylistPublic.model_validate(self._api.request(
            "PUT", f"{self._playlists(project)}/{playlist_id}/order", json=body.model_dump(mode="json")).json())

    def live_sessions(self, project: str, playlist_id: int) -> list[SessionSummary]:
        """The playlist's live review sessions, newest first (without items: ``session_summary`` has them)."""
        return [SessionSummary.model_validate(s) for s in self._api.request(
            "GET", f"{self._playlists(project)}/{playlist_id}/sessions").json()]

    def session_summary(self, project: str, playlist_id: int, session_id: int) -> SessionSummary:
        """What a live session decided: per item, the decisions and notes posted between its start and end.

            >>> [(i.version, i.decisions) for i in client.session_summary("film", 3, 812).items]
        """
        return SessionSummary.model_validate(self._api.request(
            "GET", f"{self._playlists(project)}/{playlist_id}/sessions/{session_id}").json())

    def _links(self, project: str) -> str:
        return f"/projects/{quote(project, safe='')}/client-links"

    def create_client_link(self, project: str, *, version: str | Reference | VersionPublic | int | None = None,
                           playlist: int | None = None, hours: float = 168, passphrase: str | None = None,
                           allow_download: bool = False, label: str = "") -> ClientLinkCreated:
        """A link for a guest to one version or one playlist (supervisors). ``path`` holds the secret and is
        answered only now: join it to the server's URL and send it.

            >>> link = client.create_client_link("film", version="brickyard://film/shots/sh010", hours=48)
            >>> client.url + link.path
        """
        version_id = self._version_ids([version])[0] if version is not None else None
        body = ClientLinkCreate(version_id=version_id, playlist_id=playlist, hours=hours, passphrase=passphrase,
                                allow_download=allow_download, label=label)
        return ClientLinkCreated.model_validate(self._api.request(
            "POST", self._links(project), json=body.model_dump(mode="json")).json())

    def client_links(self, project: str) -> list[ClientLinkPublic]:
        return [ClientLinkPublic.model_validate(x) for x in self._api.request("GET", self._links(project)).json()]

    def revoke_client_link(self, project: str, link_id: int) -> ClientLinkPublic:
        """End the link and every guest session opened through it."""
        return ClientLinkPublic.model_validate(self._api.request("DELETE", f"{self._links(project)}/{link_id}").json())

    def client_link_actions(self, project: str, link_id: int) -> list[GuestActionPublic]:
        """What guests did through the link, oldest first."""
        return [GuestActionPublic.model_validate(x)
                for x in self._api.request("GET", f"{self._links(project)}/{link_id}/actions").json()]
