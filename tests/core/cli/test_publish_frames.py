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
