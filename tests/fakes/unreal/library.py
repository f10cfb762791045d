"""``EditorAssetLibrary``: paths, load, save, delete, consolidate, referencers and metadata tags.

Failure values as the editor gives them: False or None, and a line in the log, never an exception —
except a non-string metadata value, which the Python binding refuses with ``TypeError``.
"""

from __future__ import annotations

from typing import Any

from ._core import STATE, Array, Map, Name, fake_game_thread_only, fake_invalid_path, log_error
from .assets import AssetData, FakeAsset, ObjectRedirector, fake_load, fake_save, object_path, package_name


def _referencing(target: FakeAsset) -> list[str]:
    """Package names that hold a hard reference to ``target`` as the Asset Registry knows them: from what
    each package (an asset, the level) held when it was last *saved* — never from live, unsaved edits."""
    found = [a.fake_package for a in STATE.assets.values()
             if any(r is target for r in a.fake_saved_references)]
    return sorted(set(found))


def _repoint(old: FakeAsset, new: FakeAsset | None) -> None:
    """Every reference to ``old`` onto ``new``; onto nothing (None) for a force delete, which is recorded
    in ``STATE.broken`` as (referencing package, deleted asset) — a dangling reference."""
    for asset in STATE.assets.values():
        if old in asset.fake_references:
            asset.fake_references = [new if r is old else r for r in asset.fake_references if r is not None]
            asset.fake_dirty = True
            if new is None:
                STATE.broken.append((asset.fake_package, old.get_path_name()))
    if STATE.level is not None:
        for actor in STATE.level.fake_actors:
            if new is None and old in actor.fake_referenced_assets():
                STATE.broken.append((STATE.level.fake_package, old.get_path_name()))
            actor.fake_replace_reference(old, new)


def _forget(asset: FakeAsset) -> None:
    STATE.assets.pop(asset.get_path_name(), None)


def _game_thread_only(cls: type) -> type:
    """Every classmethod of ``cls`` refuses (and records) a call from outside the game thread."""
    for attr, value in list(vars(cls).items()):
        if isinstance(value, classmethod) and not attr.startswith(("_", "fake_")):
            def guarded(klass: Any, *args: Any, _fn: Any = value.__func__, _what: str = f"{cls.__name__}.{attr}",
                        **kwargs: Any) -> Any:
                fake_game_thread_only(_what)
                return _fn(klass, *args, **kwargs)
            guarded.__name__ = attr
            guarded.__signature__ = __import__("inspect").signature(value.__func__)  # type: ignore[attr-defined]
            setattr(cls, attr, classmethod(guarded))
    return cls


@_game_thread_only
class EditorAssetLibrary:
    @classmethod
    def does_asset_exist(cls, asset_path: str) -> bool:
        return object_path(asset_path) in STATE.assets

    @classmethod
    def does_directory_exist(cls, directory_path: str) -> bool:
        return directory_path.rstrip("/") in STATE.directories

    @classmethod
    def make_directory(cls, directory_path: str) -> bool:
        problem = fake_invalid_path(directory_path.rstrip("/"))
        if problem or STATE.make_directory_fails:
            log_error(f"MakeDirectory failed: {problem or 'the folder could not be created'}")
            return False
        STATE.directories.add(directory_path.rstrip("/"))
        return True

    @classmethod
    def load_asset(cls, asset_path: str) -> Any:
        asset = fake_load(asset_path)
        if asset is None:
            log_error(f"LoadAsset failed: The asset '{asset_path}' does not exist.")
        return asset

    @classmethod
    def list_assets(cls, directory_path: str, recursive: bool = True, include_folder: bool = False) -> Array:
        root = directory_path.rstrip("/")
        found = Array(str)
        for path, asset in sorted(STATE.assets.items()):
            folder = asset.fake_package.rsplit("/", 1)[0]
            if folder == root or (recursive and folder.startswith(root + "/")):
                found.append(path)
        return found

    @classmethod
    def find_asset_data(cls, asset_path: str) -> AssetData:
        asset = STATE.assets.get(object_path(asset_path))
        return AssetData.fake_of(asset) if asset is not None else AssetData()

    @classmethod
    def get_path_name_for_loaded_asset(cls, loaded_asset: Any) -> str:
        return loaded_asset.get_path_name()

    @classmethod
    def find_package_referencers_for_asset(cls, asset_path: str, load_assets_to_confirm: bool = False) -> Array:
        asset = STATE.assets.get(object_path(asset_path))
        return Array.cast(str, _referencing(asset) if asset is not None else [])

    @classmethod
    def delete_asset(cls, asset_path_to_delete: str) -> bool:
        """Force delete: whatever referenced it now points at nothing."""
        asset = STATE.assets.get(object_path(asset_path_to_delete))
        if asset is None:
            log_error(f"DeleteAsset failed: The asset '{asset_path_to_delete}' does not exist.")
            return False
        _repoint(asset, None)
        _forget(asset)
        asset.fake_valid = False  # the Python object of a deleted asset is dead from now on
        return True

    @classmethod
    def delete_loaded_asset(cls, asset_to_delete: Any) -> bool:
        return cls.delete_asset(asset_to_delete.get_path_name())

    @classmethod
    def delete_directory(cls, directory_path: str) -> bool:
        root = directory_path.rstrip("/")
        for path in list(cls.list_assets(root)):
            cls.delete_asset(path)
        STATE.directories = {d for d in STATE.directories if d != root and not d.startswith(root + "/")}
        return True

    @classmethod
    def rename_asset(cls, source_asset_path: str, destination_asset_path: str) -> bool:
        asset = STATE.assets.get(object_path(source_asset_path))
        target = object_path(destination_asset_path)
        if asset is None or target in STATE.assets:
            log_error(f"RenameAsset failed: {source_asset_path} -> {destination_asset_path}")
            return False
        _forget(asset)
        asset.fake_name = target.rsplit(".", 1)[1]
        asset.fake_register(package_name(target))
        asset.fake_dirty = True
        return True

    @classmethod
    def consolidate_assets(cls, asset_to_consolidate_to: Any, assets_to_consolidate: Array) -> bool:
        """Repoint every reference to ``assets_to_consolidate`` onto the first; delete them. Same class only."""
        target = asset_to_consolidate_to
        if any(type(a) is not type(target) for a in assets_to_consolidate):
            log_error("ConsolidateAssets failed: the assets to consolidate are not of the same class")
            return False
        for old in assets_to_consolidate:
            _repoint(old, target)
            _forget(old)
            redirector = ObjectRedirector(None, old.get_name(), target)  # left in the old package
            redirector.fake_register(old.fake_package)
        return True

    # --- the Content Browser ---------------------------------------------------------------------
    @classmethod
    def sync_browser_to_objects(cls, asset_paths: Array) -> None:
        """Browse to the assets and select them in the Content Browser (the real one does it a few frames
        later; the fake at once). Paths that are no asset are skipped."""
        found = [object_path(p) for p in asset_paths]
        STATE.selected_assets = [p for p in found if p in STATE.assets]

    # --- metadata -----------------------------------------------------------------------------------
    @classmethod
    def set_metadata_tag(cls, object: Any, tag: str, value: str) -> None:  # noqa: A002
        if not isinstance(value, str):
            raise TypeError(f"EditorAssetLibrary.set_metadata_tag: 'value' must be a str, not "
                            f"{type(value).__name__}")
        object.fake_metadata[str(Name(tag))] = value
        object.fake_dirty = True

    @classmethod
    def get_metadata_tag(cls, object: Any, tag: str) -> str:  # noqa: A002
        return object.fake_metadata.get(str(tag), "")

    @classmethod
    def get_metadata_tag_values(cls, object: Any) -> Map:  # noqa: A002
        return Map.cast(Name, str, object.fake_metadata)

    @classmethod
    def remove_metadata_tag(cls, object: Any, tag: str) -> None:  # noqa: A002
        if object.fake_metadata.pop(str(tag), None) is not None:
            object.fake_dirty = True

    @classmethod
    def get_tag_values(cls, asset_path: str) -> Map:
        asset = STATE.assets.get(object_path(asset_path))
        return Map.cast(Name, str, AssetData.fake_of(asset).fake_tags if asset else {})

    # --- saving -------------------------------------------------------------------------------------
    @classmethod
    def save_loaded_asset(cls, asset_to_save: Any, only_if_is_dirty: bool = True) -> bool:
        if asset_to_save.get_path_name() not in STATE.assets:
            return False
        if asset_to_save.fake_dirty or not only_if_is_dirty:
            fake_save(asset_to_save)
        return True

    @classmethod
    def save_loaded_assets(cls, assets_to_save: Array, only_if_is_dirty: bool = True) -> bool:
        return all([cls.save_loaded_asset(a, only_if_is_dirty) for a in assets_to_save])

    @classmethod
    def save_asset(cls, asset_to_save: str, only_if_is_dirty: bool = True) -> bool:
        asset = STATE.assets.get(object_path(asset_to_save))
        return asset is not None and cls.save_loaded_asset(asset, only_if_is_dirty)

    @classmethod
    def save_directory(cls, directory_path: str, only_if_is_dirty: bool = True, recursive: bool = True) -> bool:
        return all([cls.save_asset(p, only_if_is_dirty) for p in cls.list_assets(directory_path, recursive)])


class EditorUtilityLibrary:
    @classmethod
    def get_selected_assets(cls) -> Array:
        return Array.cast(object, [fake_load(p) for p in STATE.selected_assets])

    @classmethod
    def get_selected_asset_data(cls) -> Array:
        return Array.cast(AssetData, [AssetData.fake_of(STATE.assets[p]) for p in STATE.selected_assets])
