"""Collect what each Blender instance publishes: its collection, camera or scene, and its formats."""

import bpy
import pyblish.api

from brickyard.hosts.blender.publish._blender import FAMILY, on_main


class CollectBlenderInstances(pyblish.api.ContextPlugin):
    label = "Collect Blender targets"
    order = pyblish.api.CollectorOrder - 0.3
    hosts = ["blender"]

    def process(self, context):
        on_main(context, lambda: self._collect(context))

    def _collect(self, context):
        host = context.data["host"]
        scene = bpy.context.scene
        lost = []
        for instance in context:
            host_data = instance.data["spec"].host_data
            if "target_type" not in host_data:
                continue  # not made by a Blender creator (e.g. files named by path)
            target = host.instance_target(instance.data["id"])
            if target is None:
                lost.append(instance.data["label"])
                continue
            instance.data.update(target=target, formats=list(host_data.get("formats", [])), extracts=True)
            instance.data["families"] = [*instance.data.get("families", []), FAMILY[host_data["target_type"]]]
            if instance.data["kind"] in ("animation", "render", "camera"):
                meta = instance.data["metadata"]
                meta.setdefault("frame_start", scene.frame_start)
                meta.setdefault("frame_end", scene.frame_end)
                meta.setdefault("fps", scene.render.fps)
            self.log.info("%s publishes %s as %s", instance.data["label"], target.name, host_data.get("formats"))
        if lost:
            raise ValueError(f"what {', '.join(lost)} published was deleted from the file; "
                             "remove those instances in the Publish panel, or create them again")
