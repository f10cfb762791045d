"""Load an image as a reference: an image empty in the scene; an update swaps the image it shows."""

from __future__ import annotations

import bpy
from brickyard.core.load import Loader
from pydantic import BaseModel

from brickyard.hosts.blender.loaders._blend import file_with_suffix, target_collection

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".exr", ".tif", ".tiff", ".webp", ".tga", ".bmp", ".hdr")


class LoadImage(Loader):
    label = "Load image as reference"
    kinds = ["image", "concept", "reference", "texture", "render"]
    representations = ["png", "jpg", "jpeg", "exr", "tif", "tiff", "webp", "tga", "bmp", "hdr"]
    hosts = ["blender"]
    order = 0

    class Options(BaseModel):
        collection: str = ""
        size: float = 5.0

    def load(self, context):
        return self.host.on_main(lambda: self._load(context))

    def update(self, container, context):
        return self.host.on_main(lambda: self._update(container, context))

    def remove(self, container):
        self.host.on_main(lambda: self._remove(container))

    def _load(self, context):
        image = bpy.data.images.load(str(file_with_suffix(context.paths, *IMAGE_SUFFIXES)), check_existing=True)
        empty = bpy.data.objects.new(f"{context.version.asset}_ref", None)
        empty.empty_display_type = "IMAGE"
        empty.empty_display_size = context.options.size
        empty.data = image
        target_collection(context.options.collection).objects.link(empty)
        self.host.adopt(context.container_id, empty)
        return context.make_container(name=empty.name, namespace=context.version.folder)

    def _update(self, container, context):
        empty = self.host.container_block(container.id)
        old = empty.data
        empty.data = bpy.data.images.load(str(file_with_suffix(context.paths, *IMAGE_SUFFIXES)),
                                          check_existing=True)
        if old is not None and old.users == 0:
            bpy.data.images.remove(old)
        return context.make_container(name=empty.name, namespace=container.namespace)

    def _remove(self, container):
        empty = self.host.container_block(container.id)
        image = empty.data
        bpy.data.objects.remove(empty)
        if image is not None and image.users == 0:
            bpy.data.images.remove(image)
