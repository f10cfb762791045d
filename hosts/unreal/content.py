"""Brickyard's corner of the content tree: where loads go, containers as string metadata tags, saving.

Every load gets its own directory ``/Game/Brickyard/<folder>/<asset>`` (``<asset>_2``… when the asset
is loaded again), and its main asset carries the container, one metadata tag per field
(``brickyard_container_<field>``, values as strings — the only type tags hold). The Asset Registry
answers those tags without loading anything once they are registered with it (``install.py`` writes the
setting); for assets it cannot answer for, the asset is loaded and read. Every write is saved at once.

Game-thread only: the adapter hands these functions to ``GameThread.call``.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any

from brickyard.core.errors import InvalidInput

from .typed import array, name

if TYPE_CHECKING:
    import unreal

ROOT = "/Game/Brickyard"
CONTAINER_TAG = "brickyard_container_"
OPTIONS_TAG = "brickyard_load_options"  # the loader options a load used, so a switch re-imports alike
# What the load's imports made that is still in its folder (JSON list of object paths), so a switch knows
# what the previous version's import left that the new one no longer makes.
IMPORTED_TAG = "brickyard_imported"
CONTAINER_FIELDS = ("schema", "id", "reference", "asset_id", "version_id", "representation", "loader", "name",
                    "namespace")
# The classes a loader leaves a container on (a skeleton or material beside them never holds one).
MAIN_CLASSES = {"StaticMesh", "SkeletalMesh", "AnimSequence", "Texture2D", "SoundWave", "GeometryCache"}
_UNSAFE = re.compile(r"[^A-Za-z0-9_]")


def registry_tags() -> list[str]:
    """The tag names to register with the Asset Registry so containers are listed without loading."""
    return [CONTAINER_TAG + f for f in CONTAINER_FIELDS]


def object_path(directory: str, asset: str) -> str:
    return f"{directory}/{asset}.{asset}"


def safe_name(text: str) -> str:
    """A content-browser-safe name: letters, digits and underscores."""
    return _UNSAFE.sub("_", text) or "asset"


def load_directory(folder: str, asset: str) -> str:
    """A new directory for one load of ``folder/asset``: the plain one, else the first free ``_<n>``."""
    import unreal

    segments = [safe_name(s) for s in folder.split("/") if s]
    base = "/".join([ROOT, *segments, safe_name(asset)])
    candidate, n = base, 1
    while unreal.EditorAssetLibrary.does_directory_exist(candidate) and \
            unreal.EditorAssetLibrary.list_assets(candidate, recursive=False):
        n += 1
        candidate = f"{base}_{n}"
    return candidate


def load(path: str) -> unreal.Object:
    """The asset at ``path``; a clear error when it is gone."""
    import unreal

    asset = unreal.EditorAssetLibrary.load_asset(path)
    if asset is None:
        raise InvalidInput(f"the asset {path} is not in the project any more (deleted or moved outside "
                           "Brickyard); remove its container in the Inventory, then load the asset again",
                           detail={"asset": path})
    return asset


def save(assets: list[unreal.Object]) -> None:
    """Save ``assets`` now (even when the editor thinks they are clean); an error if one would not save."""
    import unreal

    failed = [a.get_path_name() for a in assets if not unreal.EditorAssetLibrary.save_loaded_asset(a, False)]
    if failed:
        raise InvalidInput(f"Unreal could not save {', '.join(failed)}; check the files are writable (source "
                           "control checkout?) and save them from the Content Browser", detail={"assets": failed})


# --- containers as tags -------------------------------------------------------------------------------
def write_container_tags(asset: unreal.Object, data: dict[str, Any]) -> None:
    import unreal

    for key, value in data.items():
        unreal.EditorAssetLibrary.set_metadata_tag(asset, name(CONTAINER_TAG + key), str(value))
    save([asset])


def remove_container_tags(asset: unreal.Object) -> None:
    import unreal

    for tag in list(unreal.EditorAssetLibrary.get_metadata_tag_values(asset)):
        if str(tag).startswith(CONTAINER_TAG):
            unreal.EditorAssetLibrary.remove_metadata_tag(asset, name(str(tag)))
    save([asset])


def write_load_options(asset: unreal.Object, options: dict[str, Any]) -> None:
    import unreal

    unreal.EditorAssetLibrary.set_metadata_tag(asset, name(OPTIONS_TAG), json.dumps(options, sort_keys=True))


def read_load_options(asset: unreal.Object) -> dict[str, Any]:
    import unreal

    text = unreal.EditorAssetLibrary.get_metadata_tag(asset, name(OPTIONS_TAG))
    return json.loads(text) if text else {}


def write_imported(asset: unreal.Object, paths: list[str]) -> None:
    """Record on the main asset what the load's imports made (saved with the asset by the caller)."""
    import unreal

    unreal.EditorAssetLibrary.set_metadata_tag(asset, name(IMPORTED_TAG), json.dumps(sorted(set(paths))))


def read_imported(asset: unreal.Object) -> list[str] | None:
    """What the load's imports made, as recorded; None for a load made before Brickyard recorded it."""
    import unreal

    text = unreal.EditorAssetLibrary.get_metadata_tag(asset, name(IMPORTED_TAG))
    return [str(p) for p in json.loads(text)] if text else None


def forget_imported(asset: unreal.Object) -> None:
    """Take the record off an asset that is no longer a load's main asset (the caller saves it)."""
    import unreal

    if unreal.EditorAssetLibrary.get_metadata_tag(asset, name(IMPORTED_TAG)):
        unreal.EditorAssetLibrary.remove_metadata_tag(asset, name(IMPORTED_TAG))


def container_from_tags(tags: dict[str, str]) -> dict[str, Any] | None:
    found = {k[len(CONTAINER_TAG):]: v for k, v in tags.items() if k.startswith(CONTAINER_TAG)}
    return found or None


def list_container_tags() -> list[tuple[str, dict[str, Any]]]:
    """``(object path, container data)`` of every container under ``ROOT``.

    The registry answers from saved tags without loading. While it is still gathering what is on disk
    (the first minutes after the editor starts) Brickyard's folder is scanned synchronously first, so
    no container is missed. Every load has its own directory holding one container: a directory the
    registry answered for is done; only in the others (tags not registered with the registry, or saved
    before they were) are main assets loaded and read — the one named after its directory first — and
    only until that directory's container is found.
    """
    import unreal

    registry = unreal.AssetRegistryHelpers.get_asset_registry()
    if registry.is_loading_assets():
        registry.scan_paths_synchronous(array(str, [ROOT]))
    found: list[tuple[str, dict[str, Any]]] = []
    unanswered: list[unreal.AssetData] = []
    flt = unreal.ARFilter(package_paths=array(unreal.Name, [name(ROOT)]), recursive_paths=True)
    for data in registry.get_assets(flt) or []:
        path = f"{data.package_name}.{data.asset_name}"
        tags = {CONTAINER_TAG + f: data.get_tag_value(name(CONTAINER_TAG + f)) for f in CONTAINER_FIELDS}
        present = {k: v for k, v in tags.items() if v is not None}
        if present:
            found.append((path, container_from_tags(present) or {}))
        elif str(data.asset_class_path.asset_name) in MAIN_CLASSES:
            unanswered.append(data)
    done = {path.rsplit(".", 1)[0].rsplit("/", 1)[0] for path, _ in found}  # directories already answered
    for data in sorted(unanswered, key=_main_first):
        directory = str(data.package_path)
        if directory in done:
            continue
        asset = data.get_asset()
        values = {str(k): v for k, v in unreal.EditorAssetLibrary.get_metadata_tag_values(asset).items()}
        container = container_from_tags(values)
        if container:
            found.append((asset.get_path_name(), container))
            done.add(directory)
    return found


def _main_first(data: unreal.AssetData) -> tuple[str, bool]:
    """Sort key: by directory; in each, the asset named after the directory (a load's main asset) first."""
    directory = str(data.package_path)
    return directory, str(data.asset_name) != directory.rsplit("/", 1)[-1]


# --- world-level data (publish instances, the workfile's context) ----------------------------------------
def world_json(world: unreal.Object, tag: str) -> Any:
    import unreal

    text = unreal.EditorAssetLibrary.get_metadata_tag(world, name(tag))
    return json.loads(text) if text else None


def world_tags(world: unreal.Object, prefix: str) -> dict[str, Any]:
    import unreal

    found = {}
    for tag, text in unreal.EditorAssetLibrary.get_metadata_tag_values(world).items():
        if str(tag).startswith(prefix) and text:
            found[str(tag)[len(prefix):]] = json.loads(text)
    return found
