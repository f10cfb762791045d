"""Containers of linked collections, tracked on what survives an artist's edits: the linked collection.

A plain link lives on a collection-instance empty; a library override replaces that empty with an
override hierarchy (Blender deletes the empty), and custom properties on override IDs do not survive a
library reload. So every link container also keeps a *link record* in the scene:
``scene["brickyard_links"] = {container id: {"linked": the linked collection, "data": container JSON}}``.
From it the index finds a container's successor (the override root made from its linked collection, by
the Link-with-override loader or by hand) and its data, and counts Shift+D duplicates of its empty.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from typing import Any

import bpy

LINKS = "brickyard_links"


def _records() -> Iterator[tuple[bpy.types.Scene, str, Any]]:
    for scene in bpy.data.scenes:
        for container_id, record in (scene.get(LINKS) or {}).items():
            yield scene, container_id, record


def _record(container_id: str) -> Any | None:
    for scene in bpy.data.scenes:
        record = (scene.get(LINKS) or {}).get(container_id)
        if record is not None:
            return record
    return None


def track(container_id: str, linked: bpy.types.Collection, scene: bpy.types.Scene) -> None:
    """Record that ``container_id`` came from ``linked`` (a collection of a library)."""
    if LINKS not in scene:
        scene[LINKS] = {}
    record = scene[LINKS].get(container_id)
    data = record.get("data", "{}") if record is not None else "{}"
    scene[LINKS][container_id] = {"linked": linked, "data": data}


def _linked(record: Any) -> bpy.types.Collection | None:
    """The record's linked collection. Making an override remaps every local use of the linked ID to the
    override, this record's pointer included: then the override's reference is the linked collection."""
    found = record.get("linked")
    if found is not None and found.library is None and found.override_library is not None:
        return found.override_library.reference
    return found


def linked_of(container_id: str) -> bpy.types.Collection | None:
    record = _record(container_id)
    return _linked(record) if record is not None else None


def data_of(container_id: str) -> dict[str, Any] | None:
    """The container's data as last written (None when the container is not a tracked link)."""
    record = _record(container_id)
    if record is None or record.get("data", "{}") == "{}":
        return None
    return json.loads(record["data"])


def mirror(container_id: str, data: dict[str, Any]) -> None:
    """Keep a copy of the container's data beside its link record (if it has one)."""
    record = _record(container_id)
    if record is not None:
        record["data"] = json.dumps(data, sort_keys=True)


def libraries() -> set[bpy.types.Library]:
    """The libraries of every tracked container's linked collection."""
    return {linked.library for _, _, record in _records()
            if (linked := _linked(record)) is not None and linked.library is not None}


def other_users(linked: bpy.types.ID) -> int:
    """``linked.users`` less the link records pointing at it (an ID property holds a user too)."""
    return linked.users - sum(1 for _, _, record in _records() if record.get("linked") == linked)


def forget(container_id: str) -> None:
    for scene in bpy.data.scenes:
        group = scene.get(LINKS)
        if group is not None and container_id in group:
            del group[container_id]


def override_root_of(container_id: str, taken: set[Any]) -> bpy.types.Collection | None:
    """The override root made from ``container_id``'s linked collection, in a scene, held by no other container.

    Walks the collections only (not every datablock), and only for a container whose empty is gone.
    """
    record = _record(container_id)
    linked = _linked(record) if record is not None else None
    if linked is None:
        return None
    recorded = record.get("linked")
    candidates = [recorded] if recorded != linked else bpy.data.collections
    for coll in candidates:
        override = coll.override_library
        if override is None or override.reference != linked or coll in taken:
            continue
        if any(coll == s.collection or coll in s.collection.children_recursive for s in bpy.data.scenes):
            return coll
    return None


def on_library(lib: bpy.types.Library) -> list[str]:
    """The ids of every tracked container whose linked collection comes from ``lib``."""
    return [cid for _, cid, record in _records() if (linked := _linked(record)) is not None and linked.library == lib]


def duplicates(blocks: dict[str, Any]) -> list[tuple[str, bpy.types.Object]]:
    """(container id copied, the copy) for every Shift+D copy of a tracked link empty.

    A copy carries its original's ``brickyard_container`` property and instances the same linked
    collection. The linked collection's user count tells whether copies exist at all, so the ID walk
    (``user_map``) runs only when there is one to find.
    """
    indexed: dict[Any, list[str]] = {}
    overrides: dict[Any, int] = {}  # an override root is one more user of the collection it was made from
    for container_id, block in blocks.items():
        if isinstance(block, bpy.types.Object) and block.instance_collection is not None:
            indexed.setdefault(block.instance_collection, []).append(container_id)
        elif block.override_library is not None and block.override_library.reference is not None:
            ref = block.override_library.reference
            overrides[ref] = overrides.get(ref, 0) + 1
    extra = [linked for linked, ids in indexed.items() if other_users(linked) > len(ids) + overrides.get(linked, 0)]
    if not extra:
        return []
    known = set(blocks.values())
    found = []
    for linked, users in bpy.data.user_map(subset=extra, value_types={"OBJECT"}).items():
        for obj in sorted(users, key=lambda o: o.name):
            copied = obj.get("brickyard_container")
            if obj in known or copied is None or not obj.users_scene or obj.instance_collection != linked:
                continue
            source = copied.get("id")
            found.append((source if source in blocks else indexed[linked][0], obj))
    return found


def new_id() -> str:
    return uuid.uuid4().hex
