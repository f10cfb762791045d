"""Publishes first, previews after: the preview workers inside ``brickyard serve`` take no new job while
the same server is receiving a publish (blob uploads, version creates, an ingest's bundles and bulk creates).

A preview job is a child process decoding media, a claim and an outcome written to the database, temp files
made and removed: on a small server all of it competes with a publish for the same cores, disk and
database write lock — an ingest of 5,000 images ran 5–15% slower beside its own previews. So a worker
waits until no publishing request has run for ``QUIET_SECONDS``, but never longer than ``LONGEST_WAIT``: a
server that is never quiet still makes its previews, one job per worker every ``LONGEST_WAIT`` seconds at least.
Everything else — pages, downloads, event streams, reviews, and the lookups sent as POST (``/resolve``,
``/blobs/missing``, hash lookups) — does not hold previews back: a client polling for its previews, or a
reviewer browsing, would otherwise starve them.
"""

from __future__ import annotations

import math
import re
import threading
import time

QUIET_SECONDS = 0.5
LONGEST_WAIT = 10.0
UPLOADS_AND_CREATES = frozenset({"POST", "PUT"})


class Foreground:
    """Counts the publishing requests in flight; ``wait_until_quiet`` is what a background worker calls."""

    def __init__(self, quiet_seconds: float = QUIET_SECONDS, longest_wait: float = LONGEST_WAIT):
        self.quiet_seconds, self.longest_wait = quiet_seconds, longest_wait
        self._lock = threading.Lock()
        self._running = 0
        self._last_ended = -math.inf

    def begin(self) -> None:
        with self._lock:
            self._running += 1

    def end(self) -> None:
        with self._lock:
            self._running -= 1
            self._last_ended = time.monotonic()

    def busy_for(self) -> float:
        """Seconds from now until the server counts as quiet (0: it is quiet now)."""
        with self._lock:
            if self._running:
                return self.quiet_seconds
            return max(0.0, self._last_ended + self.quiet_seconds - time.monotonic())

    def wait_until_quiet(self, stop: threading.Event | None = None) -> float:
        """Block until the server is quiet, ``longest_wait`` passes or ``stop`` is set; the seconds waited."""
        started = time.monotonic()
        stop = stop or threading.Event()
        while not stop.is_set():
            left = started + self.longest_wait - time.monotonic()
            pause = min(self.busy_for(), left)
            if pause <= 0:
                break
            stop.wait(pause)
        return time.monotonic() - started


def publishing_paths(prefix: str) -> re.Pattern[str]:
    """The requests a publish is made of: a blob's upload (``POST /blobs``, ``PUT /blobs/<sha256>``, a bundle,
    presigned uploads started, signed, completed) and a version's create, one or in bulk."""
    blobs = r"blobs(?:/(?!missing$)[^/]+(?:/[^/]+)?)?"
    versions = r"projects/[^/]+/versions(?:/bulk)?"
    return re.compile(f"{re.escape(prefix)}/(?:{blobs}|{versions})")


class ForegroundRequests:
    """ASGI middleware: a publishing request (``publishing_paths``) counts as foreground work while it runs."""

    def __init__(self, app, foreground: Foreground, prefix: str):
        self.app, self.foreground = app, foreground
        self.publishing = publishing_paths(prefix)

    async def __call__(self, scope, receive, send) -> None:
        if (scope["type"] != "http" or scope["method"] not in UPLOADS_AND_CREATES
                or not self.publishing.fullmatch(scope["path"])):
            await self.app(scope, receive, send)
            return
        self.foreground.begin()
        try:
            await self.app(scope, receive, send)
        finally:
            self.foreground.end()
