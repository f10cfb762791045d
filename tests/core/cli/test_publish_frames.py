"""Frame numbers after a dash, and naming the representation from the CLI (issue 18, item 3)."""

from __future__ import annotations

import json

from brickyard.core.naming import split_frame
from tests.support.cli import run_cli


def test_a_dash_before_the_frame_number_is_not_a_minus_sign():
    assert split_frame("plate-1001.png") == ("plate-", 1001, 4, "png")
    assert split_frame("shot.-0003.exr") == ("shot.", -3, 4, "exr")  # after a dot it still is


def test_dashed_frames_publish_as_their_numbers_under_the_named_representation(studio, tmp_path):
    frames = []
    for frame in (1001, 1002, 1003):
        path = tmp_path / f"plate-{frame}.png"
        path.write_bytes(f"frame {frame}".encode())
        frames.append(str(path))

    def cli(*args):
        return run_cli(*args, url=studio.url, token=studio.tokens["ana"], cwd=tmp_path,
                       env={"BRICKYARD_LIBRARY": str(tmp_path / "lib"), "BRICKYARD_CACHE": str(tmp_path / "c")})
    published = cli("publish", *frames, "--asset", "plate", "--kind", "image", "--representation", "plate",
                    "--json")
    assert published.code == 0, published.err
    [rep] = json.loads(published.out)["representations"]
    assert (rep["name"], rep["frame_start"], rep["frame_end"]) == ("plate", 1001, 1003)
    got = cli("get", "film/plate?version=1", "--json")
    assert got.code == 0, got.err
    assert sorted(p.rsplit("/", 1)[1] for p in json.loads(got.out)) == [
        "plate_v001_plate.1001.png", "plate_v001_plate.1002.png", "plate_v001_plate.1003.png"]


def _frames(tmp_path, *numbers, stem="gen."):
    paths = []
    for n in numbers:
        path = tmp_path / f"{stem}{n:04d}.png"
        path.write_bytes(f"image {n}".encode())
        paths.append(str(path))
    return paths


def test_a_sparse_set_publishes_with_frames_and_a_gap_alone_says_how(studio, tmp_path):
    numbers = [*range(1, 11), 12, *range(15, 21)]
    paths = _frames(tmp_path, *numbers)

    def cli(*args):
        return run_cli(*args, url=studio.url, token=studio.tokens["ana"], cwd=tmp_path)
    refused = cli("publish", *paths, "--asset", "picks", "--kind", "image")
    assert refused.code == 1 and "--frames 1-10,12,15-20" in refused.err
    published = cli("publish", *paths, "--asset", "picks", "--kind", "image", "--frames", "1-10,12,15-20",
                    "--json")
    assert published.code == 0, published.err
    assert "17 frames 1-10,12,15-20" in published.err
    [rep] = json.loads(published.out)["representations"]
    assert [f["frame"] for f in rep["files"]] == numbers
    wrong = cli("publish", *paths, "--asset", "picks", "--kind", "image", "--frames", "1-12")
    assert wrong.code == 1 and "lacks frames 11" in wrong.err and "not in the set 15-20" in wrong.err


def test_no_sequence_keeps_numbered_files_plain(studio, tmp_path):
    paths = _frames(tmp_path, 3, 9)
    published = run_cli("publish", *paths, "--asset", "takes", "--kind", "image", "--no-sequence", "--json",
                        url=studio.url, token=studio.tokens["ana"], cwd=tmp_path)
    assert published.code == 0, published.err
    [rep] = json.loads(published.out)["representations"]
    assert rep["frame_start"] is None and [f["frame"] for f in rep["files"]] == [None, None]


def test_a_scene_instance_declares_its_sparse_set_in_metadata(studio, tmp_path):
    paths = _frames(tmp_path, 1, 2, 3, 5)

    def cli(*args):
        return run_cli(*args, url=studio.url, token=studio.tokens["ana"], cwd=tmp_path)
    assert cli("scene", "init", "s.json", "--project", "film").code == 0
    assert cli("scene", "create", "s.json", *paths, "--asset", "picks", "--kind", "image").code == 0
    gap = cli("scene", "validate", "s.json")
    assert gap.code == 1 and "lacks frames 4" in gap.out
    assert cli("scene", "create", "s.json", *paths, "--asset", "picks", "--kind", "image",
               "--meta", "frames=1-3,5").code == 0
    published = cli("scene", "publish", "s.json")
    assert published.code == 0, published.out + published.err
    assert "published brickyard://film/picks?version=1" in published.out
