"""Render the timeline through Resolve's render queue and hand the files to the integrator.

The files stay in the staging folder after the publish (the record of what was sent); the version
carries the frame range, frame rate and resolution the render was made at.
"""

import pyblish.api
from brickyard.core.errors import BrickyardError
from brickyard.hosts.resolve.render import render_timeline, request_for, staging_dir


class ExtractRender(pyblish.api.InstancePlugin):
    label = "Render timeline"
    order = pyblish.api.ExtractorOrder
    hosts = ["resolve"]

    def process(self, instance):
        render = instance.data.get("render")
        if render is None:
            return
        context = instance.context
        host = context.data["host"]
        timeline = host.timeline_by_id(render["timeline_id"])
        request = request_for(render, staging=staging_dir(host, instance.data["id"]), name=instance.data["asset"])
        reported = set()

        def progress(percent):
            if percent // 10 not in reported:  # a line every 10%, not one per poll
                reported.add(percent // 10)
                self.log.info("%s: %d%% rendered", instance.data["label"], percent)

        try:
            result = render_timeline(host, timeline, request, progress=progress, cancelled=context.data["cancelled"])
        except BrickyardError as exc:
            raise ValueError(f"{instance.data['label']}: {exc.message}") from None
        instance.data["representations"] = {result.extension: [str(f) for f in result.files]}
        instance.data["metadata"] = {**instance.data["metadata"], "frame_start": result.first,
                                     "frame_end": result.last, "fps": result.fps,
                                     "resolution": [result.width, result.height], "timeline": render["timeline"],
                                     "render": {"format": result.format, "codec": result.codec}}
        self.log.info("rendered %d file(s) to %s", len(result.files), request.target_dir)
