"""Extract a glTF binary (.glb) with Blender's glTF exporter (only the instance's objects)."""

import bpy
import pyblish.api

from brickyard.hosts.blender.publish._blender import add, file_name, frame_range, objects_of, on_main, selected, staging


class ExtractGltf(pyblish.api.InstancePlugin):
    label = "Extract glb"
    order = pyblish.api.ExtractorOrder + 0.1
    hosts = ["blender"]
    families = ["blender.collection"]

    def process(self, instance):
        if "glb" in instance.data["formats"]:
            on_main(instance.context, lambda: self._extract(instance))

    def _extract(self, instance):
        path = staging(instance) / file_name(instance, "glb")
        start, end = frame_range(instance)
        with selected(objects_of(instance)):
            bpy.ops.export_scene.gltf(filepath=str(path), export_format="GLB", use_selection=True,
                                      export_animations=instance.data["kind"] == "animation")
        add(instance, "glb", path)
        self.log.info("wrote %s (frames %d-%d)", path.name, start, end)
