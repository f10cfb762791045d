"""The embedded default on SQLite: a few threads inside ``brickyard serve`` take preview jobs by scanning
``preview_jobs`` with a lease (renewed while they work), each waiting on one child process at low priority,
so requests are never starved. On PostgreSQL, procrastinate runs the jobs instead (``procrastinate_queue``)."""

from __future__ import annotations

import logging
import threading
import time

from .queue import Task, backoff, renew, take
from .runner import Runner

log = logging.getLogger("brickyard.previews")
IDLE_SECONDS = 1.0  # how long an idle worker waits before looking for work again


def work(runner: Runner, stop: threading.Event, lease_seconds: float = 60.0, idle: float = IDLE_SECONDS,
         max_jobs: int | None = None) -> int:
    """Take and run jobs until ``stop`` is set (or ``max_jobs`` ran); returns how many ran."""
    done = 0
    while not stop.is_set() and (max_jobs is None or done < max_jobs):
        runner.wait_for_foreground(stop)
        try:
            task = take(runner.sessions, lease_seconds)
        except Exception:  # the database is away for a moment: wait, never die
            log.warning("could not take a preview job", exc_info=True)
            stop.wait(idle * 5)
            continue
        if task is None:
            stop.wait(idle)
            continue
        started = time.monotonic()
        beating = threading.Event()
        heartbeat = threading.Thread(target=_renew_until, args=(runner, task, lease_seconds, beating), daemon=True)
        heartbeat.start()
        try:
            outcome = runner.run(task, lambda t: backoff(t.attempt))
        except Exception:  # the database failed while recording: the lease runs out, the job is taken again
            log.exception("preview job %s could not be recorded; it will be taken again", task.job_id)
            outcome = "error"
        finally:
            beating.set()
            heartbeat.join()
        log.info("preview job %s (%s, attempt %s): %s in %.1f s", task.job_id, task.kind, task.attempt,
                 outcome, time.monotonic() - started)
        done += 1
    return done


def _renew_until(runner: Runner, task: Task, lease_seconds: float, stop: threading.Event) -> None:
    while not stop.wait(lease_seconds / 3):
        try:
            if not renew(runner.sessions, task, lease_seconds):
                return
        except Exception:  # a database hiccup: the next beat tries again, the lease has slack
            log.warning("could not renew the lease of preview job %s", task.job_id, exc_info=True)


class EmbeddedPool:
    def __init__(self, runner: Runner, size: int = 1, lease_seconds: float = 60.0):
        self.runner, self.size, self.lease_seconds = runner, size, lease_seconds
        self.stop_event = threading.Event()
        self.threads: list[threading.Thread] = []

    def start(self) -> None:
        for index in range(self.size):
            thread = threading.Thread(target=work, args=(self.runner, self.stop_event, self.lease_seconds),
                                      daemon=True, name=f"preview-worker-{index}")
            thread.start()
            self.threads.append(thread)

    def stop(self, timeout: float = 5.0) -> None:
        """Stop taking jobs; a job still running keeps its lease until it runs out, then is taken again."""
        self.stop_event.set()
        for thread in self.threads:
            thread.join(timeout)
