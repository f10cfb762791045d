"""Collect what the scene has loaded: every container becomes an input (lineage) of what is published."""

import pyblish.api
from brickyard.core.container import Container, parse_container


class CollectLoadedVersions(pyblish.api.ContextPlugin):
    """``context.data["inputs"]``: the references, pinned to their versions, of every container."""

    label = "Collect loaded versions"
    order = pyblish.api.CollectorOrder + 0.4

    def process(self, context):
        inputs = {}
        for data in context.data["host"].list_containers():
            container = parse_container(data)
            if not isinstance(container, Container):
                self.log.warning("left out of the lineage: %s", container.reason)
                continue
            version_ref = str(container.ref.with_representation(None))
            inputs.setdefault(version_ref, None)
        context.data["inputs"] = list(inputs)
        self.log.info("%d loaded version(s) become inputs", len(inputs))
