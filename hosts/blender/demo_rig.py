"""The animator's part of the Blender demo: link a rig with a library override, pose and key it,
publish a rig v2 with a new bone, switch the shot to it — the pose, the action and the move stay."""

from __future__ import annotations

from pathlib import Path

RIG, RIG_FOLDER = "hero", "characters"


def run(workdir: Path, call, message) -> list[str]:
    """The narration; ``call`` runs an operator (naming the step on failure), ``message`` is the panel's."""
    import bpy

    lines: list[str] = []
    model, shot = workdir / "hero_rig.blend", workdir / "shot_anim.blend"
    _rig_file(model, ("root", "spine"))
    call(bpy.ops.brickyard.create_instance, creator="CreateCollection", target=RIG, folder=RIG_FOLDER, kind="rig",
         formats="blend")
    call(bpy.ops.brickyard.publish, comment="rig v1", status="review")
    first = message().removeprefix("published ")
    lines.append(f"Blender: published the rig '{RIG}' (bones root, spine) as {first}")

    bpy.ops.wm.read_homefile(use_empty=True)
    bpy.ops.wm.save_as_mainfile(filepath=str(shot))
    call(bpy.ops.brickyard.load, reference=first.split("&")[0], representation="blend", loader="LinkOverride")
    rig = _rig()
    rig.location = (1.5, 0.0, 0.0)
    spine = rig.pose.bones["spine"]
    spine.rotation_mode = "XYZ"
    for frame, angle in ((1, 0.0), (24, 0.6)):
        spine.rotation_euler = (angle, 0.0, 0.0)
        spine.keyframe_insert("rotation_euler", frame=frame)
    bpy.ops.wm.save_mainfile()
    lines.append(f"Blender: linked it into {shot.name} with a library override, moved it to x=1.5 and keyed "
                 f"the spine (action '{rig.animation_data.action.name}')")

    bpy.ops.wm.open_mainfile(filepath=str(model))
    _add_bone(bpy.data.objects[f"{RIG}_rig"], "tail")
    bpy.ops.wm.save_mainfile()
    call(bpy.ops.brickyard.publish, comment="a tail", status="review")
    lines.append(f"Blender: the rigger added a tail bone and published {message().removeprefix('published ')}")

    bpy.ops.wm.open_mainfile(filepath=str(shot))
    call(bpy.ops.brickyard.update, outdated=True)
    rig = _rig()
    bpy.context.scene.frame_set(24)
    bones = ", ".join(b.name for b in rig.data.bones)
    lines.append(f"Blender: {message()}; the rig now has {bones}, is still at x={rig.location.x:g}, keeps its "
                 f"action '{rig.animation_data.action.name}' (spine at {spine_angle(rig):.1f} rad on frame 24)")
    bpy.ops.wm.save_mainfile()
    return lines


def spine_angle(rig) -> float:
    return rig.pose.bones["spine"].rotation_euler[0]


def _rig():
    import bpy

    return next(o for o in bpy.data.objects if o.type == "ARMATURE" and o.override_library is not None)


def _rig_file(path: Path, bones: tuple[str, ...]) -> None:
    import bpy

    bpy.ops.wm.read_homefile(use_empty=True)
    coll = bpy.data.collections.new(RIG)
    bpy.context.scene.collection.children.link(coll)
    rig = bpy.data.objects.new(f"{RIG}_rig", bpy.data.armatures.new(f"{RIG}_armature"))
    coll.objects.link(rig)
    for bone in bones:
        _add_bone(rig, bone)
    mesh = bpy.data.meshes.new(f"{RIG}_body")
    mesh.from_pydata([(0, 0, 0), (0.4, 0, 0), (0, 0, 2), (0.4, 0, 2)], [], [(0, 1, 3, 2)])
    body = bpy.data.objects.new(f"{RIG}_body", mesh)
    coll.objects.link(body)
    body.parent = rig
    body.modifiers.new("Armature", "ARMATURE").object = rig
    path.parent.mkdir(parents=True, exist_ok=True)
    bpy.ops.wm.save_as_mainfile(filepath=str(path))


def _add_bone(rig, name: str) -> None:
    import bpy

    bpy.context.view_layer.objects.active = rig
    bpy.ops.object.mode_set(mode="EDIT")
    bones = rig.data.edit_bones
    parent = bones[-1] if len(bones) else None
    bone = bones.new(name)
    z = len(bones) - 1
    bone.head, bone.tail, bone.parent = (0, 0, z), (0, 0, z + 1), parent
    bpy.ops.object.mode_set(mode="OBJECT")
