"""Publish, resolve and download through the client, on SQLite and PostgreSQL."""

from __future__ import annotations

import hashlib
import os

import pytest
import requests
from brickyard.core.client import reference_for
from brickyard.core.errors import InvalidInput, NamingError, PermissionDenied
from brickyard.core.hashing import BLOCK_SIZE as BLOCK
from requests.adapters import HTTPAdapter

from tests.support.studio import watch


def frames(folder, start=1001, count=3, size=20_000):
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for frame in range(start, start + count):
        path = folder / f"beauty.{frame}.exr"
        path.write_bytes(os.urandom(size))
        paths.append(path)
    return paths


def textures(folder):
    for relative in ("albedo.png", "normal.png", "maps/rough.png"):
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(os.urandom(5_000))
    return folder


def test_publish_a_folder_and_a_sequence_then_download_as_hard_links(any_db_studio, tmp_path):
    ana = any_db_studio.client("ana")
    events = []
    version = ana.publish("film", "hero_look", "texture",
                          {"tex": textures(tmp_path / "tex"), "exr": frames(tmp_path / "render")},
                          folder="characters/hero", comment="first", tags=["hero"], metadata={"fps": 24},
                          progress=events.append)
    assert (version.number, version.status.value, version.author) == (1, "wip", "ana")
    reps = {r.name: r for r in version.representations}
    assert sorted(f.path for f in reps["tex"].files) == ["albedo.png", "maps/rough.png", "normal.png"]
    assert (reps["exr"].frame_start, reps["exr"].frame_end) == (1001, 1003)
    assert str(reference_for(version)) == version.reference
    uploads = [e for e in events if e.phase == "upload"]
    assert uploads[-1].done == uploads[-1].total == 3 * 5_000 + 3 * 20_000
    assert uploads[-1].files_done == uploads[-1].files_total == 6

    vic = any_db_studio.client("vic")
    traffic = watch(vic)
    paths = vic.download(version.reference)
    library = vic.library
    relative = sorted(p.relative_to(library).as_posix() for p in paths)
    v001 = "film/characters/hero/hero_look/v001"
    assert relative == [f"{v001}/hero_look_v001.{n}.exr" for n in (1001, 1002, 1003)] + \
        [f"{v001}/tex/albedo.png", f"{v001}/tex/maps/rough.png", f"{v001}/tex/normal.png"]
    for path in paths:
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        assert os.path.samefile(path, vic.cache.path(digest))  # hard link into the verified cache
        assert path.stat().st_mode & 0o222 == 0
    assert (tmp_path / "render" / "beauty.1002.exr").read_bytes() == \
        (library / v001 / "hero_look_v001.1002.exr").read_bytes()
    assert traffic.count("GET", "/api/v1/blobs/") == 6

    traffic.clear()
    again = vic.download(version.reference, to=tmp_path / "elsewhere", representation="exr")
    assert len(again) == 3 and traffic.count("GET", "/api/v1/blobs/") == 0  # all from the cache


def test_republishing_the_same_bytes_sends_no_blob_bytes(any_db_studio, tmp_path):
    ana = any_db_studio.client("ana")
    sequence = frames(tmp_path / "render")
    first = ana.publish("film", "turntable", "render", sequence)
    traffic = watch(ana)
    events = []
    second = ana.publish("film", "turntable", "render", sequence, progress=events.append)
    assert (first.number, second.number) == (1, 2)
    assert traffic.count("PUT", "/api/v1/blobs/") == 0 and traffic.sent("PUT", "/api/v1/blobs/") == 0
    assert traffic.count("POST", "/api/v1/blobs/missing") == 1
    assert traffic.count("POST", "/api/v1/projects/film/versions") == 1
    assert not [e for e in events if e.phase == "upload"]
    assert [e.files_done for e in events if e.phase == "hash"][-1] == 3  # each file hashed once


def test_resolve_many_in_one_request_in_order(any_db_studio, tmp_path):
    ana, sam = any_db_studio.client("ana"), any_db_studio.client("sam")
    path = tmp_path / "grade.cube"
    path.write_text("LUT 1")
    v1 = ana.publish("film", "warm", "lut", [path], folder="looks")
    path.write_text("LUT 2")
    ana.publish("film", "warm", "lut", [path], folder="looks", status="review")
    with pytest.raises(PermissionDenied):
        ana.set_status(v1.reference, "approved")
    assert sam.set_status(v1.reference, "approved", "good").status.value == "approved"

    traffic = watch(sam)
    items = sam.resolve(["brickyard://film/looks/warm?version=latest", "brickyard://film/looks/nope",
                         "brickyard://film/looks/warm?version=approved"])
    assert traffic.count("POST", "/api/v1/resolve") == 1 and len(traffic.requests) == 1
    assert [i.version.number if i.version else None for i in items] == [2, None, 1]
    assert items[1].error["code"] == "not_found"
    assert (items[0].latest, items[0].latest_approved) == (2, 1)
    assert [v.number for v in sam.versions("brickyard://film/looks/warm")] == [1, 2]
    assert sam.version("brickyard://film/looks/warm?version=approved").id == v1.id


def test_a_viewer_publishing_is_permission_denied_with_the_servers_message(any_db_studio, tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("new bytes only a viewer has")
    vic = any_db_studio.client("vic")
    with pytest.raises(PermissionDenied) as error:
        vic.publish("film", "sneaky", "prompt", [path])
    assert error.value.response.status_code == 403
    assert error.value.message == error.value.response.json()["error"]["message"]


def test_a_bad_name_is_refused_before_any_upload(any_db_studio, tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("x")
    ana = any_db_studio.client("ana")
    traffic = watch(ana)
    with pytest.raises(NamingError) as error:
        ana.publish("film", "Hero Prompt", "prompt", [path])
    assert "'Hero Prompt'" in error.value.message and "hero_prompt" in error.value.message
    assert traffic.count("POST", "/api/v1/blobs/missing") == 0 and traffic.count("PUT", "/api/v1/blobs") == 0


def test_an_interrupted_publish_retried_creates_exactly_one_version(any_db_studio, tmp_path):
    ana = any_db_studio.client("ana")
    sequence = frames(tmp_path / "render", count=4)

    class Interrupted(Exception):
        pass

    def stop_after_two_blobs(event):
        if event.phase == "upload" and event.files_done == 2:
            raise Interrupted  # e.g. the artist closed the application mid-publish

    with pytest.raises(Interrupted):
        ana.publish("film", "shot_010", "render", sequence, idempotency_key="pub-1",
                    progress=stop_after_two_blobs)
    assert ana.resolve(["brickyard://film/shot_010"])[0].version is None  # nothing half-published
    traffic = watch(ana)
    version = ana.publish("film", "shot_010", "render", sequence, idempotency_key="pub-1")
    uploads = [p for m, p, _ in traffic.requests if (m, p) == ("POST", "/api/v1/blobs") or m == "PUT"]
    assert len(uploads) == 2  # only the two that never arrived (new files: hashed while they upload)
    replay = ana.publish("film", "shot_010", "render", sequence, idempotency_key="pub-1")
    assert replay.id == version.id
    assert [v.number for v in ana.versions("brickyard://film/shot_010")] == [1]


class DropFirstVersionResponse(HTTPAdapter):
    """Lets the version create reach the server, then loses its answer, as a flaky network would."""

    dropped = 0

    def send(self, request, *args, **kwargs):
        response = super().send(request, *args, **kwargs)
        if request.method == "POST" and request.path_url.endswith("/versions") and not self.dropped:
            self.dropped += 1
            raise requests.ConnectionError("connection reset after the request was sent")
        return response


def test_a_lost_answer_to_the_version_create_is_retried_without_a_duplicate(any_db_studio, tmp_path):
    ana = any_db_studio.client("ana")
    adapter = DropFirstVersionResponse()
    ana.session.mount("http://", adapter)
    path = tmp_path / "hero.blend"
    path.write_bytes(os.urandom(1000))
    version = ana.publish("film", "hero", "model", [path])
    assert adapter.dropped == 1
    assert [v.id for v in ana.versions("brickyard://film/hero")] == [version.id]


def test_thumbnail_inputs_and_fetch_blob_from_the_cache(any_db_studio, tmp_path):
    ana = any_db_studio.client("ana")
    source = tmp_path / "hero.blend"
    source.write_bytes(os.urandom(2000))
    model = ana.publish("film", "hero", "model", [source], folder="characters")
    thumb = tmp_path / "thumb.png"
    thumb.write_bytes(os.urandom(3000))
    rig = ana.publish("film", "hero_rig", "rig", [source], folder="characters", thumbnail=thumb,
                      inputs=[reference_for(model)], workfile=source)
    thumb_sha = hashlib.sha256(thumb.read_bytes()).hexdigest()
    assert rig.thumbnail == thumb_sha and rig.inputs == [model.reference]
    assert rig.workfile == str(source)

    traffic = watch(ana)
    path = ana.fetch_blob(thumb_sha, 3000)
    assert path.read_bytes() == thumb.read_bytes() and traffic.count("GET", "/api/v1/blobs/") == 1
    assert ana.fetch_blob(thumb_sha, 3000) == path and traffic.count("GET", "/api/v1/blobs/") == 1


def test_a_file_that_shrinks_during_upload_fails_at_once_and_publishes_nothing(studio, tmp_path):
    path = tmp_path / "plate.bin"
    path.write_bytes(os.urandom(3 * BLOCK))
    ana = studio.client("ana", retries=0)

    def shrink_on_first_upload(event) -> None:
        if event.phase == "upload" and 0 < event.done < path.stat().st_size:
            os.truncate(path, BLOCK)  # a renderer rewriting the file under us

    with pytest.raises(InvalidInput, match="shrank"):
        ana.publish("film", "plate", "video", [path], progress=shrink_on_first_upload)
    assert list(ana.assets("film")) == []
