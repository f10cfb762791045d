"""Validate no two instances of one publish would become the same asset (same folder and name).

Two collections must never publish as two versions of one asset; refused before anything is uploaded.
"""

import pyblish.api

from brickyard.hosts.blender.publish._blender import on_main


class ValidateUniqueAssets(pyblish.api.ContextPlugin):
    label = "Validate one instance per asset"
    order = pyblish.api.ValidatorOrder
    hosts = ["blender"]

    def process(self, context):
        seen: dict[str, list] = {}
        for instance in context:
            if instance.data.get("active", True) and instance.data.get("publish", True) is not False:
                folder, asset = instance.data.get("folder", ""), instance.data.get("asset", "")
                seen.setdefault(f"{folder + '/' if folder else ''}{asset}", []).append(instance)
        clashes = {name: instances for name, instances in seen.items() if len(instances) > 1}
        if clashes:
            named = on_main(context, lambda: {n: [_what(i) for i in found] for n, found in clashes.items()})
            raise ValueError("; ".join(f"{' and '.join(what)} would all publish as {name}"
                                       for name, what in named.items())
                             + " — give each its own asset name, or remove one")


def _what(instance) -> str:
    """What the instance publishes (its collection or camera; else its label). Main thread."""
    target = instance.data.get("target")
    return repr(target.name) if target is not None else instance.data.get("label", "?")
