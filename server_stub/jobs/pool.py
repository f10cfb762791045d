"""Workers that take preview jobs until told to stop: the embedded pool inside ``brickyard serve``
(a few threads, each waiting on one child process at low priority, so requests are never starved)
and the loop ``brickyard worker`` runs."""

from __future__ import annotations

import logging
import threading
import time

from .queue import take
from .runner import Runner

log = logging.getLogger("brickyard.previews")
IDLE_SECONDS = 1.0  # how long an idle worker waits before looking for work again


def work(runner: Runner, stop: threading.Event, idle: float = IDLE_SECONDS, max_jobs: int | None = None) -> int:
    """Take and run jobs until ``stop`` is set (or ``max_jobs`` ran); returns how many ran."""
    done = 0
    while not stop.is_set() and (max_jobs is None or done < max_jobs):
        try:
            task = take(runner.sessions, runner.lease_seconds)
        except Exception:  # the database is away for a moment: wait, never die
            log.warning("could not take a preview job", exc_info=True)
            stop.wait(idle * 5)
            continue
        if task is None:
            stop.wait(idle)
            continue
        started = time.monotonic()
        try:
            outcome = runner.run(task)
        except Exception:  # the database failed while recording: the lease runs out, the job is taken again
            log.exception("preview job %s could not be recorded; it will be taken again", task.job_id)
            outcome = "error"
        log.info("preview job %s (%s, attempt %s): %s in %.1f s", task.job_id, task.kind, task.attempt,
                 outcome, time.monotonic() - started)
        done += 1
    return done


class EmbeddedPool:
    def __init__(self, runner: Runner, size: int = 1):
        self.runner, self.size = runner, size
        self.stop_event = threading.Event()
        self.threads: list[threading.Thread] = []

    def start(self) -> None:
        for index in range(self.size):
            thread = threading.Thread(target=work, args=(self.runner, self.stop_event), daemon=True,
                                      name=f"preview-worker-{index}")
            thread.start()
            self.threads.append(thread)

    def stop(self, timeout: float = 5.0) -> None:
        """Stop taking jobs; a job still running keeps its lease until it runs out, then is taken again."""
        self.stop_event.set()
        for thread in self.threads:
            thread.join(timeout)
