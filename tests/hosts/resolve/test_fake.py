"""The fake keeps to Resolve's documented conventions (so the host tests mean something); its names and
signatures are checked against the stubs in test_fake_conformance.py."""

from __future__ import annotations

import pytest

from tests.fakes.resolve import FakeResolve

from .conftest import media

def test_methods_newer_than_the_release_are_absent():
    old, new = FakeResolve(release="19.0.1"), FakeResolve(release="19.0.2")
    for app, present in ((old, False), (new, True)):
        pool = app.GetProjectManager().GetCurrentProject().GetMediaPool()
        assert ("GetSelectedClips" in dir(pool)) is present
        if not present:
            with pytest.raises(AttributeError):
                pool.GetSelectedClips()
    assert old.GetVersion()[:3] == [19, 0, 1]


def test_unique_ids_arrived_in_18_0_on_every_object_that_has_one(tmp_path):
    for release, present in (("17.4.5", False), ("18.0.0", True)):
        app = FakeResolve(release=release)
        project = app.GetProjectManager().GetCurrentProject()
        pool = project.GetMediaPool()
        timeline = pool.CreateEmptyTimeline("edit")
        [clip] = pool.ImportMedia([str(media(tmp_path / "a.mov"))])
        [item] = pool.AppendToTimeline([clip])
        for remote in (project, pool, pool.GetRootFolder(), clip, timeline, item):
            assert ("GetUniqueId" in dir(remote)) is present, (release, remote)
            if not present:
                with pytest.raises(AttributeError, match="added in Resolve 18.0.0; this is 17.4.5"):
                    remote.GetUniqueId()


def test_documented_failure_values(tmp_path):
    app = FakeResolve()
    project = app.GetProjectManager().GetCurrentProject()
    pool = project.GetMediaPool()
    assert project.GetCurrentTimeline() is None
    assert pool.AppendToTimeline([]) == []
    assert pool.ImportMedia([str(tmp_path / "missing.mov")]) == []
    [clip] = pool.ImportMedia([str(media(tmp_path / "a.mov"))])
    assert clip.SetMetadata("Not A Field", "x") is False
    assert clip.SetClipProperty("File Path", "/elsewhere.mov") is False  # read-only
    assert clip.ReplaceClip(str(tmp_path / "missing.mov")) is False
    assert pool.CreateEmptyTimeline("edit") is not None and pool.CreateEmptyTimeline("edit") is None
    assert project.GetRenderJobStatus("no-such-job") == {}
    with pytest.raises(TypeError):
        hash(clip)  # proxies are not hashable


def test_replace_clip_wipes_the_metadata_set_on_the_clip(tmp_path):
    app = FakeResolve()
    pool = app.GetProjectManager().GetCurrentProject().GetMediaPool()
    [clip] = pool.ImportMedia([str(media(tmp_path / "a.mov"))])
    clip.SetMetadata("Comments", "keep me")
    clip.SetThirdPartyMetadata("pipe.id", "42")
    assert clip.ReplaceClip(str(media(tmp_path / "b.mov")))
    assert clip.GetMetadata() == {} and clip.GetThirdPartyMetadata() == {}


def test_a_placement_over_an_existing_clip_gives_a_dead_item(tmp_path):
    app = FakeResolve()
    pool = app.GetProjectManager().GetCurrentProject().GetMediaPool()
    timeline = pool.CreateEmptyTimeline("edit")
    [clip] = pool.ImportMedia([str(media(tmp_path / "a.mov"))])
    info = {"mediaPoolItem": clip, "startFrame": 0, "endFrame": 10, "trackIndex": 1, "recordFrame": 86400}
    [alive] = pool.AppendToTimeline([info])
    [dead] = pool.AppendToTimeline([info])
    assert alive.GetDuration() == 10 and dead.GetDuration() is None and dead.GetMediaPoolItem() is None
    assert len(timeline.GetItemListInTrack("video", 1)) == 1


def test_renders_move_only_when_the_test_advances_the_clock(tmp_path):
    app = FakeResolve()
    project = app.GetProjectManager().GetCurrentProject()
    pool = project.GetMediaPool()
    pool.CreateEmptyTimeline("edit")
    pool.AppendToTimeline(pool.ImportMedia([str(media(tmp_path / "a.mov", frames=96))]))
    project.SetRenderSettings({"TargetDir": str(tmp_path), "CustomName": "out"})
    job = project.AddRenderJob()
    assert project.StartRendering([job]) is True
    assert project.GetRenderJobStatus(job)["JobStatus"] == "Rendering" and not (tmp_path / "out.mov").exists()
    assert project.AddRenderJob() is None  # queue changes are refused while rendering
    app.advance(1.0)
    assert project.GetRenderJobStatus(job)["CompletionPercentage"] == 50
    app.advance(1.0)
    assert project.GetRenderJobStatus(job)["JobStatus"] == "Complete" and (tmp_path / "out.mov").is_file()


def test_every_call_answers_a_fresh_proxy_known_only_by_its_unique_id(tmp_path):
    project = FakeResolve().GetProjectManager().GetCurrentProject()
    pool = project.GetMediaPool()
    [clip] = pool.ImportMedia([str(media(tmp_path / "a.mov"))])
    [again] = pool.GetRootFolder().GetClipList()
    assert again is not clip and again != clip and again.GetUniqueId() == clip.GetUniqueId()
    assert project.GetMediaPool() is not pool
    with pytest.raises(TypeError):
        {again}  # noqa: B018 - not hashable, so no set or dict key either


def test_deleted_things_answer_none_to_every_call(tmp_path):
    project = FakeResolve().GetProjectManager().GetCurrentProject()
    pool = project.GetMediaPool()
    timeline = pool.CreateEmptyTimeline("edit")
    [clip] = pool.ImportMedia([str(media(tmp_path / "a.mov"))])
    [item] = pool.AppendToTimeline([clip])
    assert timeline.DeleteClips([item], False)
    assert item.GetName() is None and item.GetDuration() is None
    assert pool.DeleteClips([clip])
    assert clip.GetName() is None and clip.GetClipProperty("Frames") is None
    assert pool.DeleteTimelines([timeline])
    assert timeline.GetName() is None and timeline.GetItemListInTrack("video", 1) is None


def test_the_playhead_answers_only_on_its_pages():
    app = FakeResolve()
    timeline = app.GetProjectManager().GetCurrentProject().GetMediaPool().CreateEmptyTimeline("edit")
    for page, answers in (("edit", True), ("cut", True), ("deliver", True), ("media", False), ("fusion", False)):
        app.OpenPage(page)
        assert (timeline.GetCurrentTimecode() != "") is answers, page
        assert timeline.SetCurrentTimecode("01:00:01:00") is answers, page


def test_the_right_offset_is_never_negative_even_past_shorter_media(tmp_path):
    pool = FakeResolve().GetProjectManager().GetCurrentProject().GetMediaPool()
    pool.CreateEmptyTimeline("edit")
    [clip] = pool.ImportMedia([str(media(tmp_path / "a.mov", frames=48))])
    [item] = pool.AppendToTimeline([clip])
    assert clip.ReplaceClip(str(media(tmp_path / "b.mov", frames=24)))
    assert (item.GetDuration(), item.GetRightOffset()) == (48, 0)
