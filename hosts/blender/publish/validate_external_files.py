"""Validate the files a published collection (or camera) reads from outside the .blend are there.

Images, sounds, fonts, caches, volumes and clips count wherever they are used (node groups, modifiers,
text objects …); packed ones are in the file already. What cannot be packed into the published .blend
(image sequences, movies, caches, volumes, clips) is named in the log: it is published beside the .blend.
"""

import pyblish.api

from brickyard.hosts.blender.publish._blender import on_main
from brickyard.hosts.blender.publish._external import describe, external_datablocks, missing, packable


class ValidateExternalFiles(pyblish.api.InstancePlugin):
    label = "Validate external files"
    order = pyblish.api.ValidatorOrder + 0.1
    hosts = ["blender"]
    families = ["blender.collection", "blender.camera"]

    def process(self, instance):
        def check():
            found = external_datablocks(instance.data["target"])
            return [describe(i) for i in found if missing(i)], [describe(i) for i in found if not packable(i)]
        absent, unpackable = on_main(instance.context, check)
        if "blend" in instance.data.get("formats", []) and unpackable:
            self.log.info("published beside the .blend, which reads them relative to itself (they cannot "
                          "be packed): %s", ", ".join(unpackable))
        if absent:
            raise ValueError(f"{instance.data['label']}: files missing on disk: {', '.join(absent)}; relink "
                             "them (File › External Data › Find Missing Files) or pack them, then publish")
