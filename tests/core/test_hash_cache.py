"""The client's hash cache: an unchanged file is known without reading it; any change forgets it."""

from __future__ import annotations

import hashlib
import os

from brickyard.core.hash_cache import HashCache

LONG_AGO = (1_700_000_000, 1_700_000_000)


def remember(cache: HashCache, path) -> str:
    before = os.stat(path)
    sha = hashlib.sha256(path.read_bytes()).hexdigest()
    assert cache.remember(path, sha, before)
    return sha


def test_an_unchanged_file_is_known_and_trusted(tmp_path):
    path = tmp_path / "hero.blend"
    path.write_bytes(b"mesh" * 1000)
    os.utime(path, LONG_AGO)
    cache = HashCache(tmp_path / "hashes.sqlite3")
    sha = remember(cache, path)
    hit = HashCache(tmp_path / "hashes.sqlite3").lookup(path)  # another process, the same file on disk
    assert hit is not None and hit.sha256 == sha and hit.trusted


def test_a_file_written_just_before_it_was_hashed_is_known_but_not_trusted(tmp_path):
    path = tmp_path / "fresh.exr"
    path.write_bytes(b"just rendered")
    cache = HashCache(tmp_path / "hashes.sqlite3")
    remember(cache, path)
    hit = cache.lookup(path)
    assert hit is not None and not hit.trusted  # a write in the same clock tick would keep the mtime


def test_any_change_of_size_mtime_or_inode_forgets_the_hash(tmp_path):
    cache = HashCache(tmp_path / "hashes.sqlite3")
    path = tmp_path / "a.txt"
    for change in ("content same size", "size", "replaced by rename"):
        path.write_bytes(b"original")
        os.utime(path, LONG_AGO)
        remember(cache, path)
        if change == "content same size":
            path.write_bytes(b"ORIGINAL")
            os.utime(path, LONG_AGO)  # even with the mtime put back, the ctime moved
        elif change == "size":
            path.write_bytes(b"original plus")
        else:
            other = tmp_path / "b.txt"
            other.write_bytes(b"original")
            os.utime(other, LONG_AGO)
            os.replace(other, path)
        assert cache.lookup(path) is None, change


def test_a_file_that_changed_while_read_is_not_remembered(tmp_path):
    path = tmp_path / "growing.wav"
    path.write_bytes(b"start")
    before = os.stat(path)
    path.write_bytes(b"start and more")
    cache = HashCache(tmp_path / "hashes.sqlite3")
    assert not cache.remember(path, "0" * 64, before) and cache.lookup(path) is None


def test_an_unreadable_cache_is_a_miss_not_a_failure(tmp_path):
    (tmp_path / "hashes.sqlite3").write_bytes(b"not a database")
    path = tmp_path / "a.txt"
    path.write_bytes(b"x")
    cache = HashCache(tmp_path / "hashes.sqlite3")
    assert cache.lookup(path) is None and not cache.remember(path, "0" * 64, os.stat(path))


def test_an_upload_that_broke_off_is_resumed_only_for_the_same_file(tmp_path):
    path = tmp_path / "plate.exr"
    path.write_bytes(b"frame" * 1000)
    os.utime(path, LONG_AGO)
    cache = HashCache(tmp_path / "hashes.sqlite3")
    assert cache.pending_upload(path) is None
    cache.remember_upload(path, "unhashed." + "1" * 32, os.stat(path))
    assert HashCache(tmp_path / "hashes.sqlite3").pending_upload(path) == "unhashed." + "1" * 32  # after a crash
    path.write_bytes(b"frame" * 1000)  # rewritten: the parts in the bucket may be of other bytes
    assert cache.pending_upload(path) is None
    cache.remember_upload(path, "unhashed." + "2" * 32, os.stat(path))
    cache.forget_upload(path)  # completed
    assert cache.pending_upload(path) is None
