"""Extract a thumbnail: a small Workbench render (about a second) — of what a collection publishes, or of
what a published camera sees."""

import bpy
import pyblish.api

from brickyard.hosts.blender.publish._blender import objects_of, on_main, staging
from brickyard.hosts.blender.publish._render import thumbnail_of, view_through


class ExtractThumbnail(pyblish.api.InstancePlugin):
    label = "Extract thumbnail"
    order = pyblish.api.ExtractorOrder + 0.45
    hosts = ["blender"]
    families = ["blender.collection", "blender.camera"]

    def process(self, instance):
        if instance.data["spec"].host_data.get("thumbnail", True) is False:
            self.log.info("thumbnail turned off for this instance")
            return
        instance.data["thumbnail"] = str(on_main(instance.context, lambda: self._render(instance)))

    def _render(self, instance):
        path = staging(instance) / "thumbnail.png"
        target = instance.data["target"]
        if isinstance(target, bpy.types.Object) and target.type == "CAMERA":
            return view_through(bpy.context.scene, target, path)
        drawn = [o for o in objects_of(instance) if o.type not in ("CAMERA", "LIGHT")]
        return thumbnail_of(drawn or objects_of(instance), path)
