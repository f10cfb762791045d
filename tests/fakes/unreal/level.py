"""The open level: actors that reference assets through their components, and the editor subsystems.

A spawned actor holds the asset *object*: a re-import in place (same object) shows the new data in the
same actor; a force-deleted asset leaves the component pointing at nothing (``None``), which is what
"dangling" means here.
"""

from __future__ import annotations

from typing import Any

from ._core import STATE, Array, Name, Object, Rotator, Transform, Vector, fake_game_thread_only, log_error
from .assets import FakeAsset, GeometryCache, Material, SkeletalMesh, SoundWave, StaticMesh, fake_save


class ActorComponent(Object):
    fake_slot = ""

    def fake_asset(self) -> Any:
        return getattr(self, self.fake_slot) if self.fake_slot else None


class MeshComponent(ActorComponent):
    """A mesh component: the mesh's own materials unless the artist overrode one in the level."""

    def __init__(self, outer: Any = None, name: str = "") -> None:
        super().__init__(outer, name)
        self.override_materials: Array = Array(Object)

    def set_material(self, element_index: int, material: Any) -> None:
        while len(self.override_materials) <= element_index:
            self.override_materials.append(None)
        self.override_materials[element_index] = material

    def get_materials(self) -> Array:
        mesh = self.fake_asset()
        own = [a for a in mesh.fake_references if isinstance(a, Material)] if mesh is not None else []
        count = max(len(own), len(self.override_materials))
        overrides = list(self.override_materials) + [None] * count
        return Array.cast(Object, [overrides[i] or (own[i] if i < len(own) else None) for i in range(count)])


class StaticMeshComponent(MeshComponent):
    fake_slot = "static_mesh"

    def __init__(self, outer: Any = None, name: str = "StaticMeshComponent0") -> None:
        super().__init__(outer, name)
        self.static_mesh: Any = None

    def set_static_mesh(self, new_mesh: Any) -> bool:
        self.static_mesh = new_mesh
        return True


class SkeletalMeshComponent(MeshComponent):
    fake_slot = "skeletal_mesh_asset"

    def __init__(self, outer: Any = None, name: str = "SkeletalMeshComponent0") -> None:
        super().__init__(outer, name)
        self.skeletal_mesh_asset: Any = None

    def set_skeletal_mesh_asset(self, new_mesh: Any) -> None:
        self.skeletal_mesh_asset = new_mesh


class GeometryCacheComponent(ActorComponent):
    fake_slot = "geometry_cache"

    def __init__(self, outer: Any = None, name: str = "GeometryCacheComponent") -> None:
        super().__init__(outer, name)
        self.geometry_cache: Any = None


class AudioComponent(ActorComponent):
    fake_slot = "sound"

    def __init__(self, outer: Any = None, name: str = "AudioComponent0") -> None:
        super().__init__(outer, name)
        self.sound: Any = None


class Actor(Object):
    fake_component_class: type[ActorComponent] = ActorComponent

    def __init__(self, outer: Any = None, name: str = "") -> None:
        super().__init__(outer, name)
        self.tags: Array = Array(Name)
        self.fake_label = name
        self.fake_folder = Name("None")
        self.fake_transform = Transform()
        self.fake_component = self.fake_component_class(self)

    def get_path_name(self) -> str:
        return f"{STATE.level.get_path_name()}:PersistentLevel.{self.fake_name}"

    def get_actor_label(self, create_if_none: bool = True) -> str:
        return self.fake_label

    def set_actor_label(self, new_actor_label: str, mark_dirty: bool = True) -> None:
        self.fake_label = new_actor_label

    def get_folder_path(self) -> Name:
        return self.fake_folder

    def set_folder_path(self, new_folder_path: str) -> None:
        self.fake_folder = Name(new_folder_path)

    def get_actor_transform(self) -> Transform:
        return self.fake_transform

    def get_actor_location(self) -> Vector:
        return self.fake_transform.translation

    def get_components_by_class(self, component_class: Any = None) -> Array:
        wanted = component_class.fake_python_class if component_class is not None else ActorComponent
        return Array.cast(ActorComponent, [self.fake_component] if isinstance(self.fake_component, wanted) else [])

    def fake_referenced_assets(self) -> list[Any]:
        asset = self.fake_component.fake_asset()
        overrides = getattr(self.fake_component, "override_materials", [])
        return [a for a in [asset, *overrides] if a is not None]

    def fake_replace_reference(self, old: Any, new: Any) -> None:
        """What a consolidation (``new``) or a force delete (None) does to this actor's references."""
        component = self.fake_component
        slot = component.fake_slot
        if slot and getattr(component, slot) is old:
            setattr(component, slot, new)
        overrides = getattr(component, "override_materials", None)
        if overrides:
            component.override_materials = Array.cast(Object, [new if m is old else m for m in overrides])


class StaticMeshActor(Actor):
    fake_component_class = StaticMeshComponent

    @property
    def static_mesh_component(self) -> StaticMeshComponent:
        return self.fake_component  # type: ignore[return-value]


class SkeletalMeshActor(Actor):
    fake_component_class = SkeletalMeshComponent

    @property
    def skeletal_mesh_component(self) -> SkeletalMeshComponent:
        return self.fake_component  # type: ignore[return-value]


class GeometryCacheActor(Actor):
    fake_component_class = GeometryCacheComponent


class AmbientSound(Actor):
    fake_component_class = AudioComponent


_SPAWNS: dict[type, type[Actor]] = {StaticMesh: StaticMeshActor, SkeletalMesh: SkeletalMeshActor,
                                    GeometryCache: GeometryCacheActor, SoundWave: AmbientSound}


class World(FakeAsset):
    def __init__(self, outer: Any = None, name: str = "Untitled_1") -> None:
        super().__init__(outer, name)
        self.fake_actors: list[Actor] = []
        self.fake_selected: list[Actor] = []
        self.fake_saves = 0

    def fake_references_now(self) -> list[Any]:
        return [asset for actor in self.fake_actors for asset in actor.fake_referenced_assets()]


def fake_new_level(package: str = "/Game/Maps/Main") -> World:
    """Open a fresh level (``/Temp/...`` means never saved: it has no file yet)."""
    world = World(None, package.rsplit("/", 1)[1])
    world.fake_register(package)
    STATE.level = world
    return world


class EditorActorSubsystem(Object):
    def spawn_actor_from_object(self, object_to_use: Any, location: Vector, rotation: Rotator | None = None,
                                transient: bool = False) -> Any:
        actor_class = next((a for t, a in _SPAWNS.items() if isinstance(object_to_use, t)), None)
        if actor_class is None or STATE.level is None:
            log_error(f"SpawnActorFromObject failed: no actor factory for {object_to_use.get_name()}")
            return None
        count = sum(isinstance(a, actor_class) for a in STATE.level.fake_actors)
        actor = actor_class(STATE.level, f"{actor_class.__name__}_{count}")
        actor.fake_label = object_to_use.get_name()
        setattr(actor.fake_component, actor.fake_component.fake_slot, object_to_use)
        actor.fake_transform = Transform(location, rotation or Rotator())
        STATE.level.fake_actors.append(actor)
        STATE.level.fake_dirty = True
        return actor

    def get_all_level_actors(self) -> Array:
        return Array.cast(Actor, STATE.level.fake_actors if STATE.level else [])

    def get_selected_level_actors(self) -> Array:
        return Array.cast(Actor, STATE.level.fake_selected if STATE.level else [])

    def set_selected_level_actors(self, actors_to_select: Array) -> None:
        STATE.level.fake_selected = list(actors_to_select)

    def set_actor_transform(self, actor: Actor, world_transform: Transform) -> bool:
        actor.fake_transform = world_transform
        return True

    def destroy_actor(self, actor_to_destroy: Actor) -> bool:
        if STATE.level is None or actor_to_destroy not in STATE.level.fake_actors:
            return False
        STATE.level.fake_actors.remove(actor_to_destroy)
        STATE.level.fake_selected = [a for a in STATE.level.fake_selected if a is not actor_to_destroy]
        STATE.level.fake_dirty = True
        return True


class LevelEditorSubsystem(Object):
    def save_current_level(self) -> bool:
        world = STATE.level
        if world is None or world.fake_package.startswith("/Temp/"):
            log_error("SaveCurrentLevel failed: the level was never saved (use Save As first)")
            return False
        path = STATE.project_dir / "Content" / (world.fake_package.removeprefix("/Game/") + ".umap")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("\n".join(a.fake_label for a in world.fake_actors))
        fake_save(world)
        world.fake_saves += 1
        return True

    def is_in_play_in_editor(self) -> bool:
        return False


class UnrealEditorSubsystem(Object):
    def get_editor_world(self) -> Any:
        return STATE.level


_SUBSYSTEMS: dict[type, Object] = {}


def get_editor_subsystem(subsystem: type) -> Any:
    """The subsystem; None for one the editor does not have (a commandlet has no level editor)."""
    fake_game_thread_only(f"get_editor_subsystem({subsystem.__name__})")
    if subsystem in STATE.missing_subsystems:
        return None
    if subsystem not in _SUBSYSTEMS:
        _SUBSYSTEMS[subsystem] = subsystem()
    return _SUBSYSTEMS[subsystem]


def fake_assets_of(actor: Actor) -> list[FakeAsset]:
    return actor.fake_referenced_assets()
