"""Extract rendered images: the scene's frame range rendered through its own camera into numbered files,
and a small PNG of the first frame as the thumbnail."""

import bpy
import pyblish.api

from brickyard.hosts.blender.publish._blender import add, frame_range, on_main, staging
from brickyard.hosts.blender.publish._render import render_settings, still_thumbnail

FORMATS = {"png": "PNG", "exr": "OPEN_EXR"}


class ExtractRender(pyblish.api.InstancePlugin):
    label = "Extract rendered images"
    order = pyblish.api.ExtractorOrder
    hosts = ["blender"]
    families = ["blender.render"]

    def process(self, instance):
        on_main(instance.context, lambda: self._render(instance))

    def _render(self, instance):
        scene = instance.data["target"]
        if scene.camera is None:
            raise ValueError(f"the scene {scene.name!r} has no camera to render through; set one "
                             "(Scene properties › Camera)")
        rep = next(f for f in instance.data["formats"] if f in FORMATS)
        folder = staging(instance) / rep
        start, end = frame_range(instance)
        with render_settings(scene, frame_start=start, frame_end=end,
                             **{"render.filepath": str(folder / f"{instance.data['asset']}.####"),
                                "render.image_settings.file_format": FORMATS[rep],
                                "render.use_file_extension": True}):
            bpy.ops.render.render(animation=True, scene=scene.name)
        frames = sorted(folder.iterdir())
        for frame in frames:
            add(instance, rep, frame)
        if frames:  # a small PNG of the first frame, whatever the format (an EXR is tone-mapped for it)
            instance.data["thumbnail"] = str(still_thumbnail(frames[0], staging(instance) / "thumbnail.png", scene))
        self.log.info("rendered %d frame(s) %d-%d", len(frames), start, end)
