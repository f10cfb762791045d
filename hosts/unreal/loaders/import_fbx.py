"""Import an FBX: a static or skeletal mesh, or an animation onto a skeleton already in the project."""

from __future__ import annotations

from typing import Any, Literal

from brickyard.core.errors import InvalidInput
from pydantic import BaseModel

from brickyard.hosts.unreal.loaders._import_asset import ImportAsset


class FbxOptions(BaseModel):
    spawn: bool = False  # also place it in the current level
    mesh_type: Literal["auto", "static", "skeletal", "animation"] = "auto"
    skeleton: str = ""  # for an animation: the object path of the skeleton it plays on


class ImportFbx(ImportAsset):
    label = "Import FBX"
    kinds = ["model", "rig", "animation", "mocap"]
    representations = ["fbx"]
    Options = FbxOptions

    def legacy_fbx(self, options: Any) -> bool:
        # Interchange ignores FbxImportUI: a forced type or a target skeleton needs the legacy importer.
        return options is not None and (options.mesh_type != "auto" or bool(options.skeleton))

    def import_options(self, options: Any) -> Any:
        if not self.legacy_fbx(options):
            return None
        import unreal

        ui = unreal.FbxImportUI()
        types = {"static": unreal.FBXImportType.FBXIT_STATIC_MESH, "skeletal": unreal.FBXImportType.FBXIT_SKELETAL_MESH,
                 "animation": unreal.FBXImportType.FBXIT_ANIMATION}
        mesh_type = "animation" if options.skeleton and options.mesh_type == "auto" else options.mesh_type
        ui.automated_import_should_detect_type = mesh_type == "auto"
        if mesh_type != "auto":
            ui.mesh_type_to_import = types[mesh_type]
            ui.import_as_skeletal = mesh_type == "skeletal"
            ui.import_mesh = mesh_type != "animation"
            ui.import_animations = mesh_type == "animation"
        if options.skeleton:
            skeleton = unreal.EditorAssetLibrary.load_asset(options.skeleton)
            if not isinstance(skeleton, unreal.Skeleton):
                raise InvalidInput(f"the skeleton {options.skeleton} is not in the project (or is not a "
                                   "Skeleton); load the rig first and pick its skeleton",
                                   detail={"skeleton": options.skeleton})
            ui.skeleton = skeleton
        return ui
