"""One Slate post-tick callback for Brickyard: the game-thread queue, start-up retries, then Qt's events.

Qt needs its events processed (timers, queued signals, deferred deletes) and ``exec()`` would block the
editor, so the pump calls ``processEvents`` once a frame. Tasks that must wait for the editor (the menu,
before the main menu exists) run each tick until they say they are done.

    >>> pump = TickPump(game); pump.start()
    >>> pump.add_task(register_menu)       # retried every tick until it returns True
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .game_thread import GameThread

Task = Callable[[], bool]  # True: done, stop calling it


class TickPump:
    def __init__(self, game: GameThread):
        self.game = game
        self.qt_app: Any = None  # set when the first Qt window opens
        self.tasks: list[Task] = []
        self.handle: object | None = None
        self.shutdown_handle: object | None = None

    @property
    def running(self) -> bool:
        return self.handle is not None

    def start(self) -> None:
        """Register the tick (once) and stop it when Python shuts down."""
        import unreal

        if self.handle is None:
            self.handle = unreal.register_slate_post_tick_callback(self.tick)
            self.shutdown_handle = unreal.register_python_shutdown_callback(self.stop)

    def stop(self) -> None:
        import unreal

        if self.handle is not None:
            unreal.unregister_slate_post_tick_callback(self.handle)
            self.handle = None
        if self.shutdown_handle is not None:
            unreal.unregister_python_shutdown_callback(self.shutdown_handle)
            self.shutdown_handle = None

    def add_task(self, task: Task) -> None:
        if task not in self.tasks:
            self.tasks.append(task)

    def tick(self, delta_seconds: float) -> None:
        import unreal

        self.game.drain()
        for task in list(self.tasks):
            try:
                done = task()
            except Exception as exc:  # a failing task must not break every frame of the editor
                unreal.log_error(f"Brickyard: {getattr(task, '__name__', task)} failed and was dropped: {exc}")
                done = True
            if done:
                self.tasks.remove(task)
        if self.qt_app is not None:
            self.qt_app.processEvents()
