"""The Inventory's "select in scene" in Resolve, with the documented calls only: the first container's clip
selected in its bin, the playhead on its first use; a timeline container's timeline made current;
deleted clips named; no clip selection before 19.0.2 (the call does not exist there)."""

from __future__ import annotations

import pytest
from brickyard.core.controllers.inventory_controller import InventoryController
from brickyard.core.load import load
from brickyard.hosts.resolve import ResolveHost, resolve_loaders

from tests.fakes.resolve import FakeResolve

from .conftest import media


@pytest.fixture
def versions(studio, tmp_path):
    ana = studio.client("ana")
    published = [ana.publish("film", f"plate_{n}", "video", {"mov": [media(tmp_path / f"{n}.mov", text=str(n))]},
                             folder="plates/sh010") for n in range(3)]
    return ana, published


def edit_timeline(host):
    pool = host.media_pool()
    timeline = pool.CreateEmptyTimeline("edit")
    host.project().SetCurrentTimeline(timeline)
    return timeline


def test_the_clip_is_selected_in_its_bin_and_the_playhead_goes_to_its_first_use(versions, resolve, host):
    ana, published = versions
    timeline = edit_timeline(host)
    imported = load(ana, host, resolve_loaders().get("ImportMedia"), published[0], "mov")
    load(ana, host, resolve_loaders().get("AppendToTimeline"), published[1], "mov")  # frames start..start+48
    appended = load(ana, host, resolve_loaders().get("AppendToTimeline"), published[2], "mov")
    pool = host.media_pool()
    pool.SetCurrentFolder(pool.GetRootFolder())
    timeline.SetCurrentTimecode("01:00:00:00")

    assert InventoryController(None, host, None).select_in_scene([appended.id, imported.id]) == []
    [chosen] = pool.GetSelectedClips()
    assert chosen.GetUniqueId() == host.clip_of(appended.id).GetUniqueId()
    assert pool.GetCurrentFolder().GetName() == "plate_2"  # its bin, open for the artist to see it
    start = timeline.GetItemListInTrack("video", 1)[1].GetStart()
    assert start == timeline.GetStartFrame() + 48
    assert timeline.GetCurrentTimecode() == "01:00:02:00"  # frame 86400 + 48 at 24 fps

    assert host.select_containers([imported.id]) == []  # on no timeline: the playhead stays
    [chosen] = pool.GetSelectedClips()
    assert chosen.GetUniqueId() == host.clip_of(imported.id).GetUniqueId()
    assert timeline.GetCurrentTimecode() == "01:00:02:00"


def test_a_deleted_clip_is_named_and_the_next_one_selected(versions, resolve, host):
    ana, published = versions
    gone, kept = (load(ana, host, resolve_loaders().get("ImportMedia"), v, "mov") for v in published[:2])
    host.media_pool().DeleteClips([host.clip_of(gone.id)])
    assert host.select_containers([gone.id, kept.id, "never-loaded"]) == [gone.id, "never-loaded"]
    [chosen] = host.media_pool().GetSelectedClips()
    assert chosen.GetUniqueId() == host.clip_of(kept.id).GetUniqueId()


def test_a_timeline_container_makes_its_timeline_current(resolve, host):
    pool = host.media_pool()
    opened = pool.CreateEmptyTimeline("cut_v002")
    other = edit_timeline(host)
    host.bind("c1", None, ["Brickyard"], timeline=opened.GetUniqueId())
    host.write_container({"id": "c1", "name": "cut_v002"})
    assert host.select_containers(["c1"]) == []
    assert host.project().GetCurrentTimeline().GetUniqueId() == opened.GetUniqueId() != other.GetUniqueId()
    pool.DeleteTimelines([opened])
    assert host.select_containers(["c1"]) == ["c1"]


def test_before_19_0_2_the_bin_opens_but_no_clip_can_be_selected(versions, tmp_path):
    ana, published = versions
    old = FakeResolve(release="18.5.0")
    host = ResolveHost(old, state_dir=tmp_path / "state")
    loaded = load(ana, host, resolve_loaders().get("ImportMedia"), published[0], "mov")
    pool = host.media_pool()
    pool.SetCurrentFolder(pool.GetRootFolder())
    assert host.select_containers([loaded.id]) == []
    assert pool.GetCurrentFolder().GetName() == "plate_0"
    assert "SetSelectedClip" not in dir(pool)
