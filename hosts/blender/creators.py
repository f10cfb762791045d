"""Blender's creators: mark a collection, a camera or the scene's render for publishing.

The instance is saved in the .blend beside an ID pointer to what it publishes, so renaming the
collection later does not lose it. ``formats`` are the representations the extractors will write.

    >>> CreateCollection().create(host, target="hero", kind="rig", formats=["blend", "glb"])
"""

from __future__ import annotations

from typing import Any, ClassVar

import bpy
from brickyard.core.errors import InvalidInput
from brickyard.core.publish.creator import Creator

from .names import asset_name


class BlenderCreator(Creator):
    hosts = ["blender"]
    target_type: ClassVar[str] = "collection"  # collection | camera | scene
    formats: ClassVar[list[str]] = []  # what it may extract, the first ones by default
    default_formats: ClassVar[list[str]] = []

    def create(self, host, *, target: str = "", formats: list[str] | None = None, **options: Any):
        """A new instance publishing ``target`` (a collection or camera name; the scene for renders)."""
        block = host.on_main(lambda: self._find(target))
        chosen = list(formats or self.default_formats)
        unknown = [f for f in chosen if f not in self.formats]
        if unknown or not chosen:
            raise InvalidInput(f"{self.label} can write {self.formats}, not {unknown or 'nothing'}; pick from those")
        if not options.get("asset") and not host.context().asset:
            options["asset"] = asset_name(host.on_main(lambda: block.name))
        host_data = {**dict(options.pop("host_data", None) or {}), "formats": chosen, "target_type": self.target_type}
        self._pending = block
        try:
            return super().create(host, host_data=host_data, **options)
        finally:
            self._pending = None

    def mark(self, host, spec):
        host.bind_instance(spec.to_data(), self._pending)
        return dict(spec.host_data)

    def _find(self, name: str):
        if self.target_type == "scene":
            return bpy.context.scene
        if self.target_type == "camera":
            obj = bpy.data.objects.get(name) if name else bpy.context.scene.camera
            if obj is None or obj.type != "CAMERA":
                raise InvalidInput(f"there is no camera object {name!r}; name a camera, or set the scene camera")
            return obj
        coll = bpy.data.collections.get(name) if name else None
        if coll is None or coll.library is not None:
            raise InvalidInput(f"there is no local collection {name!r} in this file; pick one from the Outliner")
        return coll


class CreateCollection(BlenderCreator):
    label = "Collection (model / rig / set)"
    kind = "model"
    formats = ["blend", "glb", "usd", "fbx", "abc"]
    default_formats = ["blend"]


class CreateAnimation(BlenderCreator):
    label = "Animation cache"
    kind = "animation"
    formats = ["abc", "usd"]
    default_formats = ["abc"]


class CreateCamera(BlenderCreator):
    label = "Camera"
    kind = "camera"
    target_type = "camera"
    formats = ["abc", "fbx", "blend"]
    default_formats = ["abc"]


class CreateRender(BlenderCreator):
    label = "Rendered images"
    kind = "render"
    target_type = "scene"
    formats = ["png", "exr"]
    default_formats = ["png"]


CREATORS: list[type[BlenderCreator]] = [CreateCollection, CreateAnimation, CreateCamera, CreateRender]


def blender_creators() -> list[Creator]:
    return [cls() for cls in CREATORS]
