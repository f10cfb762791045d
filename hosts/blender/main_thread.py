"""Run bpy work on Blender's main thread when the caller is a worker thread.

bpy is not thread-safe. Network work runs in a worker thread; every bpy call it needs is handed to the
main thread through this queue and the worker waits for the answer. The add-on's timer (or a test)
calls ``drain()`` on the main thread. Called on the main thread, ``call`` simply runs the function.

    >>> main = MainThread()
    >>> main.call(lambda: bpy.data.filepath)    # from any thread
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")


class _Call:
    def __init__(self, fn: Callable[[], Any]):
        self.fn = fn
        self.done = threading.Event()
        self.value: Any = None
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            self.value = self.fn()
        except BaseException as exc:  # handed back to the waiting worker, raised there
            self.error = exc
        finally:
            self.done.set()


class MainThread:
    """A queue of calls from worker threads, run by ``drain()`` on the main thread."""

    def __init__(self) -> None:
        self._queue: queue.Queue[_Call] = queue.Queue()

    @staticmethod
    def is_main() -> bool:
        return threading.current_thread() is threading.main_thread()

    def call(self, fn: Callable[[], T]) -> T:
        """``fn()`` run on the main thread; its value, or its exception raised here."""
        if self.is_main():
            return fn()
        item = _Call(fn)
        self._queue.put(item)
        item.done.wait()
        if item.error is not None:
            raise item.error
        return item.value

    def drain(self) -> int:
        """Run every queued call (main thread only); how many ran."""
        ran = 0
        while True:
            try:
                item = self._queue.get_nowait()
            except queue.Empty:
                return ran
            item.run()
            ran += 1
