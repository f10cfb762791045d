"""The fake keeps to Resolve's documented surface and conventions (so the host tests mean something)."""

from __future__ import annotations

import ast
import inspect
import sys
from pathlib import Path

import pytest

from tests.fakes import resolve as fake
from tests.fakes.resolve import FakeResolve

from .conftest import media

CLASSES = {"Resolve": fake.FakeResolve, "ProjectManager": fake.FakeProjectManager, "Project": fake.FakeProject,
           "MediaPool": fake.FakeMediaPool, "Folder": fake.FakeFolder, "MediaPoolItem": fake.FakeMediaPoolItem,
           "Timeline": fake.FakeTimeline, "TimelineItem": fake.FakeTimelineItem}


def stub_methods() -> dict[str, dict[str, list[list[str]]]]:
    """``{class: {method: [parameter names of each signature]}}`` read from fusionscript-stubs."""
    stub = next((Path(p) / "fusionscript-stubs" / "fusionscript.pyi" for p in sys.path
                 if p and (Path(p) / "fusionscript-stubs" / "fusionscript.pyi").is_file()), None)
    if stub is None:
        pytest.skip("fusionscript-stubs comes with the test extra: pip install -e '.[test]'")
    found: dict[str, dict[str, list[list[str]]]] = {}
    for node in ast.parse(stub.read_text()).body:
        if isinstance(node, ast.ClassDef) and node.name in CLASSES:
            methods = found.setdefault(node.name, {})
            for item in node.body:
                if isinstance(item, ast.FunctionDef):
                    methods.setdefault(item.name, []).append([a.arg for a in item.args.args[1:]])
    return found


@pytest.mark.parametrize("name", sorted(CLASSES))
def test_every_fake_method_is_in_the_stubs_with_its_parameter_names(name):
    documented = stub_methods()[name]
    for method, function in inspect.getmembers(CLASSES[name], inspect.isfunction):
        if not method[:1].isupper():
            continue  # the fake's own helpers and test controls
        assert method in documented, f"{name}.{method} is not in Resolve's documented API"
        params = [p.name for p in inspect.signature(function).parameters.values()
                  if p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)][1:]
        if any(p.kind == p.VAR_POSITIONAL for p in inspect.signature(function).parameters.values()):
            continue  # the documented "clip1, clip2, ... | [clips] | [clipInfo]" forms
        assert any(params[:len(sig)] == sig[:len(params)] for sig in documented[method]), \
            f"{name}.{method}{params} differs from the stubs' {documented[method]}"


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
