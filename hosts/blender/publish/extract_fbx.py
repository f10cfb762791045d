"""Extract FBX with Blender's FBX exporter (only the instance's objects)."""

import bpy
import pyblish.api

from brickyard.hosts.blender.publish._blender import add, file_name, frame_range, objects_of, on_main, selected, staging


class ExtractFbx(pyblish.api.InstancePlugin):
    label = "Extract fbx"
    order = pyblish.api.ExtractorOrder + 0.4
    hosts = ["blender"]
    families = ["blender.collection", "blender.camera"]

    def process(self, instance):
        if "fbx" in instance.data["formats"]:
            on_main(instance.context, lambda: self._extract(instance))

    def _extract(self, instance):
        path = staging(instance) / file_name(instance, "fbx")
        start, end = frame_range(instance)
        with selected(objects_of(instance)):
            bpy.ops.export_scene.fbx(filepath=str(path), use_selection=True,
                                     bake_anim=instance.data["kind"] in ("animation", "camera"))
        add(instance, "fbx", path)
        self.log.info("wrote %s (frames %d-%d)", path.name, start, end)
