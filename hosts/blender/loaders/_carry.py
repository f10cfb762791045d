"""What an artist did to imported (or appended) objects, carried from the old objects to their namesakes
in a re-import: action, pose, constraints, modifiers, object-level materials, moves, custom properties,
and the parenting of the artist's own objects to imported ones (world position kept).

At import, ``mark`` records on each object what the file brought (``brickyard_imported``); anything
beyond that is the artist's. ``snapshot`` reads it before the old objects are deleted, ``restore``
applies it to the new ones and returns what it could not carry, for the update's notes.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

import bpy

BROUGHT = "brickyard_imported"  # on each imported object: JSON of what the file brought


def base(name: str) -> str:
    return re.sub(r"\.\d{3}$", "", name)


def mark(obj: bpy.types.Object) -> None:
    """Record what the file brought on the newly imported ``obj``."""
    action = obj.animation_data.action if obj.animation_data else None
    obj[BROUGHT] = json.dumps({
        "modifiers": [m.name for m in obj.modifiers], "constraints": [c.name for c in obj.constraints],
        "bone_constraints": {b.name: [c.name for c in b.constraints] for b in obj.pose.bones} if obj.pose else {},
        "action": action.name if action else "", "matrix": [v for row in obj.matrix_basis for v in row],
        "props": [k for k in obj.keys() if not k.startswith("brickyard_")]})


def is_imported(obj: bpy.types.Object) -> bool:
    return BROUGHT in obj or "brickyard_modifiers" in obj  # the older marker of files loaded before


@dataclass
class Kept:
    """The artist's work on one imported object."""

    action: Any = None
    slot: str = ""
    matrix: Any = None
    pose: dict[str, Any] = field(default_factory=dict)
    modifiers: list[dict[str, Any]] = field(default_factory=list)
    constraints: list[dict[str, Any]] = field(default_factory=list)
    bone_constraints: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    materials: dict[int, Any] = field(default_factory=dict)
    props: dict[str, Any] = field(default_factory=dict)


@dataclass
class Snapshot:
    objects: dict[str, Kept]
    children: list[tuple[bpy.types.Object, str, str, Any]]  # (artist's object, parent's base name, bone, world)


def snapshot(imported: list[bpy.types.Object]) -> Snapshot:
    inside = set(imported)
    kept = {base(o.name): _kept(o) for o in imported}
    children = [(child, base(o.name), child.parent_bone, child.matrix_world.copy())
                for o in imported for child in o.children if child not in inside]
    return Snapshot(kept, children)


def restore(snap: Snapshot, made: list[bpy.types.Object]) -> list[str]:
    """Apply ``snap`` to the newly imported objects; what could not be carried, worded for the artist."""
    by_base = {base(o.name): o for o in made}
    lost: list[str] = []
    for name, kept in snap.objects.items():
        obj = by_base.get(name)
        if obj is None:
            if _has_work(kept):
                lost.append(f"{name} is not in the new version: its action, constraints and edits were dropped")
            continue
        lost += _apply(obj, kept, by_base)
    bpy.context.view_layer.update()  # the new parents' world matrices, after the moves carried above
    for child, parent_name, bone, world in snap.children:
        parent = by_base.get(parent_name)
        if parent is None:
            lost.append(f"{child.name} lost its parent {parent_name} (not in the new version); it stays in place")
        else:
            child.parent = parent
            if bone and parent.type == "ARMATURE" and bone in parent.data.bones:
                child.parent_bone = bone
        child.matrix_world = world  # where the artist left it, whatever the new parent's place
    return lost


def _kept(obj: bpy.types.Object) -> Kept:
    brought = json.loads(obj[BROUGHT]) if BROUGHT in obj else {"modifiers": list(obj.get("brickyard_modifiers", []))}
    kept = Kept()
    action = obj.animation_data.action if obj.animation_data else None
    if action is not None and action.name != brought.get("action", ""):
        kept.action, kept.slot = action, obj.animation_data.action_slot.identifier \
            if obj.animation_data.action_slot else ""
    matrix = [v for row in obj.matrix_basis for v in row]
    if "matrix" in brought and any(abs(a - b) > 1e-6 for a, b in zip(matrix, brought["matrix"])):
        kept.matrix = obj.matrix_basis.copy()
    if obj.pose:
        kept.pose = {b.name: b.matrix_basis.copy() for b in obj.pose.bones if not _identity(b.matrix_basis)}
        kept.bone_constraints = {b.name: [_settings(c) for c in b.constraints
                                          if c.name not in brought.get("bone_constraints", {}).get(b.name, [])]
                                 for b in obj.pose.bones}
        kept.bone_constraints = {k: v for k, v in kept.bone_constraints.items() if v}
    kept.modifiers = [_settings(m) for m in obj.modifiers if m.name not in brought.get("modifiers", [])]
    kept.constraints = [_settings(c) for c in obj.constraints if c.name not in brought.get("constraints", [])]
    kept.materials = {i: s.material for i, s in enumerate(obj.material_slots) if s.link == "OBJECT"}
    kept.props = {k: obj[k] for k in obj.keys()
                  if not k.startswith("brickyard_") and k not in brought.get("props", [])}
    return kept


def _has_work(kept: Kept) -> bool:
    return any((kept.action, kept.modifiers, kept.constraints, kept.bone_constraints, kept.materials, kept.props))


def _apply(obj: bpy.types.Object, kept: Kept, by_base: dict[str, bpy.types.Object]) -> list[str]:
    lost: list[str] = []
    if kept.action is not None:
        obj.animation_data_create().action = kept.action
        slot = kept.action.slots.get(kept.slot) if kept.slot else None
        if slot is not None:
            obj.animation_data.action_slot = slot
    if kept.matrix is not None:
        obj.matrix_basis = kept.matrix
    for bone, matrix in kept.pose.items():
        if obj.pose and bone in obj.pose.bones:
            obj.pose.bones[bone].matrix_basis = matrix
        else:
            lost.append(f"{obj.name}: bone {bone} is gone in the new version; its pose was dropped")
    for snap in kept.modifiers:
        if _add(obj.modifiers, snap, by_base, modifier=True) is None:
            lost.append(f"{obj.name}: modifier {snap['name']} could not be added back")
    for snap in kept.constraints:
        if _add(obj.constraints, snap, by_base) is None:
            lost.append(f"{obj.name}: constraint {snap['name']} could not be added back")
    for bone, snaps in kept.bone_constraints.items():
        pose_bone = obj.pose.bones.get(bone) if obj.pose else None
        for snap in snaps:
            if pose_bone is None or _add(pose_bone.constraints, snap, by_base) is None:
                lost.append(f"{obj.name}: constraint {snap['name']} on bone {bone} could not be added back")
    for index, material in kept.materials.items():
        if index < len(obj.material_slots):
            obj.material_slots[index].link = "OBJECT"
            obj.material_slots[index].material = material
        else:
            lost.append(f"{obj.name}: material slot {index + 1} is gone; its material {material.name} was dropped")
    for key, value in kept.props.items():
        obj[key] = value
    return lost


def _identity(matrix) -> bool:
    return all(abs(matrix[r][c] - (1.0 if r == c else 0.0)) < 1e-6 for r in range(4) for c in range(4))


def _settings(struct) -> dict[str, Any]:
    """The writable settings of a modifier or constraint; pointers to objects kept by base name."""
    props: dict[str, Any] = {}
    for prop in struct.bl_rna.properties:
        if prop.is_readonly or prop.identifier in ("name", "type") or prop.type == "COLLECTION":
            continue
        value = getattr(struct, prop.identifier)
        if prop.type == "POINTER":
            if isinstance(value, bpy.types.Object):
                value = ("object", base(value.name), value, is_imported(value))
            elif not isinstance(value, bpy.types.ID | type(None)):
                continue
        props[prop.identifier] = tuple(value) if getattr(prop, "is_array", False) else value
    return {"name": struct.name, "type": struct.type, "props": props}


def _add(collection, snap: dict[str, Any], by_base: dict[str, bpy.types.Object], modifier: bool = False):
    found = collection.get(snap["name"])
    if found is not None:
        return found
    try:
        made = collection.new(snap["name"], snap["type"]) if modifier else collection.new(snap["type"])
    except (TypeError, RuntimeError):  # this kind of object cannot take it
        return None
    made.name = snap["name"]
    for key, value in snap["props"].items():
        if isinstance(value, tuple) and len(value) == 4 and value[0] == "object":
            value = by_base.get(value[1]) if value[3] else _alive(value[2])
        try:
            setattr(made, key, value)
        except (AttributeError, TypeError, ValueError, ReferenceError):
            pass  # a setting the new object cannot take: keep it with its default there
    return made


def _alive(obj):
    try:
        obj.name  # noqa: B018 - raises ReferenceError once the object was deleted
        return obj
    except ReferenceError:
        return None
