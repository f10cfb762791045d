"""Run ``unreal`` calls on the editor's game thread when the caller is a worker thread.

The editor API is game-thread only. Controllers keep the network in worker threads; whatever they need
from the editor is queued here and run by ``drain()``, which the Slate post-tick pump calls every frame
(``qt_pump.py``). On the game thread itself ``call`` just runs the function.

    >>> game = GameThread()
    >>> game.call(lambda: unreal.EditorAssetLibrary.does_asset_exist(path))   # from any thread
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")
WAIT_SECONDS = 600.0  # a worker gives up (and says why) if the editor never ran its call


class _Job:
    def __init__(self, fn: Callable[[], Any]):
        self.fn = fn
        self.finished = threading.Event()
        self.result: Any = None
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            self.result = self.fn()
        except BaseException as exc:  # raised again in the waiting worker
            self.error = exc
        finally:
            self.finished.set()


class GameThread:
    """Calls queued by workers, run on the thread that created this object (the editor's)."""

    def __init__(self, wait_seconds: float = WAIT_SECONDS) -> None:
        self.ident = threading.get_ident()
        self.wait_seconds = wait_seconds
        self._jobs: queue.SimpleQueue[_Job] = queue.SimpleQueue()

    def on_game_thread(self) -> bool:
        return threading.get_ident() == self.ident

    def call(self, fn: Callable[[], T]) -> T:
        """``fn()`` on the game thread: its value, or its exception raised here."""
        if self.on_game_thread():
            return fn()
        job = _Job(fn)
        self._jobs.put(job)
        if not job.finished.wait(self.wait_seconds):
            raise RuntimeError("the Unreal editor did not run Brickyard's work: the Slate tick pump is not "
                               "running (restart the editor, or call brickyard.hosts.unreal.start())")
        if job.error is not None:
            raise job.error
        return job.result

    def drain(self) -> int:
        """Run every queued call (game thread only); how many ran."""
        ran = 0
        while True:
            try:
                job = self._jobs.get_nowait()
            except queue.Empty:
                return ran
            job.run()
            ran += 1
