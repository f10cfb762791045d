"""Validate a published collection has objects in it."""

import pyblish.api

from brickyard.hosts.blender.publish._blender import on_main


class ValidateCollectionNotEmpty(pyblish.api.InstancePlugin):
    label = "Validate collection not empty"
    order = pyblish.api.ValidatorOrder
    hosts = ["blender"]
    families = ["blender.collection"]

    def process(self, instance):
        name, count = on_main(instance.context, lambda: (instance.data["target"].name,
                                                         len(instance.data["target"].all_objects)))
        if count == 0:
            raise ValueError(f"the collection {name!r} is empty; move the objects to publish into it, "
                             "or remove this instance")
