"""Collect timeline renders: their files are written by the extractor, so none are expected yet."""

import pyblish.api


class CollectRenderInstances(pyblish.api.InstancePlugin):
    label = "Collect timeline renders"
    order = pyblish.api.CollectorOrder + 0.1
    hosts = ["resolve"]

    def process(self, instance):
        if instance.data["spec"].creator != "RenderCreator":
            return
        instance.data["extracts"] = True
        instance.data["render"] = dict(instance.data["spec"].host_data)
        self.log.info("%s renders the timeline %r", instance.data["label"], instance.data["render"]["timeline"])
