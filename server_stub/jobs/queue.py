"""The ``preview_jobs`` rows: the state the API reports and the outbox a publish writes in its own
transaction. A worker *starts* a job (it takes a fresh claim), and only the claim's holder may finish it,
so a job completes once even when a worker thought dead wakes up later. Which worker starts which job is
decided elsewhere: procrastinate on PostgreSQL (``procrastinate_queue``), a lease scan on SQLite (``take``
here, used by the embedded pool)."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import and_, delete, or_, select, update
from sqlalchemy.orm import Session, sessionmaker

from ..db import write_transaction
from ..tables import Asset, File, PreviewJob, Project, Representation, Version, utcnow

MAX_ATTEMPTS = 3
BACKOFF_SECONDS = 15.0  # SQLite's embedded pool: × 4 per attempt, 15 s then 60 s


@dataclass
class Task:
    """What a worker needs to run a job without holding a database session."""
    job_id: int
    claim: str
    kind: str
    attempt: int
    files: list[tuple[str, str, int]]  # (path, sha256, size), frames in order
    fps: float
    color: dict | None = None  # the project's OCIO view (ColorSettings), or None


def start(db: Session, job: PreviewJob, lease_seconds: float | None = None) -> Task | None:
    """Claim ``job`` (locked by the caller) for a new attempt; None when there is nothing to do: it is
    finished, or the workers running it died ``MAX_ATTEMPTS`` times (it is then failed, with its event)."""
    if job.state not in ("pending", "running"):
        return None
    now = utcnow()
    if job.state == "running" and job.attempts >= MAX_ATTEMPTS:
        # Its workers died with it (killed, out of memory) every time: stop handing it out.
        reason = f"the worker stopped {job.attempts} times while making this preview; nothing was made"
        give_up_or_retry(db, job, reason, None)
        failed_event(db, job, reason)
        return None
    job.state, job.claim = "running", secrets.token_hex(16)
    job.attempts += 1
    job.lease_until = now + timedelta(seconds=lease_seconds) if lease_seconds else None
    job.updated_at = now
    rows = db.execute(select(File.path, File.sha256, File.size).where(
        File.representation_id == job.representation_id).order_by(File.frame, File.path)).all()
    version = db.get(Version, job.version_id)
    color = db.scalar(select(Project.color).join(Asset, Asset.project_id == Project.id)
                      .where(Asset.id == version.asset_id))
    return Task(job.id, job.claim, job.kind, job.attempts, [tuple(r) for r in rows], _fps(version.meta or {}),
                color or None)


def take(sessions: sessionmaker[Session], lease_seconds: float) -> Task | None:
    """SQLite's embedded pool: the oldest job that is due (pending, or running under a lease that ran
    out — what a killed server leaves behind), now leased to us."""
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
            task = start(db, job, lease_seconds)
            if task is not None:
                return task
            db.flush()


def renew(sessions: sessionmaker[Session], task: Task, lease_seconds: float) -> bool:
    """Extend our lease; False when it is no longer ours (it ran out and another worker took the job)."""
    with sessions() as db, write_transaction(db):
        done = db.execute(update(PreviewJob).where(PreviewJob.id == task.job_id, PreviewJob.claim == task.claim,
                                                   PreviewJob.state == "running")
                          .values(lease_until=utcnow() + timedelta(seconds=lease_seconds)))
        return done.rowcount == 1


def holds(db: Session, task: Task) -> PreviewJob | None:
    """The job row, locked, when ``task`` still holds its claim."""
    return db.scalar(select(PreviewJob).where(PreviewJob.id == task.job_id, PreviewJob.claim == task.claim,
                                              PreviewJob.state == "running").with_for_update())


def give_up_or_retry(db: Session, job: PreviewJob, reason: str, retry_in: float | None) -> bool:
    """Back to pending (tried again in ``retry_in`` seconds), or failed for good when that is None;
    True when the job has now failed."""
    job.error, job.claim, job.lease_until, job.updated_at = reason, None, None, utcnow()
    if retry_in is not None:
        job.state = "pending"
        job.run_after = utcnow() + timedelta(seconds=retry_in)
        return False
    job.state = "failed"
    return True


def backoff(attempt: int) -> float | None:
    """SQLite's embedded pool: seconds before the next try after ``attempt`` failed, None when none is left."""
    return BACKOFF_SECONDS * 4 ** (attempt - 1) if attempt < MAX_ATTEMPTS else None


def reset(db: Session, job: PreviewJob) -> None:
    """Make the job again from the start (regenerate)."""
    from ..tables import Preview

    db.execute(delete(Preview).where(Preview.job_id == job.id))
    job.state, job.attempts, job.error, job.claim, job.lease_until = "pending", 0, None, None, None
    job.run_after = job.updated_at = utcnow()


def failed_event(db: Session, job: PreviewJob, reason: str) -> None:
    record_event(db, "preview.failed", job, error=reason)


def record_event(db: Session, type_: str, job: PreviewJob, **extra) -> None:
    """``preview.ready`` / ``preview.failed``, in the transaction that records the outcome."""
    from brickyard.core.reference import Reference

    from ..services import events

    version, asset, code = db.execute(
        select(Version, Asset, Project.code).join(Asset, Asset.id == Version.asset_id)
        .join(Project, Project.id == Asset.project_id).where(Version.id == job.version_id)).one()
    name = db.scalar(select(Representation.name).where(Representation.id == job.representation_id)) or ""
    events.record(db, type_, project_id=asset.project_id, user_id=None, data={
        "version_id": version.id, "job_id": job.id, "representation": name,
        "reference": str(Reference(code, asset.folder, asset.name, version.number)), **extra})


def _fps(meta: dict) -> float:
    try:
        fps = float(meta.get("fps", 24))
    except (TypeError, ValueError):
        return 24.0
    return fps if 0 < fps <= 1000 else 24.0
