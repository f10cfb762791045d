"""The issue's end to end, against a real server: publish media, approve, load it into the fake's timeline,
publish v2 and approve, the inventory says outdated, switch — the timeline item plays v2's file at the same
position and the container says v2. Then: loaders default to the latest *approved* version, "update all
outdated" switches every container and reports the ones that could not follow, and a kind Resolve cannot
take is refused plainly."""

from __future__ import annotations

import hashlib

import pytest
from brickyard.core.controllers import InventoryController
from brickyard.core.errors import InvalidInput
from brickyard.hosts.resolve import ResolveHost, load_asset, resolve_loaders

from tests.fakes.resolve import FakeResolve

from .conftest import RELEASES, media

PLATE = "brickyard://film/plates/sh010_plate"


def sha(path) -> str:
    return hashlib.sha256(open(path, "rb").read()).hexdigest()


def publish_plate(client, tmp_path, frames, text, asset="sh010_plate"):
    source = media(tmp_path / "work" / f"{asset}_{text}.mov", frames=frames, text=text)
    return client.publish("film", asset, "video", {"mov": [source]}, folder="plates", status="review")


def edit_timeline(resolve):
    return resolve.GetProjectManager().GetCurrentProject().GetMediaPool().CreateEmptyTimeline("edit")


@pytest.mark.parametrize("release", RELEASES)
def test_publish_approve_load_publish_v2_approve_outdated_switch(studio, tmp_path, release):
    ana, sam = studio.client("ana"), studio.client("sam")
    v1 = publish_plate(ana, tmp_path, 48, "one")
    sam.set_status(v1.reference, "approved")

    resolve = FakeResolve(release=release)
    timeline = edit_timeline(resolve)
    timeline.SetCurrentTimecode("01:00:10:00")
    host = ResolveHost(resolve, state_dir=tmp_path / "state")
    loaders = resolve_loaders()
    container = load_asset(ana, host, loaders, PLATE, options={"track": 1, "at": "playhead"})

    assert container.version == 1
    [item] = timeline.GetItemListInTrack("video", 1)
    assert item.GetStart() == 86400 + 240  # at the playhead, 10 s into the timeline
    assert sha(item.GetMediaPoolItem().GetClipProperty("File Path")) == v1.representations[0].files[0].sha256

    v2 = publish_plate(ana, tmp_path, 48, "two")
    sam.set_status(v2.reference, "approved")
    inventory = InventoryController(ana, host, loaders)
    [row] = inventory.refresh()
    assert (row.loaded, row.latest, row.latest_approved, row.state) == (1, 2, 2, "outdated")

    [outcome] = inventory.update([container.id], to="approved")

    assert outcome.ok and (outcome.from_version, outcome.to_version) == (1, 2), outcome.message
    [after] = timeline.GetItemListInTrack("video", 1)
    assert after.GetUniqueId() == item.GetUniqueId()  # the same item, switched in place
    assert (after.GetStart(), after.GetEnd(), after.GetLeftOffset()) == (86640, 86688, 0)
    if release >= "19.0.0":
        assert after.GetTrackTypeAndIndex() == ["video", 1]
    playing = after.GetMediaPoolItem().GetClipProperty("File Path")
    assert sha(playing) == v2.representations[0].files[0].sha256 and "v002" in playing
    reopened = ResolveHost(resolve, state_dir=tmp_path / "state")  # what the clip and index say, not memory
    stored = reopened.read_container(container.id)
    assert stored["version_id"] == v2.id and stored["reference"].endswith("version=2&representation=mov")
    clip_says = reopened.metadata.read(after.GetMediaPoolItem())
    assert clip_says is not None and clip_says["version_id"] == v2.id  # on the clip itself, not just the index
    assert [r.state for r in InventoryController(ana, reopened, loaders).refresh()] == ["current"]


def test_loaders_default_to_the_latest_approved_version_not_the_newest(studio, tmp_path, host):
    ana, sam = studio.client("ana"), studio.client("sam")
    v1 = publish_plate(ana, tmp_path, 48, "one")
    sam.set_status(v1.reference, "approved")
    publish_plate(ana, tmp_path, 48, "two, still in review")  # newer, not approved
    edit_timeline(host.resolve)

    container = load_asset(ana, host, resolve_loaders(), PLATE)

    assert container.version == 1
    [row] = InventoryController(ana, host, resolve_loaders()).refresh()
    assert (row.loaded, row.latest, row.latest_approved, row.state) == (1, 2, 1, "outdated")
    newest = load_asset(ana, host, resolve_loaders(), PLATE, version="latest", loader="ImportMedia")
    assert newest.version == 2  # only when asked


def test_update_all_outdated_switches_each_and_reports_items_that_could_not_follow(studio, tmp_path, host):
    ana = studio.client("ana")
    timeline = edit_timeline(host.resolve)
    loaders = resolve_loaders()
    for asset in ("sh010_plate", "sh020_plate"):
        publish_plate(ana, tmp_path, 48, "one", asset)
        load_asset(ana, host, loaders, f"brickyard://film/plates/{asset}", version="latest")
    publish_plate(ana, tmp_path, 48, "two", "sh010_plate")
    publish_plate(ana, tmp_path, 24, "two", "sh020_plate")  # half as long as the item that uses it
    inventory = InventoryController(ana, host, loaders)
    outdated = [row.container_id for row in inventory.refresh() if row.state == "outdated"]
    assert len(outdated) == 2

    outcomes = {o.container_id: o for o in inventory.update(outdated, to="latest")}

    by_name = {row.name: outcomes[row.container_id] for row in inventory.refresh()}
    assert by_name["sh010_plate_v002.mov"].ok
    failed = by_name["sh020_plate_v002.mov"]
    assert not failed.ok and failed.to_version == 2
    assert "1 timeline item(s) could not follow" in failed.message and "on edit V1 at frame 86448" in failed.message
    assert [row.loaded for row in inventory.items] == [2, 2]  # both clips play v2; the short one is reported
    first, second = timeline.GetItemListInTrack("video", 1)
    assert (first.GetStart(), second.GetStart()) == (86400, 86448)  # nothing moved


def test_a_kind_resolve_cannot_take_is_refused_plainly(studio, tmp_path, host):
    ana = studio.client("ana")
    model = media(tmp_path / "hero.glb")
    version = ana.publish("film", "hero", "model", {"glb": [model]}, folder="chars", status="review")
    studio.client("sam").set_status(version.reference, "approved")
    with pytest.raises(InvalidInput, match=r"'model' asset \(glb\) cannot go into DaVinci Resolve.*Blender or Unreal"):
        load_asset(ana, host, resolve_loaders(), "brickyard://film/chars/hero")
    assert host.list_containers() == []
    assert host.media_pool().GetRootFolder().GetSubFolderList() == []  # no bin made for nothing
