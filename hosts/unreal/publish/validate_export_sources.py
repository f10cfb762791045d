"""Validate what an export instance names is still in the project: each asset, each level actor."""

import pyblish.api
from brickyard.hosts.unreal import exporting


class ValidateExportSources(pyblish.api.InstancePlugin):
    label = "Validate export sources exist"
    order = pyblish.api.ValidatorOrder + 0.2
    hosts = ["unreal"]

    def process(self, instance):
        export = instance.data.get("export")
        if not export:
            return
        host = instance.context.data["host"]
        if export["export"] == "assets":
            missing = host.call(lambda: exporting.missing_assets(export["assets"]))
            what = "assets"
        else:
            missing = host.call(lambda: exporting.missing_actors(export["actors"]))
            what = "level actors"
        if missing:
            raise ValueError(f"{instance.data['label']}: these {what} are gone: {', '.join(missing)}. "
                             "Restore them, or remove this instance and create it again from the selection")
