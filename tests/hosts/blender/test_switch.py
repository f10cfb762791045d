"""Switching in place: linked containers repoint their library (shared libraries handled, stale library
names harmless); imported ones are rebuilt under the same root keeping transform, parent and modifiers."""

from __future__ import annotations

import os

import pytest

bpy = pytest.importorskip("bpy", reason="the Blender tests need bpy 5.0.1 (Python 3.11)")

from brickyard.core.inventory import inventory, update_containers  # noqa: E402
from brickyard.core.load import load  # noqa: E402

from brickyard.hosts.blender.ui.state import current  # noqa: E402

from .scenes import mesh_collection, vertex_count  # noqa: E402


def publish_versions(client, tmp_path, counts, formats=("blend",), asset="hero"):
    """Publish ``asset`` once per vertex count, straight from files written by the real exporters."""
    versions = []
    for number, count in enumerate(counts, 1):
        bpy.ops.wm.read_homefile(use_empty=True)
        coll = mesh_collection(asset, count)
        out = tmp_path / "src" / f"v{number}"
        out.mkdir(parents=True)
        files = {}
        if "blend" in formats:
            bpy.data.libraries.write(str(out / f"{asset}.blend"), {coll}, fake_user=True)
            files["blend"] = [out / f"{asset}.blend"]
        if "glb" in formats:
            for obj in coll.all_objects:
                obj.select_set(True)
            bpy.ops.export_scene.gltf(filepath=str(out / f"{asset}.glb"), export_format="GLB", use_selection=True)
            files["glb"] = [out / f"{asset}.glb"]
        versions.append(client.publish("film", asset, "model", files, folder="chars",
                                       metadata={"blend_collection": asset}))
    bpy.ops.wm.read_homefile(use_empty=True)
    return versions


def library_files():
    return sorted(os.path.basename(bpy.path.abspath(lib.filepath)) for lib in bpy.data.libraries)


def test_shared_library_switches_one_container_then_the_other(connected, host, loaders, tmp_path):
    ana = connected
    v1, v2, v3 = publish_versions(ana, tmp_path, [3, 6, 9])
    link = loaders.get("LinkBlend")
    first, second = (load(ana, host, link, v1, "blend") for _ in range(2))
    assert library_files() == ["hero_v001.blend"]  # one library, shared

    [outcome] = update_containers(ana, host, loaders, [first.id], 2)
    assert outcome.ok, outcome.message
    a, b = (host.container_block(c.id) for c in (first, second))
    assert (vertex_count(a.instance_collection), vertex_count(b.instance_collection)) == (6, 3)
    assert library_files() == ["hero_v001.blend", "hero_v002.blend"]

    update_containers(ana, host, loaders, [second.id], 2)
    assert vertex_count(b.instance_collection) == 6
    assert library_files() == ["hero_v002.blend"]  # nothing used v1 any more: its library is gone

    # One container per library now: v3 repoints the library in place; its name stays "hero_v002.blend"
    # (stale) and a later switch must still find everything by path.
    update_containers(ana, host, loaders, [first.id, second.id], 3)
    assert [vertex_count(host.container_block(c.id).instance_collection) for c in (first, second)] == [9, 9]
    update_containers(ana, host, loaders, [first.id], 1)
    assert vertex_count(host.container_block(first.id).instance_collection) == 3
    assert sorted(i.loaded for i in inventory(ana, host)) == [1, 3]


def test_single_library_is_repointed_and_reloaded(connected, host, loaders, tmp_path):
    ana = connected
    v1, v2 = publish_versions(ana, tmp_path, [3, 6])
    container = load(ana, host, loaders.get("LinkBlend"), v1, "blend")
    lib = host.container_block(container.id).instance_collection.library
    update_containers(ana, host, loaders, [container.id], "latest")
    assert len(bpy.data.libraries) == 1 and bpy.data.libraries[0] == lib  # the same library, repointed
    assert lib.name == "hero_v001.blend"  # Blender keeps the old name: lookups go by path
    assert bpy.path.abspath(lib.filepath).endswith("hero_v002.blend")


def test_import_update_keeps_transform_parent_and_modifiers(connected, host, loaders, tmp_path):
    ana = connected
    v1, v2 = publish_versions(ana, tmp_path, [3, 6], formats=("glb",))
    container = load(ana, host, loaders.get("ImportGltf"), v1, "glb")
    root = host.container_block(container.id)
    rig = bpy.data.objects.new("layout_rig", None)
    bpy.context.scene.collection.objects.link(rig)
    root.parent, root.location, root.scale = rig, (1.0, 2.0, 3.0), (2.0, 2.0, 2.0)
    [geo] = [o for o in root.children if o.type == "MESH"]
    geo.modifiers.new("artist_bevel", "BEVEL").width = 0.25

    [outcome] = update_containers(ana, host, loaders, [container.id], "latest")
    assert outcome.ok, outcome.message
    root = host.container_block(container.id)
    [geo] = [o for o in root.children if o.type == "MESH"]
    assert len(geo.data.vertices) == 6  # the new file's geometry
    assert root.parent == rig and tuple(root.location) == (1.0, 2.0, 3.0) and tuple(root.scale) == (2, 2, 2)
    bevel = geo.modifiers.get("artist_bevel")
    assert bevel is not None and bevel.width == pytest.approx(0.25)
    assert host.read_container(container.id)["version_id"] == v2.id


def test_image_update_swaps_the_image(connected, host, loaders, tmp_path):
    ana = connected
    versions = []
    for number, size in enumerate((4, 8), 1):
        image = bpy.data.images.new(f"swatch{number}", size, size)
        image.filepath_raw = str(tmp_path / f"swatch{number}" / "swatch.png")
        os.makedirs(os.path.dirname(image.filepath_raw))
        image.file_format = "PNG"
        image.save()
        versions.append(ana.publish("film", "swatch", "reference", {"png": [image.filepath_raw]}))
    container = load(ana, host, loaders.get("LoadImage"), versions[0], "png")
    empty = host.container_block(container.id)
    empty.location = (5, 0, 0)
    update_containers(ana, host, loaders, [container.id], "latest")
    assert tuple(empty.data.size) == (8, 8) and tuple(empty.location) == (5, 0, 0)


def test_loader_options_apply_and_are_kept_through_an_update(connected, host, tmp_path):
    ana = connected
    versions = []
    for number, count in enumerate((6, 9), 1):
        bpy.ops.wm.read_homefile(use_empty=True)
        mesh_collection("rock", count)
        bpy.data.objects["rock_geo"].select_set(True)
        path = tmp_path / f"v{number}" / "rock.obj"
        path.parent.mkdir()
        bpy.ops.wm.obj_export(filepath=str(path), export_selected_objects=True, export_materials=False)
        versions.append(ana.publish("film", "rock", "model", {"obj": [path]}, folder="props"))
    bpy.ops.wm.read_homefile(use_empty=True)
    plain = bpy.ops.brickyard.load(reference=versions[0].reference, representation="obj", loader="ImportObj")
    assert plain == {"FINISHED"}
    [plain_geo] = [o for o in bpy.data.objects if o.type == "MESH"]
    width = plain_geo.dimensions.x
    assert bpy.ops.brickyard.load(reference=versions[0].reference, representation="obj", loader="ImportObj",
                                  options='{"collection": "props", "global_scale": 2.0}') == {"FINISHED"}
    [container] = [c for c in host.list_containers() if c["name"] != plain_geo.parent.name]
    root = host.container_block(container["id"])
    props = bpy.data.collections["props"]
    assert root.users_collection[0] in props.children_recursive  # the content collection sits in "props"

    def scaled_width():
        [geo] = [o for o in root.children if o.type == "MESH"]
        return geo.dimensions.x

    assert scaled_width() == pytest.approx(2 * width)
    update_containers(ana, host, current().loaders, [container["id"]], "latest")
    [geo] = [o for o in root.children if o.type == "MESH"]
    assert len(geo.data.vertices) == 9 and width == pytest.approx(0.5)  # points 0.1 apart: 0.5 wide, v2 0.8
    assert scaled_width() == pytest.approx(2 * 0.8)  # still imported at twice the size
    assert root.users_collection[0] in props.children_recursive
