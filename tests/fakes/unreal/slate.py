"""Slate ticks, window parenting and the shutdown hook: callbacks are kept, and run when a test says so."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ._core import STATE, EnumBase, fake_handle


class SlateParentWindowSearchMethod(EnumBase):
    ACTIVE_WINDOW = 0
    MAIN_WINDOW = 1


def register_slate_post_tick_callback(callable: Callable[[float], None]) -> object:  # noqa: A002
    handle = fake_handle()
    STATE.tick_callbacks[handle] = callable
    return handle


def unregister_slate_post_tick_callback(handle: object) -> None:
    STATE.tick_callbacks.pop(handle, None)  # type: ignore[call-overload]


def register_python_shutdown_callback(callable: Callable[[], None]) -> object:  # noqa: A002
    handle = fake_handle()
    STATE.shutdown_callbacks[handle] = callable
    return handle


def unregister_python_shutdown_callback(handle: object) -> None:
    STATE.shutdown_callbacks.pop(handle, None)  # type: ignore[call-overload]


def parent_external_window_to_slate(external_window_handle: Any,
                                    parent_search_method: SlateParentWindowSearchMethod =
                                    SlateParentWindowSearchMethod.ACTIVE_WINDOW) -> None:
    if not isinstance(external_window_handle, int):
        raise TypeError("parent_external_window_to_slate: the handle must be an int (int(widget.winId()))")
    STATE.parented_windows.append((external_window_handle, parent_search_method))


def fake_tick(delta_seconds: float = 1 / 60) -> int:
    """One editor frame: every post-tick callback once; how many ran."""
    callbacks = list(STATE.tick_callbacks.values())
    for callback in callbacks:
        callback(delta_seconds)
    return len(callbacks)


def fake_shutdown() -> None:
    for callback in list(STATE.shutdown_callbacks.values()):
        callback()
