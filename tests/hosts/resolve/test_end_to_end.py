"""Publish media, approve, load it into a Resolve timeline, publish v2, approve, switch: against a real server."""

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


def publish_plate(client, tmp_path, frames, text):
    source = media(tmp_path / "work" / f"plate_{text}.mov", frames=frames, text=text)
    return client.publish("film", "sh010_plate", "video", {"mov": [source]}, folder="plates", status="review")


@pytest.mark.parametrize("release", RELEASES)
def test_load_approved_then_switch_in_place(studio, tmp_path, release):
    ana, sam = studio.client("ana"), studio.client("sam")
    v1 = publish_plate(ana, tmp_path, 48, "one")
    sam.set_status(v1.reference, "approved")
    publish_plate(ana, tmp_path, 48, "two, still in review")  # v2: newer, not approved

    resolve = FakeResolve(release=release)
    project = resolve.GetProjectManager().GetCurrentProject()
    timeline = project.GetMediaPool().CreateEmptyTimeline("edit")
    timeline.SetCurrentTimecode("01:00:10:00")
    host = ResolveHost(resolve, state_dir=tmp_path / "state")
    loaders = resolve_loaders()
    at = "playhead" if release >= "18.5" else "end"
    container = load_asset(ana, host, loaders, PLATE, options={"track": 1, "at": at})

    assert container.version == 1  # the latest approved, not the newer v2 in review
    [item] = timeline.GetItemListInTrack("video", 1)
    assert item.GetStart() == 86400 + 240  # at the playhead, 10 s into the timeline
    v1_path = item.GetMediaPoolItem().GetClipProperty("File Path")
    assert sha(v1_path) == v1.representations[0].files[0].sha256

    v3 = publish_plate(ana, tmp_path, 48, "three")
    sam.set_status(v3.reference, "approved")
    inventory = InventoryController(ana, host, loaders)
    [row] = inventory.refresh()
    assert (row.loaded, row.latest, row.latest_approved, row.state) == (1, 3, 3, "outdated")

    [outcome] = inventory.update([container.id], to="approved")
    assert outcome.ok, outcome.message
    [after] = timeline.GetItemListInTrack("video", 1)
    assert after.GetUniqueId() == item.GetUniqueId()
    assert (after.GetStart(), after.GetEnd(), after.GetLeftOffset()) == (86640, 86688, 0)
    playing = after.GetMediaPoolItem().GetClipProperty("File Path")
    assert sha(playing) == v3.representations[0].files[0].sha256 and "v003" in playing

    reopened = ResolveHost(resolve, state_dir=tmp_path / "state")  # what the clip and index say, not memory
    stored = reopened.read_container(container.id)
    assert stored["version_id"] == v3.id and stored["reference"].endswith("version=3&representation=mov")
    assert [r.state for r in InventoryController(ana, reopened, loaders).refresh()] == ["current"]


def test_a_kind_resolve_cannot_take_is_refused_plainly(studio, tmp_path, host):
    ana = studio.client("ana")
    model = media(tmp_path / "hero.glb")
    version = ana.publish("film", "hero", "model", {"glb": [model]}, folder="chars", status="review")
    studio.client("sam").set_status(version.reference, "approved")
    with pytest.raises(InvalidInput, match=r"'model' asset \(glb\) cannot go into DaVinci Resolve.*Blender or Unreal"):
        load_asset(ana, host, resolve_loaders(), "brickyard://film/chars/hero")
    assert host.list_containers() == []
    assert host.media_pool().GetRootFolder().GetSubFolderList() == []  # no bin made for nothing
