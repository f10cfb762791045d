"""A real server on an S3 store: bytes travel between client and bucket, never through the server."""

from __future__ import annotations

import hashlib
import os
import threading
import time
import zlib
from urllib.parse import urlparse

import pytest
import requests
from brickyard.core.errors import HashMismatch, NotFound

from tests.support.server import ServerProcess
from tests.support.studio import make_studio

MiB = 1024 * 1024


@pytest.fixture
def s3_server(tmp_path, s3):
    bucket = s3.new_bucket()
    server = ServerProcess(tmp_path / "data", blob_store=f"s3://{bucket}/studio").start()
    yield server, s3, bucket
    server.stop()


@pytest.fixture
def small_parts(tmp_path, s3):
    """A server on a fresh bucket that sends files of over 5 MiB in 5 MiB parts: (server, bucket)."""
    bucket = s3.new_bucket()
    server = ServerProcess(tmp_path / "data", blob_store=f"s3://{bucket}/studio",
                           env={"BRICKYARD_S3_PART_MIB": "5"}).start()
    yield server, bucket
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
    # Nothing asked first (starting the uploads says what is held), nothing completed apart: the version
    # create completes the PUTs.
    assert [u.rsplit("/api/v1", 1)[-1] for u in to_server] == [
        "/projects/film", "/blobs/store", "/blobs/uploads", "/projects/film/versions"]
    assert not any("/blobs/" + hashlib.sha256(plate.read_bytes()).hexdigest() in u for u in to_server)
    sha = hashlib.sha256(plate.read_bytes()).hexdigest()
    keys = [o["Key"] for o in s3.client().list_objects_v2(Bucket=bucket)["Contents"]]
    sent_to = [urlparse(u).path.split(f"/{bucket}/", 1)[1] for _, u in to_bucket]
    assert sorted(keys) == sorted(sent_to) and any(sha in k for k in keys)  # kept where verified, no copies

    seen = urls(vic)
    paths = vic.download(version.reference, to=tmp_path / "got")
    assert sorted(p.read_bytes() for p in paths) == sorted([plate.read_bytes(), b""])
    assert any(m == "GET" and u.startswith(s3.endpoint) for m, u in seen)  # redirected to a presigned URL


@pytest.mark.slow
def test_a_publish_sends_only_what_the_artist_lacks_and_starts_a_long_sequence_in_batches(s3_server, tmp_path,
                                                                                         monkeypatch):
    from brickyard.core import uploading

    server, s3, bucket = s3_server
    studio = make_studio(server, tmp_path)
    ana = studio.client("ana")
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    first = tmp_path / "a" / "plate.exr"
    first.write_bytes(os.urandom(100_000))
    ana.publish("film", "plate", "render", [first])
    copy = tmp_path / "b" / "plate.exr"  # the same bytes at a path the hash cache does not know
    copy.write_bytes(first.read_bytes())
    frames = [tmp_path / "b" / f"beauty.{n:04d}.exr" for n in range(1, 8)]
    for n, frame in enumerate(frames):
        frame.write_bytes(os.urandom(1000 + n))
    monkeypatch.setattr(uploading, "MAX_BATCH", 3)  # as a 2,500-frame sequence meets the real limit
    seen = urls(ana)
    version = ana.publish("film", "shot", "render", {"still": [copy], "beauty": frames})
    puts = [u for m, u in seen if m == "PUT" and u.startswith(s3.endpoint)]
    assert len(puts) == 7 and not any(hashlib.sha256(first.read_bytes()).hexdigest() in u for u in puts)
    calls = [u.rsplit("/api/v1", 1)[-1] for _, u in seen if u.startswith(server.url)]
    assert calls.count("/blobs/uploads") == 3 and calls.count("/blobs/uploads/complete") == 3
    assert "/blobs/missing" not in calls
    got = studio.client("vic").download(version.reference, to=tmp_path / "got")
    assert sorted(p.read_bytes() for p in got) == sorted(f.read_bytes() for f in [copy, *frames])


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
    for item in s3.client().list_objects_v2(Bucket=bucket)["Contents"]:  # at its own key, or where it landed
        if sha in item["Key"]:
            s3.client().delete_object(Bucket=bucket, Key=item["Key"])
    with pytest.raises(NotFound):
        studio.client("sam").download(first.reference, to=tmp_path / "lost")


class _CrashAfterPart1(requests.adapters.HTTPAdapter):
    """The artist's machine dies: every part but the first never leaves it."""

    def send(self, request, **kwargs):
        if "partNumber=" in request.url and "partNumber=1&" not in request.url + "&":
            raise RuntimeError("the machine crashed")
        return super().send(request, **kwargs)


class _CountReads:
    """Counts the bytes read from one file by the client (this process), through any ``open``."""

    def __init__(self, monkeypatch, path):
        import builtins

        self.read = 0
        real_open, counter = builtins.open, self

        class Counted:
            def __init__(self, stream):
                self.stream = stream

            def read(self, *args):
                data = self.stream.read(*args)
                counter.read += len(data)
                return data

            def __enter__(self):
                return self

            def __exit__(self, *exc):
                self.stream.close()

            def __getattr__(self, name):
                return getattr(self.stream, name)

        def counting_open(file, *args, **kwargs):
            stream = real_open(file, *args, **kwargs)
            return Counted(stream) if str(file) == str(path) else stream

        monkeypatch.setattr(builtins, "open", counting_open)


def part_numbers(seen, endpoint) -> list[int]:
    return sorted(int(u.split("partNumber=")[1].split("&")[0]) for m, u in seen
                  if m == "PUT" and u.startswith(endpoint) and "partNumber=" in u)


@pytest.mark.slow
@pytest.mark.parametrize("size", [12 * MiB, 3 * MiB], ids=["multipart", "single-put"])
def test_a_new_file_is_read_once_on_its_way_to_the_bucket(tmp_path, s3, small_parts, monkeypatch, size):
    server, bucket = small_parts
    studio = make_studio(server, tmp_path)
    ana = studio.client("ana")
    plate = tmp_path / "plate.exr"
    plate.write_bytes(os.urandom(size))
    expected = plate.read_bytes()
    reads = _CountReads(monkeypatch, plate)
    seen = urls(ana)
    version = ana.publish("film", "plate", "render", [plate])
    assert reads.read == size  # hashed and sent in the same pass
    assert part_numbers(seen, s3.endpoint) == ([1, 2, 3] if size > 5 * MiB else [])
    monkeypatch.undo()
    sha = hashlib.sha256(expected).hexdigest()
    assert version.representations[0].files[0].sha256 == sha
    assert studio.client("vic").download(version.reference, to=tmp_path / "got")[0].read_bytes() == expected
    assert not s3.client().list_multipart_uploads(Bucket=bucket).get("Uploads")


class _SlowBucket(requests.adapters.HTTPAdapter):
    """A bucket far away: each part takes a while, so parts sent one after another would show."""

    def __init__(self):
        super().__init__(pool_maxsize=16)
        self.lock, self.now, self.most = threading.Lock(), 0, 0

    def send(self, request, **kwargs):
        with self.lock:
            self.now += 1
            self.most = max(self.most, self.now)
        try:
            time.sleep(0.3)
            return super().send(request, **kwargs)
        finally:
            with self.lock:
                self.now -= 1


@pytest.mark.slow
def test_parts_go_several_at_once_from_a_bounded_pool(tmp_path, s3, small_parts):
    server, bucket = small_parts
    studio = make_studio(server, tmp_path)
    ana = studio.client("ana")
    plate = tmp_path / "plate.exr"
    plate.write_bytes(os.urandom(40 * MiB + 7))  # nine parts
    slow = _SlowBucket()
    ana.session.mount(s3.endpoint, slow)
    seen = urls(ana)
    version = ana.publish("film", "plate", "render", [plate])
    assert part_numbers(seen, s3.endpoint) == list(range(1, 10))
    assert 2 <= slow.most <= 8  # at once, but never more than the memory bound lets be read ahead
    signing = [u for _, u in seen if u.endswith("/blobs/uploads/parts")]
    assert 2 <= len(signing) < 9  # parts are signed a batch at a time, as they are read
    got = studio.client("vic").download(version.reference, to=tmp_path / "got")
    assert got[0].read_bytes() == plate.read_bytes()


@pytest.mark.slow
def test_a_large_file_goes_in_parts_and_a_broken_upload_resumes_with_the_parts_still_missing(tmp_path, s3, small_parts):
    server, bucket = small_parts
    studio = make_studio(server, tmp_path)
    ana = studio.client("ana")
    plate = tmp_path / "plate.exr"
    plate.write_bytes(os.urandom(12 * MiB))  # parts of 5, 5 and 2 MiB
    sha = hashlib.sha256(plate.read_bytes()).hexdigest()
    ana.session.mount(s3.endpoint, _CrashAfterPart1())
    with pytest.raises(RuntimeError, match="crashed"):
        ana.publish("film", "plate", "render", [plate])

    ana.session.mount(s3.endpoint, requests.adapters.HTTPAdapter())  # the machine is back
    seen = urls(ana)
    version = ana.publish("film", "plate", "render", [plate])
    assert part_numbers(seen, s3.endpoint) == [2, 3]  # part 1 is in the bucket already
    assert version.representations[0].files[0].sha256 == sha
    got = studio.client("vic").download(version.reference, to=tmp_path / "got")
    assert got[0].read_bytes() == plate.read_bytes()
    assert not s3.client().list_multipart_uploads(Bucket=bucket).get("Uploads")


@pytest.mark.slow
def test_a_resumed_upload_whose_kept_part_is_wrong_is_refused_then_sent_afresh(tmp_path, s3, small_parts):
    server, bucket = small_parts
    studio = make_studio(server, tmp_path)
    ana = studio.client("ana")
    plate = tmp_path / "plate.exr"
    plate.write_bytes(os.urandom(12 * MiB))
    ana.session.mount(s3.endpoint, _CrashAfterPart1())
    with pytest.raises(RuntimeError, match="crashed"):
        ana.publish("film", "plate", "render", [plate])
    # meanwhile the bucket's part 1 became other bytes of the same size (a store keeping no part checksums)
    bucket_client = s3.client()
    upload = bucket_client.list_multipart_uploads(Bucket=bucket)["Uploads"][0]
    bucket_client.upload_part(Bucket=bucket, Key=upload["Key"], UploadId=upload["UploadId"], PartNumber=1,
                              Body=os.urandom(5 * MiB))
    ana.session.mount(s3.endpoint, requests.adapters.HTTPAdapter())
    with pytest.raises(HashMismatch):
        ana.publish("film", "plate", "render", [plate])
    keys = [o["Key"] for o in bucket_client.list_objects_v2(Bucket=bucket).get("Contents", [])]
    assert not [k for k in keys if "/blobs/" in k]  # nothing stored under the file's hash

    seen = urls(ana)
    version = ana.publish("film", "plate", "render", [plate])  # the upload is forgotten: all parts again
    assert part_numbers(seen, s3.endpoint) == [1, 2, 3]
    got = studio.client("vic").download(version.reference, to=tmp_path / "got")
    assert got[0].read_bytes() == plate.read_bytes()


@pytest.mark.slow
@pytest.mark.parametrize("announced", ["known", "unhashed"])
def test_a_multipart_upload_with_a_wrong_part_is_refused_and_kept_nowhere(tmp_path, s3, small_parts, announced):
    server, bucket = small_parts
    auth = {"Authorization": f"Bearer {server.admin_token}"}
    requests.post(f"{server.url}/api/v1/projects", json={"code": "film"}, headers=auth, timeout=10)
    data = os.urandom(11 * MiB)
    sha = hashlib.sha256(data).hexdigest()
    item = {"sha256": sha, "size": len(data)} if announced == "known" else {"size": len(data)}
    target = requests.post(f"{server.url}/api/v1/blobs/uploads", headers=auth, timeout=30,
                           json={"items": [item]}).json()["items"][0]
    assert target["url"] is None and target["part_size"] == 5 * MiB and target["received"] == []
    bodies = {}
    for number, offset in enumerate(range(0, len(data), 5 * MiB), start=1):
        body = data[offset:offset + 5 * MiB]
        bodies[number] = bytes([body[0] ^ 1]) + body[1:] if number == 2 else body  # its checksum signed too
    signed = requests.post(f"{server.url}/api/v1/blobs/uploads/parts", headers=auth, timeout=30, json={
        "upload_id": target["upload_id"], "size": len(data),
        "parts": [{"number": n, "crc32": f"{zlib.crc32(b):08x}"} for n, b in bodies.items()]}).json()
    for part in signed["parts"]:
        assert requests.put(part["url"], data=bodies[part["number"]], headers=part["headers"],
                            timeout=30).status_code == 200
    done = requests.post(f"{server.url}/api/v1/blobs/uploads/complete", headers=auth, timeout=60, json={
        "items": [{"sha256": sha, "size": len(data), "upload_id": target["upload_id"]}]})
    assert done.status_code == 400 and done.json()["error"]["code"] == "hash_mismatch"
    keys = [o["Key"] for o in s3.client().list_objects_v2(Bucket=bucket).get("Contents", [])]
    assert keys == []
    assert requests.post(f"{server.url}/api/v1/blobs/missing", json={"sha256": [sha]}, headers=auth,
                         timeout=10).json() == {"missing": [sha]}


def send_in_5_mib_parts(start: str, auth: dict, upload_id: str, data: bytes) -> None:
    """Every part of ``data`` signed (``{start}/parts``) and PUT to the bucket, as a client does."""
    offsets = range(0, len(data), 5 * MiB)
    signed = requests.post(f"{start}/parts", headers=auth, timeout=30, json={
        "upload_id": upload_id, "size": len(data), "parts": [
            {"number": n, "crc32": f"{zlib.crc32(data[o:o + 5 * MiB]):08x}"} for n, o in enumerate(offsets, 1)]})
    for part in signed.json()["parts"]:
        requests.put(part["url"], data=data[part["offset"]:part["offset"] + part["size"]],
                     headers=part["headers"], timeout=30).raise_for_status()


@pytest.mark.slow
def test_completing_a_multipart_upload_again_after_a_lost_answer_finds_it_done(tmp_path, s3, small_parts):
    server, bucket = small_parts
    auth = {"Authorization": f"Bearer {server.admin_token}"}
    data = os.urandom(7 * MiB)
    sha = hashlib.sha256(data).hexdigest()
    start = f"{server.url}/api/v1/blobs/uploads"
    target = requests.post(start, headers=auth, timeout=30,
                           json={"items": [{"sha256": sha, "size": len(data)}]}).json()["items"][0]
    send_in_5_mib_parts(start, auth, target["upload_id"], data)
    completion = {"items": [{"sha256": sha, "size": len(data), "upload_id": target["upload_id"]}]}
    for _ in range(2):  # the client never saw the first answer, so it asks again
        done = requests.post(f"{start}/complete", headers=auth, timeout=60, json=completion)
        assert done.status_code == 200, done.text
    assert requests.post(f"{server.url}/api/v1/blobs/missing", json={"sha256": [sha]}, headers=auth,
                         timeout=10).json() == {"missing": []}
    assert not s3.client().list_multipart_uploads(Bucket=bucket).get("Uploads")


@pytest.mark.slow
def test_knowing_a_sha256_does_not_reach_someone_elses_open_upload_of_it(tmp_path, s3, small_parts):
    server, bucket = small_parts
    studio = make_studio(server, tmp_path)
    data = os.urandom(6 * MiB)
    sha = hashlib.sha256(data).hexdigest()
    start = f"{server.url}/api/v1/blobs/uploads"
    ana, sam = ({"Authorization": f"Bearer {studio.tokens[who]}"} for who in ("ana", "sam"))
    mine = requests.post(start, headers=ana, timeout=30, json={"items": [{"sha256": sha, "size": len(data)}]})
    mine = mine.json()["items"][0]
    send_in_5_mib_parts(start, ana, mine["upload_id"], data)
    # sam never had the bytes, but knows their sha256 (and even guesses at ana's upload to resume it)
    theirs = requests.post(start, headers=sam, timeout=30, json={"items": [
        {"sha256": sha, "size": len(data), "resume": sha + "." + "0" * 32}]}).json()["items"][0]
    assert theirs["upload_id"] != mine["upload_id"] and theirs["received"] == []
    done = requests.post(f"{start}/complete", headers=sam, timeout=60, json={
        "items": [{"sha256": sha, "size": len(data), "upload_id": theirs["upload_id"]}]})
    assert done.status_code == 400 and done.json()["error"]["code"] == "hash_mismatch"
    assert requests.post(f"{server.url}/api/v1/blobs/missing", json={"sha256": [sha]}, headers=sam,
                         timeout=10).json() == {"missing": [sha]}
    again = requests.post(start, headers=ana, timeout=30, json={"items": [
        {"sha256": sha, "size": len(data), "resume": mine["upload_id"]}]}).json()["items"][0]
    assert again["upload_id"] == mine["upload_id"] and [p["number"] for p in again["received"]] == [1, 2]


@pytest.mark.slow
def test_parts_are_signed_only_for_an_open_upload_and_within_the_blob(tmp_path, s3, small_parts):
    server, bucket = small_parts
    auth = {"Authorization": f"Bearer {server.admin_token}"}
    target = requests.post(f"{server.url}/api/v1/blobs/uploads", headers=auth, timeout=30,
                           json={"items": [{"size": 11 * MiB}]}).json()["items"][0]
    sign = f"{server.url}/api/v1/blobs/uploads/parts"
    beyond = requests.post(sign, headers=auth, timeout=30, json={
        "upload_id": target["upload_id"], "size": 11 * MiB, "parts": [{"number": 4, "crc32": "a" * 8}]})
    assert beyond.status_code == 422 and "parts 1 to 3" in beyond.json()["error"]["message"]
    unknown = requests.post(sign, headers=auth, timeout=30, json={
        "upload_id": "unhashed." + "0" * 32, "size": 11 * MiB, "parts": [{"number": 1, "crc32": "a" * 8}]})
    assert unknown.status_code == 422 and "not open" in unknown.json()["error"]["message"]
    signed = requests.post(sign, headers=auth, timeout=30, json={
        "upload_id": target["upload_id"], "size": 11 * MiB, "parts": [{"number": 1, "crc32": "0a1b2c3d"}]})
    part = signed.json()["parts"][0]  # the part's CRC32 is signed: the store refuses other bytes for it
    assert part["headers"]["x-amz-checksum-crc32"] == "ChssPQ==" and "x-amz-checksum-crc32" in part["url"]


@pytest.mark.slow
def test_an_upload_an_older_server_began_with_other_part_checksums_is_begun_anew(tmp_path, s3, small_parts):
    server, bucket = small_parts
    auth = {"Authorization": f"Bearer {server.admin_token}"}
    older = "unhashed." + "1" * 32  # its parts carry SHA-256s: parts signed with CRC32s would not fit it
    s3.client().create_multipart_upload(Bucket=bucket, Key=f"studio/uploads/{older}", ChecksumAlgorithm="SHA256")
    target = requests.post(f"{server.url}/api/v1/blobs/uploads", headers=auth, timeout=30,
                           json={"items": [{"size": 11 * MiB, "resume": older}]}).json()["items"][0]
    assert target["upload_id"] != older and target["received"] == []


@pytest.mark.slow
def test_an_ingest_sends_its_blobs_to_the_bucket_and_completes_them_in_one_request(s3_server, tmp_path):
    import json

    from tests.support.ai_files import comfy_prompt, write_png

    server, s3, bucket = s3_server
    studio = make_studio(server, tmp_path)
    ana = studio.client("ana")
    folder = tmp_path / "output"
    for n in range(1, 21):
        prompt = json.dumps(comfy_prompt(f"a harbour, take {n}", seed=n))
        write_png(folder / f"ComfyUI_{n:05d}_.png", {"prompt": prompt})
    seen = urls(ana)
    _, report = ana.ingest("film", folder, folder="gens/harbour")
    assert len(report.created) == 20 and not report.failed
    puts = [u for m, u in seen if m == "PUT" and u.startswith(s3.endpoint)]
    assert len(puts) == 20 and len([u for _, u in seen if u.endswith("/blobs/uploads/complete")]) == 1
    got = studio.client("vic").download(report.created[7][1], to=tmp_path / "got")
    assert got[0].read_bytes() == (folder / "ComfyUI_00008_.png").read_bytes()


@pytest.mark.slow
def test_an_ingest_to_the_bucket_hashes_the_next_files_while_a_slice_uploads(s3_server, tmp_path, monkeypatch):
    import json
    import threading

    from brickyard.core.ingest import run as ingest_run

    from tests.support.ai_files import comfy_prompt, write_png

    server, s3, bucket = s3_server
    studio = make_studio(server, tmp_path)
    ana = studio.client("ana")
    folder = tmp_path / "output"
    for n in range(1, 16):
        write_png(folder / f"ComfyUI_{n:05d}_.png", {"prompt": json.dumps(comfy_prompt(f"dunes, take {n}", seed=n))})
    monkeypatch.setattr(ingest_run, "SLICE_FILES", 5)  # three slices, each looked up on its own
    lookups = []
    second_lookup = threading.Event()

    def count(r, *a, **k):
        if r.request.path_url.endswith("/hashes"):
            lookups.append(r)
            if len(lookups) == 2:
                second_lookup.set()
    ana.session.hooks["response"].append(count)
    real, held = ingest_run.upload_direct, []

    def first_waits_for_the_next_slice(api, blobs, progress=None):
        if not held:
            held.append(len(blobs))  # the first slice's upload stays until the next slice is looked up
            assert second_lookup.wait(timeout=30), "the next files were not hashed while a slice uploaded"
        return real(api, blobs, progress)

    monkeypatch.setattr(ingest_run, "upload_direct", first_waits_for_the_next_slice)
    _, report = ana.ingest("film", folder, folder="gens/dunes")
    assert len(report.created) == 15 and not report.failed and report.bytes_sent > 0
    assert held == [5] and len(lookups) == 3
    got = studio.client("vic").download(report.created[11][1], to=tmp_path / "got")
    assert got[0].read_bytes() == (folder / "ComfyUI_00012_.png").read_bytes()
