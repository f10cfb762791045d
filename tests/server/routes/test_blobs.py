"""Blob upload, lookup and download over HTTP."""

from __future__ import annotations

import pytest

from tests.server.factories import error_of, sha


def blob_files(settings):
    return sorted(p.name for p in settings.blob_dir.rglob("*")
                  if p.is_file() and p.name not in ("owner.lock", "LAYOUT"))


@pytest.fixture
def film(api):
    api.project("film")
    return api


def test_put_head_get_and_missing(film, settings):
    data = b"hello brickyard" * 1000
    digest = sha(data)
    assert film.ok("POST", "/blobs/missing", json={"sha256": [digest, digest]}) == {"missing": [digest]}
    assert film.call("HEAD", f"/blobs/{digest}").status_code == 404
    put = film.put(f"/blobs/{digest}", content=data)
    assert put.status_code == 201 and put.json() == {"sha256": digest, "size": len(data)}
    assert film.put(f"/blobs/{digest}", content=data).status_code == 200  # already there
    head = film.call("HEAD", f"/blobs/{digest}")
    assert head.status_code == 200 and head.headers["content-length"] == str(len(data))
    assert film.ok("POST", "/blobs/missing", json={"sha256": [digest]}) == {"missing": []}
    got = film.get(f"/blobs/{digest}")
    assert got.status_code == 200 and got.content == data
    assert blob_files(settings) == [digest]
    assert (settings.blob_dir / digest[:2] / digest).read_bytes() == data


def test_range_requests(film):
    data = bytes(range(256)) * 10
    digest = film.blob(data)["sha256"]
    part = film.get(f"/blobs/{digest}", headers={"Range": "bytes=10-19"})
    assert part.status_code == 206 and part.content == data[10:20]
    assert part.headers["content-range"] == f"bytes 10-19/{len(data)}"
    assert film.get(f"/blobs/{digest}", headers={"Range": "bytes=2550-"}).content == data[2550:]
    assert film.get(f"/blobs/{digest}", headers={"Range": "bytes=-5"}).content == data[-5:]
    assert film.get(f"/blobs/{digest}", headers={"Range": "bytes=2500-99999"}).content == data[2500:]
    outside = film.get(f"/blobs/{digest}", headers={"Range": f"bytes={len(data)}-"})
    assert outside.status_code == 416 and outside.headers["content-range"] == f"bytes */{len(data)}"
    assert error_of(outside)["code"] == "range_not_satisfiable"


@pytest.mark.parametrize("claimed, body, why", [
    ("corrupt", b"some bytes", "hash"),
    ("short", b"some bytes", "size"),
])
def test_mismatched_uploads_keep_nothing(film, settings, claimed, body, why):
    if claimed == "corrupt":
        response = film.put(f"/blobs/{sha(b'other bytes')}", content=body)
    else:  # the body ends before the announced Content-Length: a cut-off client
        response = film.put(f"/blobs/{sha(body)}", content=body[:4], headers={"Content-Length": str(len(body))})
    assert response.status_code == 400
    error = error_of(response)
    assert error["code"] == "hash_mismatch"
    assert ("actual_sha256" if why == "hash" else "actual_size") in error["detail"]
    assert blob_files(settings) == []  # neither the blob nor its temp file
    assert film.ok("POST", "/blobs/missing", json={"sha256": [sha(body)]})["missing"] == [sha(body)]


def test_a_full_disk_is_said_before_the_bytes_and_keeps_nothing(film, settings, monkeypatch):
    import errno
    import os

    def no_room(fd, offset, length):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "posix_fallocate", no_room, raising=False)
    body = b"a plate too big for the disk"
    response = film.put(f"/blobs/{sha(body)}", content=body)
    assert response.status_code == 507
    error = error_of(response)
    assert error["code"] == "storage_full" and "free space" in error["message"]
    assert blob_files(settings) == []  # not even the temp file


def test_a_filesystem_without_preallocation_still_stores(film, settings, monkeypatch):
    import errno
    import os

    def unsupported(fd, offset, length):
        raise OSError(errno.EOPNOTSUPP, "Operation not supported")

    monkeypatch.setattr(os, "posix_fallocate", unsupported, raising=False)
    body = b"bytes on a filesystem that cannot preallocate"
    assert film.put(f"/blobs/{sha(body)}", content=body).status_code == 201
    assert film.get(f"/blobs/{sha(body)}").content == body


def test_length_required_size_limit_and_bad_sha(film, app):
    def chunked():
        yield b"abc"
    digest = sha(b"abc")
    no_length = film.put(f"/blobs/{digest}", content=chunked())
    assert no_length.status_code == 411 and error_of(no_length)["code"] == "length_required"
    app.state.settings.max_blob_bytes = 2
    too_big = film.put(f"/blobs/{digest}", content=b"abc")
    assert too_big.status_code == 413 and error_of(too_big)["code"] == "payload_too_large"
    assert film.put("/blobs/not-a-sha", content=b"abc").status_code == 422


def test_who_may_upload_and_read(film):
    viewer = film.as_user(film.member_token("film", "vic", "viewer"))
    artist = film.as_user(film.member_token("film", "ana", "artist"))
    film.project("secret")
    data = b"artist bytes"
    assert viewer.put(f"/blobs/{sha(data)}", content=data).status_code == 403
    assert artist.put(f"/blobs/{sha(data)}", content=data).status_code == 201
    # readable only through a version in a project of yours
    assert viewer.get(f"/blobs/{sha(data)}").status_code == 404
    version = artist.publish("film", "hero", data=data)
    assert viewer.get(f"/blobs/{sha(data)}").content == data
    assert version["representations"][0]["files"][0]["sha256"] == sha(data)
    hidden = film.publish("secret", "plan", data=b"secret bytes")["representations"][0]["files"][0]["sha256"]
    assert viewer.get(f"/blobs/{hidden}").status_code == 404
    assert film.get(f"/blobs/{hidden}").status_code == 200  # the server admin reads anything
