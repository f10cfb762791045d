"""Headless rendering for publishing: Workbench (fast, no GPU needed) with settings restored afterwards."""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path

import bpy
from mathutils import Matrix, Vector


@contextmanager
def render_settings(scene, **settings):
    """Set ``scene.render`` attributes (dotted for nested ones) for the block, then put them back."""
    saved = {}
    for key, value in settings.items():
        owner, attr = _owner(scene, key)
        saved[key] = getattr(owner, attr)
        setattr(owner, attr, value)
    try:
        yield
    finally:
        for key, value in saved.items():
            owner, attr = _owner(scene, key)
            setattr(owner, attr, value)


def _owner(scene, key):
    parts = key.split(".")
    owner = scene
    for part in parts[:-1]:
        owner = getattr(owner, part)
    return owner, parts[-1]


def corners_of(objects, parent=None, depth: int = 0) -> list[Vector]:
    """World-space bounding-box corners of ``objects`` as drawn: a collection-instance empty counts the
    objects it instances (an empty's own box would frame an extreme close-up)."""
    parent = parent if parent is not None else Matrix.Identity(4)
    corners = []
    for obj in objects:
        world = parent @ obj.matrix_world
        instanced = obj.instance_collection if obj.instance_type == "COLLECTION" else None
        if instanced is not None and depth < 8:
            offset = Matrix.Translation(-instanced.instance_offset)
            corners += corners_of(list(instanced.all_objects), world @ offset, depth + 1)
        elif obj.type != "EMPTY":
            corners += [world @ Vector(c) for c in obj.bound_box]
    return corners


def thumbnail_of(objects, path: Path, size: int = 256) -> Path:
    """Render ``objects`` framed by a temporary camera in a temporary scene into ``path`` (PNG), with
    Workbench's texture colours (image textures show, else the material's colour)."""
    corners = corners_of(objects)
    low = Vector((min(c.x for c in corners), min(c.y for c in corners), min(c.z for c in corners))) if corners \
        else Vector((-1, -1, -1))
    high = Vector((max(c.x for c in corners), max(c.y for c in corners), max(c.z for c in corners))) if corners \
        else Vector((1, 1, 1))
    centre, radius = (low + high) / 2, max((high - low).length / 2, 0.01)
    scene = bpy.data.scenes.new("brickyard_thumbnail")
    camera_data = bpy.data.cameras.new("brickyard_thumbnail")
    camera = bpy.data.objects.new("brickyard_thumbnail", camera_data)
    try:
        for obj in objects:
            scene.collection.objects.link(obj)
        scene.collection.objects.link(camera)
        direction = Vector((1.0, -1.0, 0.7)).normalized()
        camera.location = centre + direction * radius * 3.2
        camera.rotation_euler = (-direction).to_track_quat("-Z", "Y").to_euler()
        camera_data.clip_end = radius * 10 + 100
        scene.camera = camera
        scene.render.engine = "BLENDER_WORKBENCH"
        scene.display.shading.light = "STUDIO"
        scene.display.shading.color_type = "TEXTURE"
        scene.render.resolution_x = scene.render.resolution_y = size
        scene.render.resolution_percentage = 100
        scene.render.image_settings.file_format = "PNG"
        scene.render.filepath = str(path)
        bpy.ops.render.render(write_still=True, scene=scene.name)
    finally:
        bpy.data.objects.remove(camera)
        bpy.data.cameras.remove(camera_data)
        bpy.data.scenes.remove(scene)
    return path


def view_through(scene, camera, path: Path, size: int = 256) -> Path:
    """Render what ``camera`` sees of ``scene`` (Workbench, ``size`` pixels wide) into ``path`` (PNG)."""
    render = scene.render
    height = max(1, round(size * render.resolution_y * render.pixel_aspect_y
                          / max(1, render.resolution_x * render.pixel_aspect_x)))
    with render_settings(scene, camera=camera, **{
            "render.engine": "BLENDER_WORKBENCH", "render.resolution_x": size, "render.resolution_y": height,
            "render.resolution_percentage": 100, "render.filepath": str(path),
            "render.image_settings.file_format": "PNG", "render.use_file_extension": False}):
        bpy.ops.render.render(write_still=True, scene=scene.name)
    return path


def still_thumbnail(frame: Path, path: Path, scene, size: int = 256) -> Path:
    """A PNG at most ``size`` pixels wide of a rendered ``frame`` (PNG or EXR, view transform applied)."""
    image = bpy.data.images.load(str(frame))
    try:
        width, height = image.size
        if width > size:
            image.scale(size, max(1, round(height * size / width)))
        with render_settings(scene, **{"render.image_settings.file_format": "PNG"}):
            image.save_render(str(path), scene=scene)
    finally:
        bpy.data.images.remove(image)
    return path
