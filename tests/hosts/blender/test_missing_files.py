"""Paths and moved libraries: libraries saved relative when the preference is on (also after a switch);
a library root moved away shows `missing files`, and setting the same version (Repair) fetches them."""

from __future__ import annotations

import pytest

bpy = pytest.importorskip("bpy", reason="the Blender tests need bpy 5.0.1 (Python 3.11)")

from brickyard.core.inventory import inventory, update_containers  # noqa: E402
from brickyard.core.load import load  # noqa: E402

from .rigs import armature_of, publish_rig_versions  # noqa: E402
from .scenes import open_file, save_as  # noqa: E402

V1 = {"bones": ("root", "spine"), "vertices": 8}
V2 = {"bones": ("root", "spine", "tail"), "vertices": 14}


def test_libraries_are_saved_relative_and_stay_relative_after_a_switch(connected, host, loaders, tmp_path):
    ana = connected
    assert bpy.context.preferences.filepaths.use_relative_paths  # Blender's default
    v1, v2 = publish_rig_versions(ana, tmp_path, [V1, V2])
    plain = load(ana, host, loaders.get("LinkBlend"), v1, "blend")  # into a never-saved file: absolute
    assert not bpy.data.libraries[0].filepath.startswith("//")
    save_as(tmp_path / "shots" / "sh010.blend")
    open_file(tmp_path / "shots" / "sh010.blend")
    [lib] = bpy.data.libraries
    assert lib.filepath == "//../library/film/chars/hero/v001/hero_v001.blend"
    update_containers(ana, host, loaders, [plain.id], 2)
    assert lib.filepath == "//../library/film/chars/hero/v002/hero_v002.blend"


def test_moved_library_root_shows_missing_files_and_repair_fetches_them(connected, studio, host, loaders,
                                                                         tmp_path):
    ana = connected
    v1, v2 = publish_rig_versions(ana, tmp_path, [V1, V2])
    rig = load(ana, host, loaders.get("LinkOverride"), v1, "blend")
    armature_of(host.container_block(rig.id)).location = (2.0, 0.0, 0.0)
    save_as(tmp_path / "shot.blend")
    (tmp_path / "library").rename(tmp_path / "library_gone")  # the root moved (or: another machine)
    open_file(tmp_path / "shot.blend")

    moved = studio.client("ana", library=tmp_path / "library_b", cache_dir=tmp_path / "cache")
    [item] = inventory(moved, host)
    assert item.state == "missing_files" and "hero_v001.blend is not on this machine" in item.message
    assert (item.loaded, item.latest) == (1, 2)  # still knows where it stands

    [outcome] = update_containers(moved, host, loaders, [rig.id], 1)  # Repair: the same version again
    assert outcome.ok and "repaired" in outcome.message, outcome.message
    assert (tmp_path / "library_b" / "film" / "chars" / "hero" / "v001" / "hero_v001.blend").exists()
    [item] = inventory(moved, host)
    assert item.state != "missing_files"
    repaired = armature_of(host.container_block(rig.id))
    assert [b.name for b in repaired.data.bones] == ["root", "spine"]
    assert tuple(repaired.location) == pytest.approx((2.0, 0.0, 0.0))  # the animator's edit survived
    assert [o.ok for o in update_containers(moved, host, loaders, [rig.id], 1)] == [True]  # now a no-op


def test_a_set_linking_a_published_prop_opens_complete_with_another_library_root(connected, studio, host,
                                                                                  loaders, tmp_path):
    from brickyard.core.publish import PublishSession, discover_publish_plugins

    from brickyard.hosts.blender import PUBLISH_DIR
    from brickyard.hosts.blender.creators import CreateCollection

    from .scenes import mesh_collection, new_file, vertex_count

    ana = connected
    new_file(tmp_path / "prop.blend")
    prop = mesh_collection("lamp", 9)
    bpy.data.libraries.write(str(tmp_path / "lamp.blend"), {prop}, fake_user=True)
    lamp = ana.publish("film", "lamp", "model", {"blend": [tmp_path / "lamp.blend"]}, folder="props",
                       metadata={"blend_collection": "lamp"})
    new_file(tmp_path / "set.blend")  # the set dresser links the published lamp into a set and publishes it
    load(ana, host, loaders.get("LinkBlend"), lamp, "blend", options={"collection": "street"})
    CreateCollection().create(host, target="street", folder="sets", kind="scene", formats=["blend"])
    save_as(tmp_path / "set.blend")
    report = PublishSession(ana, host, discover_publish_plugins("blender", [PUBLISH_DIR])).publish()
    assert report.passed, [r.message for r in report.failures]
    street = ana.version(report.published[0])
    assert street.inputs and "props/lamp?version=1" in street.inputs[0]

    (tmp_path / "library").rename(tmp_path / "first_machine_library")  # another machine: another root
    bpy.ops.wm.read_homefile(use_empty=True)
    second = studio.client("ana", library=tmp_path / "second_root", cache_dir=tmp_path / "second_cache")
    container = load(second, host, loaders.get("LinkBlend"), street, "blend")
    instanced = host.container_block(container.id).instance_collection
    nested = [lib for lib in bpy.data.libraries if lib.parent is not None]
    assert [bpy.path.abspath(lib.filepath, library=lib.parent).startswith(str(tmp_path / "second_root"))
            for lib in nested] == [True]
    lamp_instance = next(o for o in instanced.all_objects if o.instance_collection is not None)
    assert vertex_count(lamp_instance.instance_collection) == 9  # the lamp is there, not an empty placeholder
