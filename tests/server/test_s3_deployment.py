"""A real server on an S3 store: bytes travel between client and bucket, never through the server."""

from __future__ import annotations

import hashlib
import os

import pytest
import requests
from brickyard.core.errors import NotFound

from tests.support.server import ServerProcess
from tests.support.studio import make_studio

MiB = 1024 * 1024


@pytest.fixture
def s3_server(tmp_path, s3):
    bucket = s3.new_bucket()
    server = ServerProcess(tmp_path / "data", blob_store=f"s3://{bucket}/studio").start()
    yield server, s3, bucket
    server.stop()


def urls(client) -> list[tuple[str, str]]:
    seen: list[tuple[str, str]] = []
    client.session.hooks["response"].append(lambda r, *a, **k: seen.append((r.request.method, r.request.url)))
    return seen


@pytest.mark.slow
def test_publish_and_download_go_straight_to_the_bucket(s3_server, tmp_path):
    server, s3, bucket = s3_server
    studio = make_studio(server, tmp_path)
    ana, vic = studio.client("ana"), studio.client("vic")
    plate = tmp_path / "plate.exr"
    plate.write_bytes(os.urandom(3 * MiB))
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    seen = urls(ana)
    version = ana.publish("film", "plate", "render", {"exr": [plate], "notes": [empty]})
    to_bucket = [(m, u) for m, u in seen if u.startswith(s3.endpoint)]
    assert [m for m, _ in to_bucket] == ["PUT", "PUT"] and all(f"/{bucket}/studio/uploads/" in u for _, u in to_bucket)
    to_server = [u for _, u in seen if u.startswith(server.url)]
    assert any(u.endswith("/blobs/uploads/complete") for u in to_server)
    assert not any("/blobs/" + hashlib.sha256(plate.read_bytes()).hexdigest() in u for u in to_server)
    sha = hashlib.sha256(plate.read_bytes()).hexdigest()
    keys = [o["Key"] for o in s3.client().list_objects_v2(Bucket=bucket)["Contents"]]
    assert f"studio/blobs/{sha[:2]}/{sha[2:4]}/{sha}" in keys and not [k for k in keys if "/uploads/" in k]

    seen = urls(vic)
    paths = vic.download(version.reference, to=tmp_path / "got")
    assert sorted(p.read_bytes() for p in paths) == sorted([plate.read_bytes(), b""])
    assert any(m == "GET" and u.startswith(s3.endpoint) for m, u in seen)  # redirected to a presigned URL


@pytest.mark.slow
def test_a_blob_the_bucket_lost_is_not_found_and_unchanged_files_are_not_read_again(s3_server, tmp_path):
    server, s3, bucket = s3_server
    studio = make_studio(server, tmp_path)
    ana = studio.client("ana")
    lut = tmp_path / "grade.cube"
    lut.write_text("LUT 1" * 100)
    os.utime(lut, (1_700_000_000, 1_700_000_000))  # written long ago: its cache entry is trusted at once
    first = ana.publish("film", "warm", "lut", [lut])
    seen = urls(ana)
    ana.publish("film", "warm", "lut", [lut])
    assert [u.rsplit("/api/v1", 1)[-1] for _, u in seen] == ["/blobs/missing", "/projects/film/versions"]
    sha = first.representations[0].files[0].sha256
    s3.client().delete_object(Bucket=bucket, Key=f"studio/blobs/{sha[:2]}/{sha[2:4]}/{sha}")
    with pytest.raises(NotFound):
        studio.client("sam").download(first.reference, to=tmp_path / "lost")


@pytest.mark.slow
def test_a_large_file_goes_in_parts_and_a_broken_upload_resumes_with_the_parts_still_missing(tmp_path, s3):
    bucket = s3.new_bucket()
    server = ServerProcess(tmp_path / "data", blob_store=f"s3://{bucket}/studio",
                           env={"BRICKYARD_S3_PART_MIB": "5"}).start()
    try:
        studio = make_studio(server, tmp_path)
        ana = studio.client("ana")
        plate = tmp_path / "plate.exr"
        plate.write_bytes(os.urandom(12 * MiB))  # parts of 5, 5 and 2 MiB
        sha = hashlib.sha256(plate.read_bytes()).hexdigest()
        # a first attempt sends part 1, then the artist's machine crashes
        auth = {"Authorization": f"Bearer {studio.tokens['ana']}"}
        target = requests.post(f"{server.url}/api/v1/blobs/uploads", headers=auth, timeout=30,
                               json={"items": [{"sha256": sha, "size": 12 * MiB}]}).json()["items"][0]
        assert [p["number"] for p in target["parts"]] == [1, 2, 3] and target["url"] is None
        first = target["parts"][0]
        assert requests.put(first["url"], data=plate.read_bytes()[:first["size"]], timeout=30).status_code == 200

        seen = urls(ana)
        version = ana.publish("film", "plate", "render", [plate])
        to_bucket = [u for m, u in seen if m == "PUT" and u.startswith(s3.endpoint)]
        assert len(to_bucket) == 2 and all("partNumber=" in u for u in to_bucket)  # parts 2 and 3 only
        assert version.representations[0].files[0].sha256 == sha
        got = studio.client("vic").download(version.reference, to=tmp_path / "got")
        assert got[0].read_bytes() == plate.read_bytes()
        assert not s3.client().list_multipart_uploads(Bucket=bucket).get("Uploads")
    finally:
        server.stop()


@pytest.mark.slow
def test_a_multipart_upload_with_a_wrong_part_is_refused_and_kept_nowhere(tmp_path, s3):
    bucket = s3.new_bucket()
    server = ServerProcess(tmp_path / "data", blob_store=f"s3://{bucket}/studio",
                           env={"BRICKYARD_S3_PART_MIB": "5"}).start()
    try:
        auth = {"Authorization": f"Bearer {server.admin_token}"}
        requests.post(f"{server.url}/api/v1/projects", json={"code": "film"}, headers=auth, timeout=10)
        data = os.urandom(11 * MiB)
        sha = hashlib.sha256(data).hexdigest()
        target = requests.post(f"{server.url}/api/v1/blobs/uploads", headers=auth, timeout=30,
                               json={"items": [{"sha256": sha, "size": len(data)}]}).json()["items"][0]
        for part in target["parts"]:
            body = data[part["offset"]:part["offset"] + part["size"]]
            if part["number"] == 2:
                body = bytes([body[0] ^ 1]) + body[1:]
            requests.put(part["url"], data=body, timeout=30)
        done = requests.post(f"{server.url}/api/v1/blobs/uploads/complete", headers=auth, timeout=60, json={
            "items": [{"sha256": sha, "size": len(data), "upload_id": target["upload_id"]}]})
        assert done.status_code == 400 and done.json()["error"]["code"] == "hash_mismatch"
        keys = [o["Key"] for o in s3.client().list_objects_v2(Bucket=bucket).get("Contents", [])]
        assert keys == []
        assert requests.post(f"{server.url}/api/v1/blobs/missing", json={"sha256": [sha]}, headers=auth,
                             timeout=10).json() == {"missing": [sha]}
    finally:
        server.stop()
