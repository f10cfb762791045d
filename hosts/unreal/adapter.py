"""The Unreal host: the open level as the workfile, containers as tags on loaded assets, instances on the level.

Containers live on the main asset of each load under ``/Game/Brickyard`` as string metadata tags and
are listed through the Asset Registry (``content.py``). Publish instances and the workfile's context
are JSON in tags on the level's World asset, saved with the level. Every method may be called from any
thread: the editor work runs on the game thread (``GameThread``), which the Slate tick pump drains.

    >>> host = UnrealHost(project="film")
    >>> [c["name"] for c in host.list_containers()]
    ['hero']
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from brickyard.core.errors import InvalidInput
from brickyard.core.host import HostContext

from . import content, paths, selecting
from .game_thread import GameThread
from .typed import name

if TYPE_CHECKING:
    import unreal

    from .switching import SwitchReport

T = TypeVar("T")
INSTANCE_TAG = "brickyard_instance_"
CONTEXT_TAG = "brickyard_context"


class UnrealHost:
    name = "unreal"

    def __init__(self, project: str = "", *, game: GameThread | None = None):
        self.project = project
        self.game = game or GameThread()
        self.switch_reports: list[SwitchReport] = []  # what switches did that the artist should know

    def call(self, fn: Callable[[], T]) -> T:
        """Run ``fn`` (editor work) on the game thread and return its value."""
        return self.game.call(fn)

    # --- the workfile: the current level --------------------------------------------------------------
    def workfile(self) -> Path | None:
        return self.call(_level_file)

    def save_workfile(self) -> Path:
        def save() -> Path:
            path = _level_file()
            if path is None or not _level_editor().save_current_level():
                raise InvalidInput("this level was never saved; save it once (File › Save Current Level As), "
                                   "then retry")
            return path
        return self.call(save)

    def save_workfile_copy(self, path: Path) -> Path:
        saved = self.save_workfile()
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(saved, path)
        return Path(path)

    # --- the context ----------------------------------------------------------------------------------
    def context(self) -> HostContext:
        def read() -> HostContext:
            stored = content.world_json(_world(), CONTEXT_TAG) or {}
            return HostContext(self.project, str(stored.get("folder", "")), str(stored.get("asset", "")))
        return self.call(read)

    def set_context(self, folder: str = "", asset: str = "") -> None:
        """Record what this level works on (saved with it); new publish instances default to it."""
        self.call(lambda: _write_world_tag(CONTEXT_TAG, {"folder": folder, "asset": asset}))

    # --- containers -------------------------------------------------------------------------------------
    def list_containers(self) -> list[dict[str, Any]]:
        return [data for _, data in self.call(content.list_container_tags)]

    def read_container(self, container_id: str) -> dict[str, Any] | None:
        return next((c for c in self.list_containers() if c.get("id") == container_id), None)

    def write_container(self, data: dict[str, Any]) -> None:
        def write() -> None:
            target = content.object_path(str(data["namespace"]), str(data["name"]))
            asset = content.load(target)
            for path, found in content.list_container_tags():  # one id, one asset: a switch may have moved it
                if found.get("id") == data["id"] and path != target:
                    content.remove_container_tags(content.load(path))
            content.write_container_tags(asset, data)
        self.call(write)

    def remove_container(self, container_id: str) -> None:
        def remove() -> None:
            for path, found in content.list_container_tags():
                if found.get("id") == container_id:
                    import unreal

                    asset = unreal.EditorAssetLibrary.load_asset(path)
                    if asset is not None:
                        content.remove_container_tags(asset)
        self.call(remove)

    def select_containers(self, container_ids: list[str]) -> list[str]:
        """Select the containers' actors in the level and their assets in the Content Browser (the
        Inventory's "select in scene"); the ids whose asset is gone."""
        return self.call(lambda: selecting.select(list(container_ids)))

    def container_path(self, container_id: str) -> str | None:
        """The object path of the asset holding the container, or None."""
        found = self.read_container(container_id)
        return content.object_path(found["namespace"], found["name"]) if found else None

    # --- publish instances ------------------------------------------------------------------------------
    def list_instances(self) -> list[dict[str, Any]]:
        return self.call(lambda: list(content.world_tags(_world(), INSTANCE_TAG).values()))

    def save_instance(self, data: dict[str, Any]) -> None:
        self.call(lambda: _write_world_tag(INSTANCE_TAG + str(data["id"]), data))

    def remove_instance(self, instance_id: str) -> None:
        def remove() -> None:
            import unreal

            world = _world()
            tag = INSTANCE_TAG + instance_id
            if unreal.EditorAssetLibrary.get_metadata_tag(world, name(tag)):
                unreal.EditorAssetLibrary.remove_metadata_tag(world, name(tag))
                _save_level_or_explain()
        self.call(remove)

    # --- selection (for creators) -----------------------------------------------------------------------
    def selected_assets(self) -> list[str]:
        """Object paths of the assets selected in the Content Browser."""
        def read() -> list[str]:
            import unreal

            return [f"{d.package_name}.{d.asset_name}" for d in unreal.EditorUtilityLibrary.get_selected_asset_data()]
        return self.call(read)

    def selected_actors(self) -> list[str]:
        """Labels of the actors selected in the level."""
        def read() -> list[str]:
            from .level import actors

            return [a.get_actor_label() for a in actors().get_selected_level_actors()]
        return self.call(read)

    def report_switch(self, report: SwitchReport) -> None:
        import unreal

        self.switch_reports.append(report)
        (unreal.log_warning if report.needs_attention else unreal.log)(f"Brickyard: {report.summary()}")


# --- game-thread helpers ----------------------------------------------------------------------------------
def _level_editor() -> unreal.LevelEditorSubsystem:
    import unreal

    subsystem = unreal.get_editor_subsystem(unreal.LevelEditorSubsystem)
    if subsystem is None:
        raise InvalidInput("Unreal has no level editor here (a commandlet or a cooked build), so it cannot save "
                           "the level; run Brickyard in the editor")
    return subsystem


def _world() -> unreal.World:
    import unreal

    subsystem = unreal.get_editor_subsystem(unreal.UnrealEditorSubsystem)
    world = subsystem.get_editor_world() if subsystem is not None else None
    if world is None:
        raise InvalidInput("no level is open; open or create a level, then retry")
    return world


def _level_file() -> Path | None:

    package = _world().get_path_name().split(".", 1)[0]
    if not package.startswith("/Game/"):
        return None  # an untitled level (/Temp/...) has no file yet
    return paths.content_dir() / (package[len("/Game/"):] + ".umap")


def _write_world_tag(tag: str, data: dict[str, Any]) -> None:
    import unreal

    world = _world()
    if _level_file() is None:
        raise InvalidInput("this level was never saved, so it cannot keep Brickyard's settings; save it once "
                           "(File › Save Current Level As), then retry")
    unreal.EditorAssetLibrary.set_metadata_tag(world, name(tag), json.dumps(data, sort_keys=True))
    _save_level_or_explain()


def _save_level_or_explain() -> None:
    if not _level_editor().save_current_level():
        raise InvalidInput("Unreal could not save the current level (read-only file or source control?); "
                           "save it from File › Save Current Level")
