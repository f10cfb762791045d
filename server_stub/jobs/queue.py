"""Take, renew, finish and fail preview jobs. A job is taken with a lease; a worker that dies stops
renewing it, and once the lease runs out the job is taken again. Only the lease's holder may finish it,
so a job completes once even when a slow worker wakes up after its lease was given to another."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import and_, delete, or_, select, update
from sqlalchemy.orm import Session, sessionmaker

from ..db import write_transaction
from ..tables import Asset, File, PreviewJob, Project, Representation, Version, utcnow

MAX_ATTEMPTS = 3
BACKOFF_SECONDS = 15.0  # × 4 per attempt: 15 s, 60 s


@dataclass
class Task:
    """What a worker needs to run a job without holding a database session."""
    job_id: int
    claim: str
    kind: str
    attempt: int
    files: list[tuple[str, str, int]]  # (path, sha256, size), frames in order
    fps: float


def take(sessions: sessionmaker[Session], lease_seconds: float) -> Task | None:
    """The oldest job that is due (pending, or running under a lease that ran out), now leased to us."""
    now = utcnow()
    due = or_(and_(PreviewJob.state == "pending", PreviewJob.run_after <= now),
              and_(PreviewJob.state == "running", PreviewJob.lease_until < now))
    with sessions() as db:
        # A plain read first: an idle worker polling never takes SQLite's write lock from a publisher.
        if db.scalar(select(PreviewJob.id).where(due).limit(1)) is None:
            return None
    with sessions() as db, write_transaction(db):
        while True:
            job = db.scalar(select(PreviewJob).where(due).order_by(PreviewJob.id).limit(1)
                            .with_for_update(skip_locked=True))
            if job is None:
                return None
            if job.state == "pending" or job.attempts < MAX_ATTEMPTS:
                break
            # Its workers died with it MAX_ATTEMPTS times (killed, out of memory): stop handing it out.
            job.state, job.claim, job.lease_until, job.updated_at = "failed", None, None, now
            job.error = f"the worker stopped {job.attempts} times while making this preview; nothing was made"
            db.flush()
        job.state, job.claim = "running", secrets.token_hex(16)
        job.attempts += 1
        job.lease_until = now + timedelta(seconds=lease_seconds)
        job.updated_at = now
        rows = db.execute(select(File.path, File.sha256, File.size).where(
            File.representation_id == job.representation_id).order_by(File.frame, File.path)).all()
        meta = db.scalar(select(Version.meta).where(Version.id == job.version_id)) or {}
        task = Task(job.id, job.claim, job.kind, job.attempts, [tuple(r) for r in rows], _fps(meta))
    return task


def renew(sessions: sessionmaker[Session], task: Task, lease_seconds: float) -> bool:
    """Extend our lease; False when it is no longer ours (it ran out and another worker took the job)."""
    with sessions() as db, write_transaction(db):
        done = db.execute(update(PreviewJob).where(PreviewJob.id == task.job_id, PreviewJob.claim == task.claim,
                                                   PreviewJob.state == "running")
                          .values(lease_until=utcnow() + timedelta(seconds=lease_seconds)))
        return done.rowcount == 1


def holds(db: Session, task: Task) -> PreviewJob | None:
    """The job row, locked, when ``task`` still holds its lease."""
    return db.scalar(select(PreviewJob).where(PreviewJob.id == task.job_id, PreviewJob.claim == task.claim,
                                              PreviewJob.state == "running").with_for_update())


def give_up_or_retry(db: Session, job: PreviewJob, reason: str, retry: bool) -> bool:
    """Back to pending with a back-off when worth it; True when the job has now failed for good."""
    job.error, job.claim, job.lease_until, job.updated_at = reason, None, None, utcnow()
    if retry and job.attempts < MAX_ATTEMPTS:
        job.state = "pending"
        job.run_after = utcnow() + timedelta(seconds=BACKOFF_SECONDS * 4 ** (job.attempts - 1))
        return False
    job.state = "failed"
    return True


def reset(db: Session, job: PreviewJob) -> None:
    """Make the job again from the start (regenerate)."""
    from ..tables import Preview

    db.execute(delete(Preview).where(Preview.job_id == job.id))
    job.state, job.attempts, job.error, job.claim, job.lease_until = "pending", 0, None, None, None
    job.run_after = job.updated_at = utcnow()


def project_of(db: Session, version_id: int) -> tuple[int, str, Version, Asset]:
    version, asset, code = db.execute(
        select(Version, Asset, Project.code).join(Asset, Asset.id == Version.asset_id)
        .join(Project, Project.id == Asset.project_id).where(Version.id == version_id)).one()
    return asset.project_id, code, version, asset


def representation_name(db: Session, representation_id: int) -> str:
    return db.scalar(select(Representation.name).where(Representation.id == representation_id)) or ""


def _fps(meta: dict) -> float:
    try:
        fps = float(meta.get("fps", 24))
    except (TypeError, ValueError):
        return 24.0
    return fps if 0 < fps <= 1000 else 24.0
