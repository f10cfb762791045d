"""Link a published collection as a collection-instance empty; switch by repointing its library.

An artist may turn the instance into a library override by hand (Object › Library Override): the
container follows to the override root (see ``links.py``) and switches like ``LinkOverride``.
"""

from __future__ import annotations

import bpy
from brickyard.core.load import Loader
from pydantic import BaseModel

from brickyard.hosts.blender import links
from brickyard.hosts.blender.loaders import _nested, _override
from brickyard.hosts.blender.loaders._blend import (
    file_with_suffix,
    library_path,
    library_for,
    read_collection,
    target_collection,
    unused,
)


class LinkBlend(Loader):
    label = "Link collection"
    kinds = ["model", "rig", "scene", "camera", "animation", "fx", "material"]
    representations = ["blend"]
    hosts = ["blender"]
    order = 0

    class Options(BaseModel):
        collection: str = ""  # put the instance into this collection (created if new); default: the scene's

    def load(self, context):
        return self.host.on_main(lambda: self._load(context))

    def update(self, container, context):
        return self.host.on_main(lambda: self._update(container, context))

    def remove(self, container):
        self.host.on_main(lambda: self._remove(container))

    def _load(self, context):
        path = file_with_suffix(context.paths, ".blend")
        linked = read_collection(path, context.version, link=True)
        empty = bpy.data.objects.new(context.version.asset, None)
        empty.instance_type = "COLLECTION"
        empty.instance_collection = linked
        target_collection(context.options.collection if context.options else "").objects.link(empty)
        self.host.adopt(context.container_id, empty)
        self.host.track_link(context.container_id, linked)
        _nested.remap_missing(context)
        return context.make_container(name=empty.name, namespace=context.version.folder)

    def _update(self, container, context):
        empty = self.host.container_block(container.id)
        if _override.is_override(empty):  # overridden by hand since it was loaded
            _override.switch(container, context)
            return context.make_container(name=self.host.container_block(container.id).name,
                                          namespace=container.namespace)
        old = empty.instance_collection
        old_lib = old.library if old is not None else None
        path = file_with_suffix(context.paths, ".blend")
        wanted = context.version.metadata.get("blend_collection", old.name if old else "")
        new_lib = library_for(path)
        if old_lib is not None and new_lib is None and links.other_users(old) <= 1 and old.name == wanted:
            # Only this container uses the library: point it at the new file and reload in place.
            old_lib.filepath = library_path(path)
            old_lib.reload()
        else:
            # The library is shared with other containers (or the new file is linked already): link the
            # new version's collection beside it and move only this instance over.
            empty.instance_collection = read_collection(path, context.version, link=True)
            self.host.track_link(container.id, empty.instance_collection)
            if old_lib is not None and old_lib != (new_lib or library_for(path)) and unused(old_lib, old):
                bpy.data.libraries.remove(old_lib)
        _nested.remap_missing(context)
        return context.make_container(name=empty.name, namespace=container.namespace)

    def _remove(self, container):
        empty = self.host.container_block(container.id)
        links.forget(container.id)  # its record holds a user of the linked collection
        if _override.is_override(empty):
            _override.remove(empty, container.id)
            return
        linked = empty.instance_collection
        lib = linked.library if linked is not None else None
        bpy.data.objects.remove(empty)
        if lib is not None and unused(lib):
            bpy.data.libraries.remove(lib)
