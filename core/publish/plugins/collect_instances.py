"""Collect the publish instances saved in the workfile, through the host."""

import pyblish.api
from brickyard.core.publish.instance import parse_instance


class CollectInstances(pyblish.api.ContextPlugin):
    """Each saved instance becomes a pyblish instance whose family is its kind."""

    label = "Collect instances"
    order = pyblish.api.CollectorOrder - 0.4

    def process(self, context):
        host = context.data["host"]
        unreadable = []
        for data in host.list_instances():
            try:
                spec = parse_instance(data)
            except ValueError as exc:
                unreadable.append(str(exc))
                continue
            instance = context.create_instance(spec.title, family=spec.kind, families=["brickyard"])
            instance.data.update(
                id=spec.id, spec=spec, label=spec.title, asset=spec.asset, folder=spec.folder,
                kind=spec.kind, comment=spec.comment, status=spec.status, tags=list(spec.tags),
                metadata=dict(spec.metadata), publish=spec.active,
                representations={name: list(paths) for name, paths in spec.representations.items()})
            if spec.thumbnail:
                instance.data["thumbnail"] = spec.thumbnail
            self.log.info("collected %s (%s)", spec.title, spec.kind)
        if unreadable:
            raise ValueError("; ".join(unreadable) + ". Remove or deactivate those instances, or update Brickyard")
