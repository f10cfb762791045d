"""Publishing reads each new byte once: hashed while it uploads, checked against the server's own hash."""

from __future__ import annotations

import builtins
import hashlib
import os

import pytest
from brickyard.core.errors import HashMismatch, NotFound
from requests.adapters import HTTPAdapter

from tests.support.studio import watch

LONG_AGO = (1_700_000_000, 1_700_000_000)


def test_a_new_file_is_hashed_while_it_uploads_and_an_unchanged_one_is_not_read_again(studio, tmp_path,
                                                                                       monkeypatch):
    ana = studio.client("ana")
    plate = tmp_path / "plate.exr"
    plate.write_bytes(os.urandom(3 * 1024 * 1024))
    os.utime(plate, LONG_AGO)
    traffic, events = watch(ana), []
    first = ana.publish("film", "plate", "render", [plate], progress=events.append)
    assert [(m, p) for m, p, _ in traffic.requests if "/blobs" in p] == [("GET", "/api/v1/blobs/store"),
                                                                          ("POST", "/api/v1/blobs")]
    assert traffic.sent("POST", "/api/v1/blobs") == plate.stat().st_size
    assert not [e for e in events if e.phase == "hash"]  # no separate reading pass
    assert first.representations[0].files[0].sha256 == hashlib.sha256(plate.read_bytes()).hexdigest()

    traffic.clear()
    opened = []
    real_open = open

    def counting_open(path, *args, **kwargs):
        if str(path) == str(plate):
            opened.append(path)
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", counting_open)
    second = ana.publish("film", "plate", "render", [plate])
    monkeypatch.undo()
    assert opened == [] and second.number == 2  # known by path, size, mtime, ctime, inode: not read at all
    assert [p for _, p, _ in traffic.requests] == ["/api/v1/blobs/missing", "/api/v1/projects/film/versions"]


class FlipOneByte(HTTPAdapter):
    """Corrupts a blob upload on the wire, as a bad proxy or NIC would."""

    def send(self, request, *args, **kwargs):
        if request.method == "POST" and request.path_url == "/api/v1/blobs":
            chunks = iter(request.body)

            def flipped():
                first = next(chunks)
                yield bytes([first[0] ^ 1]) + first[1:]
                yield from chunks

            request.body = flipped()
        return super().send(request, *args, **kwargs)


def test_bytes_changed_on_the_way_are_refused_and_nothing_is_published(studio, tmp_path):
    ana = studio.client("ana", retries=0)
    ana.session.mount("http://", FlipOneByte())
    plate = tmp_path / "plate.exr"
    plate.write_bytes(b"precious frame" * 100_000)
    with pytest.raises(HashMismatch) as error:
        ana.publish("film", "plate", "render", [plate])
    assert "nothing was published" in error.value.message
    with pytest.raises(NotFound):
        ana.versions("brickyard://film/plate")
