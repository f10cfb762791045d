"""The local blob store on its own: verified, atomic, nothing left behind."""

from __future__ import annotations

import hashlib

import pytest
from brickyard.core.errors import HashMismatch, InvalidInput
from brickyard.server.blobs import LocalBlobStore


@pytest.fixture
def store(tmp_path):
    store = LocalBlobStore(tmp_path / "blobs")
    store.prepare()
    return store


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def test_put_stream_stores_under_its_hash_and_reads_ranges(store):
    data = b"x" * 3_000_000 + b"end"
    assert store.put_stream(digest(data), len(data), [data[:1_000_000], data[1_000_000:]]) is True
    assert store.has(digest(data)) and store.size(digest(data)) == len(data)
    path = store.path(digest(data))
    assert path.parent.name == digest(data)[:2] and path.parent.parent == store.root  # one folder level
    chunks = list(store.iter_range(digest(data), 0, len(data) - 1))
    assert b"".join(chunks) == data and max(map(len, chunks)) <= 1024 * 1024
    assert b"".join(store.iter_range(digest(data), len(data) - 3, len(data) - 1)) == b"end"
    assert store.put_stream(digest(data), len(data), [data]) is False  # identical: already there


@pytest.mark.parametrize("claimed_sha, claimed_size", [("wrong", 4), ("right", 5), ("right", 3)])
def test_mismatch_raises_and_leaves_nothing(store, claimed_sha, claimed_size):
    data = b"abcd"
    sha = digest(data) if claimed_sha == "right" else digest(b"other")
    with pytest.raises(HashMismatch):
        store.put_stream(sha, claimed_size, [data])
    assert not any(p.is_file() and p.name not in ("owner.lock", "LAYOUT") for p in store.root.rglob("*"))


def test_a_failing_source_leaves_nothing(store):
    def cut_off():
        yield b"some"
        raise ConnectionError("client went away")
    with pytest.raises(ConnectionError):
        store.put_stream(digest(b"something"), 9, cut_off())
    assert not any(p.is_file() and p.name not in ("owner.lock", "LAYOUT") for p in store.root.rglob("*"))


def test_names_must_be_sha256(store):
    with pytest.raises(InvalidInput):
        store.path("../../etc/passwd")


def test_a_store_in_the_older_two_level_layout_keeps_it(tmp_path):
    old = b"stored by an older server"
    legacy = tmp_path / "blobs" / digest(old)[:2] / digest(old)[2:4] / digest(old)
    legacy.parent.mkdir(parents=True)
    legacy.write_bytes(old)
    store = LocalBlobStore(tmp_path / "blobs")
    store.prepare()
    assert store.has(digest(old)) and b"".join(store.iter_range(digest(old), 0, len(old) - 1)) == old
    new = b"stored now"
    assert store.put_stream(digest(new), len(new), [new]) is True
    assert store.path(digest(new)) == tmp_path / "blobs" / digest(new)[:2] / digest(new)[2:4] / digest(new)
    assert sorted(b.sha256 for b in store.list_blobs()) == sorted([digest(old), digest(new)])
    assert not (tmp_path / "blobs" / "LAYOUT").exists()


def test_a_new_store_is_one_level_and_stays_so(tmp_path):
    store = LocalBlobStore(tmp_path / "blobs")
    store.prepare()
    data = b"one level"
    store.put_stream(digest(data), len(data), [data])
    assert (tmp_path / "blobs" / digest(data)[:2] / digest(data)).read_bytes() == data
    again = LocalBlobStore(tmp_path / "blobs")  # the next start reads the LAYOUT mark
    assert again.has(digest(data)) and [b.sha256 for b in again.list_blobs()] == [digest(data)]
