"""Preview jobs on SQLite and PostgreSQL: enqueued with the version, made by a worker (the embedded pool's
lease scan on SQLite, a procrastinate worker on PostgreSQL), listed, streamed with Range, failed with a
reason, made again by admins."""

from __future__ import annotations

import threading
from pathlib import Path

import av
import pytest
from brickyard.server.foreground import Foreground
from brickyard.server.jobs.pool import work
from brickyard.server.jobs.procrastinate_queue import QueueWorker, make_app
from brickyard.server.jobs.queue import take
from brickyard.server.jobs.runner import Runner
from brickyard.server.media.limits import MediaLimits
from brickyard.server.tables import PreviewJob
from sqlalchemy import text

from tests.server.factories import error_of
from tests.support.media import make_clip, make_exr


@pytest.fixture
def runner(app, settings) -> Runner:
    return Runner(app.state.sessions, app.state.blobs, settings.work_dir, MediaLimits(timeout_seconds=60))


def run_jobs(runner: Runner, count: int, retry_wait_seconds: int = 0) -> int:
    """Run queued jobs as this database does: SQLite's embedded lease scan (``count`` of them), or on
    PostgreSQL a procrastinate worker until nothing is waiting. Returns how many runs there were."""
    engine = runner.sessions.kw["bind"]
    if engine.dialect.name != "postgresql":
        return work(runner, threading.Event(), lease_seconds=30, idle=0.01, max_jobs=count)
    before = queue_runs(runner)
    app = make_app(engine.url.render_as_string(hide_password=False), runner, retry_wait_seconds)
    QueueWorker(app, wait=False, delete_jobs="never").run()  # kept, to be counted
    return queue_runs(runner) - before


def queue_runs(runner: Runner) -> int:
    with runner.sessions() as db:
        return db.scalar(text("SELECT count(*) FROM procrastinate_events WHERE type = 'started'"))


def publish_files(api, asset: str, rep: str, files: dict[str, bytes], **fields) -> dict:
    entries = [{"path": path, **api.blob(data)} for path, data in files.items()]
    for number, entry in enumerate(entries):
        if len(entries) > 1:
            entry["frame"] = 1001 + number
    return api.ok("POST", "/projects/film/versions", 201, json={
        "asset": asset, "kind": "video", "representations": [{"name": rep, "files": entries}], **fields})


def test_a_published_clip_gets_a_proxy_a_poster_and_a_thumbnail(api, runner, app, tmp_path):
    api.project("film")
    clip = make_clip(tmp_path / "shot.mov", 24, width=160, height=90).read_bytes()
    version = publish_files(api, "shot", "mov", {"shot.mov": clip})
    listed = api.ok("GET", f"/versions/{version['id']}/previews")
    assert [(r["representation"], r["kind"], r["state"]) for r in listed["representations"]] == [
        ("mov", "video", "pending")]  # enqueued by the publish itself

    assert run_jobs(runner, 1) == 1
    listed = api.ok("GET", f"/versions/{version['id']}/previews")
    [rep] = listed["representations"]
    assert rep["state"] == "ready" and rep["error"] is None
    files = {f["role"]: f for f in rep["files"]}
    assert set(files) == {"proxy", "poster", "thumbnail"}
    proxy = files["proxy"]
    assert (proxy["media_type"], proxy["width"], proxy["height"], proxy["fps"]) == ("video/mp4", 160, 90, 24.0)

    whole = api.get(proxy["url"].removeprefix("/api/v1"))
    assert whole.status_code == 200 and whole.headers["content-type"] == "video/mp4"
    assert len(whole.content) == proxy["size"]
    part = api.get(proxy["url"].removeprefix("/api/v1"), headers={"Range": "bytes=100-199"})
    assert part.status_code == 206 and part.content == whole.content[100:200]
    assert part.headers["content-range"] == f"bytes 100-199/{proxy['size']}"
    (tmp_path / "proxy.mp4").write_bytes(whole.content)
    with av.open(str(tmp_path / "proxy.mp4")) as container:
        assert container.streams.video[0].codec_context.name == "h264"

    # The publisher gave no thumbnail: the derived one stands in, readable as the version's thumbnail.
    after = api.ok("GET", f"/versions/{version['id']}")
    assert after["thumbnail"] == files["thumbnail"]["sha256"] == listed["thumbnail"]
    assert api.get(f"/blobs/{after['thumbnail']}").status_code == 200
    events = api.ok("GET", "/projects/film/events")
    ready = [e for e in events if e["type"] == "preview.ready"]
    assert [e["data"]["version_id"] for e in ready] == [version["id"]]
    assert ready[0]["data"]["representation"] == "mov"


def test_a_worker_takes_no_job_while_the_server_receives_a_publish(api, runner, tmp_path):
    """Publishes first: a job waits until the publishing requests in flight end (then it runs as usual)."""
    api.project("film")
    version = publish_files(api, "shot", "mov", {"shot.mov": make_clip(tmp_path / "s.mov", 6).read_bytes()})
    foreground = runner.foreground = Foreground(quiet_seconds=0.05, longest_wait=60)
    foreground.begin()  # an upload, say, still arriving
    ran: list[int] = []
    worker = threading.Thread(target=lambda: ran.append(run_jobs(runner, 1)))
    worker.start()
    worker.join(0.5)
    assert worker.is_alive()
    [rep] = api.ok("GET", f"/versions/{version['id']}/previews")["representations"]
    assert rep["state"] == "pending" and rep["attempts"] == 0
    foreground.end()
    worker.join(60)
    assert ran == [1]
    [rep] = api.ok("GET", f"/versions/{version['id']}/previews")["representations"]
    assert rep["state"] == "ready"


def test_an_exr_sequence_keeps_the_publishers_thumbnail(api, runner, tmp_path):
    api.project("film")
    frames = {f"plate.{1001 + i}.exr": make_exr(tmp_path / f"p{i}.exr", i, 64, 32).read_bytes() for i in range(6)}
    mine = api.blob(b"\x89PNG not really")
    version = publish_files(api, "plate", "exr", frames, thumbnail=mine["sha256"], metadata={"fps": 12})
    run_jobs(runner, 1)
    [rep] = api.ok("GET", f"/versions/{version['id']}/previews")["representations"]
    assert rep["kind"] == "sequence" and rep["state"] == "ready"
    proxy = next(f for f in rep["files"] if f["role"] == "proxy")
    assert proxy["fps"] == 12 and abs(proxy["duration"] - 0.5) < 0.01
    assert api.ok("GET", f"/versions/{version['id']}")["thumbnail"] == mine["sha256"]


def test_broken_media_fails_with_a_reason_and_the_version_stays_usable(api, runner):
    api.project("film")
    version = publish_files(api, "broken", "mov", {"broken.mov": b"not a movie at all" * 100})
    run_jobs(runner, 1)
    [rep] = api.ok("GET", f"/versions/{version['id']}/previews")["representations"]
    assert rep["state"] == "failed" and "corrupt" in rep["error"] and rep["files"] == []
    failed = [e for e in api.ok("GET", "/projects/film/events") if e["type"] == "preview.failed"]
    assert failed and "corrupt" in failed[0]["data"]["error"]
    answer = api.ok("POST", "/resolve", json={"references": ["brickyard://film/broken?version=latest"]})
    assert answer["items"][0]["version"]["id"] == version["id"]


def test_what_has_no_preview_says_so(api):
    api.project("film")
    version = api.publish("film", "hero")  # a .glb
    [rep] = api.ok("GET", f"/versions/{version['id']}/previews")["representations"]
    assert rep["state"] == "none" and rep["error"] == "no preview for this kind of file (.glb)"


def test_regenerate_is_for_project_admins_and_makes_them_again(api, runner, app, tmp_path):
    api.project("film")
    artist = api.as_user(api.member_token("film", "ana", "artist"))
    clip = make_clip(tmp_path / "shot.mov", 6, width=64, height=64).read_bytes()
    version = publish_files(api, "shot", "mov", {"shot.mov": clip})
    run_jobs(runner, 1)
    refused = artist.post(f"/versions/{version['id']}/previews/regenerate")
    assert refused.status_code == 403 and "admin" in error_of(refused)["message"]
    again = api.ok("POST", f"/versions/{version['id']}/previews/regenerate", 202)
    assert again["representations"][0]["state"] == "pending" and again["representations"][0]["files"] == []
    run_jobs(runner, 1)
    [rep] = api.ok("GET", f"/versions/{version['id']}/previews")["representations"]
    assert rep["state"] == "ready" and rep["attempts"] == 1


def test_a_retryable_failure_waits_with_back_off_then_fails_for_good(api, runner, app, monkeypatch):
    from datetime import datetime, timezone

    from brickyard.server.jobs import queue
    from brickyard.server.media import isolated
    from brickyard.server.media.errors import MediaError

    api.project("film")
    version = publish_files(api, "shot", "mov", {"shot.mov": b"x" * 10})
    reason = "making the preview took longer than 1 s and was stopped"

    def flaky(*args, **kwargs):
        raise MediaError(reason, retry=True)

    monkeypatch.setattr(isolated, "run", flaky)
    postgres = app.state.engine.dialect.name == "postgresql"
    assert run_jobs(runner, 1, retry_wait_seconds=15) == 1
    [rep] = api.ok("GET", f"/versions/{version['id']}/previews")["representations"]
    assert (rep["state"], rep["error"], rep["attempts"]) == ("pending", reason, 1)  # waiting to be tried again
    with app.state.sessions() as db:
        if postgres:  # procrastinate's RetryStrategy scheduled it 15 s on
            due = db.scalar(text("SELECT scheduled_at FROM procrastinate_jobs"))
            db.execute(text("UPDATE procrastinate_jobs SET scheduled_at = now()"))
        else:
            due = db.query(PreviewJob).one().run_after
            db.query(PreviewJob).update({"run_after": datetime.now(timezone.utc)})
        db.commit()
    waited = (due.replace(tzinfo=due.tzinfo or timezone.utc) - datetime.now(timezone.utc)).total_seconds()
    assert 5 < waited <= 15
    monkeypatch.setattr(queue, "BACKOFF_SECONDS", 0.0)
    assert run_jobs(runner, queue.MAX_ATTEMPTS - 1) == queue.MAX_ATTEMPTS - 1
    with app.state.sessions() as db:
        job = db.query(PreviewJob).one()
        assert (job.state, job.attempts) == ("failed", queue.MAX_ATTEMPTS)
    [rep] = api.ok("GET", f"/versions/{version['id']}/previews")["representations"]
    assert rep["error"] == reason
    failed = [e for e in api.ok("GET", "/projects/film/events") if e["type"] == "preview.failed"]
    assert [e["data"]["error"] for e in failed] == [reason]  # once, at the end


def test_unknown_versions_and_previews_answer_404(api):
    assert error_of(api.get("/versions/999/previews"))["code"] == "not_found"
    assert error_of(api.get("/previews/999"))["code"] == "not_found"


def test_a_job_whose_outcome_could_not_be_recorded_is_run_again(api, runner, app, tmp_path, monkeypatch):
    """SQLite: it is taken again once its lease runs out. PostgreSQL: procrastinate retries the task."""
    from datetime import timedelta

    from brickyard.server.tables import utcnow
    from sqlalchemy.exc import OperationalError

    api.project("film")
    clip = make_clip(tmp_path / "shot.mov", 6, width=64, height=64).read_bytes()
    version = publish_files(api, "shot", "mov", {"shot.mov": clip})
    finish, failures = Runner._finish, []

    def database_gone_once(self, task, stored):
        if not failures:
            failures.append(task.job_id)
            raise OperationalError("UPDATE preview_jobs", {}, Exception("server closed the connection"))
        return finish(self, task, stored)

    monkeypatch.setattr(Runner, "_finish", database_gone_once)
    if app.state.engine.dialect.name == "postgresql":
        assert run_jobs(runner, 2) == 2  # the same procrastinate job, run again
    else:
        assert run_jobs(runner, 1) == 1  # the worker lives on
        [rep] = api.ok("GET", f"/versions/{version['id']}/previews")["representations"]
        assert rep["state"] == "running" and rep["files"] == []
        assert take(app.state.sessions, 30) is None  # still leased: no other worker takes it meanwhile
        with app.state.sessions() as db:  # the lease runs out (as it would after preview_lease_seconds)
            job = db.query(PreviewJob).one()
            job.lease_until = utcnow() - timedelta(seconds=1)
            db.commit()
        assert run_jobs(runner, 1) == 1
    [rep] = api.ok("GET", f"/versions/{version['id']}/previews")["representations"]
    assert (rep["state"], rep["attempts"]) == ("ready", 2)
    assert failures


def test_on_postgresql_an_outcome_that_never_records_ends_failed_after_the_last_try(api, runner, app, tmp_path,
                                                                                   monkeypatch):
    if app.state.engine.dialect.name != "postgresql":
        pytest.skip("SQLite's pool fails it as a worker that stopped 3 times (its lease runs out each time)")
    from brickyard.server.jobs import queue
    from sqlalchemy.exc import OperationalError

    api.project("film")
    clip = make_clip(tmp_path / "shot.mov", 4, width=64, height=64).read_bytes()
    version = publish_files(api, "shot", "mov", {"shot.mov": clip})

    def database_gone(self, task, stored):
        raise OperationalError("UPDATE preview_jobs", {}, Exception("server closed the connection"))

    monkeypatch.setattr(Runner, "_finish", database_gone)
    assert run_jobs(runner, queue.MAX_ATTEMPTS) == queue.MAX_ATTEMPTS
    [rep] = api.ok("GET", f"/versions/{version['id']}/previews")["representations"]
    assert rep["state"] == "failed" and rep["attempts"] == queue.MAX_ATTEMPTS
    assert rep["error"].startswith("the server could not record this preview: (builtins.Exception) server closed")


def test_a_data_folder_given_as_a_relative_path_works(api, app, settings, tmp_path, monkeypatch):
    import os

    from brickyard.server.blobs import LocalBlobStore

    api.project("film")
    clip = make_clip(tmp_path / "shot.mov", 4, width=64, height=64).read_bytes()
    version = publish_files(api, "shot", "mov", {"shot.mov": clip})
    monkeypatch.chdir(tmp_path)  # as `brickyard serve --data brickyard-data` run from a project folder
    relative = Path(os.path.relpath(settings.blob_dir, tmp_path))
    runner = Runner(app.state.sessions, LocalBlobStore(relative), Path("work"), MediaLimits(timeout_seconds=60))
    assert run_jobs(runner, 1) == 1
    [rep] = api.ok("GET", f"/versions/{version['id']}/previews")["representations"]
    assert rep["state"] == "ready", rep["error"]


def test_on_postgresql_a_publish_queues_its_procrastinate_job_in_the_same_transaction(api, app, tmp_path):
    if app.state.engine.dialect.name != "postgresql":
        pytest.skip("procrastinate is the queue on PostgreSQL; SQLite's embedded pool scans preview_jobs")
    api.project("film")
    clip = make_clip(tmp_path / "shot.mov", 4, width=64, height=64).read_bytes()
    version = publish_files(api, "shot", "mov", {"shot.mov": clip})
    with app.state.sessions() as db:
        job_id = db.query(PreviewJob).one().id
        queued = db.execute(text("SELECT task_name, queue_name, lock, args, status FROM procrastinate_jobs")).all()
    assert [tuple(row) for row in queued] == [
        ("brickyard.make_preview", "previews", f"preview-{job_id}", {"preview_job_id": job_id}, "todo")]

    # A transaction that wrote a preview job and then failed leaves neither row behind.
    from brickyard.server.services.previews import enqueue
    from brickyard.server.tables import Representation

    with app.state.sessions() as db:
        rep = Representation(version_id=version["id"], name="extra")
        db.add(rep)
        db.flush()
        assert enqueue(db, version["id"], rep.id, ["extra.mov"]) is not None
        assert db.scalar(text("SELECT count(*) FROM procrastinate_jobs")) == 2  # inside the transaction
        db.rollback()
    with app.state.sessions() as db:
        assert db.scalar(text("SELECT count(*) FROM procrastinate_jobs")) == 1
        assert db.query(PreviewJob).count() == 1

    api.ok("POST", f"/versions/{version['id']}/previews/regenerate", 202)
    with app.state.sessions() as db:
        assert db.scalar(text("SELECT count(*) FROM procrastinate_jobs WHERE status = 'todo'")) == 2


def test_a_project_that_names_an_ocio_config_gets_exr_previews_through_its_view(api, runner, tmp_path):
    import numpy as np
    from PIL import Image

    from tests.support.media import make_flat_exr, write_swap_ocio_config

    api.project("film")
    config = write_swap_ocio_config(tmp_path / "config.ocio")
    refused = api.call("PATCH", "/projects/film", json={"color": {"ocio_config": str(config), "view": "film"}})
    assert refused.status_code == 422 and "no view 'film'" in error_of(refused)["message"]
    project = api.ok("PATCH", "/projects/film", json={"color": {"ocio_config": str(config), "display": "review",
                                                                "view": "swap"}})
    assert project["color"]["view"] == "swap"

    exr = make_flat_exr(tmp_path / "red.exr", (0.5, 0.0, 0.0)).read_bytes()
    version = publish_files(api, "plate", "exr", {"red.exr": exr})
    run_jobs(runner, 1)
    [rep] = api.ok("GET", f"/versions/{version['id']}/previews")["representations"]
    assert rep["state"] == "ready", rep["error"]
    thumbnail = next(f for f in rep["files"] if f["role"] == "thumbnail")
    (tmp_path / "thumb.jpg").write_bytes(api.get(thumbnail["url"].removeprefix("/api/v1")).content)
    pixel = np.asarray(Image.open(tmp_path / "thumb.jpg").convert("RGB"))[16, 32].astype(int)
    assert np.abs(pixel - (0, 0, 128)).max() <= 3  # red became blue: the view's matrix, not plain sRGB

    assert api.ok("PATCH", "/projects/film", json={"clear_color": True})["color"] is None


@pytest.mark.empty_database  # a database from before the queue: its schema must not be there yet
def test_preview_jobs_written_before_the_queue_existed_are_queued_when_its_schema_is_applied(settings, monkeypatch,
                                                                                            tmp_path):
    if not settings.database_url.startswith("postgresql"):
        pytest.skip("procrastinate is the queue on PostgreSQL only")
    from brickyard.server.app import create_app
    from brickyard.server.jobs import procrastinate_queue
    from brickyard.server.migrate import upgrade_to_head
    from fastapi.testclient import TestClient

    from tests.server.factories import Api

    monkeypatch.setattr(procrastinate_queue, "queue_installed", lambda: False)  # a server from before
    app = create_app(settings)
    try:
        with TestClient(app) as client:
            api = Api(client, (settings.data_dir / "admin-token").read_text().strip())
            api.project("film")
            clip = make_clip(tmp_path / "shot.mov", 4, width=64, height=64).read_bytes()
            publish_files(api, "shot", "mov", {"shot.mov": clip})
        with app.state.engine.connect() as connection:
            assert connection.execute(text("SELECT to_regclass('procrastinate_jobs')")).scalar() is None
        monkeypatch.undo()
        upgrade_to_head(app.state.engine)  # the next start, with procrastinate installed
        upgrade_to_head(app.state.engine)  # and the one after: nothing more
        with app.state.sessions() as db:
            job_id = db.query(PreviewJob).one().id
            queued = db.execute(text("SELECT args FROM procrastinate_jobs")).scalars().all()
        assert queued == [{"preview_job_id": job_id}]
    finally:
        app.state.engine.dispose()
