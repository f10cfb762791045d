"""``ingest``: a folder of generations planned and published in bulk, against a real server."""

from __future__ import annotations

import json

import pytest
import requests
from brickyard.core.extract import default_registry
from brickyard.core.ingest import plan_ingest, run_ingest
from brickyard.core.ingest import creator as ingest_creator
from brickyard.core.ingest import run as ingest_run

from tests.support.ai_files import comfy_prompt, kohya_metadata, lora_tensors, write_png, write_safetensors
from tests.support.cli import assert_clean_failure, run_cli
from tests.support.studio import watch


def comfy_folder(root, count):
    for n in range(1, count + 1):
        write_png(root / f"ComfyUI_{n:05d}_.png", {"prompt": json.dumps(comfy_prompt(f"a lighthouse, take {n}",
                                                                                     seed=n))})
    return root


def test_ingest_of_1000_files_twice_creates_each_version_once(studio, tmp_path):
    ana = studio.client("ana")
    folder = comfy_folder(tmp_path / "output", 1000)
    traffic = watch(ana)
    plan, report = ana.ingest("film", folder, folder="gens/lighthouse")
    assert len(report.created) == 1000 and not report.failed and not report.duplicates
    assert report.created[0] == ("ComfyUI_00001_.png", "brickyard://film/gens/lighthouse/comfy_ui_00001?version=1")
    # a handful of requests, not one per file: lookup, missing, bundles, two bulk creates (+ the project)
    assert len(traffic.requests) <= 1000 / 100 + 5, traffic.requests
    assert traffic.count("PUT", "/api/v1/blobs/") == 0 and traffic.count("POST", "/api/v1/blobs/bundle") >= 1
    traffic.clear()
    _, again = ana.ingest("film", folder, folder="gens/lighthouse")
    assert again.created == [] and len(again.duplicates) == 1000 and again.bytes_sent == 0
    assert again.duplicates[4] == ("ComfyUI_00005_.png", "brickyard://film/gens/lighthouse/comfy_ui_00005?version=1")
    assert traffic.sent("POST", "/api/v1/blobs/bundle") == 0
    assert traffic.count("POST", "/api/v1/projects/film/versions/bulk") == 0
    assert sum(1 for _ in ana.assets("film", folder="gens/lighthouse")) == 1000
    [found] = ana.assets("film", search="lighthouse take 777")
    assert found.name == "comfy_ui_00777" and found.metadata["seed"] == 777


def test_an_interrupted_ingest_resumes_without_sending_or_creating_twice(studio, tmp_path, monkeypatch):
    ana = studio.client("ana")
    folder = comfy_folder(tmp_path / "out", 30)
    monkeypatch.setattr(ingest_creator, "CREATE_BATCH", 10)
    real = ana._api.request
    calls = {"bulk": 0}

    def flaky(method, path, **kwargs):
        if path.endswith("/versions/bulk"):
            calls["bulk"] += 1
            if calls["bulk"] == 2:
                raise requests.ConnectionError("the network went away")
        return real(method, path, **kwargs)

    monkeypatch.setattr(ana._api, "request", flaky)
    with pytest.raises(requests.ConnectionError):
        ana.ingest("film", folder, folder="gens")
    _, report = ana.ingest("film", folder, folder="gens")
    assert len(report.duplicates) == 10 and len(report.created) == 20 and report.bytes_sent == 0
    assert sum(1 for _ in ana.assets("film", folder="gens")) == 30


def test_plan_names_collisions_kinds_and_skips(studio, tmp_path):
    ana = studio.client("ana")
    root = tmp_path / "drop"
    write_png(root / "Robot 1.png", {})
    write_png(root / "robot_1.jpg", {}, size=(8, 8))
    write_safetensors(root / "loras" / "HeroStyle.safetensors", lora_tensors("sdxl"), kohya_metadata())
    (root / "notes.xyz").write_text("?")
    (root / "broken.safetensors").write_bytes(b"\x01")
    for n in (1, 2, 5):  # a curated selection, not a frame sequence with gaps
        write_png(root / "picks" / f"robot_{n:04d}.png", {}, size=(4 + n, 4))
    plan = plan_ingest(root, ana.project("film"), default_registry(), folder="drop")
    by_file = {v.files[0].relative_to(root).as_posix(): v for v in plan.versions}
    assert by_file["Robot 1.png"].asset == "robot_1" and by_file["robot_1.jpg"].asset == "robot_1_2"
    assert by_file["robot_1.jpg"].renamed_from == "robot_1"
    lora = by_file["loras/HeroStyle.safetensors"]
    assert (lora.folder, lora.asset, lora.kind, lora.metadata["base_model"]) == ("drop/loras", "hero_style", "lora",
                                                                                  "sdxl")
    assert [by_file[f"picks/robot_{n:04d}.png"].asset for n in (1, 2, 5)] == ["robot_0001", "robot_0002",
                                                                             "robot_0005"]
    skipped = dict(plan.skipped)
    assert "pass --kind" in skipped["notes.xyz"]
    assert "shorter than its 8-byte header length" in skipped["broken.safetensors"]
    report = run_ingest(ana._api, "film", plan)
    assert len(report.created) == 6 and report.created[2][1].endswith("drop/loras/hero_style?version=1")
    assert ana.version("brickyard://film/drop/loras/hero_style").metadata["hashes"]["autov3"]


def test_the_plan_names_the_same_sub_folders_however_the_folder_is_written(studio, tmp_path, monkeypatch):
    root = tmp_path / "drop"
    write_png(root / "top.png", {})
    write_png(root / "shots" / "sh010" / "key.png", {})
    project = studio.client("ana").project("film")

    def planned(written):
        plan = plan_ingest(written, project, default_registry(), folder="gens")
        return sorted((v.relative, v.folder, v.asset) for v in plan.versions)

    expected = [("shots/sh010/key.png", "gens/shots/sh010", "key"), ("top.png", "gens", "top")]
    assert planned(root) == expected
    monkeypatch.chdir(tmp_path)
    assert planned("drop/") == planned("./drop") == expected
    monkeypatch.chdir(root)
    assert planned(".") == planned("") == expected


def test_prefix_groups_make_versions_and_sequences_one_version(studio, tmp_path):
    ana = studio.client("ana")
    root = tmp_path / "iter"
    for n in (1, 2, 3):
        write_png(root / f"castle_{n:03d}.png", {}, size=(4 + n, 4))
    plan, report = ana.ingest("film", root, folder="castles", grouping="prefix")
    assert [ref for _, ref in report.created] == [f"brickyard://film/castles/castle?version={n}" for n in (1, 2, 3)]
    seq = tmp_path / "seq"
    for n in (1001, 1002, 1003):
        write_png(seq / f"plate.{n}.png", {}, size=(4, 4 + n % 10))
    _, report = ana.ingest("film", seq, folder="plates", grouping="sequence", kind="render")
    [(_, reference)] = report.created
    version = ana.version(reference)
    assert version.representations[0].frame_start == 1001 and len(version.representations[0].files) == 3


def test_cli_ingest_dry_run_json_and_errors(studio, tmp_path):
    root = comfy_folder(tmp_path / "out", 3)
    token = studio.tokens["ana"]
    dry = run_cli("ingest", str(root), "--project", "film", "--folder", "gens", "--dry-run", url=studio.url,
                  token=token)
    assert dry.code == 0 and "ComfyUI_00002_.png -> gens/comfy_ui_00002 (image)" in dry.out
    assert list(studio.client("ana").assets("film")) == []
    done = run_cli("ingest", str(root), "--project", "film", "--folder", "gens", "--json", url=studio.url,
                   token=token)
    body = json.loads(done.out)
    assert done.code == 0 and len(body["report"]["created"]) == 3 and body["plan"]["versions"][0]["kind"] == "image"
    again = run_cli("ingest", str(root), "--project", "film", "--folder", "gens", url=studio.url, token=token)
    assert "duplicate ComfyUI_00001_.png: already published as brickyard://film/gens/comfy_ui_00001?version=1" \
        in again.out and "0 created" in again.out
    assert_clean_failure(run_cli("ingest", str(tmp_path / "nope"), "--project", "film", url=studio.url,
                                 token=token), "is not a folder")


def test_versions_are_created_while_later_bundles_travel_and_slices_are_looked_up_apart(studio, tmp_path,
                                                                                       monkeypatch):
    import threading

    from brickyard.core import publishing
    from brickyard.core.ingest import sender

    ana = studio.client("ana")
    folder = comfy_folder(tmp_path / "out", 40)
    monkeypatch.setattr(ingest_run, "SLICE_FILES", 15)  # 3 slices: 15, 15, 10 files
    monkeypatch.setattr(ingest_creator, "CREATE_BATCH", 10)
    monkeypatch.setattr(publishing, "BUNDLE_MAX_FILES", 10)
    monkeypatch.setattr(sender, "BUNDLE_MAX_FILES", 10)
    created = threading.Event()
    ana.session.hooks["response"].append(
        lambda r, *a, **k: created.set() if r.request.path_url.endswith("/versions/bulk") else None)
    real, calls = sender.upload_bundled, []

    def last_waits_for_a_create(api, blobs, progress=None, sent_all=None):
        calls.append(len(blobs))
        if len(calls) == 4:  # the last bundle leaves only once versions of the first ones exist
            assert created.wait(timeout=30), "no version was created while a bundle was still to be sent"
        return real(api, blobs, progress, sent_all)

    monkeypatch.setattr(sender, "upload_bundled", last_waits_for_a_create)
    traffic = watch(ana)
    _, report = ana.ingest("film", folder, folder="gens")
    assert len(report.created) == 40 and report.bytes_sent > 0
    assert traffic.count("POST", "/api/v1/projects/film/hashes") == 3  # a lookup per slice
    assert sorted(calls) == [10, 10, 10, 10]  # full bundles across slices, not a partial one per slice
    assert traffic.count("POST", "/api/v1/projects/film/versions/bulk") == 4


def test_hashing_and_looking_up_go_on_while_a_create_is_answered(studio, tmp_path, monkeypatch):
    """Versions are created on their own thread: a slow create does not hold up the next files."""
    import threading

    ana = studio.client("ana")
    folder = comfy_folder(tmp_path / "out", 12)
    monkeypatch.setattr(ingest_run, "SLICE_FILES", 4)  # 3 slices
    monkeypatch.setattr(ingest_creator, "CREATE_BATCH", 4)
    looked_up = threading.Semaphore(0)
    ana.session.hooks["response"].append(
        lambda r, *a, **k: looked_up.release() if r.request.path_url.endswith("/hashes") else None)
    real, creates = ingest_run._send, []

    def slow_first(api, project, prepared, *args):
        if not creates:  # the first create waits until every slice has been looked up
            assert all(looked_up.acquire(timeout=30) for _ in range(3)), "the lookups waited for a create"
        creates.append(len(prepared[0]))
        return real(api, project, prepared, *args)

    monkeypatch.setattr(ingest_run, "_send", slow_first)
    _, report = ana.ingest("film", folder, folder="gens")
    assert len(report.created) == 12 and sum(creates) == 12


def test_the_first_bundle_leaves_at_once_even_when_it_is_not_full(studio, tmp_path, monkeypatch):
    from brickyard.core import publishing
    from brickyard.core.ingest import sender

    ana = studio.client("ana")
    folder = comfy_folder(tmp_path / "out", 12)
    monkeypatch.setattr(ingest_run, "SLICE_FILES", 4)  # 3 slices of 4 files; a full bundle would be 10
    monkeypatch.setattr(publishing, "BUNDLE_MAX_FILES", 10)
    monkeypatch.setattr(sender, "BUNDLE_MAX_FILES", 10)
    real, calls = sender.upload_bundled, []

    def recorded(api, blobs, progress=None, sent_all=None):
        calls.append(len(blobs))
        return real(api, blobs, progress, sent_all)

    monkeypatch.setattr(sender, "upload_bundled", recorded)
    _, report = ana.ingest("film", folder, folder="gens")
    assert len(report.created) == 12
    assert calls[0] == 4  # the first slice's files, not waiting for a full bundle
    assert sum(calls) == 12 and len(calls) <= 3  # then full ones, and the last


def test_the_last_bundles_get_smaller_so_little_waits_for_the_very_last(monkeypatch, tmp_path):
    from pathlib import Path

    from brickyard.core.ingest import sender
    from brickyard.core.publishing import HashedFile

    monkeypatch.setattr(sender, "BUNDLE_MAX_BYTES", 800)
    taken = []

    def record(api, blobs, progress=None, sent_all=None):
        taken.append(sum(blob.size for blob in blobs))
        return taken[-1]

    monkeypatch.setattr(sender, "upload_bundled", record)
    blobs = [HashedFile(Path(tmp_path / f"{n}.png"), f"{n:064x}", 100) for n in range(24)]  # 3 full bundles
    with sender.BundleSender(api=None) as uploading:
        uploading.add(blobs)
        assert uploading.finish() == 2400
    assert sum(taken) == 2400 and max(taken) <= 800
    assert taken[-1] <= 200 and taken[-2] <= 200  # the last ones: an eighth to a quarter of a full bundle
    assert len(taken) <= 7  # a few more requests than three full bundles, not one per file


def test_one_bundle_travels_at_a_time_and_the_next_leaves_with_its_last_byte(monkeypatch, tmp_path):
    """Two bundles are open at once, but the second starts only when the first's last byte has left (the
    server then finishes the first while the second arrives); sent side by side they end together."""
    import threading
    from pathlib import Path

    from brickyard.core.ingest import sender
    from brickyard.core.publishing import HashedFile

    monkeypatch.setattr(sender, "BUNDLE_MAX_BYTES", 400)
    started = [threading.Event() for _ in range(12)]
    answered_first = threading.Event()
    order = []

    def send(api, blobs, progress=None, sent_all=None):
        number = len(order)
        order.append(number)
        started[number].set()
        if number == 0:
            assert not started[1].wait(timeout=0.3), "the second bundle left before the first was sent"
            sent_all()  # the first's last byte is out; its answer is still to come
            assert started[1].wait(timeout=10), "the second bundle did not leave while the first was answered"
            answered_first.set()
        return sum(blob.size for blob in blobs)

    monkeypatch.setattr(sender, "upload_bundled", send)
    blobs = [HashedFile(Path(tmp_path / f"{n}.png"), f"{n:064x}", 100) for n in range(12)]
    with sender.BundleSender(api=None) as uploading:
        uploading.add(blobs)
        assert uploading.finish() == 1200
    assert answered_first.is_set() and len(order) >= 3


def test_an_upload_failure_in_the_background_stops_the_ingest_with_its_error(studio, tmp_path, monkeypatch):
    from brickyard.core.errors import BrickyardError
    from brickyard.core.ingest import sender

    ana = studio.client("ana")
    folder = comfy_folder(tmp_path / "out", 12)
    calls = {"n": 0}
    real = sender.upload_bundled

    def failing(api, blobs, progress=None, sent_all=None):
        calls["n"] += 1
        if calls["n"] == 1:
            raise BrickyardError("the disk is full", code="storage_full", status=507)
        return real(api, blobs, progress, sent_all)

    monkeypatch.setattr(sender, "upload_bundled", failing)
    with pytest.raises(BrickyardError, match="the disk is full"):
        ana.ingest("film", folder, folder="gens")
    assert list(ana.assets("film")) == []  # no version names a blob that did not land
    monkeypatch.setattr(sender, "upload_bundled", real)
    _, report = ana.ingest("film", folder, folder="gens")
    assert len(report.created) == 12


def test_progress_does_not_flip_between_hashing_and_uploading(studio, tmp_path, monkeypatch):
    ana = studio.client("ana")
    folder = comfy_folder(tmp_path / "out", 30)
    monkeypatch.setattr(ingest_run, "SLICE_FILES", 10)
    phases: list[str] = []
    ana.ingest("film", folder, folder="gens", progress=lambda event: phases.append(event.phase))
    switches = [b for a, b in zip(phases, phases[1:]) if a != b]
    assert phases[0] == "hash" and switches == ["upload"]


def test_the_plan_leaves_out_hidden_files_hidden_folders_system_junk_and_linked_folders(tmp_path):
    from brickyard.core.ingest.plan import _files

    root = tmp_path / "out"
    for name in ["a.png", "sub/b.png", "sub/deeper/c.png", ".hidden.png", ".cache/d.png", "sub/.git/e.png",
                 "Thumbs.db", "sub/desktop.ini"]:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(b"x")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "f.png").write_bytes(b"x")
    (root / "linked").symlink_to(elsewhere, target_is_directory=True)
    (root / "link.png").symlink_to(root / "a.png")
    assert [p.relative_to(root).as_posix() for p in _files(root)] == [
        "a.png", "link.png", "sub/b.png", "sub/deeper/c.png"]


def test_an_ingest_sends_its_first_versions_while_later_files_are_still_being_planned(studio, tmp_path,
                                                                                     monkeypatch):
    from brickyard.core.ingest import plan as ingest_plan

    ana = studio.client("ana")
    folder = comfy_folder(tmp_path / "out", 40)
    (folder / "notes.xyz").write_text("?")  # skipped: no kind
    monkeypatch.setattr(ingest_run, "FIRST_SLICE_FILES", 10)
    monkeypatch.setattr(ingest_run, "SLICE_FILES", 10)
    read, real_read = [], ingest_plan.read_facts
    monkeypatch.setattr(ingest_plan, "read_facts", lambda registry, paths: read.append(paths[0]) or real_read(
        registry, paths))
    planned_at_first_lookup = []
    ana.session.hooks["response"].append(lambda r, *a, **k: planned_at_first_lookup.append(len(read))
                                         if r.request.path_url.endswith("/hashes") else None)
    plan, report = ana.ingest("film", folder, folder="gens")
    assert planned_at_first_lookup[0] < 20  # the first slice left before the folder was planned
    assert len(read) == 41 and len(plan.versions) == 40 and len(report.created) == 40
    assert [v.asset for v in plan.versions] == [f"comfy_ui_{n:05d}" for n in range(1, 41)]
    assert report.skipped == plan.skipped == [("notes.xyz", plan.skipped[0][1])]
    assert "pass --kind" in report.skipped[0][1]
