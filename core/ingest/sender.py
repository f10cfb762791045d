"""Upload an ingest's new blobs in bundles on a background thread, while the caller goes on hashing the
next files and creating the versions whose bytes have landed: the disk, the network and the server work
side by side instead of one after the other.

Bundles are sent full (``BUNDLE_MAX_*``) except the first, which goes as soon as there is something to
send, so bytes travel while the next files are hashed, and the last few, smaller and smaller, so that
little waits for the very last one to land. Two are in flight at once, but one travels at a time: the
next starts when the last byte of the one before has left, so the server finishes that one (sync, verify,
rename, record) while the next arrives. (Sent side by side, two bundles end together, and both wait on
the disk with nothing arriving.)
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable

from ..api_session import ApiSession
from ..progress import Progress, ProgressCallback
from ..publishing import BUNDLE_MAX_BYTES, BUNDLE_MAX_FILES, HashedFile, upload_bundled

IN_FLIGHT = 2
Send = Callable[[ApiSession, list[HashedFile], ProgressCallback], int]  # sends a bundle, returns its bytes


class BundleSender:
    """``add`` blobs, ``landed`` tells which are stored, ``close`` ends the adding, ``finish`` waits.

        >>> with BundleSender(api) as sender:
        ...     sender.add(missing)
        ...     sender.close()
        ...     while sender.wait(): print(sender.landed("ab…"))
        ...     sent = sender.finish()
    """

    def __init__(self, api: ApiSession, progress: ProgressCallback | None = None, send: Send | None = None):
        self.api, self.progress = api, progress
        # How a bundle travels: to the server in one request (None), or straight to the object store.
        self.send: Send | None = send
        self.bytes_sent = 0
        self.on_change: Callable[[], None] | None = None  # told (outside the lock) when a bundle lands or fails
        self._queued: list[HashedFile] = []
        self._outstanding: set[str] = set()  # queued or in flight
        self._closing = False
        self._stopped = False
        self._error: BaseException | None = None
        self._changed = threading.Condition()
        self._travelling = threading.Lock()  # held by the one bundle whose bytes are on their way
        self._added = self._landed_bytes = 0  # for progress over the whole phase
        self._in_flight: dict[int, int] = {}  # thread id → bytes of its bundle sent so far
        self._started = False  # a bundle has been taken: from now on, only full ones (and the last few)
        self._threads = [threading.Thread(target=self._run, name=f"brickyard-ingest-upload-{n}", daemon=True)
                         for n in range(IN_FLIGHT)]
        for thread in self._threads:
            thread.start()

    def __enter__(self) -> BundleSender:
        return self

    def __exit__(self, *exc_info) -> None:
        self.stop()

    def add(self, blobs: Iterable[HashedFile]) -> None:
        with self._changed:
            for blob in blobs:
                if blob.sha256 not in self._outstanding:
                    self._outstanding.add(blob.sha256)
                    self._queued.append(blob)
                    self._added += blob.size
            self._changed.notify_all()

    def landed(self, sha256: str) -> bool:
        """True unless the blob is still waiting to be sent (blobs never added count as landed)."""
        with self._changed:
            self._raise_error()
            return sha256 not in self._outstanding

    def wait(self) -> bool:
        """Block until a bundle lands (or all have); False when nothing is left to send."""
        with self._changed:
            self._raise_error()
            if not self._outstanding:
                return False
            self._changed.wait(timeout=5)
            self._raise_error()
            return bool(self._outstanding)

    def close(self) -> None:
        """Nothing more will be added: send what is queued, the last bundle partial."""
        with self._changed:
            self._closing = True
            self._changed.notify_all()

    def finish(self) -> int:
        """``close``, and wait for every bundle to land; the bytes sent."""
        self.close()
        for thread in self._threads:
            thread.join()
        self._raise_error()
        return self.bytes_sent

    def stop(self) -> None:
        """Send nothing more; wait for a bundle in flight to end (its blobs then stay stored)."""
        with self._changed:
            self._stopped = True
            self._changed.notify_all()
        for thread in self._threads:
            thread.join()

    def _raise_error(self) -> None:
        if self._error is not None:
            raise self._error

    def _next_bundle(self) -> list[HashedFile] | None:
        with self._changed:
            while True:
                if self._stopped:
                    return None
                size, most = 0, self._most_bytes()
                for count, blob in enumerate(self._queued):
                    if count and size + blob.size > most:
                        return self._take(count)  # full: the next blob would overflow it
                    size += blob.size
                    if count + 1 >= BUNDLE_MAX_FILES or size >= most:
                        return self._take(count + 1)
                if self._queued and (self._closing or not self._started):
                    return self._take(len(self._queued))
                if self._closing:
                    return None
                self._changed.wait()

    def _most_bytes(self) -> int:
        """A bundle's size: full, until nothing more will be added and what is left would fill no more than
        the bundles in flight; then each takes a share of the rest (down to an eighth), so the versions of
        one bundle are created while the next, smaller ones travel, and few wait for the very last."""
        if not self._closing:
            return BUNDLE_MAX_BYTES
        left = sum(blob.size for blob in self._queued)
        return max(BUNDLE_MAX_BYTES // 8, min(BUNDLE_MAX_BYTES, left // IN_FLIGHT))

    def _take(self, count: int) -> list[HashedFile]:
        self._started = True
        taken, self._queued = self._queued[:count], self._queued[count:]
        return taken

    def _send_next(self) -> tuple[list[HashedFile], int] | None:
        """Take the next bundle once it is this thread's turn to send, and send it: (the bundle, its bytes)."""
        turn = _Turn(self._travelling)
        try:
            bundle = self._next_bundle()  # chosen when it can leave: as full as what is queued by then
            if bundle is None:
                return None
            if self.send is not None:  # to object storage (known only once the first blobs are added)
                turn.end()  # each blob its own upload: bundles go side by side
                return bundle, self.send(self.api, bundle, self._report)
            return bundle, upload_bundled(self.api, bundle, self._report, turn.end)
        finally:
            turn.end()

    def _report(self, event: Progress) -> None:
        """A bundle's progress as progress over every blob added so far."""
        if self.progress is None:
            return
        with self._changed:
            self._in_flight[threading.get_ident()] = event.done
            done = self._landed_bytes + sum(self._in_flight.values())
            total = max(self._added, done)
        self.progress(Progress("upload", event.name, done, total))

    def _run(self) -> None:
        try:
            while (sent := self._send_next()) is not None:
                bundle, sent = sent
                with self._changed:
                    self.bytes_sent += sent
                    self._landed_bytes += sent
                    self._in_flight.pop(threading.get_ident(), None)
                    self._outstanding.difference_update(blob.sha256 for blob in bundle)
                    self._changed.notify_all()
                self._tell()
        except BaseException as exc:  # handed to the caller's thread on its next call
            with self._changed:
                self._error = self._error or exc
                self._stopped = True
                self._changed.notify_all()
            self._tell()

    def _tell(self) -> None:
        if self.on_change is not None:
            self.on_change()


class _Turn:
    """A lock taken now and given back once, by whichever comes first: the last byte leaving, or the end."""

    def __init__(self, lock: threading.Lock):
        self.lock, self.held = lock, True
        lock.acquire()

    def end(self) -> None:
        if self.held:
            self.held = False
            self.lock.release()
