"""The fake editor's base types and its one world: wrappers, enums, ``Object``, logging, the state tests reset.

Only the subset Brickyard uses, with the names and parameter names of the UE 5.6 stub (a conformance
test checks that). What is the fake's own (for tests to drive or inspect it) starts with ``fake_``.
"""

from __future__ import annotations

import enum
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


class Name:
    """``unreal.Name``: not a ``str``. ``str(name)`` gives its text; it equals another Name, or a str,
    whatever the case (an FName compares case-insensitively), and hashes the same way."""

    def __init__(self, value: Name | str = "None") -> None:
        if not isinstance(value, (Name, str)):
            raise TypeError(f"Name: expected a str or Name, not {type(value).__name__}")
        self.fake_text = str(value) or "None"

    @classmethod
    def cast(cls, object: object) -> Name:  # noqa: A002 - the stub's parameter name
        return cls(object)  # type: ignore[arg-type]

    def is_none(self) -> bool:
        return self.fake_text == "None"

    def is_valid(self) -> bool:
        return True

    def __str__(self) -> str:
        return self.fake_text

    def __repr__(self) -> str:
        return f'"{self.fake_text}"'

    def __eq__(self, other: object) -> bool:
        if isinstance(other, (Name, str)):
            return str(other).lower() == self.fake_text.lower()
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self.fake_text.lower())


class Text:
    """``unreal.Text``: not a ``str``; ``str(text)`` gives it."""

    def __init__(self, value: Text | str = "") -> None:
        if not isinstance(value, (Text, str)):
            raise TypeError(f"Text: expected a str or Text, not {type(value).__name__}")
        self.fake_text = str(value)

    def is_empty(self) -> bool:
        return not self.fake_text

    def __str__(self) -> str:
        return self.fake_text

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Text) and other.fake_text == self.fake_text

    __hash__ = None  # type: ignore[assignment]


def _property_value(owner: str, name: str, current: Any, value: Any) -> Any:
    kind = type(current)
    if kind is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if isinstance(current, (bool, int, float, str)) and (isinstance(value, bool) != isinstance(current, bool)):
        raise TypeError(f"{owner}: property '{name}' holds a {kind.__name__}, not a {type(value).__name__}")
    if isinstance(current, (bool, int, float, str, Name, Text, enum.Enum)):
        try:
            return fake_convert(kind, value)
        except TypeError as exc:
            raise TypeError(f"{owner}: property '{name}': {exc}") from None
    return value


def fake_convert(kind: Any, value: Any) -> Any:
    """What the binding makes of ``value`` stored as ``kind``: a str becomes a Name or Text where one is
    wanted; anything else of the wrong type is refused with TypeError, as the binding does."""
    if kind in (object, Any) or kind is None:
        return value
    if kind is Name and isinstance(value, str):
        return Name(value)
    if kind is Text and isinstance(value, str):
        return Text(value)
    if kind is str and isinstance(value, (Name, Text)):
        return str(value)
    if isinstance(kind, type) and value is not None and not isinstance(value, kind):
        raise TypeError(f"expected {kind.__name__}, not {type(value).__name__}")
    return value


class Array:
    """``unreal.Array(type)``: a typed sequence, not a ``list`` (the binding takes plain lists where an
    Array is wanted, and converts them; what it hands back is always an Array)."""

    def __init__(self, type: Any) -> None:  # noqa: A002 - the stub's parameter name
        self.fake_type = type
        self.fake_items: list[Any] = []

    @classmethod
    def cast(cls, type: Any, obj: Any) -> Array:  # noqa: A002
        array = cls(type)
        for value in obj:
            array.append(value)
        return array

    def append(self, value: Any) -> None:
        self.fake_items.append(fake_convert(self.fake_type, value))

    def extend(self, values: Any) -> None:
        for value in values:
            self.append(value)

    def count(self, value: Any) -> int:
        return self.fake_items.count(value)

    def index(self, value: Any) -> int:
        return self.fake_items.index(value)

    def copy(self) -> Array:
        return Array.cast(self.fake_type, self.fake_items)

    def __iter__(self) -> Any:
        return iter(list(self.fake_items))

    def __len__(self) -> int:
        return len(self.fake_items)

    def __getitem__(self, index: int) -> Any:
        return self.fake_items[index]

    def __setitem__(self, index: int, value: Any) -> None:
        self.fake_items[index] = fake_convert(self.fake_type, value)

    def __contains__(self, value: object) -> bool:
        return value in self.fake_items

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Array):
            return self.fake_items == other.fake_items
        if isinstance(other, list):  # the binding compares against any sequence
            return self.fake_items == other
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Array({self.fake_items!r})"


class Map:
    """``unreal.Map(key, value)``: a typed mapping, not a ``dict``. Keys are converted as stored
    (a str looks up a Name key, whatever its case)."""

    def __init__(self, key: Any, value: Any) -> None:
        self.fake_key, self.fake_value = key, value
        self.fake_items: dict[Any, Any] = {}

    @classmethod
    def cast(cls, key: Any, value: Any, obj: Any) -> Map:
        mapping = cls(key, value)
        for k, v in dict(obj).items():
            mapping[k] = v
        return mapping

    def __setitem__(self, key: Any, value: Any) -> None:
        self.fake_items[fake_convert(self.fake_key, key)] = fake_convert(self.fake_value, value)

    def __getitem__(self, key: Any) -> Any:
        return self.fake_items[fake_convert(self.fake_key, key)]

    def get(self, key: Any, default: Any = None) -> Any:
        return self.fake_items.get(fake_convert(self.fake_key, key), default)

    def __contains__(self, key: object) -> bool:
        return fake_convert(self.fake_key, key) in self.fake_items

    def __iter__(self) -> Any:
        return iter(list(self.fake_items))

    def __len__(self) -> int:
        return len(self.fake_items)

    def keys(self) -> list[Any]:
        return list(self.fake_items)

    def values(self) -> list[Any]:
        return list(self.fake_items.values())

    def items(self) -> list[tuple[Any, Any]]:
        return list(self.fake_items.items())

    def copy(self) -> Map:
        return Map.cast(self.fake_key, self.fake_value, self.fake_items)

    __hash__ = None  # type: ignore[assignment]


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
        """Type-checked as the binding does: a value the property cannot hold raises TypeError (an int
        goes into a float, a str into a Name or Text; a bool is no number)."""
        if not hasattr(self, name):
            raise Exception(f"{type(self).__name__}: Failed to find property '{name}'")
        current = getattr(self, name)
        if current is not None and value is not None:
            value = _property_value(type(self).__name__, name, current, value)
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
    game_thread: int = field(default_factory=threading.get_ident)  # the thread fake_reset ran on
    off_thread_calls: list[str] = field(default_factory=list)  # editor calls made from another thread
    missing_subsystems: set[type] = field(default_factory=set)  # get_editor_subsystem answers None for these
    make_directory_fails: bool = False  # e.g. a read-only or source-controlled Content folder

    @property
    def engine_binaries_dir(self) -> Path:
        return self.engine_dir / "Engine" / "Binaries" / "Linux"


STATE = FakeState()

# What a long package name may not hold (UE's INVALID_LONGPACKAGE_CHARACTERS).
INVALID_PACKAGE_CHARACTERS = set('\\:*?"<>|\' ,.&!~\n\r\t@#')


def fake_invalid_path(path: str) -> str:
    """Why ``path`` is no content path ("" when it is one): it must start at a mount point (/Game/) and
    hold none of the characters a package name may not."""
    bad = sorted({c for c in path if c in INVALID_PACKAGE_CHARACTERS})
    if bad:
        return f"'{path}' contains invalid characters {bad}"
    if not path.startswith(("/Game/", "/Engine/", "/Temp/")) and path not in ("/Game", "/Temp"):
        return f"'{path}' is not under a mounted content root (/Game)"
    return ""


def fake_game_thread_only(what: str) -> None:
    """The editor API is game-thread only: a call from another thread is recorded (the test fixture fails
    on it) and refused, as the editor would assert."""
    if threading.get_ident() != STATE.game_thread:
        STATE.off_thread_calls.append(what)
        raise RuntimeError(f"{what} called off the game thread ({threading.current_thread().name})")


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
