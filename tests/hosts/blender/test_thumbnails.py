"""Thumbnails show what artists see: image textures in colour, and a set made of linked instances
framed on the instanced geometry, not on the instancing empties."""

from __future__ import annotations

import pytest

bpy = pytest.importorskip("bpy", reason="the Blender tests need bpy 5.0.1 (Python 3.11)")

from brickyard.hosts.blender.publish._render import corners_of, thumbnail_of  # noqa: E402

from .scenes import mesh_collection  # noqa: E402


def red_textured_plane() -> bpy.types.Object:
    mesh = bpy.data.meshes.new("plane")
    mesh.from_pydata([(-1, -1, 0), (1, -1, 0), (1, 1, 0), (-1, 1, 0)], [], [(0, 1, 2, 3)])
    mesh.uv_layers.new(name="UVMap")
    image = bpy.data.images.new("red", 8, 8)
    image.pixels = [1.0, 0.0, 0.0, 1.0] * 64
    material = bpy.data.materials.new("painted")
    material.use_nodes = True
    nodes = material.node_tree.nodes
    texture = nodes.new("ShaderNodeTexImage")
    texture.image = image
    material.node_tree.links.new(texture.outputs["Color"], nodes["Principled BSDF"].inputs["Base Color"])
    nodes.active = texture
    mesh.materials.append(material)
    plane = bpy.data.objects.new("plane", mesh)
    bpy.context.scene.collection.objects.link(plane)
    return plane


def test_the_thumbnail_shows_the_texture(tmp_path):
    plane = red_textured_plane()
    path = thumbnail_of([plane], tmp_path / "thumb.png", size=64)
    image = bpy.data.images.load(str(path))
    pixels = list(image.pixels)
    reds = sum(1 for i in range(0, len(pixels), 4) if pixels[i] > 0.5 and pixels[i + 1] < 0.3 and pixels[i + 2] < 0.3)
    assert reds > 64 * 64 // 10  # red texels, not an untextured grey plane


def test_a_set_of_instances_is_framed_on_what_they_instance():
    prop = mesh_collection("wall", 9)  # vertices spread over x 0 … 0.8
    bpy.context.scene.collection.children.unlink(prop)
    instances = []
    for x in (0.0, 10.0):
        empty = bpy.data.objects.new(f"wall_at_{x:g}", None)
        empty.instance_type, empty.instance_collection, empty.location = "COLLECTION", prop, (x, 0.0, 0.0)
        bpy.context.scene.collection.objects.link(empty)
        instances.append(empty)
    bpy.context.view_layer.update()
    xs = [c.x for c in corners_of(instances)]
    assert min(xs) == pytest.approx(0.0) and max(xs) == pytest.approx(10.8)  # the walls, not the empties
