"""Validate asset and folder names against the project's naming rules (the module the server uses)."""

import re

import pyblish.api
from brickyard.core.errors import NamingError
from brickyard.core.naming import check_path, suggest_name
from brickyard.core.publish.repair import RepairAction


class ValidateNaming(pyblish.api.InstancePlugin):
    label = "Validate naming"
    order = pyblish.api.ValidatorOrder
    actions = [RepairAction]

    def process(self, instance):
        rules = instance.context.data["project"].naming
        try:
            check_path(rules, instance.data["folder"], instance.data["asset"])
        except NamingError as exc:
            folder, asset = _repaired(instance)
            raise ValueError(f"{instance.data['label']}: {exc.message}. "
                             f"Repair renames it to {folder + '/' if folder else ''}{asset}") from None

    @classmethod
    def repair(cls, instance):
        """Rename to the suggested spelling and save the instance in the workfile."""
        if not re.search(r"[A-Za-z0-9]", instance.data["asset"]):  # nothing to spell: never a shared "asset"
            raise ValueError(f"{instance.data['label']}: {instance.data['asset']!r} has no Latin letters or digits "
                             "to spell an asset name from; type the asset's name")
        folder, asset = _repaired(instance)
        spec = instance.data["spec"].model_copy(update={"folder": folder, "asset": asset})
        instance.context.data["host"].save_instance(spec.to_data())
        instance.data.update(spec=spec, folder=folder, asset=asset)


def _repaired(instance):
    folder = "/".join(suggest_name(s) for s in instance.data["folder"].split("/") if s)
    return folder, suggest_name(instance.data["asset"])
