"""Extract USD with Blender's USD exporter (only the instance's objects)."""

import bpy
import pyblish.api

from brickyard.hosts.blender.publish._blender import add, file_name, frame_range, objects_of, on_main, selected, staging
from brickyard.hosts.blender.publish._render import render_settings


class ExtractUsd(pyblish.api.InstancePlugin):
    label = "Extract usd"
    order = pyblish.api.ExtractorOrder + 0.2
    hosts = ["blender"]
    families = ["blender.collection"]

    def process(self, instance):
        if "usd" in instance.data["formats"]:
            on_main(instance.context, lambda: self._extract(instance))

    def _extract(self, instance):
        path = staging(instance) / file_name(instance, "usd")
        start, end = frame_range(instance)
        # USD exports the scene's frame range: set it to the instance's for the export
        with selected(objects_of(instance)), render_settings(bpy.context.scene, frame_start=start, frame_end=end):
            bpy.ops.wm.usd_export(filepath=str(path), selected_objects_only=True,
                                  export_animation=instance.data["kind"] == "animation")
        add(instance, "usd", path)
        self.log.info("wrote %s (frames %d-%d)", path.name, start, end)
