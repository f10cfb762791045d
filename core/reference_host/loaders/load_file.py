"""Load any file: a node in the reference scene that records the materialised paths."""

from brickyard.core.load import Loader


class LoadFile(Loader):
    label = "Load file"
    kinds = ["*"]
    representations = ["*"]
    hosts = ["reference"]

    def load(self, context):
        version = context.version
        name = f"{version.asset}_{context.representation.name}"
        self.host.add_node(context.container_id, name, [str(p) for p in context.paths])
        return context.make_container(name=name, namespace=version.folder)

    def update(self, container, context):
        # Repoint the node; anything else on it (what the artist did) stays.
        self.host.set_node(container.id, paths=[str(p) for p in context.paths])
        return context.make_container(name=container.name, namespace=container.namespace)

    def remove(self, container):
        self.host.remove_node(container.id)
