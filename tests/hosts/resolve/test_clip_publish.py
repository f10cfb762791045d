"""Publishing media-pool clips as assets, and opening a published timeline file as a new timeline."""

from __future__ import annotations

import pytest
from brickyard.core.errors import InvalidInput
from brickyard.core.load import load, update
from brickyard.core.publish import PublishSession, discover_publish_plugins
from brickyard.hosts.resolve import PUBLISH_DIR, ResolveHost, resolve_loaders
from brickyard.hosts.resolve.creators import ClipCreator

from tests.fakes.resolve import FakeResolve

from .conftest import media


def test_selected_clips_become_versions_with_their_rate_size_and_range(studio, tmp_path, host):
    ana = studio.client("ana")
    pool = host.media_pool()
    for frame in range(1001, 1011):
        media(tmp_path / "cg" / f"Smoke FX.{frame:04d}.exr", frames=1, width=2048, height=858)
    [sequence] = pool.ImportMedia([{"FilePath": str(tmp_path / "cg" / "Smoke FX.%04d.exr"),
                                    "StartIndex": 1001, "EndIndex": 1010}])
    assert pool.SetSelectedClip(sequence)
    host.set_context(project="film", folder="fx")

    [spec] = ClipCreator().create_from_selection(host, status="review")
    report = PublishSession(ana, host, discover_publish_plugins("resolve", [PUBLISH_DIR])).publish()

    assert report.passed, [r.message for r in report.failures]
    assert (spec.asset, spec.kind) == ("smoke_fx", "video")
    version = ana.version(report.published[0])
    assert version.metadata == {"fps": 24.0, "resolution": [2048, 858], "frame_start": 1001, "frame_end": 1010}
    [rep] = version.representations
    assert rep.name == "exr" and len(rep.files) == 10


def test_clip_selection_before_19_0_2_asks_for_the_clips(tmp_path):
    host = ResolveHost(FakeResolve(release="19.0.1"), state_dir=tmp_path)
    with pytest.raises(InvalidInput, match="selection needs Resolve 19.0.2 or newer; pass the clips"):
        ClipCreator().create_from_selection(host)


@pytest.mark.parametrize("release", ["19.0.2", "20.2.0"])
def test_a_timeline_file_opens_as_a_new_timeline_and_a_switch_keeps_the_old_one(studio, tmp_path, release):
    ana = studio.client("ana")
    edl = tmp_path / "cut.edl"
    versions = []
    for n in (1, 2):
        edl.write_text(f"TITLE: cut v{n}\n")
        versions.append(ana.publish("film", "sh010_cut", "timeline", {"edl": [edl]}, folder="edits"))
    host = ResolveHost(FakeResolve(release=release), state_dir=tmp_path / "state")
    loader = resolve_loaders().get("OpenTimeline")
    container = load(ana, host, loader, versions[0], "edl")
    assert host.current_timeline().GetName() == "sh010_cut_v001"

    update(ana, host, loader, container, versions[1])

    project = host.project()
    names = [project.GetTimelineByIndex(i).GetName() for i in range(1, project.GetTimelineCount() + 1)]
    assert names == ["sh010_cut_v001", "sh010_cut_v002"] and host.current_timeline().GetName() == "sh010_cut_v002"
    assert host.read_container(container.id)["version_id"] == versions[1].id
