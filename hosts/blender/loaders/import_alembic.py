"""Import an Alembic cache under a root empty; an update repoints its cache file (everything else stays)."""

from __future__ import annotations

import bpy
from pydantic import BaseModel

from brickyard.hosts.blender.loaders._blend import library_path
from brickyard.hosts.blender.loaders._imported import ImportLoader, content_objects, rebuild


class ImportAlembic(ImportLoader):
    label = "Import Alembic cache"
    kinds = ["animation", "fx", "model", "camera", "mocap"]
    representations = ["abc"]
    suffixes = (".abc",)
    order = 10

    class Options(BaseModel):
        collection: str = ""
        scale: float = 1.0

    def run_import(self, path, options, version):
        bpy.ops.wm.alembic_import(filepath=str(path), scale=options.scale)

    def replace(self, root, path, options, version, note):
        # The imported objects read the cache through CacheFile datablocks: pointing those at the new
        # file keeps every object, modifier and edit. Only a cache with no CacheFile is re-imported.
        caches = {m.cache_file for o in content_objects(root) for m in o.modifiers
                  if m.type == "MESH_SEQUENCE_CACHE" and m.cache_file is not None}
        caches |= {c.cache_file for o in content_objects(root) for c in o.constraints
                   if c.type == "TRANSFORM_CACHE" and c.cache_file is not None}
        if not caches:
            rebuild(root, lambda: self.run_import(path, options, version), note)
            return
        for cache in caches:
            cache.filepath = library_path(path)  # relative when the preference is on, as at load
