"""An animator's rig through version switches: Link with library override keeps pose, action and
transform while new bones and geometry arrive; hand-made overrides and Shift+D duplicates stay tracked."""

from __future__ import annotations

import pytest

bpy = pytest.importorskip("bpy", reason="the Blender tests need bpy 5.0.1 (Python 3.11)")

from brickyard.core.inventory import inventory, update_containers  # noqa: E402
from brickyard.core.load import load  # noqa: E402

from .rigs import armature_of, body_of, pose_and_key, publish_rig_versions  # noqa: E402
from .scenes import save_as  # noqa: E402

V1 = {"bones": ("root", "spine"), "vertices": 8}
V2 = {"bones": ("root", "spine", "tail"), "vertices": 14}


def kept_animation(rig, action) -> None:
    assert tuple(rig.location) == pytest.approx((3.0, 1.0, 0.0))
    assert rig.animation_data.action == action and action.users >= 1
    assert tuple(rig.pose.bones["root"].location) == pytest.approx((0.0, 0.0, 0.25))
    bpy.context.scene.frame_set(10)
    assert rig.pose.bones["spine"].rotation_euler[0] == pytest.approx(0.5)


def test_override_switch_keeps_pose_action_transform_and_brings_new_bones(connected, host, loaders, tmp_path):
    ana = connected
    v1, v2 = publish_rig_versions(ana, tmp_path, [V1, V2])
    assert loaders.serving(kind="rig", representation="blend")[0].name() == "LinkOverride"  # the default
    container = load(ana, host, loaders.get("LinkOverride"), v1, "blend")
    root = host.container_block(container.id)
    assert root.override_library is not None and root.name in bpy.context.scene.collection.children
    action_name = pose_and_key(armature_of(root)).name
    save_as(tmp_path / "shot.blend")
    bpy.ops.wm.open_mainfile(filepath=str(tmp_path / "shot.blend"))
    action = bpy.data.actions[action_name]

    [item] = inventory(ana, host)
    assert (item.loaded, item.latest, item.state) == (1, 2, "outdated")
    [outcome] = update_containers(ana, host, loaders, [item.container_id], "latest")
    assert outcome.ok and outcome.to_version == 2, outcome.message
    root = host.container_block(container.id)
    rig = armature_of(root)
    assert [b.name for b in rig.data.bones] == ["root", "spine", "tail"]  # the new bone arrived
    assert len(body_of(root).data.vertices) == 14  # and the new mesh
    kept_animation(rig, action)
    assert len(bpy.data.libraries) == 1  # repointed, not linked anew
    assert [i.loaded for i in inventory(ana, host)] == [2]

    [back] = update_containers(ana, host, loaders, [container.id], 1)
    assert back.ok, back.message
    rig = armature_of(host.container_block(container.id))
    assert [b.name for b in rig.data.bones] == ["root", "spine"] and len(body_of(rig.users_collection[0])
                                                                       .data.vertices) == 8
    kept_animation(rig, action)


def test_hand_made_override_of_a_plain_link_stays_tracked_and_switches(connected, host, loaders, tmp_path):
    ana = connected
    v1, v2 = publish_rig_versions(ana, tmp_path, [V1, V2])
    container = load(ana, host, loaders.get("LinkBlend"), v1, "blend")
    empty = host.container_block(container.id)
    bpy.context.view_layer.objects.active = empty
    empty.select_set(True)
    with bpy.context.temp_override(active_object=empty, object=empty, selected_objects=[empty]):
        assert bpy.ops.object.make_override_library() == {"FINISHED"}  # what the artist does by hand
    assert not empty.users_scene  # Blender took the empty away
    [item] = inventory(ana, host)
    assert (item.container_id, item.state) == (container.id, "outdated")
    root = host.container_block(container.id)
    assert root.override_library is not None
    rig = armature_of(root)
    rig.override_library.is_system_override = False  # made editable, as the artist does to pose it
    action = pose_and_key(rig)

    [outcome] = update_containers(ana, host, loaders, [container.id], "latest")
    assert outcome.ok, outcome.message
    rig = armature_of(host.container_block(container.id))
    assert "tail" in rig.data.bones
    kept_animation(rig, action)
    assert host.read_container(container.id)["version_id"] == v2.id


def test_two_overrides_of_one_library_switch_together_and_say_so(connected, host, loaders, tmp_path):
    ana = connected
    v1, v2 = publish_rig_versions(ana, tmp_path, [V1, V2])
    first, second = (load(ana, host, loaders.get("LinkOverride"), v1, "blend") for _ in range(2))
    assert len(bpy.data.libraries) == 1
    [outcome] = update_containers(ana, host, loaders, [first.id], "latest")
    assert outcome.ok and "switched to v2 with it" in outcome.message
    assert sorted(i.loaded for i in inventory(ana, host)) == [2, 2]
    assert all("tail" in armature_of(host.container_block(c.id)).data.bones for c in (first, second))


def test_shift_d_duplicates_are_containers_and_update_together(connected, host, loaders, tmp_path):
    ana = connected
    v1, v2 = publish_rig_versions(ana, tmp_path, [V1, V2], kind="model")
    container = load(ana, host, loaders.get("LinkBlend"), v1, "blend")
    empty = host.container_block(container.id)
    copies = []
    for number in range(3):  # what Shift+D does: a copy of the object in the same collections
        copy = empty.copy()
        copy.location = (number + 1.0, 0.0, 0.0)
        bpy.context.scene.collection.objects.link(copy)
        copies.append(copy)
    items = inventory(ana, host)
    assert len(items) == 4 and len({i.container_id for i in items}) == 4
    assert all(i.state == "outdated" for i in items)

    outcomes = update_containers(ana, host, loaders, [i.container_id for i in items], "latest")
    assert [o.ok for o in outcomes] == [True] * 4, [o.message for o in outcomes]
    assert {o.instance_collection.library.filepath for o in [empty, *copies]} == \
        {empty.instance_collection.library.filepath}
    assert all(len(body_of(o.instance_collection).data.vertices) == 14 for o in [empty, *copies])
    assert [tuple(c.location)[0] for c in copies] == [1.0, 2.0, 3.0]  # each copy kept its place
    assert sorted(i.loaded for i in inventory(ana, host)) == [2, 2, 2, 2]
