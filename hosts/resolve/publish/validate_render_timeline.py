"""Validate a timeline render can run: the timeline is still there, its range is valid, Resolve is idle."""

import pyblish.api
from brickyard.core.errors import InvalidInput
from brickyard.hosts.resolve.render import frame_range, request_for


class ValidateRenderTimeline(pyblish.api.InstancePlugin):
    label = "Validate render timeline"
    order = pyblish.api.ValidatorOrder
    hosts = ["resolve"]

    def process(self, instance):
        render = instance.data.get("render")
        if render is None:
            return
        host = instance.context.data["host"]
        timeline = host.timeline_by_id(render["timeline_id"])
        if timeline is None:
            raise ValueError(f"{instance.data['label']}: the timeline {render['timeline']!r} is no longer in this "
                             "project; delete this instance and create it again on another timeline")
        try:
            frame_range(host, timeline, request_for(render, staging=None, name=instance.data["asset"]))
        except InvalidInput as exc:
            raise ValueError(f"{instance.data['label']}: {exc.message}") from None
        if host.project().IsRenderingInProgress():
            raise ValueError(f"{instance.data['label']}: Resolve is rendering something else; wait for it or stop "
                             "it on the Deliver page")
