"""The content tree: assets with string-only metadata tags, saved or dirty, loaded or only on disk.

Like the editor: ``set_metadata_tag`` refuses a non-string value; metadata reaches the Asset Registry
only once saved and only for tags registered with it (``STATE.registry_metadata_tags``); reading an
asset that is not in memory loads it (``STATE.loads`` records each load, so a test can say "the
inventory loaded nothing"); ``fake_restart`` forgets what was never saved, and the registry then gathers
what is on disk in the background: until ``wait_for_completion`` (or a synchronous scan of their path)
it does not know the assets that are only on disk.
"""

from __future__ import annotations

import re
from typing import Any

from ._core import STATE, Array, Name, Object

_QUOTED = re.compile(r"^\w+'(?P<path>.+)'$")


def object_path(path: str) -> str:
    """``/Game/a/B``, ``/Game/a/B.B`` or ``StaticMesh'/Game/a/B.B'`` → ``/Game/a/B.B``."""
    path = str(path)
    match = _QUOTED.match(path)
    if match:
        path = match["path"]
    if "." not in path.rsplit("/", 1)[-1]:
        path = f"{path}.{path.rsplit('/', 1)[-1]}"
    return path


def package_name(path: str) -> str:
    return object_path(path).rsplit(".", 1)[0]


class AssetImportData(Object):
    def __init__(self, outer: Any = None, name: str = "AssetImportData") -> None:
        super().__init__(outer, name)
        self.fake_filenames: list[str] = []

    def get_first_filename(self) -> str:
        return self.fake_filenames[0] if self.fake_filenames else ""

    def extract_filenames(self) -> Array:
        return Array.cast(str, self.fake_filenames)


class FakeAsset(Object):
    """An asset in a package ``/Game/<dir>/<name>``; hard references to other assets in ``fake_references``.
    Once deleted (``fake_valid`` False) its Python object refuses every call, as the editor's does."""

    def __getattribute__(self, name: str) -> Any:
        if not name.startswith(("_", "fake_")) and not object.__getattribute__(self, "__dict__").get(
                "fake_valid", True):
            raise RuntimeError(f"{type(self).__name__}: the underlying Unreal object was deleted; "
                               f"cannot use '{name}'")
        return object.__getattribute__(self, name)

    def __init__(self, outer: Any = None, name: str = "") -> None:
        super().__init__(outer, name)
        self.fake_package = ""
        self.fake_metadata: dict[str, str] = {}
        self.fake_saved_metadata: dict[str, str] | None = None  # None: never saved
        self.fake_dirty = True
        self.fake_loaded = True
        self.fake_payload = b""  # what the last import read from its source file
        self.fake_references: list[FakeAsset] = []
        self.fake_saved_references: list[FakeAsset] = []  # what the Asset Registry knows: as last saved
        self.asset_import_data = AssetImportData(self)

    def fake_references_now(self) -> list[FakeAsset]:
        return list(self.fake_references)

    def get_path_name(self) -> str:
        return f"{self.fake_package}.{self.fake_name}"

    def fake_register(self, package: str) -> FakeAsset:
        self.fake_package = package
        STATE.assets[self.get_path_name()] = self
        STATE.directories.add(package.rsplit("/", 1)[0])
        return self


class StaticMesh(FakeAsset):
    pass


class Skeleton(FakeAsset):
    pass


class PhysicsAsset(FakeAsset):
    pass


class SkeletalMesh(FakeAsset):
    pass


class AnimSequence(FakeAsset):
    pass


class Texture2D(FakeAsset):
    pass


class SoundWave(FakeAsset):
    pass


class GeometryCache(FakeAsset):
    pass


class Material(FakeAsset):
    pass


class TopLevelAssetPath:
    def __init__(self, package_name: str = "", asset_name: str = "") -> None:
        self.package_name = Name(package_name)
        self.asset_name = Name(asset_name)

    def __str__(self) -> str:
        return f"{self.package_name}.{self.asset_name}"


def _visible_tags(asset: FakeAsset) -> dict[str, str]:
    saved = asset.fake_saved_metadata or {}
    return {k: v for k, v in saved.items() if k in STATE.registry_metadata_tags}


class AssetData:
    """What the registry knows of an asset without loading it."""

    def __init__(self, package_name: str = "None", package_path: str = "None", asset_name: str = "None",
                 asset_class_path: TopLevelAssetPath | None = None) -> None:
        self.package_name = Name(package_name)
        self.package_path = Name(package_path)
        self.asset_name = Name(asset_name)
        self.asset_class_path = asset_class_path or TopLevelAssetPath()
        self.fake_tags: dict[str, str] = {}

    @classmethod
    def fake_of(cls, asset: FakeAsset) -> AssetData:
        data = cls(asset.fake_package, asset.fake_package.rsplit("/", 1)[0], asset.fake_name,
                   TopLevelAssetPath("/Script/Engine", type(asset).__name__))
        data.fake_tags = _visible_tags(asset)
        return data

    def is_valid(self) -> bool:
        return not self.package_name.is_none()

    def is_asset_loaded(self) -> bool:
        found = STATE.assets.get(f"{self.package_name}.{self.asset_name}")
        return bool(found and found.fake_loaded)

    def get_tag_value(self, tag_name: str) -> str | None:
        return self.fake_tags.get(str(tag_name))

    def get_full_name(self) -> str:
        return f"{self.asset_class_path.asset_name} {self.package_name}.{self.asset_name}"

    def get_asset(self) -> Any:
        return fake_load(f"{self.package_name}.{self.asset_name}")


def fake_load(path: str) -> Any:
    """The asset at ``path`` (loaded from disk when not in memory, which is recorded), or None."""
    asset = STATE.assets.get(object_path(path))
    if asset is not None and not asset.fake_loaded:
        asset.fake_loaded = True
        STATE.loads.append(asset.get_path_name())
    return asset


def fake_save(asset: FakeAsset) -> None:
    asset.fake_saved_metadata = dict(asset.fake_metadata)
    asset.fake_saved_references = asset.fake_references_now()
    asset.fake_dirty = False


class ObjectRedirector(FakeAsset):
    """What ``consolidate_assets`` leaves in the old package: a pointer to the asset it was merged into,
    there until the redirectors are fixed up (not in the UE 5.6 stub, so not exported)."""

    def __init__(self, outer: Any = None, name: str = "", destination: FakeAsset | None = None) -> None:
        super().__init__(outer, name)
        self.fake_references = [destination] if destination is not None else []


def fake_restart() -> None:
    """A new editor session: unsaved assets are gone, unsaved metadata reverts, nothing is in memory."""
    for path, asset in list(STATE.assets.items()):
        if asset.fake_saved_metadata is None:
            del STATE.assets[path]
            continue
        asset.fake_metadata = dict(asset.fake_saved_metadata)
        asset.fake_dirty = False
        asset.fake_loaded = False
    STATE.loads.clear()
    STATE.registry_loading = True
    STATE.registry_scanned = set()


class ARFilter:
    def __init__(self, package_names: list | None = None, package_paths: list | None = None,
                 soft_object_paths: list | None = None, class_paths: list | None = None,
                 recursive_class_paths_exclusion_set: Any = None, class_names: Any = None,
                 recursive_classes_exclusion_set: Any = None, recursive_paths: bool = False,
                 recursive_classes: bool = False, include_only_on_disk_assets: bool = False) -> None:
        self.package_names = [str(p) for p in package_names or []]
        self.package_paths = [str(p) for p in package_paths or []]
        self.class_paths = list(class_paths or [])
        self.recursive_paths = recursive_paths


class AssetRegistry(Object):
    def is_loading_assets(self) -> bool:
        return STATE.registry_loading

    def wait_for_completion(self) -> None:
        STATE.registry_loading = False

    def scan_paths_synchronous(self, paths: list, force_rescan: bool = False,
                               ignore_deny_list_scan_filters: bool = False) -> None:
        STATE.registry_scanned.update(str(p).rstrip("/") for p in paths)

    def fake_knows(self, asset: FakeAsset) -> bool:
        """Whether the registry has gathered ``asset`` yet (in memory, scanned, or the gathering is over)."""
        folder = asset.fake_package.rsplit("/", 1)[0]
        return not STATE.registry_loading or asset.fake_loaded or any(
            folder == p or folder.startswith(p + "/") for p in STATE.registry_scanned)

    def get_assets(self, filter: ARFilter, skip_ar_filtered_assets: bool = True) -> Array | None:  # noqa: A002
        found = Array(AssetData)
        classes = {str(c.asset_name) for c in filter.class_paths}
        for asset in STATE.assets.values():
            if not self.fake_knows(asset):
                continue
            folder = asset.fake_package.rsplit("/", 1)[0]
            if filter.package_paths and not any(
                    folder == p or (filter.recursive_paths and folder.startswith(p.rstrip("/") + "/"))
                    for p in filter.package_paths):
                continue
            if classes and type(asset).__name__ not in classes:
                continue
            found.append(AssetData.fake_of(asset))
        return found

    def get_assets_by_path(self, package_path: str, recursive: bool = False,
                           include_only_on_disk_assets: bool = False) -> Array | None:
        return self.get_assets(ARFilter(package_paths=[package_path], recursive_paths=recursive))

    def get_asset_by_object_path(self, object_path: str, include_only_on_disk_assets: bool = False) -> AssetData:
        asset = STATE.assets.get(globals()["object_path"](str(object_path)))
        return AssetData.fake_of(asset) if asset is not None else AssetData()


class AssetRegistryHelpers(Object):
    _registry = AssetRegistry()

    @classmethod
    def get_asset_registry(cls) -> AssetRegistry:
        return cls._registry
