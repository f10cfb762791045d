"""Import a glTF / GLB (through Interchange, Unreal's only glTF importer): meshes with their materials."""

from __future__ import annotations

from brickyard.hosts.unreal.loaders._import_asset import ImportAsset


class ImportGltf(ImportAsset):
    label = "Import glTF"
    kinds = ["model", "rig", "scene"]
    representations = ["glb", "gltf"]
