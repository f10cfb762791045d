"""Appended and imported rebuilds carry the artist's work to the new version: action, pose, constraints,
custom properties, moves, and the parenting of the artist's own objects (world position kept); what
cannot be carried is named in the update's outcome."""

from __future__ import annotations

import pytest

bpy = pytest.importorskip("bpy", reason="the Blender tests need bpy 5.0.1 (Python 3.11)")

from brickyard.core.inventory import update_containers  # noqa: E402
from brickyard.core.load import load  # noqa: E402

from .rigs import pose_and_key, publish_rig_versions  # noqa: E402

V1 = {"bones": ("root", "spine"), "vertices": 8}
V2 = {"bones": ("root", "spine", "tail"), "vertices": 14}
V3 = {"bones": ("root", "tail"), "vertices": 14}  # the spine is gone


def imported(root, kind):
    [obj] = [o for o in root.get("brickyard_content").all_objects if o.type == kind]
    return obj


def test_appended_rig_keeps_action_constraints_props_and_children(connected, host, loaders, tmp_path):
    ana = connected
    v1, v2, v3 = publish_rig_versions(ana, tmp_path, [V1, V2, V3])
    container = load(ana, host, loaders.get("AppendBlend"), v1, "blend")
    root = host.container_block(container.id)
    rig, body = imported(root, "ARMATURE"), imported(root, "MESH")
    action = pose_and_key(rig)
    target = bpy.data.objects.new("look_here", None)
    bpy.context.scene.collection.objects.link(target)
    limit = rig.constraints.new("LIMIT_LOCATION")
    limit.name, limit.use_max_x, limit.max_x = "stay_on_set", True, 5.0
    track = rig.pose.bones["spine"].constraints.new("DAMPED_TRACK")
    track.name, track.target = "look", target
    rig["mood"] = "grumpy"
    sword = bpy.data.objects.new("sword", None)
    bpy.context.scene.collection.objects.link(sword)
    sword.parent = body
    sword.location = (0.5, 0.0, 2.0)
    bpy.context.view_layer.update()
    sword_world = sword.matrix_world.copy()

    [outcome] = update_containers(ana, host, loaders, [container.id], 2)
    assert outcome.ok, outcome.message
    rig, body = imported(root, "ARMATURE"), imported(root, "MESH")
    assert "tail" in rig.data.bones and len(body.data.vertices) == 14  # the new version
    assert rig.animation_data.action == action and action.users == 1  # assigned, not left to die at save
    assert tuple(rig.location) == pytest.approx((3.0, 1.0, 0.0))
    assert tuple(rig.pose.bones["root"].location) == pytest.approx((0.0, 0.0, 0.25))  # un-keyed pose
    assert rig.constraints["stay_on_set"].max_x == pytest.approx(5.0)
    assert rig.pose.bones["spine"].constraints["look"].target == target
    assert rig["mood"] == "grumpy"
    assert sword.parent == body
    bpy.context.view_layer.update()
    assert [tuple(r) for r in sword.matrix_world] == [pytest.approx(tuple(r)) for r in sword_world]

    [outcome] = update_containers(ana, host, loaders, [container.id], 3)
    assert outcome.ok
    assert "bone spine is gone" in outcome.message and "look" in outcome.message  # named, not dropped silently
    assert imported(root, "ARMATURE").animation_data.action == action


def test_artist_objects_inside_the_content_collection_survive_a_rebuild(connected, host, loaders, tmp_path):
    ana = connected
    v1, v2 = publish_rig_versions(ana, tmp_path, [V1, V2])
    container = load(ana, host, loaders.get("AppendBlend"), v1, "blend")
    content = host.container_block(container.id).get("brickyard_content")
    mine = bpy.data.objects.new("my_marker", None)
    content.objects.link(mine)
    update_containers(ana, host, loaders, [container.id], 2)
    assert mine.name == "my_marker" and content in mine.users_collection
