"""Preview jobs on PostgreSQL, run by procrastinate (docs/previews.md says why this library).

- ``defer``: a publish (or a regenerate) inserts procrastinate's job on the *same* database connection as
  the ``preview_jobs`` row, so both commit with the version or neither does — no relay, nothing lost.
- ``ensure_schema``: procrastinate's tables, applied by the server's start-up under its migration lock.
- ``run``: a procrastinate worker (``brickyard worker``, or a thread of ``brickyard serve``). Retries follow
  a ``RetryStrategy`` with back-off; workers beat a heartbeat, and every worker retries the jobs of workers
  whose heartbeat stopped (a worker killed mid-job); the child process's wall clock is the per-job time-out.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import threading
from datetime import datetime, timezone

from sqlalchemy import Connection, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from ..db import write_transaction
from ..tables import PreviewJob
from .queue import MAX_ATTEMPTS, start
from .runner import Runner

log = logging.getLogger("brickyard.previews")
QUEUE = "previews"
TASK = "brickyard.make_preview"


def queue_installed() -> bool:
    import importlib.util

    return importlib.util.find_spec("procrastinate") is not None


class TryAgain(Exception):
    """Raised by the task when the preview's failure is worth another try: procrastinate schedules it."""


def retry_strategy(wait_seconds: int = 15):
    """Up to ``MAX_ATTEMPTS`` runs in all, waiting ``wait`` then ``4 × wait`` (15 s, 60 s by default).
    Also retries a task that failed unexpectedly (the database went away while recording)."""
    from procrastinate import RetryStrategy

    # procrastinate counts *retries*: max_attempts=2 is three runs. wait + linear_wait × attempts.
    return RetryStrategy(max_attempts=MAX_ATTEMPTS - 1, wait=wait_seconds, linear_wait=3 * wait_seconds)


def conninfo(database_url: str) -> str:
    """libpq's form of the server's SQLAlchemy URL (``postgresql+psycopg://`` → ``postgresql://``)."""
    return make_url(database_url).set(drivername="postgresql").render_as_string(hide_password=False)


@functools.cache
def _deferrer():
    """An app that only defers, always on a connection it is handed (so its pool is never opened)."""
    from procrastinate import App, SyncPsycopgConnector

    return App(connector=SyncPsycopgConnector())


def defer(db: Session, preview_job_id: int) -> None:
    """Queue the job in ``db``'s transaction. The lock keeps two runs of one preview (a regenerate while
    it runs) from overlapping."""
    _defer_on(db.connection().connection.driver_connection, preview_job_id)  # this transaction's psycopg


def _defer_on(connection, preview_job_id: int) -> None:
    _deferrer().configure_task(TASK, queue=QUEUE, lock=f"preview-{preview_job_id}",
                               connection=connection).defer(preview_job_id=preview_job_id)


def ensure_schema(connection: Connection) -> bool:
    """Apply procrastinate's schema when the database has none, and queue the preview jobs written before
    it existed. The caller holds the migration lock, so servers starting at once apply it once."""
    if connection.execute(text("SELECT to_regclass('procrastinate_jobs')")).scalar() is not None:
        return False
    from procrastinate.schema import SchemaManager

    raw = connection.connection.driver_connection
    raw.execute(SchemaManager.get_schema())  # several statements, no parameters: sent as they are
    unfinished = connection.execute(select(PreviewJob.id).where(PreviewJob.state.in_(("pending", "running"))))
    for (job_id,) in unfinished.all():
        _defer_on(raw, job_id)
    return True


def make_app(database_url: str, runner: Runner, retry_wait_seconds: int = 15):
    from procrastinate import App, JobContext, PsycopgConnector

    app = App(connector=PsycopgConnector(conninfo=conninfo(database_url)))
    strategy = retry_strategy(retry_wait_seconds)

    @app.task(name=TASK, queue=QUEUE, retry=strategy, pass_context=True)
    async def make_preview(context: JobContext, preview_job_id: int) -> str:
        # In a thread of our own: the encode may outlive a stopping server, and must not hold up its exit.
        return await _in_thread(_make, runner, strategy, context.job, preview_job_id)

    return app


def _make(runner: Runner, strategy, job, preview_job_id: int) -> str:
    runner.wait_for_foreground()
    with runner.sessions() as db, write_transaction(db):
        row = db.scalar(select(PreviewJob).where(PreviewJob.id == preview_job_id).with_for_update())
        task = start(db, row) if row is not None else None
    if task is None:
        return "nothing to do"
    try:
        outcome = runner.run(task, lambda _task: _retry_in(strategy, job))
    except Exception as exc:  # the outcome could not be recorded (the database went away): retried …
        if _retry_in(strategy, job) is None:  # … unless this was the last try: then say so, if we can
            reason = f"the server could not record this preview: {(str(exc).splitlines() or [type(exc).__name__])[0]}"
            try:
                runner.give_up(task, reason)
            except Exception:
                log.warning("could not record that preview job %s failed", preview_job_id, exc_info=True)
        raise
    log.info("preview job %s (%s, attempt %s): %s", task.job_id, task.kind, task.attempt, outcome)
    if outcome == "retry":
        raise TryAgain(f"preview job {preview_job_id} will be tried again")
    return outcome


def _retry_in(strategy, job) -> float | None:
    """What procrastinate will decide when the task raises: seconds until the retry, or None (no more)."""
    decision = strategy.get_retry_decision(exception=TryAgain(), job=job)
    if decision is None:
        return None
    return max(0.0, ((decision.retry_at or datetime.now(timezone.utc)) - datetime.now(timezone.utc)).total_seconds())


async def _in_thread(fn, *args):
    loop = asyncio.get_running_loop()
    future = loop.create_future()

    def deliver(result, error):
        if not future.done():
            future.set_exception(error) if error is not None else future.set_result(result)

    def target():
        try:
            result, error = fn(*args), None
        except BaseException as exc:  # handed to the task, where procrastinate decides on a retry
            result, error = None, exc
        try:
            loop.call_soon_threadsafe(deliver, result, error)
        except RuntimeError:  # the worker stopped meanwhile (its loop is closed); the job was handed back
            pass

    threading.Thread(target=target, daemon=True, name="preview-job").start()
    return await future


async def _retry_stalled(app, lease_seconds: float) -> None:
    """Give the jobs of workers that stopped beating (killed, frozen, cut off) to the living."""
    from procrastinate.exceptions import ConnectorException

    while True:
        try:
            for job in await app.job_manager.get_stalled_jobs(queue=QUEUE, seconds_since_heartbeat=lease_seconds):
                try:
                    await app.job_manager.retry_job(job)
                    log.info("preview job %s was left by a stopped worker; it will run again", job.task_kwargs)
                except ConnectorException:
                    pass  # another worker retried it first
        except Exception:  # the database is away for a moment: look again later
            log.warning("could not look for stalled preview jobs", exc_info=True)
        await asyncio.sleep(lease_seconds / 3)


class QueueWorker:
    """One procrastinate worker for the previews queue; ``run`` blocks until ``stop`` (from any thread)."""

    def __init__(self, app, concurrency: int = 1, lease_seconds: float = 60.0, wait: bool = True,
                 install_signal_handlers: bool = False, delete_jobs: str = "successful",
                 shutdown_graceful_timeout: float | None = None):
        self.app, self.concurrency, self.lease_seconds = app, concurrency, lease_seconds
        # None: a stopping worker finishes its jobs first. A number: after that long they are aborted and
        # handed back at once (procrastinate retries a job aborted by a shutdown).
        self.shutdown_graceful_timeout = shutdown_graceful_timeout
        self.delete_jobs = delete_jobs  # finished jobs leave the queue; failed ones stay for a look
        self.wait, self.install_signal_handlers = wait, install_signal_handlers
        self.worker = None
        self.ready = threading.Event()

    def run(self) -> None:
        try:
            asyncio.get_running_loop()
        except RuntimeError:  # the usual case: no loop runs in this thread
            asyncio.run(self._run())
            return
        # Called where a loop already runs (an embedding host, a test process driving a browser): ours gets
        # a thread of its own, since asyncio.run refuses to nest.
        runner = threading.Thread(target=lambda: asyncio.run(self._run()), daemon=True, name="preview-queue")
        runner.start()
        runner.join()

    async def _run(self) -> None:
        from procrastinate.worker import Worker

        async with self.app.open_async():
            self.worker = Worker(app=self.app, queues=[QUEUE], concurrency=self.concurrency, wait=self.wait,
                                 name="brickyard-previews", install_signal_handlers=self.install_signal_handlers,
                                 update_heartbeat_interval=self.lease_seconds / 3,
                                 stalled_worker_timeout=self.lease_seconds, delete_jobs=self.delete_jobs,
                                 fetch_job_polling_interval=2.0,
                                 shutdown_graceful_timeout=self.shutdown_graceful_timeout)
            sweeper = asyncio.create_task(_retry_stalled(self.app, self.lease_seconds))
            self.ready.set()
            try:
                await self.worker.run()
            finally:
                sweeper.cancel()

    def stop(self) -> None:
        if self.worker is not None:
            self.worker.stop()


class EmbeddedQueueWorker:
    """``brickyard serve`` on PostgreSQL: the same procrastinate worker, on a thread of the server."""

    def __init__(self, queue_worker: QueueWorker):
        self.queue_worker = queue_worker
        self.thread = threading.Thread(target=queue_worker.run, daemon=True, name="preview-queue")

    def start(self) -> None:
        self.thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        """Stop taking jobs; a job still running after the worker's grace is handed back to the queue
        (and, were this process killed instead, retried once its heartbeat is missed). Its child process
        dies with the server."""
        self.queue_worker.stop()
        self.thread.join(timeout)
