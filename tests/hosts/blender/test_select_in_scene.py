"""The Inventory's "select in scene" in Blender: a container's empty, an import's objects or an override's
objects become the selection (one of them active, nothing else selected); deleted containers are named."""

from __future__ import annotations

import pytest

bpy = pytest.importorskip("bpy", reason="the Blender tests need bpy 5.0.1 (Python 3.11)")

from brickyard.core.controllers.inventory_controller import InventoryController  # noqa: E402
from brickyard.hosts.blender.adapter import BlenderHost  # noqa: E402

from .scenes import mesh_collection  # noqa: E402

DATA = {"schema": "brickyard/container/1", "reference": "brickyard://film/chars/hero?version=1&representation=blend",
        "asset_id": 1, "version_id": 1, "representation": "blend", "loader": "LinkBlend", "namespace": "chars"}


def contain(host, idblock, container_id):
    host.adopt(container_id, idblock)
    host.write_container({**DATA, "id": container_id, "name": idblock.name})


def empty(name, collection=None):
    obj = bpy.data.objects.new(name, None)
    (collection or bpy.context.scene.collection).objects.link(obj)
    return obj


def imported(host, name, container_id):
    """An import's shape: a root empty over a content collection holding the root and the meshes."""
    content = mesh_collection(name, 4)
    root = empty(f"{name}_root", content)
    root["brickyard_content"] = content
    contain(host, root, container_id)
    return root, [o for o in content.all_objects if o != root]


def selected():
    return sorted(o.name for o in bpy.context.view_layer.objects if o.select_get())


def test_selects_the_containers_objects_and_only_them():
    host = BlenderHost("film")
    bystander = empty("bystander")
    bystander.select_set(True)
    link = empty("hero_instance")
    contain(host, link, "c1")
    root, meshes = imported(host, "crate", "c2")
    assert meshes  # the import made something to select beside its root

    assert host.select_containers(["c2", "c1"]) == []
    assert selected() == sorted([root.name, link.name, *(m.name for m in meshes)])
    assert bpy.context.view_layer.objects.active == root  # the first container's empty
    assert not bystander.select_get()

    assert host.select_containers(["c1"]) == []
    assert selected() == [link.name] and bpy.context.view_layer.objects.active == link


def test_an_override_root_selects_every_object_of_the_override():
    host = BlenderHost("film")
    rig = mesh_collection("rig", 4)  # stands for an override root collection: a collection as container
    contain(host, rig, "c1")
    assert host.select_containers(["c1"]) == []
    assert selected() == sorted(o.name for o in rig.all_objects)
    assert bpy.context.view_layer.objects.active in list(rig.all_objects)


def test_deleted_containers_are_named_and_the_rest_still_selected():
    host = BlenderHost("film")
    keep, gone = empty("keep"), empty("gone")
    contain(host, keep, "c1")
    contain(host, gone, "c2")
    root, meshes = imported(host, "crate", "c3")
    bpy.data.objects.remove(gone)
    bpy.data.batch_remove(meshes)  # the artist deleted what was imported; the root stays
    assert host.select_containers(["c1", "c2", "c3", "never"]) == ["c2", "never"]
    assert selected() == sorted([keep.name, root.name])


def test_nothing_left_clears_the_selection_and_says_so_through_the_controller():
    host = BlenderHost("film")
    other = empty("other")
    other.select_set(True)
    gone = empty("gone")
    contain(host, gone, "c1")
    bpy.context.scene.collection.objects.unlink(gone)  # deleted in the viewport
    assert InventoryController(None, host, None).select_in_scene(["c1"]) == ["c1"]
    assert selected() == []


def test_the_inventory_panels_select_operator(addon):
    host = BlenderHost("film")
    link = empty("hero_instance")
    contain(host, link, "c1")
    root, meshes = imported(host, "crate", "c2")
    assert bpy.ops.brickyard.select_containers(container_ids="c2") == {"FINISHED"}
    assert selected() == sorted([root.name, *(m.name for m in meshes)])
    bpy.data.objects.remove(link)
    assert bpy.ops.brickyard.select_containers(container_ids="c1,c2") == {"FINISHED"}  # says c1 is gone
    assert selected() == sorted([root.name, *(m.name for m in meshes)])
    with pytest.raises(RuntimeError, match="nothing to select"):
        bpy.ops.brickyard.select_containers()  # nothing ticked
