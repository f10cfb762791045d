"""Publishing a timeline render: queued, polled until done on the fake's clock, published with its range."""

from __future__ import annotations

from pathlib import Path

import pytest
from brickyard.core.errors import NotFound
from brickyard.core.publish import PublishSession, discover_publish_plugins
from brickyard.hosts.resolve import PUBLISH_DIR, ResolveHost
from brickyard.hosts.resolve.creators import RenderCreator
from brickyard.hosts.resolve.render import RenderFailed, RenderRequest, RenderTimedOut, render_timeline

from tests.fakes.resolve import FakeResolve

from .conftest import media


def edit(resolve: FakeResolve, tmp_path: Path, frames: int = 48):
    """A timeline "edit" holding one clip of ``frames`` frames."""
    project = resolve.GetProjectManager().GetCurrentProject()
    pool = project.GetMediaPool()
    timeline = pool.CreateEmptyTimeline("edit")
    [clip] = pool.ImportMedia([str(media(tmp_path / "src" / "shot.mov", frames=frames))])
    assert pool.AppendToTimeline([clip])
    return project, timeline


def paced_host(resolve, tmp_path, **kwargs):
    """A host whose waiting lets time pass on the fake: each poll advances the renders by ``poll`` seconds."""
    return ResolveHost(resolve, state_dir=tmp_path / "state", clock=lambda: resolve.now, sleep=resolve.advance,
                       **kwargs)


def publish_session(client, host):
    return PublishSession(client, host, discover_publish_plugins("resolve", [PUBLISH_DIR]))


def test_render_publish_makes_a_video_with_its_range_fps_and_resolution(studio, tmp_path):
    ana = studio.client("ana")
    resolve = FakeResolve(release="20.2.0")
    project, timeline = edit(resolve, tmp_path, frames=96)
    host = paced_host(resolve, tmp_path)
    host.set_context(project="film", folder="edits", asset="sh010_edit")
    RenderCreator().create(host, host_data={"format": "mov", "codec": "Apple ProRes 422 HQ"}, status="review")

    report = publish_session(ana, host).publish()

    assert report.passed, [r.message for r in report.failures]
    [reference] = report.published
    version = ana.version(reference)
    assert (version.kind, version.status) == ("video", "review")
    assert {k: version.metadata[k] for k in ("frame_start", "frame_end", "fps", "resolution")} == \
        {"frame_start": 86400, "frame_end": 86495, "fps": 24.0, "resolution": [1920, 1080]}
    [rep] = version.representations
    assert rep.name == "mov" and len(rep.files) == 1
    assert project.GetRenderJobList() == []  # the job was cleared from the queue
    assert project.GetCurrentRenderFormatAndCodec() == {"format": "mov", "codec": "ProRes422HQ"}


def test_marked_range_renders_an_image_sequence_that_never_says_complete(host, resolve, tmp_path):
    project, timeline = edit(resolve, tmp_path)
    timeline.SetMarkInOut(10, 19)
    host = paced_host(resolve, tmp_path)
    request = RenderRequest(tmp_path / "out", "sh010", range="marked", format="EXR", poll=0.1)

    result = render_timeline(host, timeline, request)

    assert (result.first, result.last, result.sequence) == (86410, 86419, True)
    assert [f.name for f in result.files] == [f"sh010_{n:08d}.exr" for n in range(86410, 86420)]
    assert all(f.is_file() for f in result.files)


def test_a_failed_render_says_why_and_publishes_nothing(studio, tmp_path):
    ana = studio.client("ana")
    resolve = FakeResolve()
    project, _ = edit(resolve, tmp_path)
    host = paced_host(resolve, tmp_path)
    host.set_context(project="film", folder="edits", asset="sh010_edit")
    RenderCreator().create(host)
    project.fail_next_render = "Disk full"

    report = publish_session(ana, host).publish()

    assert report.stopped == "failed" and report.published == []
    assert "ended failed: Disk full" in report.failures[0].message
    with pytest.raises(NotFound):
        ana.versions("brickyard://film/edits/sh010_edit")


def test_a_stuck_render_is_stopped_at_the_timeout(resolve, tmp_path):
    _, timeline = edit(resolve, tmp_path)
    resolve.render_frames_per_second = 0.0  # nothing moves
    host = paced_host(resolve, tmp_path)
    with pytest.raises(RenderTimedOut, match=r"did not finish within 30 s \(0% done\); it was stopped"):
        render_timeline(host, timeline, RenderRequest(tmp_path / "out", "stuck", timeout=30, poll=5))
    project = resolve.GetProjectManager().GetCurrentProject()
    assert not project.IsRenderingInProgress()
    assert resolve.now == 30  # it waited for the timeout on the fake's clock, no longer


def test_a_render_cancelled_in_resolve_is_reported(resolve, tmp_path):
    project, timeline = edit(resolve, tmp_path, frames=480)
    calls = []

    def sleep(seconds):  # the artist presses Stop on the Deliver page while it renders
        calls.append(seconds)
        resolve.advance(seconds)
        if len(calls) == 2:
            project.StopRendering()

    host = ResolveHost(resolve, state_dir=tmp_path / "state", clock=lambda: resolve.now, sleep=sleep)
    with pytest.raises(RenderFailed, match="ended cancelled"):
        render_timeline(host, timeline, RenderRequest(tmp_path / "out", "sh010"))


def test_render_setters_that_answer_none_are_checked_by_reading_back(resolve, tmp_path):
    resolve.render_setters_answer_none = True
    _, timeline = edit(resolve, tmp_path)
    result = render_timeline(paced_host(resolve, tmp_path), timeline,
                             RenderRequest(tmp_path / "out", "sh010", format="MP4", codec="H.265"))
    assert (result.format, result.codec, [f.name for f in result.files]) == ("mp4", "H265", ["sh010.mp4"])


@pytest.mark.parametrize("request_kwargs, message", [
    ({"format": "gif"}, r"cannot render the format 'gif'; it offers \['DPX \(dpx\)', 'MP4 \(mp4\)'"),
    ({"format": "mov", "codec": "DNxHR"}, r"QuickTime \(mov\) has no codec 'DNxHR'"),
    ({"preset": "Nope"}, r"no render preset 'Nope'; it has \['H.264 Master'"),
    ({"range": "frames", "frame_start": 20, "frame_end": 10}, r"the last not before the first"),
    ({"range": "marked"}, r"has no marked in and out; mark them"),
])
def test_bad_render_requests_are_refused_before_anything_is_queued(resolve, tmp_path, request_kwargs, message):
    project, timeline = edit(resolve, tmp_path)
    with pytest.raises(ValueError, match=message):
        render_timeline(paced_host(resolve, tmp_path), timeline, RenderRequest(tmp_path / "out", "x", **request_kwargs))
    assert project.GetRenderJobList() == []


def test_marked_range_before_19_1_asks_for_frames(tmp_path):
    resolve = FakeResolve(release="19.0.2")
    _, timeline = edit(resolve, tmp_path)
    with pytest.raises(ValueError, match="needs Resolve 19.1 or newer; give the frames"):
        render_timeline(paced_host(resolve, tmp_path), timeline, RenderRequest(tmp_path / "o", "x", range="marked"))


def test_a_marked_range_rendered_with_a_preset_publishes_an_image_sequence_with_its_range(studio, tmp_path):
    ana = studio.client("ana")
    resolve = FakeResolve(release="20.2.0")
    project, timeline = edit(resolve, tmp_path, frames=96)
    timeline.SetMarkInOut(24, 35)  # twelve frames, a second into the edit
    other = project.GetMediaPool().CreateEmptyTimeline("other")  # the artist works in another timeline
    host = paced_host(resolve, tmp_path)
    host.set_context(project="film", folder="edits", asset="sh010_edit")
    RenderCreator().create(host, host_data={"timeline_id": timeline.GetUniqueId(), "range": "marked",
                                            "preset": "EXR half"}, status="review")

    report = publish_session(ana, host).publish()

    assert report.passed, [r.message for r in report.failures]
    version = ana.version(report.published[0])
    assert (version.metadata["frame_start"], version.metadata["frame_end"]) == (86424, 86435)
    assert version.metadata["render"] == {"format": "exr", "codec": "RGBHalf"}
    [rep] = version.representations
    assert (rep.name, rep.frame_start, rep.frame_end, len(rep.files)) == ("exr", 86424, 86435, 12)
    assert project.GetCurrentTimeline().GetUniqueId() == other.GetUniqueId()  # put back after queueing
    assert project.GetRenderJobList() == []


def test_the_frame_rate_is_the_rendered_timelines_own(resolve, tmp_path):
    project, timeline = edit(resolve, tmp_path)  # made at the project's 24 fps
    assert project.SetSetting("timelineFrameRate", "25")  # later timelines run at 25
    result = render_timeline(paced_host(resolve, tmp_path), timeline, RenderRequest(tmp_path / "out", "sh010"))
    assert result.fps == 24.0


@pytest.mark.parametrize("release", ["18.5.0", "19.1.3", "20.2.0"])
@pytest.mark.parametrize("asked", [{}, {"format": "mov", "codec": "ProRes422HQ"},
                                   {"format": "QuickTime", "codec": "Apple ProRes 422 HQ"}])
def test_a_render_publish_works_with_resolves_format_ids_on_every_release(studio, tmp_path, release, asked):
    """Resolve speaks format ids ("mov"); the Deliver page's default (nothing asked) renders too."""
    ana = studio.client("ana")
    resolve = FakeResolve(release=release)
    project, _ = edit(resolve, tmp_path)
    host = paced_host(resolve, tmp_path)
    host.set_context(project="film", folder="edits", asset="sh010_edit")
    RenderCreator().create(host, host_data=asked)

    report = publish_session(ana, host).publish()

    assert report.passed, [r.message for r in report.failures]
    version = ana.version(report.published[0])
    assert version.metadata["render"] == {"format": "mov", "codec": asked.get("codec") and "ProRes422HQ" or "H264"}
    assert [rep.name for rep in version.representations] == ["mov"]
    assert project.GetCurrentRenderFormatAndCodec()["format"] == "mov"


@pytest.mark.parametrize("marks, origin", [((10, 19), "from the timeline's start"),
                                           ((86410, 86419), "record frames")])
def test_marks_are_read_from_either_origin(resolve, tmp_path, marks, origin):
    """The README does not say where GetMarkInOut counts from: both readings render the same frames."""
    _, timeline = edit(resolve, tmp_path)
    timeline.SetMarkInOut(*marks)
    result = render_timeline(paced_host(resolve, tmp_path), timeline,
                             RenderRequest(tmp_path / "out", "sh010", range="marked", format="exr", poll=0.1))
    assert (result.first, result.last, len(result.files)) == (86410, 86419, 10), origin


def test_a_range_without_media_is_refused_by_resolve_and_said_plainly(resolve, tmp_path):
    project, timeline = edit(resolve, tmp_path)  # 48 frames from 86400
    with pytest.raises(RenderFailed, match=r"frames 86500-86510: is there media in that range"):
        render_timeline(paced_host(resolve, tmp_path), timeline,
                        RenderRequest(tmp_path / "out", "x", range="frames", frame_start=86500, frame_end=86510))
    assert project.GetRenderJobList() == []


def test_the_fake_refuses_render_settings_of_the_wrong_type(resolve, tmp_path):
    project, _ = edit(resolve, tmp_path)
    assert project.SetRenderSettings({"MarkIn": "86400"}) is False  # a string where Resolve wants an int
    assert project.SetRenderSettings({"SelectAllFrames": 1}) is False
    assert project.SetRenderSettings({"Nope": True}) is False
    assert project.SetRenderSettings({"MarkIn": 86400, "SelectAllFrames": False}) is True
    assert project.GetRenderCodecs("QuickTime") == {}  # codecs are listed by format id
    assert project.SetCurrentRenderFormatAndCodec("QuickTime", "ProRes422HQ") is False
