"""Switch a loaded asset to another version: re-import in place, else import beside and move references.

In place — the same destination and name with ``replace_existing`` — keeps the object path and the
object itself, so every level actor and asset that references it shows the new version without an
edit. When Unreal refuses that (the asset type changed: a static mesh became a skeletal mesh), the new
version is imported beside it and references move: ``consolidate_assets`` where the classes allow it
(every package it repointed is saved), else each level actor is replaced by one of the new asset at the
same transform, label and folder (the level is saved). The old asset is deleted only when nothing
references it any more; otherwise it is kept, stripped of its container, and the report names what
still uses it. An importer that put the new version beside the old one by itself (under another name)
is taken at its word: that asset is the new version.

Either way the load's folder is then left holding what the new version's import made: what the
previous imports made (recorded on the main asset, ``content.IMPORTED_TAG``) and this one did not — a
material or texture v2 no longer carries, a skeleton no longer needed — is deleted when nothing
references it, and kept, named in the report with what uses it, when something does (``leftovers``).
What is kept stays on the record, so a later switch tries again. The folder is saved.

Game-thread only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from brickyard.core.container import Container
from brickyard.core.errors import InvalidInput

from . import content, importing, level, leftovers
from .typed import array

if TYPE_CHECKING:
    import unreal


@dataclass
class SwitchReport:
    """What one switch did, for the artist (the Output Log and the Inventory's messages)."""

    container_id: str
    old_path: str
    new_path: str
    importer: str
    in_place: bool
    consolidated: bool = False
    replaced_actors: list[level.Replaced] = field(default_factory=list)
    kept_for: list[str] = field(default_factory=list)  # packages still using the old asset
    deleted: list[str] = field(default_factory=list)  # what the old version made, unused now, deleted
    kept: dict[str, list[str]] = field(default_factory=dict)  # what it made that is still used → by whom
    undeleted: list[str] = field(default_factory=list)  # unused, but Unreal would not delete them
    unsaved: list[str] = field(default_factory=list)  # packages repointed that Unreal would not save

    @property
    def needs_attention(self) -> bool:
        """Whether the artist has something to do or know (a warning rather than a note in the log)."""
        return not self.in_place or bool(self.kept or self.undeleted or self.unsaved)

    def summary(self) -> str:
        if self.in_place:
            parts = [f"{self.old_path}: re-imported in place ({self.importer} importer)"]
        else:
            parts = [f"{self.old_path} could not be re-imported in place (its type changed); the new version "
                     f"is {self.new_path}"]
        if self.consolidated:
            parts.append("every reference was moved onto it")
        if self.replaced_actors:
            parts.append(f"{len(self.replaced_actors)} level actor(s) replaced: " + ", ".join(
                f"{r.label} ({r.old_class} → {r.new_class})" for r in self.replaced_actors))
        if self.kept_for:
            parts.append(f"the old asset is kept because {', '.join(self.kept_for)} still use(s) it; "
                         "repoint those, then delete it")
        if self.deleted:
            parts.append(f"deleted, unused: {', '.join(self.deleted)}")
        if self.kept:
            parts.append("kept, as the new version no longer makes them but they are still used: "
                         f"{leftovers.describe_kept(self.kept)} — repoint those, and the next switch deletes them")
        if self.undeleted:
            parts.append(leftovers.describe_undeleted(self.undeleted))
        if self.unsaved:
            parts.append(f"could not save {', '.join(self.unsaved)} (read-only or not checked out?): save them "
                         "from the Content Browser")
        return "; ".join(parts)


def switch(container: Container, files: list[Path], *, asset: str, version: int,
           options: unreal.Object | None = None, legacy_fbx: bool = False) -> SwitchReport:
    """Bring ``files`` (version ``version`` of ``asset``) in where ``container`` loaded the old one.

    Imported beside, the new version is named by what it is — ``<asset>_v<version>`` — never after the
    name the old one happened to have (a second type change would otherwise make ``crate_v002_v001``).
    """
    import unreal

    old_path = content.object_path(container.namespace, container.name)
    old = content.load(old_path)
    before = set(unreal.EditorAssetLibrary.list_assets(container.namespace, recursive=True))
    recorded = content.read_imported(old)
    owned = (before if recorded is None else set(recorded)) | {old_path}  # unrecorded: the folder was the load's
    request = importing.ImportRequest(files, container.namespace, container.name, replace=True, options=options,
                                      legacy_fbx=legacy_fbx)
    result = importing.run(request)
    if result.main == old_path:
        report = SwitchReport(container.id, old_path, old_path, result.importer, in_place=True)
        main = old
    else:
        if result.main is None:  # refused: what it made on the way (a skeleton) goes, then beside
            _delete_strays(container.namespace, before)
            beside = importing.ImportRequest(files, container.namespace, beside_name(asset, version),
                                             replace=True, options=options, legacy_fbx=legacy_fbx)
            result = importing.run(beside)
        if result.main is None:
            raise InvalidInput(f"Unreal imported nothing from {files[0].name} (its Output Log says why); "
                               f"{old_path} is unchanged", detail={"asset": old_path, "file": str(files[0])})
        main = content.load(result.main)
        content.save([content.load(p) for p in result.object_paths])  # before anything is repointed onto it
        report = SwitchReport(container.id, old_path, result.main, result.importer, in_place=False)
        _move_references(old, main, report)
        if report.kept_for:
            content.forget_imported(old)
            content.remove_container_tags(old)  # saved
    _clear_leftovers(container.namespace, owned, main, result.object_paths, report)
    return report


def beside_name(asset: str, version: int) -> str:
    """The name of a version imported beside the loaded one: ``crate_v002``."""
    return f"{content.safe_name(asset)}_v{version:03d}"


def _clear_leftovers(directory: str, owned: set[str], main: unreal.Object, imported: list[str],
                     report: SwitchReport) -> None:
    """Delete what the previous imports made and this one did not, unless used; record and save the rest.

    What was imported is saved first: the references the registry answers for are those of saved packages.
    """
    import unreal

    content.save([content.load(p) for p in imported])
    made = set(imported)
    old_kept = {report.old_path} if report.kept_for else set()
    cleared = leftovers.clear(owned - made - old_kept)
    report.deleted += cleared.deleted
    report.kept = cleared.kept
    report.undeleted = cleared.failed
    content.write_imported(main, sorted(made | old_kept | set(cleared.kept) | set(cleared.failed)))
    content.save([main])
    if not unreal.EditorAssetLibrary.save_directory(directory, True, True):
        report.unsaved.append(directory)


def _move_references(old: unreal.Object, new: unreal.Object, report: SwitchReport) -> None:
    import unreal

    library = unreal.EditorAssetLibrary
    users = list(library.find_package_referencers_for_asset(report.old_path))
    if library.consolidate_assets(new, array(unreal.Object, [old])):
        report.consolidated = True
        report.unsaved = _save_packages(users)
        return
    for actor in level.using(report.old_path):
        replaced = level.replace_actor(actor, new)
        if replaced is not None:
            report.replaced_actors.append(replaced)
    if report.replaced_actors and not _save_level():
        report.kept_for.append("the unsaved current level")
    report.kept_for += [p for p in library.find_package_referencers_for_asset(report.old_path)
                        if p not in report.kept_for]


def _save_packages(packages: list[str]) -> list[str]:
    """Save ``packages`` (the current level through the level editor); those that would not save."""
    import unreal

    world = unreal.get_editor_subsystem(unreal.UnrealEditorSubsystem)
    level = world.get_editor_world() if world is not None else None
    level_package = level.get_path_name().split(".", 1)[0] if level is not None else ""
    failed = []
    for package in packages:
        saved = _save_level() if package == level_package else unreal.EditorAssetLibrary.save_asset(package, False)
        if not saved:
            failed.append(package)
    return failed


def _save_level() -> bool:
    import unreal

    subsystem = unreal.get_editor_subsystem(unreal.LevelEditorSubsystem)
    return bool(subsystem and subsystem.save_current_level())


def _delete_strays(directory: str, before: set[str]) -> None:
    """A refused import may still have created side assets (a skeleton): remove those nothing uses."""
    import unreal

    library = unreal.EditorAssetLibrary
    for path in library.list_assets(directory, recursive=True):
        if path not in before and not library.find_package_referencers_for_asset(path):
            library.delete_asset(path)
