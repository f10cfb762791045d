"""Validate the images a published collection uses are there (packed, or on disk)."""

from pathlib import Path

import bpy
import pyblish.api

from brickyard.hosts.blender.publish._blender import objects_of, on_main


def used_images(objects) -> set:
    images = set()
    for obj in objects:
        if obj.type == "EMPTY" and isinstance(obj.data, bpy.types.Image):
            images.add(obj.data)
        for slot in getattr(obj, "material_slots", []):
            tree = slot.material.node_tree if slot.material and slot.material.use_nodes else None
            for node in tree.nodes if tree else []:
                if node.type == "TEX_IMAGE" and node.image is not None:
                    images.add(node.image)
    return {i for i in images if i.source in ("FILE", "SEQUENCE", "TILED")}


class ValidateExternalFiles(pyblish.api.InstancePlugin):
    label = "Validate external files"
    order = pyblish.api.ValidatorOrder + 0.1
    hosts = ["blender"]
    families = ["blender.collection", "blender.camera"]

    def process(self, instance):
        def missing():
            return sorted(f"{i.name} ({i.filepath})" for i in used_images(objects_of(instance))
                          if i.packed_file is None and not Path(bpy.path.abspath(i.filepath)).is_file())
        found = on_main(instance.context, missing)
        if found:
            raise ValueError(f"{instance.data['label']}: images missing on disk: {', '.join(found)}; "
                             "relink them (File › External Data › Find Missing Files) or pack them")
