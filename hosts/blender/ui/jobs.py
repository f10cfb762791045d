"""Work off Blender's UI thread: a worker thread runs it, a timer function delivers the result.

``submit`` starts the work in a worker thread; ``poll`` (the ``bpy.app.timers`` function) runs bpy calls
the worker handed to the main thread, calls ``done`` for finished jobs and redraws the sidebar. In
background mode (a headless Blender, a farm job, the tests' default) timers never fire, so jobs run
synchronously unless ``threaded`` is set; tests that set it call ``poll`` themselves.

    >>> jobs.submit("Refresh inventory", lambda: ctrl.refresh(), on_done)
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from typing import Any

import bpy

from ..main_thread import MainThread

Done = Callable[["Job"], None]
POLL_INTERVAL = 0.05


@dataclass
class Job:
    label: str
    done: Done
    future: Future = field(default_factory=Future)
    delivered: bool = False

    @property
    def finished(self) -> bool:
        return self.delivered

    @property
    def error(self) -> BaseException | None:
        return self.future.exception() if self.future.done() else None

    @property
    def result(self) -> Any:
        return self.future.result() if self.future.done() and self.error is None else None


class Jobs:
    """One worker (requests to one server go one after another) and the jobs waiting for delivery."""

    def __init__(self, main: MainThread, threaded: bool | None = None):
        self.main = main
        self.threaded = (not bpy.app.background) if threaded is None else threaded
        self._executor: ThreadPoolExecutor | None = None
        self._pending: list[Job] = []
        self._lock = threading.Lock()

    @property
    def busy(self) -> list[str]:
        return [job.label for job in self._pending]

    def submit(self, label: str, work: Callable[[], Any], done: Done) -> Job:
        job = Job(label, done)
        if not self.threaded:
            try:
                job.future.set_result(work())
            except BaseException as exc:  # delivered to ``done``, which reports it
                job.future.set_exception(exc)
            self._deliver(job)
            return job
        if self._executor is None:
            self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="brickyard")
        job.future = self._executor.submit(work)
        with self._lock:
            self._pending.append(job)
        if hasattr(bpy.app, "timers") and not bpy.app.timers.is_registered(self.poll):
            bpy.app.timers.register(self.poll, first_interval=POLL_INTERVAL, persistent=True)
        return job

    def poll(self) -> float | None:
        """The timer function: run main-thread calls, deliver finished jobs; None when nothing is left."""
        self.main.drain()
        with self._lock:
            finished = [job for job in self._pending if job.future.done()]
            self._pending = [job for job in self._pending if not job.future.done()]
        for job in finished:
            self._deliver(job)
        if finished:
            redraw()
        return POLL_INTERVAL if self._pending else None

    def wait_for(self, job: Job) -> Job:
        """Poll until ``job`` is delivered (headless scripts and tests: there is no event loop)."""
        while not job.delivered:
            self.poll()
            wait([job.future], timeout=POLL_INTERVAL)
        return job

    def wait_all(self) -> None:
        """Poll until every submitted job is delivered."""
        while self._pending:
            self.wait_for(self._pending[0])

    def shutdown(self) -> None:
        if hasattr(bpy.app, "timers") and bpy.app.timers.is_registered(self.poll):
            bpy.app.timers.unregister(self.poll)
        if self._executor is not None:
            self._executor.shutdown(wait=False, cancel_futures=True)
            self._executor = None

    def _deliver(self, job: Job) -> None:
        job.delivered = True
        job.done(job)


def redraw() -> None:
    """Redraw the 3D View sidebars (nothing to do headless)."""
    for window in getattr(bpy.context.window_manager, "windows", []):
        for area in window.screen.areas:
            if area.type == "VIEW_3D":
                area.tag_redraw()
