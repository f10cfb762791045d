"""Run one started job: lay its files out, derive in a child process, store what was made as blobs and
record it — or record why not. Nothing here raises for bad media. Who keeps the job alive meanwhile (a lease
on SQLite, procrastinate's heartbeat on PostgreSQL) is the caller's business."""

from __future__ import annotations

import hashlib
import logging
import shutil
import tempfile
import threading
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path, PurePosixPath

from sqlalchemy.orm import Session, sessionmaker

from ..db import write_transaction
from ..foreground import Foreground
from ..media.errors import MediaError
from ..media.limits import MediaLimits
from ..media.outputs import Output
from ..tables import Blob, Preview, Version
from .queue import Task, failed_event, give_up_or_retry, holds, record_event

log = logging.getLogger("brickyard.previews")
CHUNK = 1024 * 1024
RetryIn = Callable[[Task], "float | None"]  # seconds until the next try after ``task`` failed; None: no more


class Runner:
    def __init__(self, sessions: sessionmaker[Session], store, work_dir: Path, limits: MediaLimits,
                 nice: int = 19, foreground: Foreground | None = None):
        # Nice 19, the lowest priority: a decoder only takes CPU that publishes and requests leave idle.
        # Absolute: the child process and the symlinks to blobs must not depend on a working directory.
        self.sessions, self.store, self.work_dir = sessions, store, Path(work_dir).resolve()
        self.limits, self.nice = limits, nice
        self.foreground = foreground  # inside a server: the publishes it receives, which a job waits for

    def wait_for_foreground(self, stop: threading.Event | None = None) -> None:
        """Before taking a job: let the publishes the server is receiving finish first (``foreground``)."""
        if self.foreground is not None:
            self.foreground.wait_until_quiet(stop)

    def run(self, task: Task, retry_in: RetryIn) -> str:
        """'ready', 'failed', 'retry' or 'lost' (the claim went to another worker)."""
        from ..media import isolated

        self.work_dir.mkdir(parents=True, exist_ok=True)
        folder = Path(tempfile.mkdtemp(prefix=f"job{task.job_id}-", dir=self.work_dir))
        try:
            files = self._lay_out(task, folder / "in")
            limits = replace(self.limits, color=task.color)  # the project's OCIO view travels with the job
            outputs = isolated.run(task.kind, files, folder / "out", limits, task.fps, self.nice)
            stored = [(o, *self._store(Path(o.path))) for o in outputs]
            return self._finish(task, stored)
        except MediaError as exc:
            return self._fail(task, str(exc), retry_in(task) if exc.retry else None)
        except OSError as exc:  # the blob store or the work folder: worth another try
            return self._fail(task, f"the server could not read or store media: {exc.strerror or exc}",
                              retry_in(task))
        finally:
            shutil.rmtree(folder, ignore_errors=True)

    def _lay_out(self, task: Task, folder: Path) -> list[Path]:
        """The representation's files under their own names (decoders look at the suffix)."""
        folder.mkdir(parents=True)
        paths = []
        for index, (path, sha256, size) in enumerate(task.files):
            target = folder / f"{index:06d}_{PurePosixPath(path).name}"
            local = getattr(self.store, "path", None)
            if local is not None and local(sha256).is_file():
                target.symlink_to(local(sha256).resolve())
            else:
                with open(target, "wb") as out:
                    for chunk in self.store.iter_range(sha256, 0, size - 1):
                        out.write(chunk)
            paths.append(target)
        return paths

    def _store(self, path: Path) -> tuple[str, int]:
        digest = hashlib.sha256()
        with open(path, "rb") as file:
            while chunk := file.read(CHUNK):
                digest.update(chunk)
        sha256, size = digest.hexdigest(), path.stat().st_size
        writer = self.store.begin_put(sha256, size)  # the blob store's own verified write
        try:
            with open(path, "rb") as file:
                while chunk := file.read(CHUNK):
                    writer.write(chunk)
        except BaseException:
            writer.abort()
            raise
        writer.commit()
        return sha256, size

    def _finish(self, task: Task, stored: list[tuple[Output, str, int]]) -> str:
        with self.sessions() as db, write_transaction(db):
            job = holds(db, task)
            if job is None:
                return "lost"
            for _output, sha256, size in stored:
                if db.get(Blob, sha256) is None:
                    db.add(Blob(sha256=sha256, size=size))
            db.flush()
            db.query(Preview).filter(Preview.job_id == job.id).delete()
            db.add_all(Preview(job_id=job.id, role=o.role, sha256=sha256, size=size, media_type=o.media_type,
                               width=o.width, height=o.height, duration=o.duration, fps=o.fps)
                       for o, sha256, size in stored)
            job.state, job.error, job.claim, job.lease_until = "ready", None, None, None
            version = db.get(Version, job.version_id)
            roles = {o.role: sha256 for o, sha256, _ in stored}
            if version.thumbnail_sha256 is None:  # the publisher gave none: the derived one stands in
                version.thumbnail_sha256 = roles.get("thumbnail") or roles.get("waveform")
            record_event(db, "preview.ready", job, roles=sorted(roles))
        return "ready"

    def give_up(self, task: Task, reason: str) -> str:
        """Fail the job for good with ``reason`` (when it is still ours)."""
        return self._fail(task, reason, None)

    def _fail(self, task: Task, reason: str, retry_in: float | None) -> str:
        with self.sessions() as db, write_transaction(db):
            job = holds(db, task)
            if job is None:
                return "lost"
            if not give_up_or_retry(db, job, reason, retry_in):
                log.info("preview job %s will be tried again: %s", job.id, reason)
                return "retry"
            failed_event(db, job, reason)
        log.info("preview job %s failed: %s", task.job_id, reason)
        return "failed"
