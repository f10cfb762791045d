"""Extract the collection (or camera) to its own .blend with ``bpy.data.libraries.write``.

Images it uses are packed into the written file, so the published .blend needs nothing outside it;
the open file is left as it was. The root collection's name goes into the version's metadata, so a
loader links the right collection when the file holds several.
"""

import bpy
import pyblish.api

from brickyard.hosts.blender.publish._blender import add, file_name, objects_of, on_main, staging
from brickyard.hosts.blender.publish.validate_external_files import used_images


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
        packed = [i for i in used_images(objects_of(instance)) if i.packed_file is None]
        for image in packed:
            image.pack()
        try:
            bpy.data.libraries.write(str(path), {target}, fake_user=True, path_remap="ABSOLUTE")
        finally:
            for image in packed:
                image.unpack(method="REMOVE")  # back to the file on disk, as before
        add(instance, "blend", path)
        if isinstance(target, bpy.types.Collection):
            instance.data["metadata"]["blend_collection"] = target.name
        self.log.info("wrote %s (%d image(s) packed)", path.name, len(packed))
