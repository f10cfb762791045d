"""Switching in place: ReplaceClip wipes what was set on the clip; the switch restores it and reports the
timeline items that could not follow."""

from __future__ import annotations

import pytest
from brickyard.core.inventory import update_containers
from brickyard.core.load import load
from brickyard.hosts.resolve import ResolveHost, resolve_loaders
from brickyard.hosts.resolve.metadata import FALLBACK_FIELD

from tests.fakes.resolve import FakeResolve, hint

from .conftest import media


@pytest.fixture
def plate(studio, tmp_path):
    """Versions 1 (48 frames) and 2 (24 frames) of a plate, and the artist's client."""
    ana = studio.client("ana")
    versions = [ana.publish("film", "plate", "video", {"mov": [media(tmp_path / f"p{n}.mov", frames=n, text=str(n))]},
                            folder="plates") for n in (48, 24)]
    return ana, versions


def loaded(ana, version, resolve, tmp_path, loader="AppendToTimeline", representation="mov"):
    resolve.GetProjectManager().GetCurrentProject().GetMediaPool().CreateEmptyTimeline("edit")
    host = ResolveHost(resolve, state_dir=tmp_path / "state")
    loaders = resolve_loaders()
    container = load(ana, host, loaders.get(loader), version, representation)
    return host, loaders, container, host.clip_of(container.id)


@pytest.mark.parametrize("release", ["18.5.0", "20.2.0"])
def test_what_replace_clip_wipes_comes_back(plate, tmp_path, release):
    ana, (v1, v2) = plate
    resolve = FakeResolve(release=release)
    host, loaders, container, clip = loaded(ana, v1, resolve, tmp_path, loader="ImportMedia")
    clip.SetMetadata("Comments", "hero plate, use the second take")
    clip.SetMetadata(FALLBACK_FIELD, "needs a cleanup pass\n" + clip.GetMetadata(FALLBACK_FIELD))
    clip.SetClipProperty("Input Color Space", "ARRI LogC3")
    clip.SetClipColor("Teal")
    if release >= "19.0.2":
        clip.SetThirdPartyMetadata("studio.shot_id", "SH010")

    [outcome] = update_containers(ana, host, loaders, [container.id], 2)

    assert outcome.ok, outcome.message
    assert "v002" in clip.GetClipProperty("File Path")
    assert clip.GetMetadata("Comments") == "hero plate, use the second take"
    assert clip.GetMetadata(FALLBACK_FIELD).startswith("needs a cleanup pass")
    assert clip.GetClipProperty("Input Color Space") == "ARRI LogC3"
    assert clip.GetClipColor() == "Teal"
    if release >= "19.0.2":
        assert clip.GetThirdPartyMetadata("studio.shot_id") == "SH010"
    assert host.read_container(container.id)["version_id"] == v2.id


def test_items_that_cannot_follow_are_reported_and_the_container_still_tells_the_truth(plate, tmp_path):
    ana, (v1, v2) = plate
    resolve = FakeResolve()
    host, loaders, container, clip = loaded(ana, v1, resolve, tmp_path)  # 48 frames on V1

    [outcome] = update_containers(ana, host, loaders, [container.id], 2)  # v2 has only 24

    assert not outcome.ok and outcome.to_version == 2
    assert "now plays v2, but 1 timeline item(s) could not follow" in outcome.message
    assert "it runs 24 frame(s) past the end of the new media (24 frames)" in outcome.message
    assert host.read_container(container.id)["version_id"] == v2.id  # the clip plays v2: so says the container


def test_a_clip_deleted_by_the_artist_is_forgotten_and_its_update_reported(plate, tmp_path):
    ana, (v1, _) = plate
    resolve = FakeResolve()
    host, loaders, container, clip = loaded(ana, v1, resolve, tmp_path, loader="ImportMedia")
    host.media_pool().DeleteClips([clip])
    [outcome] = update_containers(ana, host, loaders, [container.id], 2)
    assert not outcome.ok and "no longer in the media pool" in outcome.message
    assert host.read_container(container.id) is None and host.list_containers() == []


def test_what_resolve_refuses_to_take_back_is_reported_with_its_old_value(plate, tmp_path):
    ana, (v1, v2) = plate
    host, loaders, container, clip = loaded(ana, v1, FakeResolve(), tmp_path, loader="ImportMedia")
    clip.SetClipProperty("Input Color Space", "ARRI LogC3")
    clip.SetMetadata("Comments", "hero plate")
    accepts = clip.SetClipProperty

    def refuses_log_c(name, value):  # e.g. a colour space Resolve does not offer for the new media
        return False if value == "ARRI LogC3" else accepts(name, value)

    clip.SetClipProperty = refuses_log_c

    [outcome] = update_containers(ana, host, loaders, [container.id], 2)

    assert not outcome.ok and outcome.to_version == 2
    assert "now plays v2, but Resolve refused to put back what the replace wiped, set it again by hand: " \
           "Input Color Space (was 'ARRI LogC3')" in outcome.message
    assert clip.GetMetadata("Comments") == "hero plate"  # the rest came back
    assert host.read_container(container.id)["version_id"] == v2.id


def sequence(folder, frames: int):
    folder.mkdir(parents=True, exist_ok=True)
    paths = [folder / f"plate.{n}.exr" for n in range(1001, 1001 + frames)]
    for path in paths:
        path.write_bytes(hint(frames=1) + folder.name.encode())
    return paths


@pytest.mark.parametrize("takes_sequence", [True, False])
def test_a_sequence_switch_is_checked_whichever_way_replace_clip_reads_a_first_frame(studio, tmp_path, takes_sequence):
    """The README is silent on ReplaceClip given a sequence's first frame: a build that takes one still
    is reported, with the way out, instead of a switch said to have worked."""
    ana = studio.client("ana")
    v1, v2 = (ana.publish("film", "smoke", "render", {"exr": sequence(tmp_path / f"v{n}", 12)}, folder="fx")
              for n in (1, 2))
    resolve = FakeResolve()
    resolve.replace_takes_sequence = takes_sequence
    host, loaders, container, clip = loaded(ana, v1, resolve, tmp_path, loader="AppendToTimeline",
                                            representation="exr")
    assert clip.GetClipProperty("Frames") == "12"

    [outcome] = update_containers(ana, host, loaders, [container.id], 2)

    assert host.read_container(container.id)["version_id"] == v2.id  # the clip plays v2 either way
    if takes_sequence:
        assert outcome.ok, outcome.message
        assert clip.GetClipProperty("Frames") == "12"
    else:
        assert not outcome.ok
        assert "Resolve took only 1 of the 12 frames of the sequence" in outcome.message
        assert "remove it and load the version again" in outcome.message


def test_replace_clip_clears_the_clips_marks_in_the_fake(tmp_path):
    pool = FakeResolve().GetProjectManager().GetCurrentProject().GetMediaPool()
    [clip] = pool.ImportMedia([str(media(tmp_path / "a.mov"))])
    assert clip.SetMarkInOut(4, 20)
    assert clip.ReplaceClip(str(media(tmp_path / "b.mov")))
    assert clip.GetMarkInOut() == {}
