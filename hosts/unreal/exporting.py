"""Export assets or the level selection with automated ``AssetExportTask``s (game-thread only).

Meshes and animations go to the instance's format (FBX by default); textures to PNG and sounds to WAV,
the formats Unreal's exporters write for them. Files land in
``<project>/Saved/Brickyard/publish/<publish id>/<instance id>/`` for the integrator to upload.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from brickyard.core.errors import InvalidInput

from . import paths

if TYPE_CHECKING:
    import unreal

FIXED_FORMATS = {"Texture2D": "png", "SoundWave": "wav"}


def staging_dir(publish_id: str, instance_id: str) -> Path:

    folder = paths.saved_dir() / "Brickyard" / "publish" / publish_id / instance_id
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def format_for(asset: unreal.Object, wanted: str) -> str:
    return FIXED_FORMATS.get(asset.get_class().get_name(), wanted)


def missing_assets(paths: list[str]) -> list[str]:
    import unreal

    return [p for p in paths if not unreal.EditorAssetLibrary.does_asset_exist(p)]


def missing_actors(labels: list[str]) -> list[str]:
    from .level import actors

    present = {a.get_actor_label() for a in actors().get_all_level_actors()}
    return [label for label in labels if label not in present]


def _run(task: unreal.AssetExportTask, what: str) -> None:
    import unreal

    task.automated = True
    task.prompt = False
    task.replace_identical = True
    if not unreal.Exporter.run_asset_export_task(task) or not Path(task.filename).is_file():
        errors = "; ".join(str(e) for e in task.errors) or "see the Output Log"
        raise InvalidInput(f"Unreal could not export {what} to {Path(task.filename).name}: {errors}",
                           detail={"export": what})


def export_assets(paths: list[str], fmt: str, folder: Path) -> dict[str, list[str]]:
    """Each asset to ``folder``; ``{representation: [files]}``."""
    import unreal

    found: dict[str, list[str]] = {}
    for path in paths:
        asset = unreal.EditorAssetLibrary.load_asset(path)
        if asset is None:
            raise InvalidInput(f"the asset {path} is gone; remove it from the instance", detail={"asset": path})
        ext = format_for(asset, fmt)
        task = unreal.AssetExportTask()
        task.object = asset
        task.filename = str(folder / f"{asset.get_name()}.{ext}")
        _run(task, path)
        found.setdefault(ext, []).append(task.filename)
    return found


def export_level_selection(labels: list[str], fmt: str, folder: Path, name: str) -> dict[str, list[str]]:
    """The actors labelled ``labels``, selected and exported together as ``folder/name.fmt``."""
    import unreal

    from .level import actors
    from .typed import array

    subsystem = actors()
    chosen = [a for a in subsystem.get_all_level_actors() if a.get_actor_label() in set(labels)]
    world = unreal.get_editor_subsystem(unreal.UnrealEditorSubsystem)
    previous = list(subsystem.get_selected_level_actors())
    subsystem.set_selected_level_actors(array(unreal.Actor, chosen))
    try:
        task = unreal.AssetExportTask()
        task.object = world.get_editor_world() if world else None  # type: ignore[assignment]
        task.selected = True
        task.filename = str(folder / f"{name}.{fmt}")
        _run(task, f"the level selection ({', '.join(labels)})")
    finally:
        subsystem.set_selected_level_actors(array(unreal.Actor, previous))
    return {fmt: [task.filename]}
