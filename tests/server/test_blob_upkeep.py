"""Garbage collection and verification, on every blob store and both databases."""

from __future__ import annotations

import random
import threading
from datetime import timedelta

import pytest
import requests
from brickyard.core.cli.main import main as cli
from brickyard.server.app import create_app
from brickyard.server.services import blob_upkeep
from brickyard.server.settings import Settings
from fastapi.testclient import TestClient

from tests.server.factories import Api, sha


@pytest.fixture
def settings(tmp_path, database_url, blob_store_url) -> Settings:
    return Settings(data_dir=tmp_path / "data", database_url=database_url, blob_store=blob_store_url)


@pytest.fixture
def app(settings):
    app = create_app(settings)
    yield app
    app.state.blobs.close()
    app.state.engine.dispose()


@pytest.fixture
def api(app, settings):
    with TestClient(app) as client:
        api = Api(client, (settings.data_dir / "admin-token").read_text().strip())
        api.project("film")
        yield api


def collect(app, grace=timedelta(0), dry_run=False):
    with app.state.sessions() as db:
        return blob_upkeep.collect(db, app.state.blobs, grace, dry_run)


def store_args(settings) -> list[str]:
    args = ["--data", str(settings.data_dir), "--database-url", settings.database_url]
    return args + (["--blob-store", settings.blob_store] if settings.blob_store else [])


def test_gc_removes_only_unused_blobs_past_their_grace_and_a_dry_run_nothing(app, api, settings, capsys):
    used = api.publish("film", "hero")["representations"][0]["files"][0]["sha256"]
    thumb = api.blob(b"a thumbnail")["sha256"]
    api.publish("film", "villain", thumbnail=thumb)
    unused = api.blob(b"uploaded, never published")["sha256"]
    store = app.state.blobs

    assert collect(app, grace=timedelta(hours=1)).blobs == []  # young: an upload's publish may be on its way
    assert cli(["admin", "gc", "--dry-run", "--grace-hours", "0", *store_args(settings)]) == 0
    assert f"would remove {unused}" in capsys.readouterr().out and store.has(unused)
    assert cli(["admin", "gc", "--grace-hours", "0", *store_args(settings)]) == 0
    assert f"removed {unused}" in capsys.readouterr().out
    assert not store.has(unused) and store.has(used) and store.has(thumb)
    assert api.ok("POST", "/blobs/missing", json={"sha256": [unused, used]}) == {"missing": [unused]}


def test_asking_which_blobs_are_missing_claims_the_present_ones(app, api):
    old = api.blob(b"an old upload")["sha256"]
    with app.state.sessions() as db:  # as if uploaded two days ago
        from brickyard.server.tables import Blob
        row = db.get(Blob, old)
        row.claimed_at = row.created_at = row.created_at - timedelta(days=2)
        db.commit()
    api.ok("POST", "/blobs/missing", json={"sha256": [old]})  # a publish counts on it now
    assert collect(app, grace=timedelta(hours=1)).blobs == []


def test_gc_racing_publishes_never_deletes_a_blob_a_version_needs(app, api):
    stop = threading.Event()
    collected: list[str] = []

    errors = []

    def gc_loop():
        while not stop.is_set():
            try:
                collected.extend(collect(app).blobs)  # grace 0: everything unused is fair game
            except Exception as exc:
                errors.append(repr(exc))
            # passes at random intervals, so some publishes land between two passes and some race one
            stop.wait(random.uniform(0, 0.06))

    collector = threading.Thread(target=gc_loop)
    collector.start()
    made, refused = [], 0
    try:
        for i in range(25):
            data = f"take {i}".encode()
            while api.put(f"/blobs/{sha(data)}", content=data).status_code == 503:
                pass  # collected between its write and its claim (grace 0): retried, as ApiSession does
            manifest = {"asset": "racer", "kind": "model", "representations": [{"name": "glb", "files": [
                {"path": "racer.glb", "sha256": sha(data), "size": len(data)}]}]}
            response = api.post("/projects/film/versions", json=manifest)
            if response.status_code == 201:
                made.append(response.json())
            else:  # GC took the blob between upload and publish: refused as missing, never half-made
                assert response.status_code == 422 and "lacks" in response.json()["error"]["message"]
                refused += 1
    finally:
        stop.set()
        collector.join()
    assert made and len(made) + refused == 25 and errors == []
    for version in made:
        for file in version["representations"][0]["files"]:
            got = api.get(f"/blobs/{file['sha256']}", follow_redirects=False)
            if got.status_code == 307:  # an S3 store: the bytes come from the bucket
                got = requests.get(got.headers["location"], timeout=30)
            assert got.status_code == 200 and sha(got.content) == file["sha256"]
    with app.state.sessions() as db:
        assert blob_upkeep.verify(db, app.state.blobs).ok


def test_verify_names_missing_and_corrupt_blobs_and_exits_1(app, api, settings, capsys):
    good = api.blob(b"whole")["sha256"]
    lost = api.blob(b"to be lost")["sha256"]
    bad = api.blob(b"to be damaged")["sha256"]
    store = app.state.blobs
    assert cli(["admin", "verify", *store_args(settings)]) == 0
    assert "checked 3 blob(s)" in capsys.readouterr().out
    store.delete(lost)
    if settings.blob_store:
        store.client.put_object(Bucket=store.bucket, Key=store.key(bad), Body=b"to be DAMAGED")
    else:
        path = store.path(bad)
        path.chmod(0o644)
        path.write_bytes(b"to be DAMAGED")
    assert cli(["admin", "verify", *store_args(settings)]) == 1
    out = capsys.readouterr()
    assert f"missing {lost}" in out.out and f"corrupt {bad}" in out.out and good not in out.out
    assert "brickyard: error:" in out.err
    assert cli(["admin", "verify", "--sample", "1", *store_args(settings)]) in (0, 1)
    assert "checked 1 blob(s)" in capsys.readouterr().out
