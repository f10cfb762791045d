import hashlib
import os
from datetime import datetime, timezone

import pytest
from brickyard.core.cache import BlobCache, inside, materialise, place_file
from brickyard.core.errors import Conflict, InvalidInput
from brickyard.core.models import FileEntry, NamingRules, RepresentationPublic, VersionPublic
from brickyard.core.transfer import receive_blob


def cached(cache: BlobCache, data: bytes) -> FileEntry:
    sha = hashlib.sha256(data).hexdigest()
    receive_blob([data], cache.path(sha), sha256=sha, size=len(data))
    return FileEntry(path="x", size=len(data), sha256=sha)


def version_with(representations) -> VersionPublic:
    return VersionPublic(
        id=1, project="film", folder="characters", asset="hero", asset_id=1, kind="model", number=3,
        status="wip", author="ana", comment="", metadata={}, inputs=[], thumbnail=None, workfile=None,
        created_at=datetime.now(timezone.utc), representations=representations,
        reference="brickyard://film/characters/hero?version=3")


@pytest.fixture
def cache(tmp_path):
    return BlobCache(tmp_path / "cache")


def test_blob_path_is_content_addressed(cache):
    entry = cached(cache, b"hello")
    assert cache.path(entry.sha256).relative_to(cache.root).parts == ("blobs", entry.sha256[:2], entry.sha256)
    assert cache.has(entry.sha256, 5) and not cache.has(entry.sha256, 6)


def test_materialise_lays_out_by_template_as_read_only_hard_links(cache, tmp_path):
    blend = cached(cache, b"blend bytes")
    frames = [cached(cache, f"frame {n}".encode()) for n in (1001, 1002)]
    version = version_with([
        RepresentationPublic(id=1, name="blend", files=[blend.model_copy(update={"path": "hero.blend"})]),
        RepresentationPublic(id=2, name="exr", frame_start=1001, frame_end=1002, files=[
            f.model_copy(update={"path": f"beauty.{n}.exr", "frame": n}) for f, n in zip(frames, (1001, 1002))]),
    ])
    library = tmp_path / "library"
    paths = materialise(cache, version, NamingRules(), library)
    assert [p.relative_to(library).as_posix() for p in paths] == [
        "film/characters/hero/v003/hero_v003.blend",
        "film/characters/hero/v003/hero_v003.1001.exr", "film/characters/hero/v003/hero_v003.1002.exr"]
    assert paths[0].read_bytes() == b"blend bytes"
    assert os.path.samefile(paths[0], cache.path(blend.sha256))  # a hard link: no second copy
    assert paths[0].stat().st_mode & 0o222 == 0
    # a second run finds identical files in place and is fine with them
    assert materialise(cache, version, NamingRules(), library, representation="blend") == paths[:1]


def test_an_identical_copy_is_kept_and_a_different_file_is_never_overwritten(cache, tmp_path):
    entry = cached(cache, b"published")
    target = tmp_path / "out" / "hero.blend"
    target.parent.mkdir()
    target.write_bytes(b"published")  # the same bytes, not a link: fine
    place_file(cache.path(entry.sha256), target, sha256=entry.sha256, size=entry.size)
    target.write_bytes(b"artist's own work")
    with pytest.raises(Conflict, match="never overwrites"):
        place_file(cache.path(entry.sha256), target, sha256=entry.sha256, size=entry.size)
    assert target.read_bytes() == b"artist's own work"


def test_falls_back_to_a_copy_where_hard_links_fail(cache, tmp_path, monkeypatch):
    entry = cached(cache, b"bytes across filesystems")
    real_link = os.link

    def link_fails_from_cache(src, dst, *args, **kwargs):
        if str(src).startswith(str(cache.root)):
            raise OSError(18, "Invalid cross-device link")  # EXDEV
        return real_link(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "link", link_fails_from_cache)
    target = tmp_path / "elsewhere" / "hero.blend"
    place_file(cache.path(entry.sha256), target, sha256=entry.sha256, size=entry.size)
    assert target.read_bytes() == b"bytes across filesystems"
    assert not os.path.samefile(target, cache.path(entry.sha256))
    assert target.stat().st_mode & 0o222 == 0
    assert [p.name for p in target.parent.iterdir()] == ["hero.blend"]  # no temp left


def test_a_template_that_renders_outside_the_target_writes_nothing(cache, tmp_path):
    blend = cached(cache, b"blend bytes")
    version = version_with([RepresentationPublic(id=1, name="blend", files=[
        blend.model_copy(update={"path": "hero.blend"})])]).model_copy(update={"folder": ""})
    # the fields are fine one by one, but the format spec pads an empty folder to '..'
    rules = NamingRules(file_template="{project}/{folder:.<2}/{folder:.<2}/{asset}.{ext}")
    library = tmp_path / "deep" / "library"
    with pytest.raises(InvalidInput, match="library root"):
        materialise(cache, version, rules, library)
    assert not (tmp_path / "deep").exists() and not list(tmp_path.glob("**/hero.blend"))


@pytest.mark.parametrize("relative", ["../x", "a/../../x", "/etc/x", "a//b", "./a"])
def test_the_client_refuses_to_place_a_file_outside_the_root_whatever_the_server_says(tmp_path, relative):
    with pytest.raises(InvalidInput, match="outside"):
        inside(tmp_path / "library", relative)
    assert inside(tmp_path / "library", "film/a/b.txt") == tmp_path / "library" / "film" / "a" / "b.txt"
