"""Extract an Alembic cache with Blender's Alembic exporter (only the instance's objects)."""

import bpy
import pyblish.api

from brickyard.hosts.blender.publish._blender import add, file_name, frame_range, objects_of, on_main, selected, staging


class ExtractAlembic(pyblish.api.InstancePlugin):
    label = "Extract abc"
    order = pyblish.api.ExtractorOrder + 0.3
    hosts = ["blender"]
    families = ["blender.collection", "blender.camera"]

    def process(self, instance):
        if "abc" in instance.data["formats"]:
            on_main(instance.context, lambda: self._extract(instance))

    def _extract(self, instance):
        path = staging(instance) / file_name(instance, "abc")
        start, end = frame_range(instance)
        with selected(objects_of(instance)):
            bpy.ops.wm.alembic_export(filepath=str(path), selected=True, start=start, end=end)
        add(instance, "abc", path)
        self.log.info("wrote %s (frames %d-%d)", path.name, start, end)
