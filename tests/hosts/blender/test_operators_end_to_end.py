"""The artist's path through the add-on's operators, in the real Blender against the real server:
publish a collection, link it in another file, publish v2, see it outdated, update in place."""

from __future__ import annotations

import hashlib
import os

import pytest

bpy = pytest.importorskip("bpy", reason="the Blender tests need bpy 5.0.1 (Python 3.11)")

from brickyard.hosts.blender.ui.props import ui_state  # noqa: E402

from .scenes import mesh_collection, new_file, open_file, save_as, vertex_count  # noqa: E402


def sha256(path) -> str:
    return hashlib.sha256(open(path, "rb").read()).hexdigest()


def publish_hero(path, vertices, comment):
    open_file(path) if path.exists() else None
    if not path.exists():
        bpy.ops.wm.read_homefile(use_empty=True)
        mesh_collection("hero", vertices)
        save_as(path)
        assert bpy.ops.brickyard.create_instance(creator="CreateCollection", target="hero",
                                                 folder="chars") == {"FINISHED"}
    return bpy.ops.brickyard.publish(comment=comment)


def test_publish_link_publish_again_update(connected, tmp_path):
    ana = connected
    model = tmp_path / "work" / "hero_model.blend"
    assert publish_hero(model, 8, "first pass") == {"FINISHED"}
    v1 = ana.version("brickyard://film/chars/hero?version=1")
    assert v1.comment == "first pass" and [r.name for r in v1.representations] == ["blend"]
    assert v1.thumbnail and v1.workfile == str(model) and v1.metadata["blend_collection"] == "hero"

    shot = new_file(tmp_path / "work" / "shot.blend")
    state = ui_state()
    state.search = "her"
    assert bpy.ops.brickyard.search_assets() == {"FINISHED"}
    assert [a.reference for a in state.assets] == ["brickyard://film/chars/hero?version=latest"]
    assert bpy.ops.brickyard.list_versions() == {"FINISHED"}
    assert [v.number for v in state.versions] == [1]
    assert bpy.ops.brickyard.load(representation="blend", loader="LinkBlend") == {"FINISHED"}
    [empty] = [o for o in bpy.data.objects if o.instance_type == "COLLECTION"]
    assert vertex_count(empty.instance_collection) == 8
    empty.location = (3.0, 1.0, 0.0)  # the artist places it
    bpy.ops.wm.save_mainfile()

    open_file(model)  # the modeller changes the geometry and publishes again
    bpy.data.objects["hero_geo"].data.vertices.add(4)
    bpy.ops.wm.save_mainfile()
    assert bpy.ops.brickyard.publish(comment="more detail") == {"FINISHED"}
    v2 = ana.version("brickyard://film/chars/hero?version=2")

    open_file(shot)
    assert bpy.ops.brickyard.refresh_inventory() == {"FINISHED"}
    [row] = ui_state().containers
    assert (row.loaded, row.latest, row.state) == (1, 2, "outdated")
    assert "1 outdated" in ui_state().message
    assert bpy.ops.brickyard.update(outdated=True) == {"FINISHED"}

    empty = bpy.data.objects[row.name]
    linked = empty.instance_collection
    linked_file = bpy.path.abspath(linked.library.filepath)
    assert sha256(linked_file) == v2.representations[0].files[0].sha256
    assert linked_file.endswith(os.path.join("chars", "hero", "v002", "hero_v002.blend"))
    assert vertex_count(linked) == 12
    assert tuple(empty.location) == (3.0, 1.0, 0.0)
    assert [(c.loaded, c.state) for c in ui_state().containers] == [(2, "not_approved")]
    assert empty["brickyard_container"]["reference"].endswith("version=2&representation=blend")
