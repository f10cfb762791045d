"""After the publish, delete the staging folder the extractors wrote (the server has the files now)."""

import shutil

import pyblish.api


class CleanupStaging(pyblish.api.ContextPlugin):
    label = "Clean up staging"
    order = pyblish.api.IntegratorOrder + 0.4
    hosts = ["blender"]

    def process(self, context):
        folder = context.data.get("staging")
        if folder:
            shutil.rmtree(folder, ignore_errors=True)
            self.log.info("removed %s", folder)
