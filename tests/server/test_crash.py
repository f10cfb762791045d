"""A server killed mid-upload keeps nothing half-written, and the publish retried succeeds once."""

from __future__ import annotations

import hashlib
import threading
import time
import uuid

import pytest
import requests

from tests.server.factories import Api
from tests.support.server import ServerProcess

SIZE = 200 * 1024 * 1024
CHUNK = 1024 * 1024


def pattern(i: int) -> bytes:
    return bytes([i % 251]) * CHUNK


class Body:
    """A SIZE-byte body produced chunk by chunk; ``__len__`` makes requests send Content-Length
    (a bare generator would be sent chunked)."""

    def __init__(self, delay: float = 0.0, on_chunk=None):
        self.delay, self.on_chunk = delay, on_chunk

    def __len__(self) -> int:
        return SIZE

    def __iter__(self):
        for i in range(SIZE // CHUNK):
            if self.on_chunk:
                self.on_chunk(i)
            time.sleep(self.delay)
            yield pattern(i)


def full_digest() -> str:
    hasher = hashlib.sha256()
    for i in range(SIZE // CHUNK):
        hasher.update(pattern(i))
    return hasher.hexdigest()


@pytest.mark.slow
def test_kill_mid_upload_then_retry_publishes_exactly_once(tmp_path, database_url):
    server = ServerProcess(tmp_path / "data", database_url=database_url).start()
    try:
        token = server.admin_token
        admin = Api(requests.Session(), token, base=server.url)
        admin.project("film")
        digest = full_digest()
        sent = threading.Event()

        def mark(i: int) -> None:
            if i == 20:
                sent.set()  # about 20 MiB are on their way to the server's disk

        def upload():
            try:
                requests.put(f"{server.url}/api/v1/blobs/{digest}", data=Body(0.01, mark), timeout=120,
                             headers={"Authorization": f"Bearer {token}"})
            except requests.RequestException:
                pass  # the server dies under it: that is the point

        uploader = threading.Thread(target=upload, daemon=True)
        uploader.start()
        assert sent.wait(60)
        temp_dir = server.data_dir / "blobs" / "tmp"
        deadline = time.monotonic() + 10
        while not any(temp_dir.rglob("*.part")) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert any(temp_dir.rglob("*.part")), "the upload should be half-way in a temp file"
        server.kill()
        uploader.join(timeout=30)
    finally:
        server.kill()

    server = ServerProcess(tmp_path / "data", database_url=database_url).start()
    try:
        admin = Api(requests.Session(), server.admin_token, base=server.url)
        assert admin.call("HEAD", f"/blobs/{digest}").status_code == 404
        assert list((server.data_dir / "blobs" / "tmp").rglob("*.part")) == []  # the dead upload is gone
        assert not (server.data_dir / "blobs" / digest[:2] / digest).exists()

        # the client retries the whole publish: upload, then create (sent twice, same key)
        put = admin.put(f"/blobs/{digest}", data=Body(), timeout=120)
        assert put.status_code == 201, put.text
        manifest = {"folder": "shots", "asset": "plate", "kind": "render",
                    "representations": [{"name": "exr", "files": [
                        {"path": "plate.exr", "size": SIZE, "sha256": digest}]}]}
        key = {"Idempotency-Key": str(uuid.uuid4())}
        first = admin.post("/projects/film/versions", json=manifest, headers=key)
        second = admin.post("/projects/film/versions", json=manifest, headers=key)
        assert (first.status_code, second.status_code) == (201, 200)
        assert first.json()["id"] == second.json()["id"] and first.json()["number"] == 1
        listed = admin.ok("GET", "/projects/film/versions", params={"path": "shots/plate"})["items"]
        assert len(listed) == 1
        assert admin.call("HEAD", f"/blobs/{digest}").headers["content-length"] == str(SIZE)
    finally:
        server.stop()
