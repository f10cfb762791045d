"""Extract a thumbnail: a small Workbench render of what the instance publishes (about a second)."""

import pyblish.api

from brickyard.hosts.blender.publish._blender import objects_of, on_main, staging
from brickyard.hosts.blender.publish._render import thumbnail_of


class ExtractThumbnail(pyblish.api.InstancePlugin):
    label = "Extract thumbnail"
    order = pyblish.api.ExtractorOrder + 0.45
    hosts = ["blender"]
    families = ["blender.collection", "blender.camera"]

    def process(self, instance):
        if instance.data["spec"].host_data.get("thumbnail", True) is False:
            self.log.info("thumbnail turned off for this instance")
            return
        path = on_main(instance.context, lambda: thumbnail_of(
            [o for o in objects_of(instance) if o.type not in ("CAMERA", "LIGHT")] or objects_of(instance),
            staging(instance) / "thumbnail.png"))
        instance.data["thumbnail"] = str(path)
