"""Import files with automated ``AssetImportTask``s, whichever importer the engine picks, and say which ran.

From UE 5.5 FBX goes through Interchange by default (glTF always does). Interchange ignores
``destination_name`` and the legacy ``FbxImportUI`` options and names assets after the source file, so
the source is presented under the asset's stable name (hard links in ``Saved/Brickyard/imports``,
beside the files it references) — the object path is then the same whichever importer runs, which is
what an in-place re-import needs. An import that needs legacy options (an animation onto a skeleton, a
forced mesh type) turns Interchange off for FBX around that one task and restores the setting.

Game-thread only.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, cast

from brickyard.core.errors import InvalidInput

from . import paths
from .content import MAIN_CLASSES, object_path
from .typed import array

if TYPE_CHECKING:
    import unreal

FBX_INTERCHANGE = "Interchange.FeatureFlags.Import.FBX"
INTERCHANGE_ALWAYS = {".gltf", ".glb"}
_NO_WORLD = cast("unreal.Object", None)  # console commands need no world; the stub types the argument strictly


@dataclass(frozen=True)
class ImportRequest:
    files: list[Path]  # the representation's files; the first is the one imported
    directory: str  # /Game/Brickyard/...
    name: str  # the main asset's name
    replace: bool = False  # re-import over an existing asset of that name (in place)
    options: unreal.Object | None = None  # FbxImportUI, AbcImportSettings…
    legacy_fbx: bool = False  # the options only the legacy FBX importer honours

    @property
    def source(self) -> Path:
        return self.files[0]


@dataclass(frozen=True)
class ImportResult:
    object_paths: list[str]
    main: str | None  # the object path of the main asset, None when nothing was imported
    importer: str  # "interchange" | "legacy"


def interchange_imports(suffix: str) -> bool:
    """Whether this engine sends a file of this suffix through Interchange (which ignores names)."""
    import unreal

    if suffix in INTERCHANGE_ALWAYS:
        return True
    return suffix == ".fbx" and unreal.SystemLibrary.get_console_variable_bool_value(FBX_INTERCHANGE)


def staged(request: ImportRequest) -> Path:
    """The main file under the asset's stable name, with its sibling files beside it (hard links or copies)."""

    source = request.source
    if source.stem == request.name:
        return source
    folder = paths.saved_dir() / "Brickyard" / "imports" / request.directory.strip("/")
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    for file in request.files:
        target = folder / (request.name + file.suffix if file == source else file.name)
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(file, target)
        except OSError:  # another volume, or links not allowed: a copy does
            shutil.copy2(file, target)
    return folder / (request.name + source.suffix)


def run(request: ImportRequest) -> ImportResult:
    """Import ``request``; what was imported (an empty list when Unreal refused, as it says in its log)."""
    import unreal

    if not request.source.is_file():
        raise InvalidInput(f"the file to import, {request.source}, is missing; download the version again",
                           detail={"path": str(request.source)})
    suffix = request.source.suffix.lower()
    restore = None
    if request.legacy_fbx and suffix == ".fbx" and interchange_imports(suffix):
        restore = "True"
        unreal.SystemLibrary.execute_console_command(_NO_WORLD, f"{FBX_INTERCHANGE} False")
    try:
        importer = "interchange" if interchange_imports(suffix) else "legacy"
        task = unreal.AssetImportTask()
        task.filename = str(staged(request))
        task.destination_path = request.directory
        task.destination_name = request.name
        task.replace_existing = request.replace
        task.replace_existing_settings = request.replace
        task.automated = True
        task.save = True
        if request.options is not None:
            task.options = request.options
        unreal.AssetToolsHelpers.get_asset_tools().import_asset_tasks(array(unreal.AssetImportTask, [task]))
        paths = [str(p) for p in task.imported_object_paths]
    finally:
        if restore is not None:
            unreal.SystemLibrary.execute_console_command(_NO_WORLD, f"{FBX_INTERCHANGE} {restore}")
    return ImportResult(paths, main_of(paths, request), importer)


def main_of(paths: list[str], request: ImportRequest) -> str | None:
    """The asset named as asked; else the first one a container may go on; else None."""
    wanted = object_path(request.directory, request.name)
    if wanted in paths:
        return wanted
    import unreal

    for path in paths:
        asset = unreal.EditorAssetLibrary.find_asset_data(path)
        if str(asset.asset_class_path.asset_name) in MAIN_CLASSES:
            return path
    return None
