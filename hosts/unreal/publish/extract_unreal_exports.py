"""Export the instance's assets or level selection; the files become its representations.

A texture export is its own thumbnail; a level selection gets a shot of the level viewport
(``thumbnails.py``: only when the publish runs off the editor's thread, as from the Publisher window).
"""

import pyblish.api
from brickyard.hosts.unreal import exporting, thumbnails


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
                return folder, exporting.export_assets(export["assets"], fmt, folder)
            return folder, exporting.export_level_selection(export["actors"], fmt, folder, instance.data["asset"])

        folder, representations = host.call(run)
        instance.data["representations"] = representations
        self.log.info("exported %s", ", ".join(f for files in representations.values() for f in files))
        if instance.data.get("thumbnail"):
            return
        images = representations.get("png")
        if images:
            instance.data["thumbnail"] = images[0]  # an exported texture is its own thumbnail
        elif export["export"] == "level_selection":
            shot, why = thumbnails.viewport_shot(host, folder, instance.data["asset"])
            if shot is not None:
                instance.data["thumbnail"] = str(shot)
            else:
                self.log.warning(why)
