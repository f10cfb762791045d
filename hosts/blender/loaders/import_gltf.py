"""Import a glTF / GLB under a root empty; an update re-imports it keeping transform, parent, modifiers."""

from __future__ import annotations

import bpy
from pydantic import BaseModel

from brickyard.hosts.blender.loaders._imported import ImportLoader


class ImportGltf(ImportLoader):
    label = "Import glTF"
    kinds = ["model", "rig", "scene", "animation", "camera"]
    representations = ["glb", "gltf"]
    suffixes = (".glb", ".gltf")
    order = 20

    class Options(BaseModel):
        collection: str = ""
        merge_vertices: bool = False

    def run_import(self, path, options, version):
        bpy.ops.import_scene.gltf(filepath=str(path), merge_vertices=options.merge_vertices)
