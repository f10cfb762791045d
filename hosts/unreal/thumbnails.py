"""A thumbnail for a level-selection publish: a shot of the level viewport as the artist framed it.

Unreal writes a high-resolution screenshot over the editor's next frames (an ``AutomationEditorTask``),
so the waiting must happen off the game thread: a publish from the Publisher window (a worker) asks for
the shot, then lets the editor run frames until the task is done. A publish running on the game thread
itself (a script) cannot wait for frames it is blocking, and goes without a thumbnail, saying so.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .adapter import UnrealHost

SIZE = (640, 360)
MAX_FRAMES = 600  # editor frames a worker lets pass before it publishes without the shot


def viewport_shot(host: UnrealHost, folder: Path, name: str) -> tuple[Path | None, str]:
    """The shot's file (None when there is none) and, when None, why."""
    if host.game.on_game_thread():
        return None, ("no viewport thumbnail: Unreal takes it over the next frames, which a publish run on the "
                      "editor's own thread blocks; publish from the Publisher window to get one")
    target = folder / f"{name}_thumbnail.png"

    def request():  # game thread
        import unreal

        task = unreal.AutomationLibrary.take_high_res_screenshot(SIZE[0], SIZE[1], str(target))
        return task if task is not None and task.is_valid_task() else None

    task = host.call(request)
    if task is None:
        return None, "no viewport thumbnail: this editor has no level viewport to take it from"
    for _ in range(MAX_FRAMES):  # each call waits for one editor frame
        if host.call(task.is_task_done):
            break
    if not target.is_file():
        return None, f"no viewport thumbnail: Unreal did not write {target.name} within {MAX_FRAMES} frames"
    return target, ""
