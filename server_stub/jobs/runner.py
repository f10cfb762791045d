"""Run one taken job: lay its files out, derive in a child process while renewing the lease, store what
was made as blobs and record it — or record why not. Nothing here raises for bad media."""

from __future__ import annotations

import hashlib
import logging
import shutil
import tempfile
import threading
from pathlib import Path, PurePosixPath

from sqlalchemy.orm import Session, sessionmaker

from ..db import write_transaction
from ..media.errors import MediaError
from ..media.limits import MediaLimits
from ..media.outputs import Output
from ..services import events
from ..tables import Blob, Preview
from .queue import Task, give_up_or_retry, holds, project_of, representation_name

log = logging.getLogger("brickyard.previews")
CHUNK = 1024 * 1024


class Runner:
    def __init__(self, sessions: sessionmaker[Session], store, work_dir: Path, limits: MediaLimits,
                 lease_seconds: float = 60.0, nice: int = 10):
        # Absolute: the child process and the symlinks to blobs must not depend on a working directory.
        self.sessions, self.store, self.work_dir = sessions, store, Path(work_dir).resolve()
        self.limits, self.lease_seconds, self.nice = limits, lease_seconds, nice

    def run(self, task: Task) -> str:
        """'ready', 'failed', 'retry' or 'lost' (the lease went to another worker)."""
        from ..media import isolated
        from .queue import renew

        self.work_dir.mkdir(parents=True, exist_ok=True)
        folder = Path(tempfile.mkdtemp(prefix=f"job{task.job_id}-", dir=self.work_dir))
        stop = threading.Event()
        heartbeat = threading.Thread(target=self._renew_until, args=(stop, renew, task), daemon=True)
        heartbeat.start()
        try:
            files = self._lay_out(task, folder / "in")
            outputs = isolated.run(task.kind, files, folder / "out", self.limits, task.fps, self.nice)
            stored = [(o, *self._store(Path(o.path))) for o in outputs]
            return self._finish(task, stored)
        except MediaError as exc:
            return self._fail(task, str(exc), exc.retry)
        except OSError as exc:  # the blob store or the work folder: worth another try
            return self._fail(task, f"the server could not read or store media: {exc.strerror or exc}", True)
        finally:
            stop.set()
            heartbeat.join()
            shutil.rmtree(folder, ignore_errors=True)

    def _renew_until(self, stop: threading.Event, renew, task: Task) -> None:
        while not stop.wait(self.lease_seconds / 3):
            try:
                if not renew(self.sessions, task, self.lease_seconds):
                    return
            except Exception:  # a database hiccup: the next beat tries again, the lease has slack
                log.warning("could not renew the lease of preview job %s", task.job_id, exc_info=True)

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
            project_id, code, version, asset = project_of(db, job.version_id)
            roles = {o.role: sha256 for o, sha256, _ in stored}
            if version.thumbnail_sha256 is None:  # the publisher gave none: the derived one stands in
                version.thumbnail_sha256 = roles.get("thumbnail") or roles.get("waveform")
            self._event(db, "preview.ready", job, project_id, code, version, asset, roles=sorted(roles))
        return "ready"

    def _fail(self, task: Task, reason: str, retry: bool) -> str:
        with self.sessions() as db, write_transaction(db):
            job = holds(db, task)
            if job is None:
                return "lost"
            if not give_up_or_retry(db, job, reason, retry):
                log.info("preview job %s will be tried again: %s", job.id, reason)
                return "retry"
            project_id, code, version, asset = project_of(db, job.version_id)
            self._event(db, "preview.failed", job, project_id, code, version, asset, error=reason)
        log.info("preview job %s failed: %s", task.job_id, reason)
        return "failed"

    def _event(self, db, type_, job, project_id, code, version, asset, **extra) -> None:
        from brickyard.core.reference import Reference

        events.record(db, type_, project_id=project_id, user_id=None, data={
            "version_id": version.id, "job_id": job.id,
            "representation": representation_name(db, job.representation_id),
            "reference": str(Reference(code, asset.folder, asset.name, version.number)), **extra})
