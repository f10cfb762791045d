"""Shared by Blender's publish plugins: run on the main thread, the objects an instance publishes,
a staging folder, and exporting only those objects."""

from __future__ import annotations

import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path

import bpy

FAMILY = {"collection": "blender.collection", "camera": "blender.camera", "scene": "blender.render"}


def on_main(context, fn):
    """``fn()`` on Blender's main thread (the publish may run in a worker)."""
    return context.data["host"].on_main(fn)


def objects_of(instance) -> list:
    target = instance.data["target"]
    if isinstance(target, bpy.types.Collection):
        return list(target.all_objects)
    if isinstance(target, bpy.types.Object):
        return [target]
    return list(target.objects)


def staging(instance) -> Path:
    """A fresh folder for this instance's files, removed when the publish ends, passed or failed."""
    context = instance.context.data
    if "staging" not in context:  # made once per publish (a setdefault argument would make one per call)
        root = context["staging"] = tempfile.mkdtemp(prefix="brickyard-publish-")
        context.setdefault("cleanups", []).append(lambda: shutil.rmtree(root, ignore_errors=True))
    root = context["staging"]
    folder = Path(root) / instance.data["id"]
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def add(instance, representation: str, path: Path) -> None:
    instance.data["representations"].setdefault(representation, []).append(str(path))


@contextmanager
def selected(objects):
    """Select exactly ``objects`` (exporters work on the selection), then restore what was selected."""
    view_layer = bpy.context.view_layer
    before = [o for o in view_layer.objects if o.select_get()]
    active = view_layer.objects.active
    for obj in before:
        obj.select_set(False)
    usable = [o for o in objects if o.name in view_layer.objects]
    if not usable:
        raise ValueError("none of its objects is in the view layer; include the collection in the scene")
    for obj in usable:
        obj.select_set(True)
    view_layer.objects.active = usable[0]
    try:
        yield usable
    finally:
        for obj in usable:
            obj.select_set(False)
        for obj in before:
            obj.select_set(True)
        view_layer.objects.active = active


def frame_range(instance) -> tuple[int, int]:
    meta = instance.data["metadata"]
    scene = bpy.context.scene
    return int(meta.get("frame_start", scene.frame_start)), int(meta.get("frame_end", scene.frame_end))


def file_name(instance, ext: str) -> str:
    return f"{instance.data['asset']}.{ext}"
