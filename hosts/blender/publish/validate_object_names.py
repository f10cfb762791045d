"""Validate object names: no Blender duplicate suffix (".001") and no spaces; repair renames them."""

import re

import bpy
import pyblish.api
from brickyard.core.publish.repair import RepairAction

from brickyard.hosts.blender.publish._blender import objects_of, on_main

_BAD = re.compile(r"\.\d{3}$|\s")


def _fixed(name: str) -> str:
    return re.sub(r"\s+", "_", re.sub(r"\.\d{3}$", "", name).strip())


class ValidateObjectNames(pyblish.api.InstancePlugin):
    label = "Validate object names"
    order = pyblish.api.ValidatorOrder + 0.05
    hosts = ["blender"]
    families = ["blender.collection", "blender.camera"]
    actions = [RepairAction]

    def process(self, instance):
        bad = on_main(instance.context, lambda: [o.name for o in objects_of(instance) if _BAD.search(o.name)])
        if bad:
            raise ValueError(f"{instance.data['label']}: object names {bad[:5]}{' …' if len(bad) > 5 else ''} "
                             "carry a duplicate suffix or spaces (they break name matching on update); "
                             "rename them, or Repair")

    @classmethod
    def repair(cls, instance):
        def rename():
            for obj in objects_of(instance):
                if _BAD.search(obj.name):
                    wanted = _fixed(obj.name)
                    obj.name = wanted if wanted not in bpy.data.objects else f"{wanted}_{obj.name[-3:]}"
        on_main(instance.context, rename)
