"""The open level: spawn what was loaded, find the actors that use an asset, swap an actor's asset.

Game-thread only.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import unreal

ACTOR_TAG = "brickyard"  # on every actor Brickyard spawned, beside the container id


def actors() -> unreal.EditorActorSubsystem:
    import unreal

    subsystem = unreal.get_editor_subsystem(unreal.EditorActorSubsystem)
    if subsystem is None:
        raise RuntimeError("the Editor Actor Subsystem is not available (is this a commandlet without a level?)")
    return subsystem


def spawn(asset: unreal.Object, label: str, container_id: str) -> unreal.Actor | None:
    """An actor for ``asset`` at the origin of the current level; None when the asset cannot be placed."""
    import unreal

    actor = actors().spawn_actor_from_object(asset, unreal.Vector(0.0, 0.0, 0.0))
    if actor is None:
        return None
    actor.set_actor_label(label)
    tags = actor.tags
    tags.append(unreal.Name(ACTOR_TAG))
    tags.append(unreal.Name(container_id))
    return actor


def assets_of(actor: unreal.Actor) -> list[unreal.Object]:
    """The assets an actor's mesh, cache or sound components use."""
    import unreal

    found: list[unreal.Object] = []
    for component in actor.get_components_by_class(unreal.ActorComponent.static_class()):
        for prop in ("static_mesh", "skeletal_mesh_asset", "geometry_cache", "sound"):
            try:
                value = component.get_editor_property(prop)
            except Exception:  # this component has no such property
                continue
            if isinstance(value, unreal.Object):
                found.append(value)
    return found


def using(asset_path: str) -> list[unreal.Actor]:
    """The level actors whose components use the asset at ``asset_path``."""
    return [a for a in actors().get_all_level_actors() if any(x.get_path_name() == asset_path for x in assets_of(a))]


@dataclass(frozen=True)
class Replaced:
    label: str
    old_class: str
    new_class: str


def replace_actor(actor: unreal.Actor, asset: unreal.Object) -> Replaced | None:
    """A new actor for ``asset`` where ``actor`` stood (transform, label, folder, tags kept); ``actor`` goes.

    None (and ``actor`` kept) when ``asset`` cannot be placed in a level.
    """
    subsystem = actors()
    label, transform, folder = actor.get_actor_label(), actor.get_actor_transform(), actor.get_folder_path()
    fresh = subsystem.spawn_actor_from_object(asset, transform.translation)
    if fresh is None:
        return None
    subsystem.set_actor_transform(fresh, transform)
    fresh.set_actor_label(label)
    fresh.set_folder_path(folder)
    for tag in actor.tags:
        fresh.tags.append(tag)
    old_class = actor.get_class().get_name()
    subsystem.destroy_actor(actor)
    return Replaced(label, old_class, fresh.get_class().get_name())
