"""Where Brickyard finds what it made in a .blend: per-scene indexes of ID pointers, by container or instance id.

Each scene keeps two ID properties: ``brickyard_containers`` ({container id: the datablock}) and
``brickyard_instances`` ({instance id: {"spec": JSON, "target": the datablock it publishes}}). They hold
pointers, not names, so renaming an object or a collection never breaks a lookup, and listing
containers reads the index instead of walking every datablock. The container's own data lives on the
datablock as ``id["brickyard_container"]`` (visible in the Custom Properties panel).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import bpy

from . import links

CONTAINERS = "brickyard_containers"
INSTANCES = "brickyard_instances"
CONTAINER_PROP = "brickyard_container"


def in_scene(idblock: Any) -> bool:
    """False for a datablock the artist deleted (still referenced by the index, but in no scene)."""
    if idblock is None:
        return False
    if isinstance(idblock, bpy.types.Object):
        return bool(idblock.users_scene)
    if isinstance(idblock, bpy.types.Collection):
        return any(idblock == s.collection or idblock in s.collection.children_recursive for s in bpy.data.scenes)
    return True


def _group(scene: bpy.types.Scene, key: str):
    if key not in scene:
        scene[key] = {}
    return scene[key]


# --- containers ---------------------------------------------------------------------------------------
def container_blocks() -> Iterator[tuple[str, Any]]:
    """(container id, datablock) for every indexed container still in a scene.

    A link container whose empty is gone (an artist made a library override of it) moves to the
    override root made from its linked collection, found through its link record (``links.py``).
    """
    taken: set[Any] | None = None
    for scene in bpy.data.scenes:
        group = scene.get(CONTAINERS) or {}
        for container_id, idblock in list(group.items()):
            if in_scene(idblock):
                yield container_id, idblock
                continue
            if links.linked_of(container_id) is None:
                continue
            if taken is None:
                taken = {b for s in bpy.data.scenes for b in (s.get(CONTAINERS) or {}).values() if b is not None}
            root = links.override_root_of(container_id, taken)
            if root is not None:
                group[container_id] = root
                taken.add(root)
                yield container_id, root


def container_block(container_id: str) -> Any | None:
    for scene in bpy.data.scenes:
        idblock = (scene.get(CONTAINERS) or {}).get(container_id)
        if in_scene(idblock):
            return idblock
    if links.linked_of(container_id) is not None:
        return next((b for cid, b in container_blocks() if cid == container_id), None)
    return None


def container_data(container_id: str, idblock: Any) -> dict[str, Any] | None:
    """The container's data: its link record's copy (overrides cannot keep ID properties), else the block's."""
    data = links.data_of(container_id)
    if data is None and CONTAINER_PROP in idblock:
        data = idblock[CONTAINER_PROP].to_dict()
    return data


def write_data(container_id: str, data: dict[str, Any]) -> None:
    idblock = container_block(container_id)
    if idblock is None:
        raise LookupError(f"container {container_id} has no datablock; a loader must call host.adopt first")
    if idblock.override_library is None:  # an override would lose it on the next library reload
        idblock[CONTAINER_PROP] = data
    links.mirror(container_id, data)


def adopt(container_id: str, idblock: Any, scene: bpy.types.Scene) -> None:
    """Index ``idblock`` as the datablock of ``container_id`` (before its data is written)."""
    _group(scene, CONTAINERS)[container_id] = idblock


def adopt_duplicates() -> list[str]:
    """Make every Shift+D copy of a linked instance a container of its own; the new ids."""
    blocks = dict(container_blocks())
    made = []
    for source, obj in links.duplicates(blocks):
        data = container_data(source, blocks[source])
        if data is None:
            continue
        container_id = links.new_id()
        scene = obj.users_scene[0]
        adopt(container_id, obj, scene)
        links.track(container_id, obj.instance_collection, scene)
        write_data(container_id, {**data, "id": container_id, "name": obj.name})
        made.append(container_id)
    return made


def forget_container(container_id: str) -> Any | None:
    """Drop the container from every index and its data from the datablock; the datablock, if any."""
    found = None
    for scene in bpy.data.scenes:
        group = scene.get(CONTAINERS)
        if group is not None and container_id in group:
            found = group[container_id] or found
            del group[container_id]
    links.forget(container_id)
    if found is not None and CONTAINER_PROP in found:
        del found[CONTAINER_PROP]
    return found


# --- publish instances --------------------------------------------------------------------------------
def instance_entries() -> Iterator[tuple[str, dict[str, Any], Any]]:
    """(instance id, spec data, target datablock or None) of every saved instance."""
    for scene in bpy.data.scenes:
        for instance_id, entry in (scene.get(INSTANCES) or {}).items():
            yield instance_id, json.loads(entry["spec"]), entry.get("target")


def save_instance(data: dict[str, Any], target: Any, scene: bpy.types.Scene) -> None:
    group = _group(scene, INSTANCES)
    entry: dict[str, Any] = {"spec": json.dumps(data, sort_keys=True)}
    if target is not None:
        entry["target"] = target
    group[data["id"]] = entry


def instance_target(instance_id: str) -> Any | None:
    for scene in bpy.data.scenes:
        entry = (scene.get(INSTANCES) or {}).get(instance_id)
        if entry is not None:
            return entry.get("target")
    return None


def instance_scene(instance_id: str) -> bpy.types.Scene | None:
    for scene in bpy.data.scenes:
        if instance_id in (scene.get(INSTANCES) or {}):
            return scene
    return None


def remove_instance(instance_id: str) -> None:
    for scene in bpy.data.scenes:
        group = scene.get(INSTANCES)
        if group is not None and instance_id in group:
            del group[instance_id]
