"""Extract the collection (or camera) to its own .blend with ``bpy.data.libraries.write``.

External files it depends on (images — in materials, node groups, modifiers —, sounds, fonts) are
packed into the written file, so the published .blend needs nothing outside it; the open file is left
as it was (what was packed for the write is unpacked again, keeping its path). The root collection's
name goes into the version's metadata, so a loader links the right collection when the file holds several.
"""

import bpy
import pyblish.api

from brickyard.hosts.blender.publish._blender import add, file_name, on_main, staging
from brickyard.hosts.blender.publish._external import external_datablocks, is_packed, packable


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
        path = staging(instance) / file_name(instance, "blend")
        packed = [i for i in external_datablocks(target) if packable(i) and not is_packed(i)]
        for idblock in packed:
            idblock.pack()
        try:
            bpy.data.libraries.write(str(path), {target}, fake_user=True, path_remap="ABSOLUTE")
        finally:
            for idblock in packed:
                idblock.unpack(method="REMOVE")  # back to the file on disk, as before
        add(instance, "blend", path)
        if isinstance(target, bpy.types.Collection):
            instance.data["metadata"]["blend_collection"] = target.name
        self.log.info("wrote %s (%d external file(s) packed into it)", path.name, len(packed))
