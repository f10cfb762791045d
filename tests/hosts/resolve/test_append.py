"""Appending whole clips: the length read back on 18 and on 19+ (whichever way a build reads clipInfo's
endFrame), sequences numbered from 1001, and the playhead only where Resolve shows one."""

from __future__ import annotations

import pytest
from brickyard.core.errors import BrickyardError, InvalidInput
from brickyard.core.load import load
from brickyard.hosts.resolve import ResolveHost, resolve_loaders
from brickyard.hosts.resolve.append import append_clip

from tests.fakes.resolve import FakeResolve, hint

from .conftest import media


def pool_and_timeline(resolve):
    pool = resolve.GetProjectManager().GetCurrentProject().GetMediaPool()
    return pool, pool.CreateEmptyTimeline("edit")


@pytest.mark.parametrize("release", ["18.5.0", "19.0.2", "20.2.0"])
@pytest.mark.parametrize("build_reads_end", ["as its release", "inclusive", "exclusive"])
def test_a_48_frame_clip_appended_whole_is_48_frames(tmp_path, release, build_reads_end):
    resolve = FakeResolve(release=release)
    resolve.clip_info_end_exclusive = {"as its release": None, "inclusive": False, "exclusive": True}[build_reads_end]
    host = ResolveHost(resolve, state_dir=tmp_path / "s")
    pool, timeline = pool_and_timeline(resolve)
    [clip] = pool.ImportMedia([str(media(tmp_path / "a.mov", frames=48))])

    [item] = append_clip(host, clip)

    assert (item.GetDuration(), item.GetLeftOffset(), item.GetStart()) == (48, 0, 86400)
    assert [i.GetDuration() for i in timeline.GetItemListInTrack("video", 1)] == [48]  # no short first try left


def test_the_fake_reads_end_frame_inclusive_on_18_and_exclusive_from_19(tmp_path):
    """What the adapter's read-back guards against: the same clipInfo gives two lengths."""
    lengths = {}
    for release in ("18.5.0", "19.0.2"):
        resolve = FakeResolve(release=release)
        pool, _ = pool_and_timeline(resolve)
        [clip] = pool.ImportMedia([str(media(tmp_path / "a.mov", frames=48))])
        [item] = pool.AppendToTimeline([{"mediaPoolItem": clip, "startFrame": 0, "endFrame": 47}])
        lengths[release] = item.GetDuration()
    assert lengths == {"18.5.0": 48, "19.0.2": 47}


@pytest.mark.parametrize("release", ["18.5.0", "20.2.0"])
def test_a_sequence_numbered_from_1001_appends_whole(tmp_path, release):
    resolve = FakeResolve(release=release)
    host = ResolveHost(resolve, state_dir=tmp_path / "s")
    pool, _ = pool_and_timeline(resolve)
    for number in range(1001, 1025):
        (tmp_path / f"plate.{number}.exr").write_bytes(hint(frames=1))
    [clip] = pool.ImportMedia([{"FilePath": str(tmp_path / "plate.%04d.exr"), "StartIndex": 1001, "EndIndex": 1024}])
    assert clip.GetClipProperty("Start") == "1001"

    [item] = append_clip(host, clip)

    assert (item.GetDuration(), item.GetLeftOffset()) == (24, 0)


def test_the_media_page_has_no_playhead_and_the_artist_is_told_where_to_go(studio, tmp_path):
    ana = studio.client("ana")
    version = ana.publish("film", "plate", "video", {"mov": [media(tmp_path / "p.mov")]}, folder="plates")
    resolve = FakeResolve()
    host = ResolveHost(resolve, state_dir=tmp_path / "s")
    _, timeline = pool_and_timeline(resolve)
    resolve.OpenPage("media")

    with pytest.raises(InvalidInput, match=r"no playhead on the media page; open the Edit or Cut page"):
        load(ana, host, resolve_loaders().get("AppendToTimeline"), version, "mov", options={"at": "playhead"})
    assert timeline.GetItemListInTrack("video", 1) == [] and host.list_containers() == []

    resolve.OpenPage("edit")
    container = load(ana, host, resolve_loaders().get("AppendToTimeline"), version, "mov", options={"at": "playhead"})
    assert host.clip_of(container.id) is not None and len(timeline.GetItemListInTrack("video", 1)) == 1


def test_a_clip_with_no_frames_is_refused_plainly(tmp_path):
    resolve = FakeResolve()
    host = ResolveHost(resolve, state_dir=tmp_path / "s")
    pool, _ = pool_and_timeline(resolve)
    [clip] = pool.ImportMedia([str(media(tmp_path / "a.mov"))])
    clip._media = clip._media.__class__(clip._media.path, "Video", 0)  # its media went offline
    with pytest.raises(BrickyardError, match="reports no frames for 'a.mov'; is its media online"):
        append_clip(host, clip)
