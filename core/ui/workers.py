"""Work off the UI thread: controller calls run in a thread pool, results come back on the UI thread.

A window owns one ``Jobs``. ``jobs.run(fn, on_done=…)`` runs ``fn`` in a worker thread and calls
``on_done(result)`` (or ``on_error(exc)``) on the UI thread, so a slow or dead server never freezes
the window. Two lanes:

- ``serial=True``: jobs that touch the host (load, update, publish…) run one after another, in order,
  in the lane of the window's host — shared by every window on that host. Hosts marshal their own
  application calls to the main thread (Blender's ``MainThread``, Unreal's ``GameThread``), so the
  UI thread must stay free while a job waits on one.
- otherwise, reads run side by side; with ``key`` only the newest job of that key is delivered
  (picking folder B right after folder A never shows A's assets).

Workers hold no Qt object: they hand results to one dispatcher that lives on the UI thread for the
whole process, so no Qt object is ever released from a worker thread (which Qt does not allow), even
when a window closes while its job still runs.

    >>> jobs = Jobs(window, host=controller.host)
    >>> jobs.run(controller.projects, on_done=window.show_projects, key="projects")
    >>> jobs.run(controller.load, ref, "png", "LoadFile", serial=True, on_done=window.loaded)
"""

from __future__ import annotations

import itertools
import logging
import time
import weakref
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from qtpy import QtCore

log = logging.getLogger(__name__)
POOL_THREADS = 6
PROGRESS_INTERVAL = 0.05  # seconds between two progress redraws (the last one always comes through)


class _Dispatcher(QtCore.QObject):
    """The one bridge from workers to the UI thread; made on the UI thread, never deleted."""

    finished = QtCore.Signal(int, bool, object)  # job id, ok, result or exception
    progressed = QtCore.Signal(int, str, object)  # job id, keyword of the callback, event
    called = QtCore.Signal(object, object)  # a function and its arguments, to run on the UI thread

    def __init__(self) -> None:
        super().__init__()
        self.owners: dict[int, Jobs] = {}  # job id → its Jobs (released here, on the UI thread)
        self.lanes: dict[int, _Lane] = {}  # serial job id → its lane
        self.finished.connect(self._finished)
        self.progressed.connect(self._progressed)
        self.called.connect(self._called)

    def _finished(self, job_id: int, ok: bool, result: Any) -> None:
        owner = self.owners.pop(job_id, None)
        lane = self.lanes.pop(job_id, None)
        try:
            if owner is not None:
                owner._finished(job_id, ok, result)
        except RuntimeError:  # the window was deleted: nobody to tell
            pass
        finally:
            if lane is not None:
                lane.done(job_id)

    def _progressed(self, job_id: int, keyword: str, event: Any) -> None:
        owner = self.owners.get(job_id)
        try:
            if owner is not None:
                owner._progressed(job_id, keyword, event)
        except RuntimeError:
            pass

    def _called(self, fn: Callable[..., Any], args: tuple) -> None:
        try:
            fn(*args)
        except RuntimeError:  # a deleted widget
            pass


_dispatcher: _Dispatcher | None = None
_pool: QtCore.QThreadPool | None = None


def dispatcher() -> _Dispatcher:
    """The dispatcher (made on first use, which must be on the UI thread: a window's constructor)."""
    global _dispatcher
    if _dispatcher is None:
        _dispatcher = _Dispatcher()
    return _dispatcher


def call_on_ui_thread(fn: Callable[..., Any], *args: Any) -> None:
    """Run ``fn(*args)`` on the UI thread, from any thread."""
    dispatcher().called.emit(fn, args)


def thread_pool() -> QtCore.QThreadPool:
    """The windows' own pool (not Qt's global one, which has as many threads as cores)."""
    global _pool
    if _pool is None:
        _pool = QtCore.QThreadPool()
        _pool.setMaxThreadCount(POOL_THREADS)
        _pool.setExpiryTimeout(30_000)
    return _pool


class _Runnable(QtCore.QRunnable):
    """Runs one job; knows only its id and its call (never a window or a Qt object)."""

    def __init__(self, job_id: int, fn: Callable[[], Any]):
        super().__init__()
        self.setAutoDelete(True)
        self.job_id, self.fn = job_id, fn

    def run(self) -> None:
        try:
            result, ok = self.fn(), True
        except BaseException as exc:  # delivered to the window, never lost in a thread
            log.debug("job %s failed", self.job_id, exc_info=True)
            result, ok = exc, False
        self.fn = None  # type: ignore[assignment]  # drop what the call held, before the news goes out
        try:
            dispatcher().finished.emit(self.job_id, ok, result)
        except RuntimeError:  # the application is gone (a worker outlived the process's Qt): nobody to tell
            pass


class _Lane:
    """The serial jobs of every window working on one host: one at a time, in the order asked.

    Hosts are not made to be driven from two threads at once (a JSON scene, Resolve's scripting
    bridge), and two windows on one host — a Loader loading while the Inventory refreshes — must not
    interleave. The lane needs no window to go on: one closed mid-job cannot block the others.
    """

    def __init__(self) -> None:
        self._queue: deque[tuple[object, int, Callable[[], Any]]] = deque()
        self._running: int | None = None

    def submit(self, owner: object, job_id: int, call: Callable[[], Any]) -> None:
        self._queue.append((owner, job_id, call))
        self._next()

    def drop(self, owner: object) -> None:
        self._queue = deque(entry for entry in self._queue if entry[0] is not owner)

    def done(self, job_id: int) -> None:
        if self._running == job_id:
            self._running = None
        self._next()

    def _next(self) -> None:
        if self._running is not None or not self._queue:
            return
        _, job_id, call = self._queue.popleft()
        self._running = job_id
        dispatcher().lanes[job_id] = self
        thread_pool().start(_Runnable(job_id, call))


_lanes: weakref.WeakKeyDictionary[Any, _Lane] = weakref.WeakKeyDictionary()
_lanes_by_id: dict[int, tuple[object, _Lane]] = {}  # for hosts that cannot be weakly referenced


def lane_for(host: object) -> _Lane:
    """The one serial lane of ``host``, shared by every window working on it."""
    try:
        lane = _lanes.get(host)
        if lane is None:
            lane = _lanes[host] = _Lane()
        return lane
    except TypeError:
        found = _lanes_by_id.get(id(host))
        if found is None or found[0] is not host:
            found = _lanes_by_id[id(host)] = (host, _Lane())
        return found[1]


@dataclass
class _Job:
    id: int
    call: Callable[[], Any]
    on_done: Callable[[Any], None] | None
    on_error: Callable[[BaseException], None] | None
    handlers: dict[str, Callable[[Any], None]]
    key: str | None
    serial: bool


_job_ids = itertools.count(1)  # unique across windows: lanes are shared


class Jobs(QtCore.QObject):
    """The worker jobs of one window; ``busy`` tells when its host work starts and stops.

    Serial jobs go to the lane of ``host`` (shared by every window on it), else to a lane of their own.
    """

    busy = QtCore.Signal(bool)

    def __init__(self, parent: QtCore.QObject | None = None, *, host: object = None,
                 on_error: Callable[[BaseException], None] | None = None):
        super().__init__(parent)
        dispatcher()
        self.default_on_error = on_error
        self._lane = lane_for(host) if host is not None else _Lane()
        self._jobs: dict[int, _Job] = {}
        self._latest: dict[str, int] = {}
        self._serial = 0  # serial jobs of this window queued or running
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
        job_id = next(_job_ids)
        for keyword in handlers:
            kwargs[keyword] = _forwarder(job_id, keyword, throttle=keyword == "progress")

        def call() -> Any:
            return fn(*args, **kwargs)

        job = _Job(job_id, call, on_done, on_error, handlers, key, serial)
        self._jobs[job.id] = job
        dispatcher().owners[job.id] = self
        if key:
            self._latest[key] = job.id
        if serial:
            self._serial += 1
            if self._serial == 1:
                self.busy.emit(True)
            self._lane.submit(self, job.id, call)
        else:
            thread_pool().start(_Runnable(job.id, call))
        return job.id

    @property
    def working(self) -> bool:
        """True while a serial job of this window runs or waits."""
        return self._serial > 0

    def pending(self) -> int:
        """Jobs started and not yet delivered (tests wait for 0)."""
        return len(self._jobs)

    def close(self) -> None:
        """Deliver nothing more (the window closes); running workers finish on their own."""
        self._closed = True
        self._lane.drop(self)
        owners = dispatcher().owners
        for job_id in [i for i, owner in owners.items() if owner is self]:
            del owners[job_id]
        self._jobs.clear()

    # --- delivering results (UI thread, through the dispatcher) ----------------------------------
    def _finished(self, job_id: int, ok: bool, result: Any) -> None:
        job = self._jobs.pop(job_id, None)
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
                self._serial -= 1
                if self._serial == 0:
                    self.busy.emit(False)

    def _progressed(self, job_id: int, keyword: str, event: Any) -> None:
        job = self._jobs.get(job_id)
        if job is not None and keyword in job.handlers and not self._closed:
            job.handlers[keyword](event)


def _forwarder(job_id: int, keyword: str, *, throttle: bool) -> Callable[[Any], None]:
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
        dispatcher().progressed.emit(job_id, keyword, event)

    return forward
