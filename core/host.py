"""The Host protocol: the little every application integration (Blender, Resolve, Unreal) provides.

The pipeline never reaches into an application; it asks the host. Containers and instances cross this
line as plain JSON-able dicts so a host can store them however its application allows (ID properties,
clip metadata, asset tags). The machinery takes the host as an argument: nothing here is global.

    >>> host.name, host.context().project
    ('reference', 'film')
    >>> [c["id"] for c in host.list_containers()]   # read from the host's index, not a scene scan
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, runtime_checkable


@dataclass(frozen=True)
class HostContext:
    """What the artist works on: new instances default to this project, folder and asset."""

    project: str
    folder: str = ""
    asset: str = ""


@runtime_checkable
class Host(Protocol):
    """The protocol every host implements (structural: no need to inherit from it)."""

    name: str  # matched against the ``hosts`` of loaders and publish plugins

    # --- the workfile ---------------------------------------------------------------------------
    def workfile(self) -> Path | None:
        """The open workfile's path; None when it was never saved."""

    def save_workfile(self) -> Path:
        """Save the open workfile where it is; its path."""

    def save_workfile_copy(self, path: Path) -> Path:
        """Write a copy of the open workfile to ``path`` without switching to it; ``path``."""

    # --- the context ----------------------------------------------------------------------------
    def context(self) -> HostContext:
        """The project, folder and asset the artist works on."""

    # --- containers: what was loaded, imprinted on the scene by id -------------------------------
    def list_containers(self) -> list[dict[str, Any]]:
        """Every container's data, from an index the host keeps (never a walk over the whole scene)."""

    def write_container(self, data: dict[str, Any]) -> None:
        """Imprint (create or replace) the container ``data["id"]``."""

    def read_container(self, container_id: str) -> dict[str, Any] | None:
        """The container's data, or None when the scene no longer has it."""

    def remove_container(self, container_id: str) -> None:
        """Forget the container (what it loaded is the loader's to remove)."""

    # --- instances: what to publish, persisted in the workfile -----------------------------------
    def list_instances(self) -> list[dict[str, Any]]:
        """Every publish instance saved in the workfile."""

    def save_instance(self, data: dict[str, Any]) -> None:
        """Create or update the instance ``data["id"]``."""

    def remove_instance(self, instance_id: str) -> None:
        """Delete the instance ``instance_id`` (nothing when it is not there)."""
