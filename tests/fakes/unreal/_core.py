"""The fake editor's base types and its one world: wrappers, enums, ``Object``, logging, the state tests reset.

Only the subset Brickyard uses, with the names and parameter names of the UE 5.6 stub (a conformance
test checks that). What is the fake's own (for tests to drive or inspect it) starts with ``fake_``.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


class Name(str):
    """``unreal.Name``: the runtime takes plain ``str`` as well; values read back are ``Name``."""

    def __new__(cls, value: str = "None") -> Name:
        return super().__new__(cls, value)

    def is_none(self) -> bool:
        return str(self) in ("", "None")


class Text(str):
    def __new__(cls, value: str = "") -> Text:
        return super().__new__(cls, value)


class Array(list):
    """``unreal.Array(type)``: a typed list (the runtime also converts plain lists)."""

    def __init__(self, type: type) -> None:  # noqa: A002 - the stub's parameter name
        super().__init__()
        self.fake_type = type

    @classmethod
    def cast(cls, type: type, obj: Any) -> Array:  # noqa: A002
        array = cls(type)
        array.extend(obj)
        return array


class EnumBase(enum.Enum):
    pass


class Vector:
    def __init__(self, x: float = 0.0, y: float = 0.0, z: float = 0.0) -> None:
        self.x, self.y, self.z = float(x), float(y), float(z)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Vector) and (self.x, self.y, self.z) == (other.x, other.y, other.z)

    def __repr__(self) -> str:
        return f"Vector({self.x}, {self.y}, {self.z})"


class Rotator:
    def __init__(self, roll: float = 0.0, pitch: float = 0.0, yaw: float = 0.0) -> None:
        self.roll, self.pitch, self.yaw = float(roll), float(pitch), float(yaw)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Rotator) and (self.roll, self.pitch, self.yaw) == (other.roll, other.pitch, other.yaw)


class Transform:
    def __init__(self, location: Vector | None = None, rotation: Rotator | None = None,
                 scale: Vector | None = None) -> None:
        self.translation = location or Vector()
        self.rotation = rotation or Rotator()
        self.scale3d = scale or Vector(1, 1, 1)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Transform) and (self.translation, self.rotation, self.scale3d) == (
            other.translation, other.rotation, other.scale3d)


class Class:
    """What ``get_class()`` answers; ``get_name()`` is the short class name (``StaticMesh``)."""

    def __init__(self, python_class: type) -> None:
        self.fake_python_class = python_class

    def get_name(self) -> str:
        return self.fake_python_class.__name__

    def get_path_name(self) -> str:
        return f"/Script/Engine.{self.get_name()}"


class Object:
    """``unreal.Object``: properties through attributes or ``get/set_editor_property``."""

    def __init__(self, outer: Any = None, name: str = "") -> None:
        self.fake_name = name or type(self).__name__
        self.fake_outer = outer

    @classmethod
    def static_class(cls) -> Class:
        return Class(cls)

    def get_class(self) -> Class:
        return Class(type(self))

    def get_name(self) -> str:
        return self.fake_name

    def get_outer(self) -> Any:
        return self.fake_outer

    def get_path_name(self) -> str:
        return self.fake_name

    def get_editor_property(self, name: str) -> Any:
        if not hasattr(self, name):
            raise Exception(f"{type(self).__name__}: Failed to find property '{name}'")
        return getattr(self, name)

    def set_editor_property(self, name: str, value: Any, notify_mode: Any = None) -> None:
        if not hasattr(self, name):
            raise Exception(f"{type(self).__name__}: Failed to find property '{name}'")
        setattr(self, name, value)

    def set_editor_properties(self, properties: dict[str, Any]) -> None:
        for key, value in properties.items():
            self.set_editor_property(key, value)

    def modify(self, always_mark_dirty: bool = True) -> bool:
        return True


@dataclass
class FakeState:
    """The one editor session: content, level, menus, ticks and what was logged. ``fake_reset`` renews it."""

    project_dir: Path = Path("/tmp/fake-unreal-project")
    engine_dir: Path = Path("/tmp/fake-unreal-engine/UE_5.6")  # Paths answer relative to its Binaries/<platform>
    engine_version: str = "5.6.0-0+++UE5+Release-5.6"
    console: dict[str, str] = field(default_factory=lambda: {"Interchange.FeatureFlags.Import.FBX": "True"})
    assets: dict[str, Any] = field(default_factory=dict)  # object path "/Game/a/B.B" → asset
    directories: set[str] = field(default_factory=set)
    registry_metadata_tags: set[str] = field(default_factory=set)  # tags the registry exposes unloaded
    registry_loading: bool = False  # still gathering what is on disk (a fresh editor start)
    registry_scanned: set[str] = field(default_factory=set)  # paths scanned synchronously meanwhile
    loads: list[str] = field(default_factory=list)  # object paths loaded from disk (asset registry misses)
    broken: list[tuple[str, str]] = field(default_factory=list)  # (package, asset) references a delete broke
    level: Any = None
    menus: Any = None
    menus_ready: bool = True
    tick_callbacks: dict[int, Any] = field(default_factory=dict)
    shutdown_callbacks: dict[int, Any] = field(default_factory=dict)
    parented_windows: list[tuple[Any, Any]] = field(default_factory=list)
    screenshots: list[Any] = field(default_factory=list)  # viewport shots being taken (written on ticks)
    has_viewport: bool = True  # False: a commandlet, no level viewport to shoot
    selected_assets: list[str] = field(default_factory=list)
    log: list[tuple[str, str]] = field(default_factory=list)
    next_handle: int = 1

    @property
    def engine_binaries_dir(self) -> Path:
        return self.engine_dir / "Engine" / "Binaries" / "Linux"


STATE = FakeState()


def fake_state() -> FakeState:
    return STATE


def _log(level: str, arg: Any) -> None:
    STATE.log.append((level, str(arg)))


def log(arg: Any) -> None:
    _log("info", arg)


def log_warning(arg: Any) -> None:
    _log("warning", arg)


def log_error(arg: Any) -> None:
    _log("error", arg)


def is_editor() -> bool:
    return True


def fake_handle() -> int:
    handle = STATE.next_handle
    STATE.next_handle += 1
    return handle
