"""Small typed bridges to the ``unreal`` wrappers: the runtime takes plain lists and strings, the stub
wants ``Array`` and ``Name``, so the few call sites that need one build it here."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    import unreal

T = TypeVar("T")


def name(value: str) -> unreal.Name:
    import unreal

    return unreal.Name(value)


def array(kind: type[T], values: Iterable[T]) -> unreal.Array[T]:
    import unreal

    return unreal.Array.cast(kind, list(values))


def names(values: Iterable[str]) -> unreal.Array[unreal.Name]:
    import unreal

    return array(unreal.Name, (name(v) for v in values))
