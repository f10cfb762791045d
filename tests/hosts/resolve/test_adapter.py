"""The Resolve host: containers found through an index, bins per asset, the artist's current bin and
timeline left as they were, context and instances kept per project."""

from __future__ import annotations

import json

import pytest
from brickyard.core.container import parse_container
from brickyard.core.errors import InvalidInput
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


def test_listing_containers_costs_no_call_per_clip(versions, resolve, host):
    ana, published = versions
    loader = resolve_loaders().get("ImportMedia")
    for version in published:
        load(ana, host, loader, version, "mov")
    before = resolve.calls
    listed = host.list_containers()
    assert sorted(c["name"] for c in listed) == ["plate_0_v001.mov", "plate_1_v001.mov", "plate_2_v001.mov"]
    assert resolve.calls - before <= 3  # which project is open: the same few calls for 3 or 3,000 clips


def test_bins_are_per_asset_and_never_doubled(versions, resolve, host):
    ana, published = versions
    loader = resolve_loaders().get("ImportMedia")
    for version in published + published[:1]:
        load(ana, host, loader, version, "mov")
    root = host.media_pool().GetRootFolder()
    [brickyard] = root.GetSubFolderList()
    [plates] = brickyard.GetSubFolderList()
    [sh010] = plates.GetSubFolderList()
    assert [f.GetName() for f in sh010.GetSubFolderList()] == ["plate_0", "plate_1", "plate_2"]
    assert len(sh010.GetSubFolderList()[0].GetClipList()) == 2  # loaded twice: two clips, one bin


def test_the_artists_current_bin_and_timeline_are_left_as_they_were(versions, resolve, host):
    ana, published = versions
    pool = host.media_pool()
    project = host.project()
    mine = pool.AddSubFolder(pool.GetRootFolder(), "selects")
    pool.SetCurrentFolder(mine)
    edit = pool.CreateEmptyTimeline("edit")
    pool.CreateEmptyTimeline("other")
    project.SetCurrentTimeline(edit)
    load(ana, host, resolve_loaders().get("AppendToTimeline"), published[0], "mov")
    assert pool.GetCurrentFolder().GetUniqueId() == mine.GetUniqueId()
    assert project.GetCurrentTimeline().GetUniqueId() == edit.GetUniqueId()
    assert mine.GetClipList()[0].GetName() == "edit"  # only the timeline made there; the clip went to its bin


def test_another_machine_finds_the_containers_on_the_clips(versions, resolve, host, tmp_path):
    ana, published = versions
    loaded = load(ana, host, resolve_loaders().get("ImportMedia"), published[1], "mov")
    elsewhere = ResolveHost(resolve, state_dir=tmp_path / "other-machine")  # no index there yet
    [found] = elsewhere.list_containers()
    assert parse_container(found) == loaded


def test_a_clip_moved_to_another_bin_is_still_found(versions, resolve, host):
    ana, published = versions
    container = load(ana, host, resolve_loaders().get("ImportMedia"), published[0], "mov")
    pool = host.media_pool()
    clip = host.clip_of(container.id)
    elsewhere = pool.AddSubFolder(pool.GetRootFolder(), "Brickyard")  # a second bin of the same name, even
    pool.MoveClips([clip], elsewhere)
    assert host.read_container(container.id)["id"] == container.id


def test_the_container_wiped_by_a_replace_by_hand_is_restored_from_the_index(versions, resolve, host, tmp_path):
    ana, published = versions
    container = load(ana, host, resolve_loaders().get("ImportMedia"), published[0], "mov")
    clip = host.clip_of(container.id)
    assert clip.ReplaceClip(str(media(tmp_path / "by_hand.mov")))  # the artist replaces the clip in Resolve
    assert host.read_container(container.id) == container.to_data()
    assert json.loads(clip.GetThirdPartyMetadata("brickyard.container"))["id"] == container.id


def test_context_and_instances_are_kept_per_resolve_project(resolve, host, tmp_path):
    with pytest.raises(InvalidInput, match="is not linked to a Brickyard project yet"):
        host.context()
    host.set_context(project="film", folder="edits", asset="sh010_edit")
    host.save_instance({"id": "i1", "schema": "brickyard/instance/1"})
    manager = resolve.GetProjectManager()
    manager.CreateProject("Commercial")  # the artist opens another project
    assert host.list_instances() == []
    manager.LoadProject("Untitled Project")
    again = ResolveHost(resolve, state_dir=tmp_path / "resolve-state")
    assert again.context().asset == "sh010_edit" and [i["id"] for i in again.list_instances()] == ["i1"]


def test_a_state_file_from_a_newer_brickyard_is_refused_and_kept(resolve, host):
    state = host.state()
    state.path.write_text(json.dumps({"schema": "brickyard/resolve-state/2"}))
    fresh = ResolveHost(resolve, state_dir=host.state_dir)
    with pytest.raises(ValueError, match="written by a newer Brickyard"):
        fresh.list_containers()
    assert json.loads(state.path.read_text()) == {"schema": "brickyard/resolve-state/2"}


def test_appending_without_a_timeline_is_refused_before_importing(versions, resolve, host):
    ana, published = versions
    with pytest.raises(InvalidInput, match="has no timeline open"):
        load(ana, host, resolve_loaders().get("AppendToTimeline"), published[0], "mov")
    assert host.media_pool().GetRootFolder().GetSubFolderList() == []


def test_appending_onto_an_occupied_playhead_leaves_nothing_behind(versions, resolve, host):
    ana, published = versions
    host.media_pool().CreateEmptyTimeline("edit")
    loader = resolve_loaders().get("AppendToTimeline")
    load(ana, host, loader, published[0], "mov", options={"at": "playhead"})
    with pytest.raises(InvalidInput, match="video track 1 of 'edit' already has a clip at 01:00:00:00"):
        load(ana, host, loader, published[1], "mov", options={"at": "playhead"})
    assert len(host.list_containers()) == 1
    assert host.clip_of(host.list_containers()[0]["id"]) is not None
    bins = host.media_pool().GetRootFolder().GetSubFolderList()[0].GetSubFolderList()[0].GetSubFolderList()[0]
    assert [b.GetClipList() for b in bins.GetSubFolderList() if b.GetName() == "plate_1"] == [[]]


def test_a_second_track_is_added_when_asked_for(versions, resolve, host):
    ana, published = versions
    timeline = host.media_pool().CreateEmptyTimeline("edit")
    load(ana, host, resolve_loaders().get("AppendToTimeline"), published[0], "mov", options={"track": 3})
    assert timeline.GetTrackCount("video") == 3
    assert len(timeline.GetItemListInTrack("video", 3)) == 1


def test_placing_on_a_track_before_18_5_is_refused_with_the_way_out(versions, tmp_path):
    ana, published = versions
    resolve = FakeResolve(release="18.1.3")
    host = ResolveHost(resolve, state_dir=tmp_path / "s")
    host.media_pool().CreateEmptyTimeline("edit")
    with pytest.raises(InvalidInput, match=r"needs Resolve 18.5 or newer \(this is 18.1.3\); append at the end"):
        load(ana, host, resolve_loaders().get("AppendToTimeline"), published[0], "mov", options={"track": 2})


@pytest.mark.parametrize("release", ["18.1.3", "20.2.0"])
def test_removing_an_appended_clip_takes_it_off_the_timeline_or_says_how_before_18_5(versions, tmp_path, release):
    from brickyard.core.inventory import remove_containers

    ana, published = versions
    host = ResolveHost(FakeResolve(release=release), state_dir=tmp_path / "s")
    timeline = host.media_pool().CreateEmptyTimeline("edit")
    container = load(ana, host, resolve_loaders().get("AppendToTimeline"), published[0], "mov")

    [outcome] = remove_containers(host, resolve_loaders(), [container.id])

    if release >= "18.5":
        assert outcome.ok and timeline.GetItemListInTrack("video", 1) == [] and host.list_containers() == []
    else:  # Timeline.DeleteClips arrived in 18.5: nothing is touched, and the artist is told what to do
        assert not outcome.ok
        assert "needs Resolve 18.5 or newer (this is 18.1.3); delete 'plate_0_v001.mov' on edit V1 at frame " \
               "86400 on the timeline by hand" in outcome.message
        assert len(timeline.GetItemListInTrack("video", 1)) == 1 and host.clip_of(container.id) is not None


def test_an_untitled_project_is_not_saved_and_the_artist_is_told_to_name_it(resolve, host, tmp_path):
    with pytest.raises(InvalidInput, match=r"'Untitled Project': a project never saved needs a name first"):
        host.save_workfile()
    assert not (host.state_dir / "workfiles").exists()
    resolve.GetProjectManager().CreateProject("film_edit")
    saved = host.save_workfile()
    assert saved.name == "film_edit.drp" and saved.is_file()


def test_a_closed_projects_objects_answer_none_and_the_host_follows_the_open_one(resolve, host, tmp_path):
    manager = resolve.GetProjectManager()
    before = host.project()
    pool = before.GetMediaPool()
    timeline = pool.CreateEmptyTimeline("edit")
    [clip] = pool.ImportMedia([str(media(tmp_path / "a.mov"))])
    [item] = pool.AppendToTimeline([clip])
    manager.CreateProject("other")
    assert before.GetName() is None and before.GetMediaPool() is None  # proxies of a closed project
    assert [pool.GetRootFolder(), timeline.GetName(), clip.GetName(), item.GetDuration()] == [None] * 4
    assert host.project().GetName() == "other"
