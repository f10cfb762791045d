"""A small real rig for the Blender tests: an armature with bones and a skinned mesh in one collection."""

from __future__ import annotations

from pathlib import Path

import bpy


def rig_collection(name: str = "hero", *, bones: tuple[str, ...] = ("root", "spine"), vertices: int = 8
                   ) -> bpy.types.Collection:
    """Collection ``name`` holding armature ``{name}_rig`` (``bones`` chained) and mesh ``{name}_body``."""
    coll = bpy.data.collections.new(name)
    bpy.context.scene.collection.children.link(coll)
    armature = bpy.data.armatures.new(f"{name}_armature")
    rig = bpy.data.objects.new(f"{name}_rig", armature)
    coll.objects.link(rig)
    bpy.context.view_layer.objects.active = rig
    bpy.ops.object.mode_set(mode="EDIT")
    parent = None
    for number, bone_name in enumerate(bones):
        bone = armature.edit_bones.new(bone_name)
        bone.head, bone.tail, bone.parent = (0, 0, number), (0, 0, number + 1), parent
        parent = bone
    bpy.ops.object.mode_set(mode="OBJECT")
    mesh = bpy.data.meshes.new(f"{name}_body")
    mesh.from_pydata([(i * 0.1, (i % 3) * 0.1, (i % 2) * 0.1) for i in range(vertices)], [],
                     [(i, i + 1, i + 2) for i in range(0, vertices - 2, 3)])
    body = bpy.data.objects.new(f"{name}_body", mesh)
    coll.objects.link(body)
    body.parent = rig
    body.modifiers.new("Armature", "ARMATURE").object = rig
    return coll


def publish_rig_versions(client, tmp_path: Path, shapes: list[dict], asset: str = "hero", kind: str = "rig"):
    """Publish ``asset`` once per shape (``rig_collection`` keyword arguments) as a .blend; the versions."""
    versions = []
    for number, shape in enumerate(shapes, 1):
        bpy.ops.wm.read_homefile(use_empty=True)
        coll = rig_collection(asset, **shape)
        path = tmp_path / "src" / f"{asset}_v{number}" / f"{asset}.blend"
        path.parent.mkdir(parents=True, exist_ok=True)
        bpy.data.libraries.write(str(path), {coll}, fake_user=True)
        versions.append(client.publish("film", asset, kind, {"blend": [path]}, folder="chars",
                                       metadata={"blend_collection": asset}))
    bpy.ops.wm.read_homefile(use_empty=True)
    return versions


def armature_of(root: bpy.types.Collection) -> bpy.types.Object:
    [rig] = [o for o in root.all_objects if o.type == "ARMATURE"]
    return rig


def body_of(root: bpy.types.Collection) -> bpy.types.Object:
    [body] = [o for o in root.all_objects if o.type == "MESH"]
    return body


def pose_and_key(rig: bpy.types.Object) -> bpy.types.Action:
    """What an animator does: move the rig, key the spine, pose the root without a key; the action."""
    rig.location = (3.0, 1.0, 0.0)
    spine = rig.pose.bones["spine"]
    spine.rotation_mode = "XYZ"
    for frame, angle in ((1, 0.0), (10, 0.5)):
        spine.rotation_euler = (angle, 0.0, 0.0)
        spine.keyframe_insert("rotation_euler", frame=frame)
    rig.pose.bones["root"].location = (0.0, 0.0, 0.25)  # an un-keyed pose edit
    return rig.animation_data.action
