"""What every Unreal loader shares: import into its own directory, maybe spawn, switch in place, remove.

A loader file sets what it serves and, where the importer needs them, builds the import options
(``import_options``) — on the game thread, since they are ``unreal`` objects.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from brickyard.core.container import Container
from brickyard.core.errors import InvalidInput
from brickyard.core.load import LoadContext, Loader
from pydantic import BaseModel

from brickyard.hosts.unreal import content, importing, leftovers, level, switching

if TYPE_CHECKING:
    import unreal

    from brickyard.hosts.unreal.adapter import UnrealHost


class SpawnOptions(BaseModel):
    spawn: bool = False  # also place the asset in the current level


class ImportAsset(Loader):
    hosts: ClassVar[list[str]] = ["unreal"]
    Options: ClassVar[type[BaseModel] | None] = SpawnOptions

    def import_options(self, options: Any) -> unreal.Object | None:
        """The importer's options object for ``options`` (game thread); None for the defaults."""
        return None

    def legacy_fbx(self, options: Any) -> bool:
        """Whether these options need the legacy FBX importer (Interchange ignores them)."""
        return False

    @property
    def unreal_host(self) -> UnrealHost:
        return self.host  # type: ignore[return-value]  # this loader serves the Unreal host only

    def load(self, context: LoadContext) -> Container:
        version = context.version
        asset_name = content.safe_name(version.asset)

        def work() -> tuple[str, str]:
            directory = content.load_directory(version.folder, version.asset)
            result = importing.run(importing.ImportRequest(
                list(context.paths), directory, asset_name, options=self.import_options(context.options),
                legacy_fbx=self.legacy_fbx(context.options)))
            if result.main is None:
                raise InvalidInput(f"Unreal imported nothing from {context.paths[0].name} (its Output Log says "
                                   "why); nothing was added", detail={"file": str(context.paths[0])})
            imported = [content.load(p) for p in result.object_paths]
            main = content.load(result.main)
            if context.options is not None:
                content.write_load_options(main, context.options.model_dump(mode="json"))
            content.write_imported(main, result.object_paths)
            content.save(imported)
            label = directory.rsplit("/", 1)[1]  # hero, hero_2…: one label per load, as the selection names actors
            if getattr(context.options, "spawn", False) and level.spawn(main, label, context.container_id) is None:
                raise InvalidInput(f"{result.main} was imported but a {main.get_class().get_name()} cannot be "
                                   "placed in a level; drag it where it is used instead")
            return directory, main.get_name()

        directory, main_name = self.unreal_host.call(work)
        return context.make_container(name=main_name, namespace=directory)

    def update(self, container: Container, context: LoadContext) -> Container:
        def work() -> switching.SwitchReport:
            loaded = content.load(content.object_path(container.namespace, container.name))
            options = self.parse_options(content.read_load_options(loaded))
            report = switching.switch(container, list(context.paths), asset=context.version.asset,
                                      version=context.version.number,
                                      options=self.import_options(options), legacy_fbx=self.legacy_fbx(options))
            if options is not None and not report.in_place:
                fresh = content.load(report.new_path)
                content.write_load_options(fresh, options.model_dump(mode="json"))
                content.save([fresh])
            return report

        report = self.unreal_host.call(work)
        self.unreal_host.report_switch(report)
        if report.needs_attention:  # shown beside the container in the Inventory, not only in the Output Log
            context.note(report.summary())
        new_name = report.new_path.rsplit(".", 1)[1]
        return context.make_container(name=new_name, namespace=container.namespace)

    def remove(self, container: Container) -> None:
        self.unreal_host.call(lambda: remove_load(container))


def remove_load(container: Container) -> None:
    """Delete what the load imported and the level actors that use it; refused while other assets use it.

    The folder is cleared as a switch clears leftovers: what nothing uses any more is deleted, what
    something outside still uses (another asset, a level actor's material override) is kept and named in
    the Output Log; the folder goes once empty.
    """
    import unreal

    library = unreal.EditorAssetLibrary
    path = content.object_path(container.namespace, container.name)
    world = unreal.get_editor_subsystem(unreal.UnrealEditorSubsystem)
    level_package = world.get_editor_world().get_path_name().split(".", 1)[0] if world else ""
    others = [p for p in library.find_package_referencers_for_asset(path)
              if p != level_package and not p.startswith(container.namespace + "/")]
    if others:
        raise InvalidInput(f"{path} is still used by {', '.join(others)}; repoint or delete those first, then "
                           "remove it", detail={"asset": path, "referencers": others})
    users = level.using(path)
    for actor in users:
        level.actors().destroy_actor(actor)
    if users:
        subsystem = unreal.get_editor_subsystem(unreal.LevelEditorSubsystem)
        if subsystem is not None:
            subsystem.save_current_level()
    cleared = leftovers.clear(library.list_assets(container.namespace, recursive=True))
    if not library.list_assets(container.namespace, recursive=True):
        library.delete_directory(container.namespace)
        return
    main = library.load_asset(path) if library.does_asset_exist(path) else None
    if main is not None:  # kept for what uses it: no longer a load's main asset (its container goes next)
        content.forget_imported(main)
        content.save([main])
    parts = []
    if cleared.kept:
        parts.append(f"kept, still in use: {leftovers.describe_kept(cleared.kept)} — repoint those, then delete them")
    if cleared.failed:
        parts.append(leftovers.describe_undeleted(cleared.failed))
    unreal.log_warning(f"Brickyard: removed {path}; {container.namespace} is not empty: "
                       + ("; ".join(parts) or "see the Content Browser"))
