"""Every exporter's file re-imports: publish one collection as blend, glb, usd, fbx and abc, then load
each representation with its loader in a fresh file, and an OBJ and an image too."""

from __future__ import annotations

import pytest

bpy = pytest.importorskip("bpy", reason="the Blender tests need bpy 5.0.1 (Python 3.11)")

from brickyard.core.load import load  # noqa: E402
from brickyard.core.publish import publish_workfile  # noqa: E402
from brickyard.hosts.blender import PUBLISH_DIR  # noqa: E402
from brickyard.hosts.blender.creators import CreateCollection  # noqa: E402

from .scenes import mesh_collection, new_file, save_as  # noqa: E402

FORMATS = ["blend", "glb", "usd", "fbx", "abc"]
LOADERS = {"blend": ["LinkBlend", "AppendBlend"], "glb": ["ImportGltf"], "usd": ["ImportUsd"],
           "fbx": ["ImportFbx"], "abc": ["ImportAlembic"]}


def test_each_format_publishes_and_loads_back(connected, host, loaders, tmp_path):
    ana = connected
    mesh_collection("crate", 9)
    save_as(tmp_path / "crate.blend")
    CreateCollection().create(host, target="crate", folder="props", formats=FORMATS)
    report = publish_workfile(ana, host, plugin_paths=[PUBLISH_DIR])
    assert report.passed, [r.message for r in report.failures]
    version = ana.version(report.published[0])
    assert sorted(r.name for r in version.representations) == sorted(FORMATS)

    new_file(tmp_path / "set.blend")
    for rep, names in LOADERS.items():
        for name in names:
            before = set(bpy.data.objects)
            container = load(ana, host, loaders.get(name), version, rep)
            made = [o for o in bpy.data.objects if o not in before]
            meshes = [o for o in made if o.type == "MESH"] or \
                [o for o in made if o.instance_collection is not None]
            assert meshes, f"{name} loaded no geometry from {rep}"
            assert host.read_container(container.id)["loader"] == name
    assert len(host.list_containers()) == 6


def test_obj_and_image_load(connected, host, loaders, tmp_path):
    ana = connected
    mesh_collection("rock", 6)
    bpy.data.objects["rock_geo"].select_set(True)
    obj_path = tmp_path / "src" / "rock.obj"
    obj_path.parent.mkdir()
    bpy.ops.wm.obj_export(filepath=str(obj_path), export_selected_objects=True)
    image = bpy.data.images.new("swatch", 4, 4)
    image.filepath_raw = str(tmp_path / "src" / "swatch.png")
    image.file_format = "PNG"
    image.save()
    rock = ana.publish("film", "rock", "model", {"obj": [obj_path]}, folder="props")
    swatch = ana.publish("film", "swatch", "reference", {"png": [tmp_path / "src" / "swatch.png"]})

    new_file(tmp_path / "layout.blend")
    load(ana, host, loaders.get("ImportObj"), rock, "obj")
    ref = load(ana, host, loaders.get("LoadImage"), swatch, "png")
    assert any(o.type == "MESH" for o in bpy.data.objects)
    empty = bpy.data.objects[ref.name]
    assert empty.empty_display_type == "IMAGE" and empty.data.size[:] == (4, 4)
