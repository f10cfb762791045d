"""Import a glTF / GLB (through Interchange, Unreal's only glTF importer): static or skeletal meshes with their
materials, and animation clips with the skeleton they play on (the container goes on the mesh)."""

from __future__ import annotations

from brickyard.hosts.unreal.loaders._import_asset import ImportAsset


class ImportGltf(ImportAsset):
    label = "Import glTF"
    kinds = ["model", "rig", "scene", "animation", "mocap"]
    representations = ["glb", "gltf"]
