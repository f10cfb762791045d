"""Import an FBX under a root empty; an update re-imports it keeping transform, parent, modifiers."""

from __future__ import annotations

import bpy
from pydantic import BaseModel

from brickyard.hosts.blender.loaders._imported import ImportLoader


class ImportFbx(ImportLoader):
    label = "Import FBX"
    kinds = ["model", "rig", "scene", "animation", "camera", "mocap"]
    representations = ["fbx"]
    suffixes = (".fbx",)
    order = 30

    class Options(BaseModel):
        collection: str = ""
        global_scale: float = 1.0
        use_anim: bool = True

    def run_import(self, path, options, version):
        bpy.ops.import_scene.fbx(filepath=str(path), global_scale=options.global_scale, use_anim=options.use_anim)
