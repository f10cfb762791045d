"""Collect instances whose files an Unreal export writes at extraction: no files are expected yet."""

import pyblish.api


class CollectUnrealExports(pyblish.api.InstancePlugin):
    label = "Collect Unreal exports"
    order = pyblish.api.CollectorOrder
    hosts = ["unreal"]

    def process(self, instance):
        host_data = instance.data["spec"].host_data
        if host_data.get("export"):
            instance.data["extracts"] = True
            instance.data["export"] = dict(host_data)
            self.log.info("%s: exports %s as %s", instance.data["label"], host_data["export"],
                          host_data.get("format", "fbx"))
