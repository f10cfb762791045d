"""Import an OBJ under a root empty; an update re-imports it keeping transform, parent, modifiers."""

from __future__ import annotations

import bpy
from pydantic import BaseModel

from brickyard.hosts.blender.loaders._imported import ImportLoader


class ImportObj(ImportLoader):
    label = "Import OBJ"
    kinds = ["model", "scene"]
    representations = ["obj"]
    suffixes = (".obj",)
    order = 40

    class Options(BaseModel):
        collection: str = ""
        global_scale: float = 1.0

    def run_import(self, path, options, version):
        bpy.ops.wm.obj_import(filepath=str(path), global_scale=options.global_scale)
