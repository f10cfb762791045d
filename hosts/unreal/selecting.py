"""Show in the editor what containers loaded: the Inventory's "select in scene". Game-thread only.

The level actors Brickyard spawned for them (tagged with the container id) or that use their asset
become the level selection (``EditorActorSubsystem.set_selected_level_actors``, which replaces it); the
assets themselves are shown selected in the Content Browser (``EditorAssetLibrary.sync_browser_to_objects``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import content, level
from .typed import array

if TYPE_CHECKING:
    import unreal


def select(container_ids: list[str]) -> list[str]:
    """Select the containers' actors and browse to their assets; the ids whose asset is gone."""
    import unreal

    wanted = list(dict.fromkeys(container_ids))
    paths = {str(data["id"]): path for path, data in content.list_container_tags() if data.get("id") in wanted}
    chosen = [a for a in level.actors().get_all_level_actors() if _belongs(a, paths)]
    level.actors().set_selected_level_actors(array(unreal.Actor, chosen))
    found = [paths[c] for c in wanted if c in paths]
    if found:
        unreal.EditorAssetLibrary.sync_browser_to_objects(array(str, found))
    return [c for c in wanted if c not in paths]


def _belongs(actor: unreal.Actor, paths: dict[str, str]) -> bool:
    """Spawned for one of the containers (its id among the actor's tags), or using one of their assets."""
    tags = {str(t) for t in actor.tags}
    if any(container_id in tags for container_id in paths):
        return True
    used = {asset.get_path_name() for asset in level.assets_of(actor)}
    return any(path in used for path in paths.values())
