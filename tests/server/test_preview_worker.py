"""Preview workers as real processes: the embedded pool of `brickyard serve` on SQLite, driven by the
`brickyard previews` CLI; `brickyard worker` (a procrastinate worker) on PostgreSQL killed mid-job and started again."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import av
import psycopg
import pytest
import requests

from tests.conftest import postgres_skip_reason
from tests.support.cli import BRICKYARD, assert_clean_failure, run_cli
from tests.support.media import make_clip, read_burnt_in
from tests.support.postgres import fresh_database
from tests.support.server import ServerProcess
from tests.support.studio import make_studio

pytestmark = pytest.mark.slow


def test_the_embedded_pool_makes_previews_the_cli_waits_for_and_downloads(sqlite_server, tmp_path):
    studio = make_studio(sqlite_server, tmp_path)
    clip = make_clip(tmp_path / "shot.mov", 30, width=192, height=108, tone=True)
    ana = studio.client("ana")
    version = ana.publish("film", "shot", "video", [clip], folder="seq010")
    env = {"BRICKYARD_URL": sqlite_server.url, "BRICKYARD_TOKEN": studio.tokens["ana"]}
    done = run_cli("previews", version.reference, "--wait", "--timeout", "120", "--to", str(tmp_path / "got"),
                   env=env, cwd=tmp_path)
    assert done.code == 0, done.err
    assert "ready" in done.out and "proxy" in done.out and "video/mp4" in done.out
    proxy = tmp_path / "got" / "mov_proxy.mp4"
    with av.open(str(proxy)) as container:
        frames = [f.to_ndarray(format="rgb24") for f in container.decode(video=0)]
    assert abs(len(frames) - 30) <= 1 and read_burnt_in(frames[20]) == 20
    assert ana.version(version.reference).thumbnail is not None  # what the Loader shows

    refused = run_cli("previews", "regenerate", version.reference, env=env, cwd=tmp_path)
    assert_clean_failure(refused, "admin")


@pytest.mark.postgres
def test_serve_on_postgresql_runs_the_procrastinate_worker_itself_and_stops_promptly(tmp_path):
    reason = postgres_skip_reason()
    if reason:
        pytest.skip(reason)
    with fresh_database() as database_url:
        server = ServerProcess(tmp_path / "data", database_url=database_url).start()
        try:
            studio = make_studio(server, tmp_path)
            clip = make_clip(tmp_path / "shot.mov", 12, width=128, height=72)
            version = studio.client("ana").publish("film", "shot", "video", [clip])
            env = {"BRICKYARD_URL": server.url, "BRICKYARD_TOKEN": studio.tokens["ana"]}
            done = run_cli("previews", version.reference, "--wait", "--timeout", "120", env=env, cwd=tmp_path)
            assert done.code == 0, (done.err, server.log_path.read_text())
            assert "ready" in done.out and "proxy" in done.out
            # Another long job is running when the server is told to stop: it stops within the grace anyway.
            long = make_clip(tmp_path / "long.mov", 960, width=640, height=360)
            slow = studio.client("ana").publish("film", "long", "video", [long])
            deadline = time.monotonic() + 60
            while _job(server.url, studio.tokens["ana"], slow.id)["state"] != "running":
                assert time.monotonic() < deadline
                time.sleep(0.05)
            started = time.monotonic()
            server.proc.send_signal(signal.SIGINT)
            assert server.proc.wait(timeout=30) == 0
            assert time.monotonic() - started < 15
            with psycopg.connect(database_url.replace("+psycopg", "")) as connection:  # not lost:
                state, = connection.execute("SELECT state FROM preview_jobs WHERE version_id = %s",
                                            (slow.id,)).fetchone()
                queued = connection.execute("SELECT status FROM procrastinate_jobs WHERE args->>'preview_job_id' = "
                                            "%s", (str(_job_id(database_url, slow.id)),)).fetchone()
            # handed back to the queue — or, on a quick machine, finished within the stop's grace
            assert (queued is not None and queued[0] == "todo") or (state == "ready" and queued is None), \
                (state, queued)
        finally:
            server.stop()


def _job_id(database_url: str, version_id: int) -> int:
    with psycopg.connect(database_url.replace("+psycopg", "")) as connection:
        return connection.execute("SELECT id FROM preview_jobs WHERE version_id = %s", (version_id,)).fetchone()[0]


def _job(url: str, token: str, version_id: int) -> dict:
    answer = requests.get(f"{url}/api/v1/versions/{version_id}/previews",
                          headers={"Authorization": f"Bearer {token}"}, timeout=10)
    answer.raise_for_status()
    return answer.json()["representations"][0]


def _start_worker(data: Path, database_url: str, log: Path) -> subprocess.Popen:
    env = {**os.environ, "BRICKYARD_PREVIEW_LEASE_SECONDS": "2"}
    return subprocess.Popen([BRICKYARD, "worker", "--data", str(data), "--database-url", database_url],
                            stdout=open(log, "ab"), stderr=subprocess.STDOUT, env=env)


@pytest.mark.postgres
def test_a_worker_killed_mid_job_leaves_it_to_the_next_which_completes_it_once(tmp_path):
    reason = postgres_skip_reason()
    if reason:
        pytest.skip(reason)
    with fresh_database() as database_url:
        server = ServerProcess(tmp_path / "data", database_url=database_url,
                               env={"BRICKYARD_PREVIEW_WORKERS": "0"}).start()
        workers: list[subprocess.Popen] = []
        try:
            studio = make_studio(server, tmp_path)
            clip = make_clip(tmp_path / "long.mov", 480, width=640, height=360)
            version = studio.client("ana").publish("film", "long", "video", [clip])
            token = studio.tokens["ana"]
            assert _job(server.url, token, version.id)["state"] == "pending"

            workers.append(_start_worker(server.data_dir, database_url, tmp_path / "worker1.log"))
            deadline = time.monotonic() + 60
            while _job(server.url, token, version.id)["state"] != "running":
                assert time.monotonic() < deadline, (tmp_path / "worker1.log").read_text()
                time.sleep(0.05)
            time.sleep(0.5)  # well inside the encode
            workers[0].send_signal(signal.SIGKILL)
            workers[0].wait()
            killed = _job(server.url, token, version.id)
            assert killed["state"] == "running" and killed["files"] == []

            workers.append(_start_worker(server.data_dir, database_url, tmp_path / "worker2.log"))
            deadline = time.monotonic() + 120
            while (job := _job(server.url, token, version.id))["state"] != "ready":
                assert job["state"] in ("running", "pending") and time.monotonic() < deadline, \
                    (tmp_path / "worker2.log").read_text()
                time.sleep(0.2)
            assert job["attempts"] == 2  # the killed run and the one that finished: made once
            assert sorted(f["role"] for f in job["files"]) == ["poster", "proxy", "thumbnail"]
            events = studio.client("ana").events("film")
            assert [e.data["version_id"] for e in events if e.type == "preview.ready"] == [version.id]
        finally:
            for worker in workers:
                if worker.poll() is None:
                    worker.send_signal(signal.SIGINT)
                    worker.wait(timeout=20)
            server.stop()


def test_the_worker_command_says_when_the_server_extra_cannot_start(tmp_path):
    done = subprocess.run([BRICKYARD, "worker", "--data", str(tmp_path / "d"), "--database-url",
                           "postgresql://nobody@127.0.0.1:1/none"], capture_output=True, text=True, timeout=60,
                          env={**os.environ, "PYTHONWARNINGS": "ignore"}, stdin=subprocess.DEVNULL)
    assert done.returncode != 0 and "Traceback" not in done.stderr
    assert "brickyard: error: cannot use the database" in done.stderr, done.stderr


def test_the_worker_command_refuses_sqlite_and_says_what_to_do(tmp_path):
    done = subprocess.run([BRICKYARD, "worker", "--data", str(tmp_path / "d")], capture_output=True, text=True,
                          timeout=60, env={**os.environ, "BRICKYARD_DATABASE_URL": ""}, stdin=subprocess.DEVNULL)
    assert done.returncode != 0 and "Traceback" not in done.stderr
    assert "brickyard: error:" in done.stderr and "PostgreSQL" in done.stderr and "brickyard serve" in done.stderr
