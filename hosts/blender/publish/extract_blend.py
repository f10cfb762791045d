"""Extract the collection (or camera) to its own .blend with ``bpy.data.libraries.write``.

External files it depends on (images — in materials, node groups, modifiers —, sounds, fonts) are
packed into the written file; what Blender cannot pack (image sequences, movies, movie clips,
Alembic/USD caches, volumes) is published beside it in the same representation, read by the .blend
through paths relative to itself (see ``_write_blend``). The open file is left as it was. The root
collection's name goes into the version's metadata, so a loader links the right collection when the
file holds several.
"""

import bpy
import pyblish.api

from brickyard.hosts.blender.publish._blender import add, file_name, on_main, staging
from brickyard.hosts.blender.publish._write_blend import write_blend


class ExtractBlend(pyblish.api.InstancePlugin):
    label = "Extract .blend"
    order = pyblish.api.ExtractorOrder
    hosts = ["blender"]
    families = ["blender.collection", "blender.camera"]

    def process(self, instance):
        if "blend" in instance.data["formats"]:
            on_main(instance.context, lambda: self._extract(instance))

    def _extract(self, instance):
        target = instance.data["target"]
        written = write_blend(target, staging(instance), file_name(instance, "blend"))
        add(instance, "blend", written.representation)
        if isinstance(target, bpy.types.Collection):
            instance.data["metadata"]["blend_collection"] = target.name
        self.log.info("wrote %s (%d external file(s) packed into it)", written.blend.name, len(written.packed))
        for what, files in written.beside.items():
            self.log.info("published beside it: %s as %s", what,
                          files[0] if len(files) == 1 else f"{len(files)} files in {files[0].rsplit('/', 1)[0]}")
