"""Publish machinery without a server: core plugins through pyblish.util, and the session's rules."""

from __future__ import annotations

import json

import pyblish.api
import pyblish.util
import pytest
from brickyard.core.container import Container
from brickyard.core.publish import (
    FilesCreator,
    PublishReport,
    PublishSession,
    discover_publish_plugins,
    parse_instance,
)

from .helpers import local_project, scene, write

PROJECT = local_project()


def core_plugins(*names):
    plugins = discover_publish_plugins("reference").plugins
    return [p for p in plugins if p.__name__ in names]


def run_plugins(host, plugins):
    context = pyblish.api.Context()
    context.data.update(host=host, project=PROJECT)
    pyblish.util.publish(context, plugins)
    return {(r["plugin"].__name__, r["instance"].data["asset"] if r["instance"] is not None else None): r["error"]
            for r in context.data["results"]}


@pytest.fixture
def host(tmp_path):
    return scene(tmp_path)


def create(host, tmp_path, **options):
    options.setdefault("representations", {"txt": [str(write(tmp_path / "files" / "a.txt"))]})
    options.setdefault("kind", "model")
    return FilesCreator().create(host, **options)


# --- core plugins, one at a time, through pyblish.util ------------------------------------------------

def test_collect_instances_reads_the_workfile(host, tmp_path):
    create(host, tmp_path, asset="hero", comment="first", status="review")
    create(host, tmp_path, asset="off", folder="props")
    spec = parse_instance(host.list_instances()[1])
    FilesCreator().update(host, spec.id, active=False)
    context = pyblish.api.Context()
    context.data.update(host=host, project=PROJECT)
    pyblish.util.publish(context, core_plugins("CollectInstances"))
    by_asset = {i.data["asset"]: i for i in context}
    assert by_asset["hero"].data["folder"] == "shots" and by_asset["hero"].data["status"] == "review"
    assert by_asset["hero"].data["family"] == "model" and by_asset["off"].data["publish"] is False


def test_validate_naming_uses_the_project_rules(host, tmp_path):
    create(host, tmp_path, asset="hero_rig")
    create(host, tmp_path, asset="Hero Rig")
    create(host, tmp_path, asset="ok", folder="Bad Folder")
    errors = run_plugins(host, core_plugins("CollectInstances", "ValidateNaming"))
    assert errors[("ValidateNaming", "hero_rig")] is None
    assert "'hero_rig'" in str(errors[("ValidateNaming", "Hero Rig")])  # names the fix
    assert "Bad Folder" in str(errors[("ValidateNaming", "ok")])


def test_validate_kind_metadata(host, tmp_path):
    create(host, tmp_path, asset="style", kind="lora")
    create(host, tmp_path, asset="style_ok", kind="lora", metadata={"base_model": "sdxl"})
    create(host, tmp_path, asset="odd", kind="hologram")
    errors = run_plugins(host, core_plugins("CollectInstances", "ValidateKindMetadata"))
    assert "base_model" in str(errors[("ValidateKindMetadata", "style")])
    assert errors[("ValidateKindMetadata", "style_ok")] is None
    assert "unknown kind 'hologram'" in str(errors[("ValidateKindMetadata", "odd")])


def test_validate_files_present_and_not_empty(host, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    create(host, tmp_path, asset="gone", representations={"txt": [str(tmp_path / "nope.txt")]})
    create(host, tmp_path, asset="empty", representations={"txt": [str(empty)]})
    create(host, tmp_path, asset="good")
    errors = run_plugins(host, core_plugins("CollectInstances", "ValidateFiles"))
    assert "nope.txt does not exist" in str(errors[("ValidateFiles", "gone")])
    assert "empty (0 bytes)" in str(errors[("ValidateFiles", "empty")])
    assert errors[("ValidateFiles", "good")] is None


def test_validate_frame_sequences(host, tmp_path):
    renders = tmp_path / "renders"
    for frame in (1001, 1002, 1004):
        write(renders / f"sh010.{frame}.exr")
    complete = tmp_path / "complete"
    for frame in range(1001, 1004):
        write(complete / f"sh010.{frame}.exr")
    create(host, tmp_path, asset="gappy", kind="render", representations={"exr": [str(renders)]})
    create(host, tmp_path, asset="whole", kind="render", representations={"exr": [str(complete)]})
    create(host, tmp_path, asset="short", kind="render", representations={"exr": [str(complete)]},
           metadata={"frame_start": 1001, "frame_end": 1005})
    errors = run_plugins(host, core_plugins("CollectInstances", "ValidateFrameSequences"))
    assert "lacks frames 1003 of 1001-1004" in str(errors[("ValidateFrameSequences", "gappy")])
    assert errors[("ValidateFrameSequences", "whole")] is None
    assert "1004-1005" in str(errors[("ValidateFrameSequences", "short")])


def test_digits_in_a_movie_or_outside_the_range_are_no_frame(host, tmp_path):
    movie, lone = tmp_path / "sh010.mov", tmp_path / "single" / "sh010.1001.exr"
    write(movie)
    write(lone)
    declared = {"frame_start": 1, "frame_end": 100}
    create(host, tmp_path, asset="movie", kind="render", representations={"mov": [str(movie)]}, metadata=declared)
    create(host, tmp_path, asset="plate", kind="render", representations={"exr": [str(lone)]}, metadata=declared)
    create(host, tmp_path, asset="frame", kind="render", representations={"exr": [str(lone)]},
           metadata={"frame_start": 1001, "frame_end": 1003})
    errors = run_plugins(host, core_plugins("CollectInstances", "ValidateFrameSequences"))
    assert errors[("ValidateFrameSequences", "movie")] is None
    assert errors[("ValidateFrameSequences", "plate")] is None
    assert "lacks frames 1002-1003 of 1001-1003" in str(errors[("ValidateFrameSequences", "frame")])


def test_loaded_containers_become_pinned_inputs(host):
    for number, rep in ((3, "blend"), (3, "glb"), (2, None)):
        ref = f"brickyard://film/chars/hero?version={number}" + (f"&representation={rep}" if rep else "")
        host.write_container(Container(reference=ref, asset_id=1, version_id=number, representation=rep or "abc",
                                       loader="LoadFile", name="hero").to_data())
    host.write_container({"schema": "brickyard/container/9", "id": "future"})
    context = pyblish.api.Context()
    context.data.update(host=host, project=PROJECT)
    pyblish.util.publish(context, core_plugins("CollectLoadedVersions"))
    assert context.data["inputs"] == ["brickyard://film/chars/hero?version=3",
                                      "brickyard://film/chars/hero?version=2"]


# --- the session: stop rules, validate-only, cancel, repair, report -------------------------------------

def tracking_extractor(ran):
    class ExtractTrack(pyblish.api.InstancePlugin):
        order = pyblish.api.ExtractorOrder

        def process(self, instance):
            ran.append(instance.data["asset"])

    return ExtractTrack


def session_for(host, *extra, include_integrator=False):
    plugins = discover_publish_plugins("reference", extra=extra).plugins
    if not include_integrator:
        plugins = [p for p in plugins if p.__name__ != "IntegrateVersion"]
    return PublishSession(None, host, plugins, project=PROJECT)


def test_a_validation_failure_stops_before_extraction(host, tmp_path):
    ran = []
    create(host, tmp_path, asset="Bad Name")
    report = session_for(host, tracking_extractor(ran)).publish()
    assert ran == []
    assert report.stopped == "validation failed" and not report.passed
    failed = report.failures[0]
    assert (failed.plugin, failed.stage, failed.instance_label) == ("ValidateNaming", "validate", "shots/Bad Name")
    assert failed.repair == "Repair"


def test_a_collector_failure_also_stops_before_extraction(host, tmp_path):
    ran = []
    create(host, tmp_path, asset="hero")
    host.save_instance({"schema": "brickyard/instance/7", "id": "from-the-future"})
    report = session_for(host, tracking_extractor(ran)).publish()
    assert ran == [] and report.stopped == "validation failed"
    assert "newer than this Brickyard" in report.failures[0].message


def test_validate_only_never_extracts(host, tmp_path):
    ran = []
    create(host, tmp_path, asset="hero")
    report = session_for(host, tracking_extractor(ran)).validate()
    assert report.passed and report.validate_only and ran == []
    assert {r.plugin for r in report.validations} >= {"ValidateNaming", "ValidateFiles"}
    report = session_for(host, tracking_extractor(ran)).publish()
    assert ran == ["hero"]


def test_cancel_is_checked_between_plugins(host, tmp_path):
    create(host, tmp_path, asset="hero")
    ran = []
    holder = {}

    class CollectThenCancel(pyblish.api.ContextPlugin):
        order = pyblish.api.CollectorOrder + 0.45

        def process(self, context):
            holder["session"].cancel()

    session = session_for(host, CollectThenCancel, tracking_extractor(ran))
    holder["session"] = session
    report = session.publish()
    assert report.stopped == "cancelled" and ran == []
    assert report.results[-1].plugin == "CollectThenCancel"
    assert session.publish().stopped == "cancelled"  # a new run starts uncancelled, and cancels again


def test_repair_renames_in_the_workfile_and_validation_then_passes(host, tmp_path):
    create(host, tmp_path, asset="HeroRig", folder="Main Chars")
    session = session_for(host)
    assert not session.validate().passed
    repaired = session.repair("ValidateNaming")
    assert repaired.passed and repaired.action
    spec = parse_instance(host.list_instances()[0])
    assert (spec.folder, spec.asset) == ("main_chars", "hero_rig")
    assert session.validate().passed


def test_report_serialises_to_json_and_back(host, tmp_path):
    create(host, tmp_path, asset="Bad")
    report = session_for(host).validate()
    data = json.loads(report.to_json())
    assert data["passed"] is False and data["validate_only"] is True
    row = next(r for r in data["results"] if r["plugin"] == "ValidateNaming")
    assert row["passed"] is False and row["duration_ms"] >= 0 and row["instance_label"] == "shots/Bad"
    assert PublishReport.from_dict(data).to_dict() == report.to_dict()


def test_discovery_ignores_pyblish_global_registries_and_other_hosts(tmp_path):
    class Leaked(pyblish.api.ContextPlugin):
        def process(self, context):
            pass

    pyblish.api.register_plugin(Leaked)
    folder = tmp_path / "plugins"
    write(folder / "validate_blender_only.py", "import pyblish.api\n"
          "class ValidateBlenderOnly(pyblish.api.InstancePlugin):\n"
          "    hosts = ['blender']\n    order = pyblish.api.ValidatorOrder\n"
          "    def process(self, instance): pass\n")
    write(folder / "broken.py", "raise RuntimeError('boom')\n")
    write(folder / "_private.py", "raise RuntimeError('never imported')\n")
    try:
        found = discover_publish_plugins("reference", [folder])
        blender = discover_publish_plugins("blender", [folder])
    finally:
        pyblish.api.deregister_plugin(Leaked)
    names = [p.__name__ for p in found.plugins]
    assert "Leaked" not in names and "ValidateBlenderOnly" not in names
    assert "ValidateBlenderOnly" in [p.__name__ for p in blender.plugins]
    assert list(found.failures) == [str(folder / "broken.py")] and "boom" in found.failures[str(folder / "broken.py")]
    orders = [p.order for p in found.plugins]
    assert orders == sorted(orders)


def test_a_lora_needs_no_base_model_and_a_contradiction_is_repaired_from_the_file(host, tmp_path):
    from tests.support.ai_files import kohya_metadata, lora_tensors, write_safetensors

    lora = write_safetensors(tmp_path / "files" / "hero_style.safetensors", lora_tensors("sdxl"), kohya_metadata())
    create(host, tmp_path, asset="hero_style", kind="lora", representations={"safetensors": [str(lora)]})
    session = session_for(host)
    assert session.validate().passed  # base_model comes from the header
    FilesCreator().update(host, parse_instance(host.list_instances()[0]).id, metadata={"base_model": "flux"})
    report = session.validate()
    failed = next(r for r in report.results if r.plugin == "ValidateKindMetadata")
    assert not failed.passed and "says 'sdxl'" in failed.message
    assert "Repair sets base_model to 'sdxl'" in failed.message
    assert session.repair("ValidateKindMetadata").passed
    assert parse_instance(host.list_instances()[0]).metadata == {"base_model": "sdxl"}
    assert session.validate().passed
