"""Work off the UI thread: controller calls run in a thread pool, results come back on the UI thread.

A window owns one ``Jobs``. ``jobs.run(fn, on_done=…)`` runs ``fn`` in a worker thread and calls
``on_done(result)`` (or ``on_error(exc)``) on the UI thread, so a slow or dead server never freezes
the window. Two lanes:

- ``serial=True``: jobs that touch the host (load, update, publish…) run one after another, in order;
  hosts marshal their own application calls to the main thread (Blender's ``MainThread``, Unreal's
  ``GameThread``), so the UI thread must stay free while a job waits on one.
- otherwise, reads run side by side; with ``key`` only the newest job of that key is delivered
  (picking folder B right after folder A never shows A's assets).

    >>> jobs = Jobs(window)
    >>> jobs.run(controller.projects, on_done=window.show_projects, key="projects")
    >>> jobs.run(controller.load, ref, "png", "LoadFile", serial=True, on_done=window.loaded)
"""

from __future__ import annotations

import itertools
import logging
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from qtpy import QtCore

log = logging.getLogger(__name__)
POOL_THREADS = 6
PROGRESS_INTERVAL = 0.05  # seconds between two progress redraws (the last one always comes through)

_pool: QtCore.QThreadPool | None = None


def thread_pool() -> QtCore.QThreadPool:
    """The windows' own pool (not Qt's global one, which has as many threads as cores)."""
    global _pool
    if _pool is None:
        _pool = QtCore.QThreadPool()
        _pool.setMaxThreadCount(POOL_THREADS)
        _pool.setExpiryTimeout(30_000)
    return _pool


class _Relay(QtCore.QObject):
    """Lives on the UI thread; workers emit, Qt queues the call onto the UI thread."""

    finished = QtCore.Signal(int, bool, object)  # job id, ok, result or exception
    progressed = QtCore.Signal(int, str, object)  # job id, keyword of the callback, event


class _Runnable(QtCore.QRunnable):
    def __init__(self, job_id: int, fn: Callable[..., Any], relay: _Relay):
        super().__init__()
        self.setAutoDelete(True)
        self.job_id, self.fn, self.relay = job_id, fn, relay

    def run(self) -> None:
        try:
            result, ok = self.fn(), True
        except BaseException as exc:  # delivered to the window, never lost in a thread
            log.debug("job %s failed", self.job_id, exc_info=True)
            result, ok = exc, False
        try:
            self.relay.finished.emit(self.job_id, ok, result)
        except RuntimeError:  # the window is gone: nobody to tell
            pass


@dataclass
class _Job:
    id: int
    call: Callable[[], Any]
    on_done: Callable[[Any], None] | None
    on_error: Callable[[BaseException], None] | None
    handlers: dict[str, Callable[[Any], None]]
    key: str | None
    serial: bool


class Jobs(QtCore.QObject):
    """The worker jobs of one window; ``busy`` tells when the serial lane starts and stops working."""

    busy = QtCore.Signal(bool)

    def __init__(self, parent: QtCore.QObject | None = None, *,
                 on_error: Callable[[BaseException], None] | None = None):
        super().__init__(parent)
        self.default_on_error = on_error
        self._relay = _Relay()  # no parent: a worker may still hold it after the window is gone
        self._relay.finished.connect(self._finished)
        self._relay.progressed.connect(self._progressed)
        self._ids = itertools.count(1)
        self._jobs: dict[int, _Job] = {}
        self._latest: dict[str, int] = {}
        self._queue: deque[_Job] = deque()
        self._serial_running: _Job | None = None
        self._closed = False

    # --- starting work ------------------------------------------------------------------------
    def run(self, fn: Callable[..., Any], *args: Any, on_done: Callable[[Any], None] | None = None,
            on_error: Callable[[BaseException], None] | None = None, key: str | None = None,
            serial: bool = False, on_progress: Callable[[Any], None] | None = None,
            callbacks: dict[str, Callable[[Any], None]] | None = None, **kwargs: Any) -> int:
        """Run ``fn(*args, **kwargs)`` in a worker.

        With ``on_progress``, ``fn`` also gets ``progress=`` a callback whose events reach ``on_progress``
        on the UI thread, throttled; each ``callbacks`` entry passes ``fn`` a callback under that keyword
        whose every event reaches the handler on the UI thread (e.g. ``{"on_step": show_step}``).
        """
        handlers = dict(callbacks or {})
        if on_progress is not None:
            handlers["progress"] = on_progress
        job = _Job(next(self._ids), lambda: None, on_done, on_error, handlers, key, serial)
        for keyword in handlers:
            kwargs[keyword] = self._forwarder(job.id, keyword, throttle=keyword == "progress")
        job.call = lambda: fn(*args, **kwargs)
        self._jobs[job.id] = job
        if key:
            self._latest[key] = job.id
        if serial:
            self._queue.append(job)
            self._next_serial()
        else:
            thread_pool().start(_Runnable(job.id, job.call, self._relay))
        return job.id

    @property
    def working(self) -> bool:
        """True while a serial job runs or waits."""
        return self._serial_running is not None or bool(self._queue)

    def pending(self) -> int:
        """Jobs started and not yet delivered (tests wait for 0)."""
        return len(self._jobs)

    def close(self) -> None:
        """Deliver nothing more (the window closes); running workers finish on their own."""
        self._closed = True
        self._queue.clear()
        self._jobs.clear()

    # --- delivering results (UI thread) --------------------------------------------------------
    def _next_serial(self) -> None:
        if self._serial_running is not None or not self._queue:
            return
        job = self._queue.popleft()
        self._serial_running = job
        self.busy.emit(True)
        thread_pool().start(_Runnable(job.id, job.call, self._relay))

    def _finished(self, job_id: int, ok: bool, result: Any) -> None:
        job = self._jobs.pop(job_id, None)
        if self._serial_running is not None and self._serial_running.id == job_id:
            self._serial_running = None
        if job is None or self._closed:
            return
        stale = job.key is not None and self._latest.get(job.key) != job_id
        try:
            if not stale:
                if ok and job.on_done:
                    job.on_done(result)
                elif not ok:
                    handler = job.on_error or self.default_on_error
                    if handler:
                        handler(result)
                    else:
                        log.error("background job failed: %s", result)
        finally:
            if job.serial:
                if self._serial_running is None and not self._queue:
                    self.busy.emit(False)
                self._next_serial()

    def _progressed(self, job_id: int, keyword: str, event: Any) -> None:
        job = self._jobs.get(job_id)
        if job is not None and keyword in job.handlers and not self._closed:
            job.handlers[keyword](event)

    def _forwarder(self, job_id: int, keyword: str, *, throttle: bool) -> Callable[[Any], None]:
        """A callback for the worker that hands its events to the UI thread; throttled, it forwards at
        most one per interval unless a file finished, the phase changed or the phase is complete."""
        last: list[Any] = [0.0, None]

        def forward(event: Any) -> None:
            if throttle:
                now = time.monotonic()
                marker = (getattr(event, "phase", None), getattr(event, "files_done", None))
                complete = getattr(event, "done", 0) >= getattr(event, "total", 1)
                if now - last[0] < PROGRESS_INTERVAL and marker == last[1] and not complete:
                    return
                last[0], last[1] = now, marker
            try:
                self._relay.progressed.emit(job_id, keyword, event)
            except RuntimeError:  # the window is gone
                pass

        return forward
