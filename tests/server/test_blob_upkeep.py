"""Garbage collection and verification, on every blob store and both databases."""

from __future__ import annotations

import random
import threading
import zlib
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


def send_in_parts(api, data: bytes) -> tuple[str, object]:
    """A presigned multipart upload the client hashes while it sends (an S3 store), straight to the bucket:
    the upload id and the answer to completing it (or to the step that failed)."""
    answer = api.post("/blobs/uploads", json={"items": [{"sha256": None, "size": len(data)}]})
    if answer.status_code != 200:
        return "", answer
    upload_id = answer.json()["items"][0]["upload_id"]
    answer = api.post("/blobs/uploads/parts", json={"upload_id": upload_id, "size": len(data),
                                                    "parts": [{"number": 1, "crc32": f"{zlib.crc32(data):08x}"}]})
    if answer.status_code != 200:
        return upload_id, answer  # GC aborted the open upload (grace 0)
    part = answer.json()["parts"][0]
    requests.put(part["url"], data=data, headers=part["headers"], timeout=30)
    return upload_id, api.post("/blobs/uploads/complete", json={"items": [
        {"upload_id": upload_id, "sha256": sha(data), "size": len(data)}]})


def location(app, sha256: str) -> str | None:
    with app.state.sessions() as db:
        from brickyard.server.tables import Blob
        return db.get(Blob, sha256).location


def download(api, sha256: str) -> bytes:
    got = api.get(f"/blobs/{sha256}", follow_redirects=False)
    if got.status_code == 307:  # an S3 store: the bytes come from the bucket
        got = requests.get(got.headers["location"], timeout=30)
    assert got.status_code == 200, got.status_code
    return got.content


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


@pytest.mark.parametrize("sent", ["through the server", "in parts to the bucket"])
def test_gc_racing_publishes_never_deletes_a_blob_a_version_needs(app, api, settings, sent, monkeypatch):
    if sent == "in parts to the bucket":
        if not settings.blob_store:
            pytest.skip("the local store has no presigned uploads")
        # Open multipart uploads are not what this race is about, and moto answers 500 (not 404) when one
        # completes that GC just aborted; completed uploads and the blobs kept at them are all fair game.
        monkeypatch.setattr(app.state.blobs, "list_multipart", lambda: iter(()))
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
            if sent == "through the server":
                while api.put(f"/blobs/{sha(data)}", content=data).status_code == 503:
                    pass  # collected between its write and its claim (grace 0): retried, as ApiSession does
            else:  # kept where it landed, its row naming the upload key; GC (grace 0) may take an open upload
                for _attempt in range(50):
                    if send_in_parts(api, data)[1].status_code == 200:
                        break
                else:
                    pytest.fail("no upload in parts got through GC in 50 attempts")
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
    collect(app)  # one more pass with nothing in flight: what versions use stays
    for version in made:
        for file in version["representations"][0]["files"]:
            assert sha(download(api, file["sha256"])) == file["sha256"]
            if sent == "in parts to the bucket":
                assert location(app, file["sha256"]).startswith("uploads/")  # read where it was verified
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


def test_bytes_sent_twice_in_parts_are_stored_once_where_the_first_landed_and_gc_keeps_them(app, api, settings):
    if not settings.blob_store:
        pytest.skip("the local store has no presigned uploads")
    store = app.state.blobs
    data, unused = b"a plate sent twice" * 1000, b"sent in parts, never published" * 1000
    first, answer = send_in_parts(api, data)
    assert answer.status_code == 200 and location(app, sha(data)) == f"uploads/{first}"
    second, answer = send_in_parts(api.as_user(api.member_token("film", "ann", "artist")), data)  # the same bytes
    assert answer.status_code == 200 and location(app, sha(data)) == f"uploads/{first}"
    assert send_in_parts(api, unused)[1].status_code == 200
    kept = sorted(key.rsplit("/", 1)[-1] for key, _ in store.list_uploads())
    assert first in kept and second not in kept and len(kept) == 2  # the second copy was dropped
    api.ok("POST", "/projects/film/versions", 201, json={"asset": "plate", "kind": "image", "representations": [
        {"name": "raw", "files": [{"path": "plate.exr", "sha256": sha(data), "size": len(data)}]}]})
    store.client.put_object(Bucket=store.bucket, Key=store.key(sha(data)), Body=data)  # a stray copy at its name

    result = collect(app)  # grace 0
    assert result.blobs == [sha(unused)] and result.orphans == [sha(data)] and result.uploads == []
    assert [key.rsplit("/", 1)[-1] for key, _ in store.list_uploads()] == [first]  # unused: gone with its row
    assert download(api, sha(data)) == data and store.has(sha(data)) and not store.has(sha(unused))
    with app.state.sessions() as db:
        assert blob_upkeep.verify(db, store).ok

    # Completing the kept upload again names the blob it became; anything else is refused, the bytes untouched.
    retry = {"upload_id": first, "sha256": sha(data), "size": len(data)}
    assert api.ok("POST", "/blobs/uploads/complete", json={"items": [retry]})["items"][0]["sha256"] == sha(data)
    wrong = api.post("/blobs/uploads/complete", json={"items": [{**retry, "sha256": sha(b"other")}]})
    assert wrong.status_code == 422 and sha(data) in wrong.json()["error"]["message"]
    assert api.post("/blobs/uploads/complete", json={"items": [{**retry, "size": 5}]}).status_code == 422
    assert download(api, sha(data)) == data
