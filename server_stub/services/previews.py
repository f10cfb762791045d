"""Review media of versions: enqueue their jobs with the version, list them, make them again."""

from __future__ import annotations

from brickyard.core.errors import NotFound
from brickyard.core.models import PreviewFile, PreviewState, RepresentationPreviews, Role, VersionPreviews
from brickyard.core.reference import Reference
from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from ..db import write_transaction
from ..media.kinds import classify, why_not
from ..tables import Asset, File, Preview, PreviewJob, Project, Representation, Version
from .access import Caller, project_access
from .batching import insert_dicts

PREVIEW_URL = "/api/v1/previews/{id}"


def enqueue(db: Session, version_id: int, representation_id: int, paths: list[str]) -> PreviewJob | None:
    """Add the representation's job to the current transaction (none when nothing is previewable)."""
    kind = classify(paths)
    if kind is None:
        return None
    job = PreviewJob(version_id=version_id, representation_id=representation_id, kind=kind, state="pending",
                     attempts=0)
    db.add(job)
    _queue(db, job)
    return job


def _queue(db: Session, job: PreviewJob) -> None:
    """On PostgreSQL, procrastinate's job too, in this same transaction (SQLite's embedded pool finds
    pending rows by itself)."""
    if _queued_by_procrastinate(db):
        from ..jobs.procrastinate_queue import defer

        db.flush()
        defer(db, job.id)


def _queued_by_procrastinate(db: Session) -> bool:
    """PostgreSQL with the media extra installed (without it no worker could run the job; the row waits for
    a regenerate)."""
    if db.get_bind().dialect.name != "postgresql":
        return False
    from ..jobs.procrastinate_queue import queue_installed

    return queue_installed()


def enqueue_many(db: Session, representations: list[tuple[int, int, list[str]]]) -> int:
    """``enqueue`` for many ``(version id, representation id, file paths)`` in one statement; the jobs added."""
    rows = [{"version_id": version_id, "representation_id": rep_id, "kind": kind, "state": "pending", "attempts": 0}
            for version_id, rep_id, paths in representations if (kind := classify(paths)) is not None]
    if not rows:
        return 0
    table = PreviewJob.__table__
    if _queued_by_procrastinate(db):
        ids = db.execute(insert(table).returning(table.c.id), rows).scalars().all()
        db.flush()
        from ..jobs.procrastinate_queue import defer

        for job_id in ids:  # each with its own lock, as ``enqueue`` defers it
            defer(db, job_id)
    else:
        insert_dicts(db, table, rows)
    return len(rows)


def _version(db: Session, caller: Caller, version_id: int, role: Role) -> tuple[Version, Asset, str]:
    row = db.execute(select(Version, Asset, Project.code).join(Asset, Asset.id == Version.asset_id)
                     .join(Project, Project.id == Asset.project_id).where(Version.id == version_id)).first()
    if row is None:
        raise NotFound(f"no version {version_id}", detail={"version_id": version_id})
    version, asset, code = row
    access = project_access(db, caller, code)
    if role != Role.viewer:
        access.require(role, "make a version's previews again")
    return version, asset, code


def list_for_version(db: Session, caller: Caller, version_id: int) -> VersionPreviews:
    version, asset, code = _version(db, caller, version_id, Role.viewer)
    reference = str(Reference(code, asset.folder, asset.name, version.number))
    return describe(db, [(version.id, reference, version.thumbnail_sha256)])[version.id]


def describe(db: Session, versions: list[tuple[int, str, str | None]]) -> dict[int, VersionPreviews]:
    """What each of ``versions`` (id, reference, thumbnail) has, in four queries however many there are.
    The caller has checked that the user may see them (``list_for_version``, or the web's asset page)."""
    ids = [version_id for version_id, _, _ in versions]
    reps = db.scalars(select(Representation).where(Representation.version_id.in_(ids))
                      .order_by(Representation.id)).all()
    jobs = {j.representation_id: j for j in db.scalars(select(PreviewJob).where(PreviewJob.version_id.in_(ids)))}
    files: dict[int, list[Preview]] = {}
    if jobs:
        for preview in db.scalars(select(Preview).where(Preview.job_id.in_([j.id for j in jobs.values()]))
                                  .order_by(Preview.id)):
            files.setdefault(preview.job_id, []).append(preview)
    paths: dict[int, list[str]] = {}
    without = [rep.id for rep in reps if rep.id not in jobs]
    if without:
        for rep_id, path in db.execute(select(File.representation_id, File.path)
                                       .where(File.representation_id.in_(without))):
            paths.setdefault(rep_id, []).append(path)
    answers: dict[int, list[RepresentationPreviews]] = {version_id: [] for version_id in ids}
    for rep in reps:
        job = jobs.get(rep.id)
        if job is None:
            answers[rep.version_id].append(RepresentationPreviews(
                representation=rep.name, kind=None, state=PreviewState.none, error=why_not(paths.get(rep.id, []))))
            continue
        answers[rep.version_id].append(RepresentationPreviews(
            representation=rep.name, kind=job.kind, state=PreviewState(job.state), error=job.error,
            attempts=job.attempts, files=[_public(p) for p in files.get(job.id, [])]))
    return {version_id: VersionPreviews(version_id=version_id, reference=reference, thumbnail=thumbnail,
                                        representations=answers[version_id])
            for version_id, reference, thumbnail in versions}


def _public(preview: Preview) -> PreviewFile:
    return PreviewFile(role=preview.role, media_type=preview.media_type, size=preview.size, sha256=preview.sha256,
                       width=preview.width, height=preview.height, duration=preview.duration, fps=preview.fps,
                       url=PREVIEW_URL.format(id=preview.id))


def regenerate(db: Session, caller: Caller, version_id: int) -> VersionPreviews:
    """Project admins: make every previewable representation's media again (also for versions published
    before previews existed)."""
    from ..jobs.queue import reset

    with write_transaction(db):
        _version(db, caller, version_id, Role.admin)
        jobs = {j.representation_id: j for j in db.scalars(select(PreviewJob).where(
            PreviewJob.version_id == version_id).with_for_update())}
        for rep in db.scalars(select(Representation).where(Representation.version_id == version_id)):
            if rep.id in jobs:
                reset(db, jobs[rep.id])
                _queue(db, jobs[rep.id])
            else:
                enqueue(db, version_id, rep.id, list(db.scalars(select(File.path).where(
                    File.representation_id == rep.id))))
    return list_for_version(db, caller, version_id)


def preview_for_reading(db: Session, caller: Caller, preview_id: int) -> Preview:
    return preview_and_project(db, caller, preview_id)[0]


def preview_and_project(db: Session, caller: Caller, preview_id: int) -> tuple[Preview, str]:
    """The preview and its version's project code, once ``caller`` is known to see that project."""
    preview = db.get(Preview, preview_id)
    if preview is None:
        raise NotFound(f"no preview {preview_id}", detail={"preview_id": preview_id})
    job = db.get(PreviewJob, preview.job_id)
    _version_row, _asset, code = _version(db, caller, job.version_id, Role.viewer)
    return preview, code
