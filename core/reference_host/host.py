"""A host with no application: its scene is a JSON file of nodes, containers and publish instances.

It exercises the whole pipeline end to end and lets anyone try it from a shell. Containers live in a
dict by id (the index), so listing them never walks the nodes. Every change is written through to the
file atomically; ``batch()`` writes once for many changes.

    >>> host = ReferenceHost("shot.json", project="film", folder="shots", asset="sh010")
    >>> host.add_node("plate", ["/lib/plate_v001.exr"])
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ..host import HostContext
from .scene_file import empty_scene, read_scene, write_scene


class ReferenceHost:
    name = "reference"

    def __init__(self, path: str | Path, *, project: str | None = None, folder: str = "", asset: str = ""):
        """Open the scene at ``path``; a new one (for ``project``) is created when there is none."""
        self.path = Path(path)
        if self.path.exists():
            self._scene = read_scene(self.path)
        elif project is None:
            raise FileNotFoundError(f"no scene at {self.path}; pass project= to create one")
        else:
            self._scene = empty_scene(project, folder, asset)
            write_scene(self.path, self._scene)
        self._batching = 0

    # --- the workfile ---------------------------------------------------------------------------
    def workfile(self) -> Path:
        return self.path

    def save_workfile(self) -> Path:
        write_scene(self.path, self._scene)
        return self.path

    def save_workfile_copy(self, path: Path) -> Path:
        write_scene(Path(path), self._scene)
        return Path(path)

    def context(self) -> HostContext:
        return HostContext(**self._scene["context"])

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Make many changes with one write of the file at the end."""
        self._batching += 1
        try:
            yield
        finally:
            self._batching -= 1
            if not self._batching:
                self._changed()

    def _changed(self) -> None:
        if not self._batching:
            write_scene(self.path, self._scene)

    # --- containers -----------------------------------------------------------------------------
    def list_containers(self) -> list[dict[str, Any]]:
        return [copy.deepcopy(c) for c in self._scene["containers"].values()]

    def write_container(self, data: dict[str, Any]) -> None:
        self._scene["containers"][data["id"]] = copy.deepcopy(data)
        self._changed()

    def read_container(self, container_id: str) -> dict[str, Any] | None:
        found = self._scene["containers"].get(container_id)
        return copy.deepcopy(found) if found is not None else None

    def remove_container(self, container_id: str) -> None:
        if self._scene["containers"].pop(container_id, None) is not None:
            self._changed()

    # --- publish instances ----------------------------------------------------------------------
    def list_instances(self) -> list[dict[str, Any]]:
        return [copy.deepcopy(i) for i in self._scene["instances"].values()]

    def save_instance(self, data: dict[str, Any]) -> None:
        self._scene["instances"][data["id"]] = copy.deepcopy(data)
        self._changed()

    def remove_instance(self, instance_id: str) -> None:
        if self._scene["instances"].pop(instance_id, None) is not None:
            self._changed()

    # --- nodes: what loaders put in the scene ----------------------------------------------------
    def nodes(self) -> dict[str, dict[str, Any]]:
        return copy.deepcopy(self._scene["nodes"])

    def node(self, node_id: str) -> dict[str, Any]:
        try:
            return copy.deepcopy(self._scene["nodes"][node_id])
        except KeyError:
            raise KeyError(f"the scene {self.path} has no node {node_id!r}") from None

    def add_node(self, node_id: str, name: str, paths: list[str], **attributes: Any) -> dict[str, Any]:
        if node_id in self._scene["nodes"]:
            raise ValueError(f"the scene already has a node {node_id!r}")
        self._scene["nodes"][node_id] = {"name": name, "paths": list(paths), **attributes}
        self._changed()
        return self.node(node_id)

    def set_node(self, node_id: str, **attributes: Any) -> dict[str, Any]:
        """Change some attributes of a node, keeping the others (what the artist set)."""
        self.node(node_id)
        self._scene["nodes"][node_id].update(copy.deepcopy(attributes))
        self._changed()
        return self.node(node_id)

    def select_containers(self, container_ids: list[str]) -> list[str]:
        """Select what the containers loaded (their nodes): the Inventory's "select in scene"; the ids
        with no node left to select."""
        self._scene["selection"] = [c for c in container_ids if c in self._scene["nodes"]]
        self._changed()
        return [c for c in container_ids if c not in self._scene["nodes"]]

    def selection(self) -> list[str]:
        return list(self._scene.get("selection", []))

    def remove_node(self, node_id: str) -> None:
        if self._scene["nodes"].pop(node_id, None) is not None:
            self._changed()
