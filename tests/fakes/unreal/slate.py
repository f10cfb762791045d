"""Slate ticks, window parenting, the shutdown hook and viewport screenshots: callbacks are kept, and run
when a test says so (``fake_tick``). A high-resolution screenshot is written over the next frames, as in
the editor: its task is done, and its PNG on disk, only after ``SCREENSHOT_FRAMES`` ticks."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from ._core import STATE, EnumBase, Object, fake_handle

SCREENSHOT_FRAMES = 2


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


class AutomationEditorTask(Object):
    def __init__(self, outer: Any = None, name: str = "AutomationEditorTask") -> None:
        super().__init__(outer, name)
        self.fake_filename = ""
        self.fake_frames_left = -1  # -1: no task was set up

    def is_valid_task(self) -> bool:
        return self.fake_frames_left >= 0

    def is_task_done(self) -> bool:
        return self.fake_frames_left == 0


class AutomationLibrary(Object):
    @classmethod
    def take_high_res_screenshot(cls, res_x: int, res_y: int, filename: str, camera: Any = None,
                                 mask_enabled: bool = False, capture_hdr: bool = False) -> AutomationEditorTask:
        task = AutomationEditorTask()
        if STATE.has_viewport:
            task.fake_filename, task.fake_frames_left = filename, SCREENSHOT_FRAMES
            STATE.screenshots.append(task)
        return task


def _advance_screenshots() -> None:
    for task in list(STATE.screenshots):
        task.fake_frames_left -= 1
        if task.fake_frames_left == 0:
            path = Path(task.fake_filename)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(b"\x89PNG\r\n\x1a\nviewport of " + STATE.level.get_path_name().encode())
            STATE.screenshots.remove(task)


def fake_tick(delta_seconds: float = 1 / 60) -> int:
    """One editor frame: screenshots advance, then every post-tick callback runs once; how many ran."""
    _advance_screenshots()
    callbacks = list(STATE.tick_callbacks.values())
    for callback in callbacks:
        callback(delta_seconds)
    return len(callbacks)


def fake_shutdown() -> None:
    for callback in list(STATE.shutdown_callbacks.values()):
        callback()
