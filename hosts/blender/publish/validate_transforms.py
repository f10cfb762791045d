"""Validate meshes of a model carry no unapplied rotation or scale; repair applies them to the mesh."""

import pyblish.api
from brickyard.core.publish.repair import RepairAction
from mathutils import Matrix

from brickyard.hosts.blender.publish._blender import objects_of, on_main

KINDS = ("model",)  # the kinds that ask for clean transforms (rigs and sets keep theirs)


def _unapplied(obj) -> bool:
    if obj.type != "MESH":
        return False
    rotation = any(abs(v) > 1e-5 for v in obj.rotation_euler) if obj.rotation_mode != "QUATERNION" else \
        any(abs(a - b) > 1e-5 for a, b in zip(obj.rotation_quaternion, (1, 0, 0, 0)))
    return rotation or any(abs(s - 1) > 1e-5 for s in obj.scale)


class ValidateTransforms(pyblish.api.InstancePlugin):
    label = "Validate applied transforms"
    order = pyblish.api.ValidatorOrder + 0.1
    hosts = ["blender"]
    families = ["blender.collection"]
    actions = [RepairAction]

    def process(self, instance):
        if instance.data["kind"] not in KINDS:
            return
        bad = on_main(instance.context, lambda: [o.name for o in objects_of(instance) if _unapplied(o)])
        if bad:
            raise ValueError(f"{instance.data['label']}: {bad[:5]} have unapplied rotation or scale; "
                             "apply them (Ctrl+A › Rotation & Scale), or Repair")

    @classmethod
    def repair(cls, instance):
        def apply():
            for obj in objects_of(instance):
                if _unapplied(obj) and obj.data.users == 1:
                    location = obj.matrix_basis.to_translation()
                    obj.data.transform(obj.matrix_basis.to_3x3().to_4x4())
                    obj.matrix_basis = Matrix.Translation(location)
        on_main(instance.context, apply)
