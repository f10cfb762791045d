"""The server's live event feed for a window: ``Client.stream_events`` in a background thread.

``on_event(EventPublic)`` and ``on_state(text)`` are called on the UI thread; the state is "live"
once the stream is open, "stopped" when it ends, or the error's message when the feed gave up (the
client first reconnects by itself, resuming after the last event seen). ``stop()`` ends it at once:
the open stream is shut down, so no thread lingers on a quiet feed. The thread holds the callbacks
weakly: a window that goes away is not kept alive (nor released) by it.

    >>> feed = LiveEvents(client, "film", on_event=window.event_arrived, on_state=window.feed_state)
    >>> feed.start(); …; feed.stop()
"""

from __future__ import annotations

import logging
import socket
import threading
import weakref
from collections.abc import Callable
from typing import Any

from .workers import call_on_ui_thread, dispatcher

log = logging.getLogger(__name__)


class _Stopped(Exception):
    """Raised from the response hook to leave ``stream_events`` when the feed was stopped."""


def _weak(callback: Callable[[Any], None] | None) -> Callable[[], Callable[[Any], None] | None]:
    if callback is None:
        return lambda: None
    if hasattr(callback, "__self__"):
        return weakref.WeakMethod(callback)  # type: ignore[arg-type]
    return lambda: callback


class LiveEvents:
    def __init__(self, client, project: str, *, on_event: Callable[[Any], None] | None = None,
                 on_state: Callable[[str], None] | None = None):
        dispatcher()  # made here, on the UI thread
        self.client = client
        self.project = project
        self._on_event = _weak(on_event)
        self._on_state = _weak(on_state)
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._response: Any = None
        self._lock = threading.Lock()

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> None:
        if self.running:
            return
        self._stop.clear()
        self.client.session.hooks["response"].append(self._hook)
        self._thread = threading.Thread(target=self._run, name=f"brickyard-events-{self.project}", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """End the feed now; the thread leaves as soon as its stream is shut."""
        self._stop.set()
        with self._lock:
            response, self._response = self._response, None
        _shut(response)  # the hook stays until the thread leaves: it refuses a reconnection meanwhile

    def _hook(self, response, *args, **kwargs):
        """Every response of the client's session passes here; keep the feed thread's own stream."""
        if self._thread is None or threading.get_ident() != self._thread.ident:
            return None
        if self._stop.is_set():
            _shut(response)
            raise _Stopped()
        if response.status_code == 200:
            with self._lock:
                self._response = response
            self._tell(self._on_state, "live")
        return None

    def _run(self) -> None:
        try:
            self._follow()
        finally:
            hooks = self.client.session.hooks["response"]
            if self._hook in hooks:
                hooks.remove(self._hook)

    def _follow(self) -> None:
        try:
            for event in self.client.stream_events(self.project):
                if self._stop.is_set():
                    break
                self._tell(self._on_event, event)
        except _Stopped:
            pass
        except Exception as exc:  # the feed gave up (server gone for good, token revoked…)
            if not self._stop.is_set():
                log.info("live events for %s stopped: %s", self.project, exc)
                self._tell(self._on_state, getattr(exc, "message", None) or f"{type(exc).__name__}: {exc}")
                return
        self._tell(self._on_state, "stopped")

    def _tell(self, callback: Callable[[], Callable[[Any], None] | None], value: Any) -> None:
        target = callback()
        if target is not None and not (self._stop.is_set() and value != "stopped"):
            call_on_ui_thread(target, value)


def _shut(response: Any) -> None:
    """Shut the socket under a streamed response so a thread blocked reading it wakes up."""
    if response is None:
        return
    try:
        connection = getattr(response.raw, "_connection", None) or getattr(response.raw, "connection", None)
        sock = getattr(connection, "sock", None)
        if sock is not None:
            sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
    try:
        response.close()
    except Exception:  # closing from another thread may race the reader; it is going away anyway
        pass
