"""Export the instance's assets or level selection; the files become its representations."""

import pyblish.api
from brickyard.hosts.unreal import exporting


class ExtractUnrealExports(pyblish.api.InstancePlugin):
    label = "Export from Unreal"
    order = pyblish.api.ExtractorOrder
    hosts = ["unreal"]

    def process(self, instance):
        export = instance.data.get("export")
        if not export:
            return
        host = instance.context.data["host"]
        fmt = export.get("format", "fbx")

        def run():
            folder = exporting.staging_dir(instance.context.data["publish_id"], instance.data["id"])
            if export["export"] == "assets":
                return exporting.export_assets(export["assets"], fmt, folder)
            return exporting.export_level_selection(export["actors"], fmt, folder, instance.data["asset"])

        representations = host.call(run)
        instance.data["representations"] = representations
        images = representations.get("png")
        if images and not instance.data.get("thumbnail"):
            instance.data["thumbnail"] = images[0]  # an exported texture is its own thumbnail
        self.log.info("exported %s", ", ".join(f for files in representations.values() for f in files))
