"""What the Inventory window and Blender's Inventory panel call: containers with state, switch, remove.

    >>> ctrl = InventoryController(client, host, loaders)
    >>> outdated = [i.container_id for i in ctrl.refresh() if i.state == "outdated"]
    >>> ctrl.update(outdated, to="approved", progress=bar.update); ctrl.refresh()
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Literal

from ..container import Container, UnreadableContainer, parse_container
from ..errors import NotFound
from ..host import Host
from ..inventory import (
    InventoryItem,
    ProgressFn,
    UpdateOutcome,
    missing_files,
    read_containers,
    remove_containers,
    states_of,
    update_containers,
)
from ..load.registry import LoaderRegistry
from .loader_controller import web_page_url
from ..models import Lineage, Role, VersionPublic
from ..progress import ProgressCallback
from ..reference import Reference
from ..switching import switch_containers


class InventoryController:
    def __init__(self, client, host: Host, loaders: LoaderRegistry):
        self.client = client
        self.host = host
        self.loaders = loaders
        self.items: list[InventoryItem] = []
        self._missing: dict[str, str] = {}  # container id → what is missing, from the last read_scene

    def refresh(self) -> list[InventoryItem]:
        """Every container with its state (one request, whatever their number)."""
        return self.states(self.read_scene())

    def read_scene(self) -> list[Container | UnreadableContainer]:
        """The scene's half of ``refresh``: the containers as the host keeps them (no network), and which
        of them miss their files (kept for ``states``)."""
        containers = read_containers(self.host)
        self._missing = missing_files(self.host, containers)
        return containers

    def states(self, containers: list[Container | UnreadableContainer]) -> list[InventoryItem]:
        """The server's half of ``refresh``: where each of ``containers`` stands (one request; no host call)."""
        self.items = states_of(self.client, containers, self._missing)
        return self.items

    def update(self, container_ids: Iterable[str], to: Literal["latest", "approved"] = "latest",
               progress: ProgressFn | None = None) -> list[UpdateOutcome]:
        """Switch to the latest (or latest approved) version; refresh afterwards to redraw."""
        return update_containers(self.client, self.host, self.loaders, container_ids, to, progress)

    def set_version(self, container_ids: Iterable[str], number: int,
                    progress: ProgressFn | None = None) -> list[UpdateOutcome]:
        return update_containers(self.client, self.host, self.loaders, container_ids, int(number), progress)

    def remove(self, container_ids: Iterable[str]) -> list[UpdateOutcome]:
        return remove_containers(self.host, self.loaders, container_ids)

    def switch(self, container_ids: Iterable[str], reference: str | None = None, *,
               representation: str | None = None) -> list[UpdateOutcome]:
        """To another asset (``reference``) or another representation, in place (see ``switching``)."""
        return switch_containers(self.client, self.host, self.loaders, container_ids, reference,
                                 representation=representation)

    def representations_of(self, container_id: str) -> list[str]:
        """The representations of the version a container holds (for a "switch representation" choice)."""
        ref = self._container(container_id).ref.with_representation(None)  # every one, not the one held
        return [r.name for r in self.client.version(ref).representations]

    def made_from(self, item: InventoryItem) -> Lineage:
        """The lineage of the version a container holds (from its inventory row: no scene read)."""
        return self.client.lineage(Reference.parse(item.reference).with_representation(None))

    # --- what the right-click menu does with the versions held (server only: no scene read) --------------
    def role(self, project: str) -> Role | None:
        """The caller's role in the scene's project (whether to offer approve / reject)."""
        return self.client.project(project).role

    def web_url(self, item: InventoryItem) -> str:
        """The web app's page of the version a container holds."""
        return web_page_url(self.client.url, Reference.parse(item.reference).with_representation(None))

    def download(self, item: InventoryItem, folder: str | Path,
                 progress: ProgressCallback | None = None) -> list[Path]:
        """The held version's files (every representation) laid out under ``folder``."""
        return self.client.download(Reference.parse(item.reference).with_representation(None), to=folder,
                                    progress=progress)

    def set_status(self, item: InventoryItem, status: str, note: str = "") -> VersionPublic:
        """Approve, reject … the version a container holds (supervisors)."""
        return self.client.set_status(Reference.parse(item.reference).with_representation(None), status, note)

    def select_in_scene(self, container_ids: Iterable[str]) -> list[str] | None:
        """Select what the containers loaded, where the host can (``host.select_containers``): the ids that
        had nothing left in the scene to select; None when the host cannot select at all."""
        select = getattr(self.host, "select_containers", None)
        if select is None:
            return None
        return list(select(list(container_ids)) or [])

    def _container(self, container_id: str) -> Container:
        data = self.host.read_container(container_id)
        container = parse_container(data) if data is not None else None
        if not isinstance(container, Container):
            raise NotFound(f"the scene has no usable container {container_id!r}; refresh the inventory",
                           detail={"container": container_id})
        return container

    def versions_of(self, container_id: str) -> list[VersionPublic]:
        """Every version of the container's asset, newest first (for a "set version" choice)."""
        data = self.host.read_container(container_id)
        container = parse_container(data) if data is not None else None
        if not isinstance(container, Container):
            raise NotFound(f"the scene has no usable container {container_id!r}; refresh the inventory",
                           detail={"container": container_id})
        return sorted(self.client.versions(container.ref), key=lambda v: v.number, reverse=True)
