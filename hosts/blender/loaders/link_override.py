"""Link a published collection with a library override — the default for rigs: the animator poses and
keys it at once, and a switch repoints the library so all of that stays."""

from __future__ import annotations

from brickyard.core.load import Loader
from pydantic import BaseModel

from brickyard.hosts.blender.loaders import _nested, _override
from brickyard.hosts.blender.loaders._blend import file_with_suffix, read_collection


class LinkOverride(Loader):
    label = "Link with library override"
    kinds = ["rig", "model", "animation", "camera"]
    representations = ["blend"]
    hosts = ["blender"]
    order = 1
    default_for = ["rig"]

    class Options(BaseModel):
        collection: str = ""  # put the override into this collection (created if new); default: the scene's

    def load(self, context):
        return self.host.on_main(lambda: self._load(context))

    def update(self, container, context):
        return self.host.on_main(lambda: self._update(container, context))

    def remove(self, container):
        self.host.on_main(lambda: _override.remove(self.host.container_block(container.id), container.id))

    def _load(self, context):
        path = file_with_suffix(context.paths, ".blend")
        linked = read_collection(path, context.version, link=True)
        _nested.remap_missing(context)  # before the override: it is made from complete data
        root = _override.make(linked, context.options.collection if context.options else "")
        self.host.adopt(context.container_id, root)
        self.host.track_link(context.container_id, linked)
        return context.make_container(name=root.name, namespace=context.version.folder)

    def _update(self, container, context):
        _override.switch(container, context)
        _nested.remap_missing(context)
        root = self.host.container_block(container.id)
        return context.make_container(name=root.name, namespace=container.namespace)
