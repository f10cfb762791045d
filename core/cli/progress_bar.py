"""A one-line progress bar on stderr for transfers; silent when stderr is not a terminal."""

from __future__ import annotations

import sys
import time
from typing import Any, TextIO


def _human(n: float) -> str:
    for unit in ("B", "KiB", "MiB", "GiB", "TiB"):
        if abs(n) < 1024 or unit == "TiB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n:.1f} TiB"


class ProgressBar:
    """Callable fed ``Progress`` events; redraws at most ten times a second."""

    def __init__(self, stream: TextIO | None = None, width: int = 28):
        self.stream = stream or sys.stderr
        self.enabled = self.stream.isatty()
        self.width = width
        self._last = 0.0
        self._phase: str | None = None

    def __call__(self, event: Any) -> None:
        if not self.enabled:
            return
        done, total = event.done, event.total
        now = time.monotonic()
        if event.phase == self._phase and done < total and now - self._last < 0.1:
            return
        if self._phase and event.phase != self._phase:
            self.stream.write("\n")  # a new phase starts on its own line; the last one stays visible
        self._last, self._phase = now, event.phase
        fraction = min(1.0, done / total) if total else 1.0
        filled = int(self.width * fraction)
        files = f" file {event.files_done}/{event.files_total}" if getattr(event, "files_total", 0) else ""
        line = (f"\r{event.phase:<8} [{'#' * filled}{'.' * (self.width - filled)}] "
                f"{fraction * 100:5.1f}% {_human(done)}/{_human(total)}{files}")
        self.stream.write(line.ljust(78))
        self.stream.flush()

    def close(self) -> None:
        if self.enabled and self._phase:
            self.stream.write("\n")
            self.stream.flush()
            self._phase = None
