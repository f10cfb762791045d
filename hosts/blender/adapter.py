"""The Blender host: the workfile, containers and publish instances of the open .blend.

Containers are ID properties on what Brickyard created (a collection-instance empty, an import's root
empty, an image empty), found through per-scene indexes of ID pointers (see ``index.py``), never by a
walk over ``bpy.data``. Every method may be called from any thread: bpy work is handed to the main
thread through ``MainThread`` (the add-on's timer drains it), so the network can stay in a worker.

    >>> host = BlenderHost(project="film")
    >>> [c["name"] for c in host.list_containers()]
    ['hero_rig']
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import bpy
from brickyard.core.errors import InvalidInput
from brickyard.core.host import HostContext

from . import index, links, selecting
from .main_thread import MainThread

T = TypeVar("T")
CONTEXT_PROP = "brickyard_context"  # {"folder": ..., "asset": ...} on the scene: what this workfile works on


class BlenderHost:
    name = "blender"

    def __init__(self, project: str = "", *, main: MainThread | None = None):
        self.project = project
        self.main = main or MainThread()

    def on_main(self, fn: Callable[[], T]) -> T:
        """Run ``fn`` (bpy work) on Blender's main thread and return its value."""
        return self.main.call(fn)

    # --- the workfile -------------------------------------------------------------------------------
    def workfile(self) -> Path | None:
        return self.on_main(lambda: Path(bpy.data.filepath) if bpy.data.filepath else None)

    def save_workfile(self) -> Path:
        def save() -> Path:
            if not bpy.data.filepath:
                raise InvalidInput("this file was never saved; save it once with File › Save As, then retry")
            bpy.ops.wm.save_mainfile()
            return Path(bpy.data.filepath)
        return self.on_main(save)

    def save_workfile_copy(self, path: Path) -> Path:
        def save() -> Path:
            Path(path).parent.mkdir(parents=True, exist_ok=True)
            bpy.ops.wm.save_as_mainfile(filepath=str(path), copy=True)
            return Path(path)
        return self.on_main(save)

    # --- the context --------------------------------------------------------------------------------
    def context(self) -> HostContext:
        def read() -> HostContext:
            scene = bpy.context.scene
            stored = scene.get(CONTEXT_PROP) if scene is not None else None
            stored = stored.to_dict() if stored is not None else {}
            return HostContext(self.project, str(stored.get("folder", "")), str(stored.get("asset", "")))
        return self.on_main(read)

    def set_context(self, folder: str = "", asset: str = "") -> None:
        """Record what this workfile works on (saved in the .blend); new instances default to it."""
        def write() -> None:
            bpy.context.scene[CONTEXT_PROP] = {"folder": folder, "asset": asset}
        self.on_main(write)

    # --- containers ---------------------------------------------------------------------------------
    def adopt(self, container_id: str, idblock: Any) -> None:
        """Index ``idblock`` (what a loader created) for ``container_id``; loaders call this, main thread."""
        index.adopt(container_id, idblock, bpy.context.scene)

    def track_link(self, container_id: str, linked: Any) -> None:
        """Record the linked collection ``container_id`` came from (main thread), so the container survives
        its empty being replaced by a library override and its duplicates are found."""
        links.track(container_id, linked, bpy.context.scene)

    def container_block(self, container_id: str) -> Any:
        """The datablock holding ``container_id`` (main thread); ``LookupError`` naming the fix if gone."""
        idblock = index.container_block(container_id)
        if idblock is None:
            raise LookupError(f"the scene no longer has container {container_id}; refresh the inventory")
        return idblock

    def list_containers(self) -> list[dict[str, Any]]:
        def read() -> list[dict[str, Any]]:
            index.adopt_duplicates()
            return [d for cid, b in index.container_blocks() if (d := _container_data(cid, b)) is not None]
        return self.on_main(read)

    def write_container(self, data: dict[str, Any]) -> None:
        self.on_main(lambda: index.write_data(data["id"], {k: v for k, v in data.items() if v is not None}))

    def read_container(self, container_id: str) -> dict[str, Any] | None:
        def read() -> dict[str, Any] | None:
            idblock = index.container_block(container_id)
            return _container_data(container_id, idblock) if idblock is not None else None
        return self.on_main(read)

    def missing_files(self, container_ids: list[str]) -> dict[str, str]:
        """{container id: the first file it reads that is not on this machine} (libraries, caches, images)."""
        def check() -> dict[str, str]:
            found = {}
            for container_id in container_ids:
                idblock = index.container_block(container_id)
                gone = next((p for p in _files_read(container_id, idblock) if not os.path.exists(p)), None) \
                    if idblock is not None else None
                if gone is not None:
                    found[container_id] = f"{os.path.basename(gone)} is not on this machine ({gone})"
            return found
        return self.on_main(check)

    def remove_container(self, container_id: str) -> None:
        self.on_main(lambda: index.forget_container(container_id))

    def select_containers(self, container_ids: list[str]) -> list[str]:
        """Select what the containers loaded in the viewport (the Inventory's "select in scene"); the ids
        with nothing left to select."""
        return self.on_main(lambda: selecting.select(list(container_ids)))

    # --- publish instances --------------------------------------------------------------------------
    def list_instances(self) -> list[dict[str, Any]]:
        return self.on_main(lambda: [data for _, data, _ in index.instance_entries()])

    def save_instance(self, data: dict[str, Any]) -> None:
        def save() -> None:
            scene = index.instance_scene(data["id"]) or bpy.context.scene
            index.save_instance(data, index.instance_target(data["id"]), scene)
        self.on_main(save)

    def bind_instance(self, data: dict[str, Any], target: Any) -> None:
        """Save instance ``data`` publishing ``target`` (a collection, object or scene); creators call this."""
        self.on_main(lambda: index.save_instance(data, target, bpy.context.scene))

    def instance_target(self, instance_id: str) -> Any | None:
        """The datablock an instance publishes (main thread); None when it was deleted."""
        return index.instance_target(instance_id)

    def remove_instance(self, instance_id: str) -> None:
        self.on_main(lambda: index.remove_instance(instance_id))


def _files_read(container_id: str, idblock: Any) -> list[str]:
    """The files a container's datablocks read: its library (and the libraries that one links), the
    cache files of imported objects, an image empty's image."""
    paths = []
    linked = links.linked_of(container_id)
    if linked is not None and linked.library is not None:
        lib = linked.library
        paths.append(bpy.path.abspath(lib.filepath))
        paths += [bpy.path.abspath(c.filepath, library=c.parent) for c in bpy.data.libraries if c.parent == lib]
    content = idblock.get("brickyard_content") if hasattr(idblock, "get") else None
    for obj in content.all_objects if content is not None else ():
        paths += [bpy.path.abspath(m.cache_file.filepath) for m in obj.modifiers
                  if m.type == "MESH_SEQUENCE_CACHE" and m.cache_file is not None]
    image = getattr(idblock, "data", None)
    if isinstance(image, bpy.types.Image) and image.source == "FILE":
        paths.append(bpy.path.abspath(image.filepath))
    return paths


def _container_data(container_id: str, idblock: Any) -> dict[str, Any] | None:
    data = index.container_data(container_id, idblock)
    if data is None:
        return None
    data["name"] = idblock.name  # the artist may have renamed it: report the name they see
    return data
