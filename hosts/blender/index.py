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
    """(container id, datablock) for every indexed container still in a scene."""
    for scene in bpy.data.scenes:
        for container_id, idblock in (scene.get(CONTAINERS) or {}).items():
            if in_scene(idblock):
                yield container_id, idblock


def container_block(container_id: str) -> Any | None:
    for scene in bpy.data.scenes:
        idblock = (scene.get(CONTAINERS) or {}).get(container_id)
        if in_scene(idblock):
            return idblock
    return None


def adopt(container_id: str, idblock: Any, scene: bpy.types.Scene) -> None:
    """Index ``idblock`` as the datablock of ``container_id`` (before its data is written)."""
    _group(scene, CONTAINERS)[container_id] = idblock


def forget_container(container_id: str) -> Any | None:
    """Drop the container from every index and its data from the datablock; the datablock, if any."""
    found = None
    for scene in bpy.data.scenes:
        group = scene.get(CONTAINERS)
        if group is not None and container_id in group:
            found = group[container_id] or found
            del group[container_id]
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
