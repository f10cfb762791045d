"""The integrator: each instance becomes one version through the client's atomic publish.

All blobs first, then one request creates the version with its whole manifest; the loaded versions
collected from the scene go with it as its inputs. Only this plugin talks to the server.
A host's extractors put the files they write into ``instance.data["representations"]`` ({name: [paths]}).
"""

import pyblish.api
from brickyard.core.publish.session import PublishCancelled


class IntegrateVersion(pyblish.api.InstancePlugin):
    label = "Publish version"
    order = pyblish.api.IntegratorOrder

    def process(self, instance):
        context = instance.context
        cancelled = context.data["cancelled"]
        forward = context.data.get("progress")

        def progress(event):
            if cancelled():  # raising here aborts the upload before the version is created
                raise PublishCancelled()
            if forward:
                forward(event)

        version = context.data["client"].publish(
            context.data["project"].code, instance.data["asset"], instance.data["kind"],
            instance.data["representations"], folder=instance.data["folder"],
            comment=instance.data["comment"], status=instance.data["status"], tags=instance.data["tags"],
            metadata=instance.data["metadata"], inputs=context.data.get("inputs", []),
            thumbnail=instance.data.get("thumbnail"), workfile=context.data.get("workfile"),
            progress=progress, idempotency_key=f"{context.data['publish_id']}-{instance.data['id']}",
            frames=str(instance.data["metadata"]["frames"]) if instance.data["metadata"].get("frames") else None)
        instance.data["version"] = version
        context.data["published_versions"].append(version)
        self.log.info("published %s", version.reference)
