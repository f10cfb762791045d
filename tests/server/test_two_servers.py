"""Two API servers on one PostgreSQL and one bucket behave as one server."""

from __future__ import annotations

import hashlib
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from brickyard.core.cli.main import main as cli
from brickyard.core.client import Client

from tests.support.postgres import fresh_database, unreachable_reason
from tests.support.server import ServerProcess
from tests.support.studio import make_studio

pytestmark = [pytest.mark.slow, pytest.mark.postgres]
MiB = 1024 * 1024


@pytest.fixture
def pair(tmp_path, s3):
    """Servers A and B sharing a fresh PostgreSQL database and a fresh bucket; a studio made through A."""
    reason = unreachable_reason()
    if reason:
        pytest.skip(reason)
    bucket = s3.new_bucket()
    with fresh_database() as url:
        a = ServerProcess(tmp_path / "a", database_url=url, blob_store=f"s3://{bucket}/studio").start()
        b = ServerProcess(tmp_path / "b", database_url=url, blob_store=f"s3://{bucket}/studio").start()
        try:
            studio = make_studio(a, tmp_path)
            yield a, b, studio, s3, bucket, url
        finally:
            for client in studio.clients:
                client.close()
            a.stop()
            b.stop()


def client_on(server, studio, user: str, name: str) -> Client:
    return Client(server.url, studio.tokens[user], cache_dir=studio.tmp_path / f"cache-{name}",
                  library=studio.tmp_path / f"library-{name}")


def test_24_concurrent_publishes_through_alternating_servers_number_1_to_24(pair, tmp_path):
    a, b, studio, *_ = pair

    def publish(i: int) -> int:
        path = tmp_path / f"take{i}.wav"
        path.write_bytes(f"take {i}".encode() * 1000)
        with client_on(a if i % 2 else b, studio, "ana", f"p{i}") as client:
            return client.publish("film", "dialogue", "audio", [path]).number

    with ThreadPoolExecutor(24) as pool:
        numbers = list(pool.map(publish, range(24)))
    assert sorted(numbers) == list(range(1, 25))
    with client_on(b, studio, "sam", "check") as sam:
        versions = sam.versions("brickyard://film/dialogue")
        assert [v.number for v in versions] == list(range(1, 25))
        assert sam.download(versions[5].reference, to=tmp_path / "got")[0].read_bytes().startswith(b"take")


def test_a_follower_on_one_server_sees_every_event_published_through_the_other_once_in_order(pair, tmp_path):
    a, b, studio, *_ = pair
    received: list = []
    done = threading.Event()

    def follow():
        with client_on(a, studio, "vic", "follower") as vic:
            for event in vic.stream_events("film", last_event_id=_last_event_id(studio)):
                received.append((event, time.monotonic()))
                if len([e for e, _ in received if e.type == "published"]) == 12:
                    done.set()
                    return

    follower = threading.Thread(target=follow, daemon=True)
    follower.start()
    time.sleep(1.0)
    sent = []
    with client_on(b, studio, "ana", "publisher") as ana:
        for i in range(12):
            path = tmp_path / f"frame{i}.exr"
            path.write_bytes(bytes([i]) * 5000)
            version = ana.publish("film", "plate", "render", [path])
            sent.append((version.number, time.monotonic()))
    assert done.wait(30), f"the follower saw {len(received)} events"
    published = [e for e, _ in received if e.type == "published"]
    assert [e.data["number"] for e in published] == list(range(1, 13))  # every one, in order, once
    ids = [e.id for e, _ in received]
    assert ids == sorted(set(ids))
    # pushed: server A holds a LISTEN connection (the latency is measured in benchmarks/event_latency.py)
    import psycopg

    with psycopg.connect(pair[-1].replace("postgresql+psycopg", "postgresql")) as conn:
        listeners = conn.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                                 "AND query = 'LISTEN brickyard_events'").fetchone()[0]
    assert listeners == 1


def _last_event_id(studio) -> int:
    with Client(studio.url, studio.tokens["admin"], cache_dir=studio.tmp_path / "cache-x") as admin:
        events = admin.events("film")
        return events[-1].id if events else 0


class SlowBody:
    def __init__(self, data: bytes, started: threading.Event):
        self.data, self.started = data, started

    def __len__(self):
        return len(self.data)

    def __iter__(self):
        for i in range(0, len(self.data), MiB):
            if i == 24 * MiB:  # past the first 16 MiB part: a multipart upload is under way
                self.started.set()
            time.sleep(0.02)
            yield self.data[i:i + MiB]


def test_a_server_killed_mid_upload_leaves_nothing_and_the_publish_finishes_through_the_other(pair, tmp_path):
    a, b, studio, s3, bucket, url = pair
    data = bytes(range(256)) * (40 * MiB // 256)
    sha = hashlib.sha256(data).hexdigest()
    started = threading.Event()

    def upload_through_a():
        try:
            requests.put(f"{a.url}/api/v1/blobs/{sha}", data=SlowBody(data, started), timeout=60,
                         headers={"Authorization": f"Bearer {studio.tokens['ana']}"})
        except requests.RequestException:
            pass  # server A dies under it

    uploader = threading.Thread(target=upload_through_a, daemon=True)
    uploader.start()
    assert started.wait(30)
    time.sleep(0.3)
    a.kill()
    uploader.join(30)

    # presigned URLs handed out by A stay good: the upload finishes against the bucket, completed through B
    plate = tmp_path / "plate.exr"
    plate.write_bytes(data)
    with client_on(b, studio, "ana", "retry") as ana:
        assert ana.resolve(["brickyard://film/shots/plate"])[0].version is None
        version = ana.publish("film", "plate", "render", [plate], folder="shots")
    assert version.number == 1 and version.representations[0].files[0].sha256 == sha
    keys = [o["Key"] for o in s3.client().list_objects_v2(Bucket=bucket).get("Contents", [])]
    # One object: the blob, kept where the client's upload through B landed; A's half upload (streamed by A to
    # uploads/<sha>.…) never became an object ...
    assert len(keys) == 1 and not keys[0].startswith(f"studio/uploads/{sha}.")
    assert s3.client().list_multipart_uploads(Bucket=bucket).get("Uploads")  # ... but its parts linger
    store = ["--database-url", url, "--blob-store", f"s3://{bucket}/studio", "--data", str(tmp_path / "gc")]
    assert cli(["admin", "gc", "--grace-hours", "0", *store]) == 0  # nothing unused but A's parts
    assert not s3.client().list_multipart_uploads(Bucket=bucket).get("Uploads")
    assert [o["Key"] for o in s3.client().list_objects_v2(Bucket=bucket)["Contents"]] == keys
    assert cli(["admin", "verify", *store]) == 0  # the published blob is whole, still there


def test_an_upload_begun_through_one_server_completes_through_the_other(pair, tmp_path):
    a, b, studio, *_ = pair
    data = b"half-way plate" * 50_000
    sha = hashlib.sha256(data).hexdigest()
    auth = {"Authorization": f"Bearer {studio.tokens['ana']}"}
    target = requests.post(f"{a.url}/api/v1/blobs/uploads", json={"items": [{"sha256": sha, "size": len(data)}]},
                           headers=auth, timeout=10).json()["items"][0]
    a.kill()
    assert requests.put(target["url"], data=data, headers=target["headers"], timeout=30).status_code == 200
    done = requests.post(f"{b.url}/api/v1/blobs/uploads/complete", headers=auth, timeout=30, json={
        "items": [{"sha256": sha, "size": len(data), "upload_id": target["upload_id"]}]})
    assert done.status_code == 200 and done.json()["items"] == [{"sha256": sha, "size": len(data)}]
    assert requests.post(f"{b.url}/api/v1/blobs/missing", json={"sha256": [sha]}, headers=auth,
                         timeout=10).json() == {"missing": []}
