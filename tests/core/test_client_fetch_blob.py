"""``fetch_blob`` without a size: a version's thumbnail names only its sha256."""

from __future__ import annotations

import hashlib
import os

import pytest
from brickyard.core.errors import NotFound

from tests.support.studio import watch


def test_fetch_blob_without_size_asks_once_then_serves_from_the_cache(studio, tmp_path):
    ana = studio.client("ana")
    source = tmp_path / "hero.txt"
    source.write_text("hero")
    thumb = tmp_path / "thumb.png"
    thumb.write_bytes(os.urandom(1500))
    version = ana.publish("film", "hero", "model", [source], thumbnail=thumb)
    assert version.thumbnail == hashlib.sha256(thumb.read_bytes()).hexdigest()

    traffic = watch(ana)
    path = ana.fetch_blob(version.thumbnail)
    assert path.read_bytes() == thumb.read_bytes()
    assert (traffic.count("HEAD", "/api/v1/blobs/"), traffic.count("GET", "/api/v1/blobs/")) == (1, 1)
    assert ana.fetch_blob(version.thumbnail) == path
    assert len(traffic.requests) == 2  # the second call sent nothing


def test_fetch_blob_without_size_names_a_blob_the_server_lacks(studio):
    with pytest.raises(NotFound):
        studio.client("ana").fetch_blob("ab" * 32)
