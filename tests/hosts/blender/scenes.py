"""Small builders for the Blender tests: real meshes in real collections, saved as real .blend files."""

from __future__ import annotations

from pathlib import Path

import bpy


def mesh_collection(name: str = "hero", vertices: int = 8, *, obj: str | None = None) -> bpy.types.Collection:
    """A collection ``name`` in the scene holding one mesh object with ``vertices`` vertices."""
    mesh = bpy.data.meshes.new(f"{obj or name + '_geo'}")
    points = [(i * 0.1, (i % 3) * 0.1, (i % 2) * 0.1) for i in range(vertices)]
    faces = [(i, i + 1, i + 2) for i in range(0, vertices - 2, 3)]
    mesh.from_pydata(points, [], faces)
    geo = bpy.data.objects.new(obj or f"{name}_geo", mesh)
    coll = bpy.data.collections.get(name) or bpy.data.collections.new(name)
    if coll.name not in bpy.context.scene.collection.children:
        bpy.context.scene.collection.children.link(coll)
    coll.objects.link(geo)
    return coll


def save_as(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    bpy.ops.wm.save_as_mainfile(filepath=str(path))
    return path


def open_file(path: Path) -> None:
    bpy.ops.wm.open_mainfile(filepath=str(path))


def new_file(path: Path) -> Path:
    bpy.ops.wm.read_homefile(use_empty=True)
    return save_as(path)


def vertex_count(coll: bpy.types.Collection) -> int:
    return sum(len(o.data.vertices) for o in coll.all_objects if o.type == "MESH")
