"""Progress events: what a long publish or download reports to a progress bar, a log or a host UI."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

Phase = Literal["hash", "upload", "download"]


@dataclass(frozen=True)
class Progress:
    """One step of a phase: bytes are counted over the whole phase, ``name`` is the file at hand.

    ``files_done`` counts the files finished before this event, out of ``files_total`` in the phase.
    """

    phase: Phase
    name: str
    done: int
    total: int
    files_done: int = 0
    files_total: int = 0

    @property
    def fraction(self) -> float:
        return self.done / self.total if self.total else 1.0


ProgressCallback = Callable[[Progress], None]
