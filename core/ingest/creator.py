"""Create an ingest's versions on their own thread, a batch to a request, as soon as their bytes have
landed — so the thread that hashes and looks up the next files never waits for a create (a batch of 500
takes the server about half a second).

Versions are created in the order they were added: a batch is the longest run of ready versions from the
front, in full batches while more may come, and every ready one once ``finish`` says nothing more will.
One request is in flight at a time, and the next batch's body is built meanwhile: building 500 takes the
client 30–110 ms, which the server otherwise spent idle between creates at the ingest's end.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, Generic, TypeVar

from ..progress import Progress, ProgressCallback

CREATE_BATCH = 500  # versions per bulk request
V = TypeVar("V")


class VersionCreator(Generic[V]):
    """``add`` versions, ``poke`` when blobs land, ``finish`` waits for the last; errors reach the caller.

    ``prepare`` builds one batch's request, ``send`` sends it (recording what became of each version in
    ``report``); ``ready`` tells whether a version's blobs are all stored."""

    def __init__(self, prepare: Callable[[list[V]], Any], send: Callable[[Any], None], ready: Callable[[V], bool],
                 progress: ProgressCallback | None = None, report=None):
        self.prepare, self.send, self.ready = prepare, send, ready
        self.progress, self.report = progress, report
        self._waiting: list[V] = []
        self._closing = self._stopped = False
        self._error: BaseException | None = None
        self._changed = threading.Condition()
        self._thread = threading.Thread(target=self._run, name="brickyard-ingest-create", daemon=True)
        self._thread.start()

    def add(self, versions: list[V]) -> None:
        with self._changed:
            self._raise_error()
            self._waiting += versions
            self._changed.notify_all()

    def poke(self) -> None:
        """Something changed elsewhere (a bundle landed or failed): look again."""
        with self._changed:
            self._changed.notify_all()

    def finish(self) -> None:
        """Nothing more will be added: create every version as its blobs land, and wait for the last."""
        with self._changed:
            self._closing = True
            self._changed.notify_all()
        self._thread.join()
        self._raise_error()

    def stop(self) -> None:
        """Create nothing more (a batch in flight ends first)."""
        with self._changed:
            self._stopped = True
            self._changed.notify_all()
        self._thread.join()

    def _raise_error(self) -> None:
        if self._error is not None:
            raise self._error

    def _next_batch(self, in_flight: Future | None = None) -> list[V] | None:
        with self._changed:
            while not self._stopped:
                ready = 0  # asked under the lock: ``add`` cannot slip a version in between
                while ready < len(self._waiting) and self.ready(self._waiting[ready]):
                    ready += 1
                if not self._closing:
                    ready -= ready % CREATE_BATCH
                elif in_flight is not None and not in_flight.done() and ready < min(CREATE_BATCH, len(self._waiting)):
                    ready = 0  # a part batch can wait for more to land while the server is busy anyway
                if ready:
                    take = min(ready, CREATE_BATCH)
                    batch, self._waiting = self._waiting[:take], self._waiting[take:]
                    return batch
                if self._closing and not self._waiting:
                    return None
                # Woken by a landing (``poke``), an addition or the end; the timeout only guards a missed poke.
                self._changed.wait(timeout=1)
            return None

    def _run(self) -> None:
        try:
            with ThreadPoolExecutor(1, thread_name_prefix="brickyard-ingest-send") as sending:
                in_flight: Future | None = None
                while (batch := self._next_batch(in_flight)) is not None:
                    request = self.prepare(batch)  # while the batch before it is in flight
                    if in_flight is not None:
                        self._settle(in_flight)  # its failure ends the run: this batch is not sent
                    with self._changed:
                        if self._stopped:
                            return
                    in_flight = sending.submit(self.send, request)
                    in_flight.add_done_callback(lambda _: self.poke())  # a part batch may go now
                if in_flight is not None:
                    self._settle(in_flight)
        except BaseException as exc:  # handed to the caller's thread on its next call
            with self._changed:
                self._error = exc
                self._stopped = True

    def _settle(self, sent: Future) -> None:
        sent.result()
        self._report()

    def _report(self) -> None:
        if self.progress is None or self.report is None:
            return
        with self._changed:
            left = len(self._waiting)
        done = len(self.report.created) + len(self.report.replayed) + len(self.report.failed)
        self.progress(Progress("upload", "versions", done, done + left, done, done + left))
