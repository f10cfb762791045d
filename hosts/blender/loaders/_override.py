"""Library overrides of a linked collection: make one, switch it by repointing its library, remove it.

A switch never re-creates the override: the library is pointed at the new file and reloaded, and
Blender resyncs the override hierarchy against it — pose (keyed or not), actions, NLA, override
properties, transforms and drivers stay; new bones, shape keys and geometry arrive. Every container
tracked on that library (other overrides and plain links of the same file) follows; they are
rewritten to the new version and named in the update's notes.
"""

from __future__ import annotations

import os

import bpy

from brickyard.hosts.blender import index, links
from brickyard.hosts.blender.loaders._blend import file_with_suffix, library_path, target_collection, unused


def make(linked: bpy.types.Collection, collection: str = "") -> bpy.types.Collection:
    """An editable override hierarchy of ``linked`` in the scene (or in ``collection``); its root."""
    scene = bpy.context.scene
    root = linked.override_hierarchy_create(scene, bpy.context.view_layer, do_fully_editable=True)
    if root is None:
        raise ValueError(f"Blender could not make a library override of {linked.name!r}")
    target = target_collection(collection)
    if target != scene.collection and root.name in scene.collection.children:
        scene.collection.children.unlink(root)
        target.children.link(root)
    return root


def is_override(block) -> bool:
    return isinstance(block, bpy.types.Collection) and block.override_library is not None


def switch(container, context) -> None:
    """Repoint the library under ``container``'s override at the new version's file and reload it."""
    root = index.container_block(container.id)
    linked = root.override_library.reference
    lib = linked.library
    path = file_with_suffix(context.paths, ".blend")
    followers = [cid for cid in links.on_library(lib) if cid != container.id]
    before = lib.filepath
    lib.filepath = library_path(path)
    lib.reload()
    linked = links.linked_of(container.id)
    if linked is None or linked.is_missing:
        name = linked.name if linked is not None else "the linked collection"
        lib.filepath = before  # nothing half-done: back to the file it read
        lib.reload()
        raise ValueError(f"{os.path.basename(path)} has no collection {name!r} to override; "
                         "the new version renamed its root collection — load it anew instead")
    for follower in followers:
        _follow(follower, context)


def _follow(container_id: str, context) -> None:
    """Rewrite another container on the repointed library to the new version, and say so."""
    block = index.container_block(container_id)
    data = index.container_data(container_id, block) if block is not None else None
    if data is None:
        return
    pinned = context.make_container(name=block.name, namespace=data.get("namespace", ""))
    index.write_data(container_id, {**data, "reference": pinned.reference, "asset_id": pinned.asset_id,
                                    "version_id": pinned.version_id})
    context.note(f"{block.name} shares this library and switched to v{context.version.number} with it")


def remove(root: bpy.types.Collection, container_id: str) -> None:
    """Delete the override hierarchy under ``root``, and its library once nothing else uses it."""
    links.forget(container_id)  # its record holds a user of the linked collection
    linked = root.override_library.reference
    lib = linked.library if linked is not None else None
    owned = [i for i in _override_ids() if i.override_library.hierarchy_root == root]
    bpy.data.batch_remove(owned)
    if lib is not None and unused(lib):
        bpy.data.libraries.remove(lib)


def _override_ids():
    for ids in (bpy.data.collections, bpy.data.objects, bpy.data.meshes, bpy.data.armatures, bpy.data.curves,
                bpy.data.materials, bpy.data.lattices, bpy.data.cameras, bpy.data.lights):
        yield from (i for i in ids if i.override_library is not None)
