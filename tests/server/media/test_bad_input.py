"""Bad media ends in a reason a person understands, in bounded time, in the child process only."""

from __future__ import annotations

import json
import os
import struct
import subprocess
import sys
import time
import zlib

import pytest
from brickyard.server.media import isolated
from brickyard.server.media.errors import MediaError
from brickyard.server.media.limits import MediaLimits

from tests.support.media import make_clip, make_exr, make_long_video

LIMITS = MediaLimits(timeout_seconds=60, memory_bytes=2048 * 1024 * 1024)


def fails(kind: str, files, tmp_path, limits: MediaLimits = LIMITS, fps: float = 24) -> str:
    started = time.monotonic()
    with pytest.raises(MediaError) as caught:
        isolated.run(kind, files, tmp_path / "out", limits, fps)
    assert time.monotonic() - started < 30
    assert not list((tmp_path / "out").glob("*.mp4")), "a half-written proxy was left behind"
    return str(caught.value)


def test_the_child_runs_at_the_low_priority_from_its_start(tmp_path):
    from PIL import Image

    Image.new("RGB", (64, 48), "teal").save(tmp_path / "still.png")
    report: dict = {}
    outputs = isolated.run("image", [tmp_path / "still.png"], tmp_path / "out", LIMITS, 24, nice=7, report=report)
    assert {o.role for o in outputs} == {"thumbnail", "review_image"}
    # Python's start-up and imports ran lowered too, not only the decoding after them
    assert report["nice"] == min(19, os.nice(0) + 7)


def test_a_child_whose_server_is_gone_ends_at_once(tmp_path):
    """A preview child that finds another parent than the server that started it (the server died before
    the child could tie itself to it) stops before reading its job, leaving nothing running."""
    job = {"kind": "image", "files": [], "out": str(tmp_path / "out"), "fps": 24, "limits": LIMITS.to_dict()}
    done = subprocess.run([sys.executable, "-m", "brickyard.server.media.derive"], input=json.dumps(job),
                          capture_output=True, text=True, timeout=60,
                          env={**os.environ, isolated.PARENT: str(os.getpid() + 1_000_000)})
    assert done.returncode == 1 and done.stdout == ""
    assert not (tmp_path / "out").exists()


def test_an_empty_file_is_named_empty(tmp_path):
    for name, kind in (("empty.mov", "video"), ("empty.png", "image"), ("empty.exr", "image"),
                       ("empty.wav", "audio")):
        (tmp_path / name).write_bytes(b"")
        assert "is empty (0 bytes)" in fails(kind, [tmp_path / name], tmp_path)


def test_a_truncated_clip_says_where_the_stream_ends(tmp_path):
    source = make_clip(tmp_path / "shot.mkv", 48, width=320, height=180)
    data = source.read_bytes()
    cut = tmp_path / "cut.mkv"
    cut.write_bytes(data[: len(data) // 2])
    reason = fails("video", [cut], tmp_path)
    assert "truncated" in reason and "frame" in reason, reason


def test_a_truncated_png_and_exr_are_named_truncated_or_corrupt(tmp_path):
    from PIL import Image

    from tests.support.media import burnt_in

    Image.fromarray(burnt_in(3, 640, 360)).save(tmp_path / "full.png")
    exr = make_exr(tmp_path / "full.exr", 3, 640, 360)
    png = (tmp_path / "full.png").read_bytes()
    (tmp_path / "cut.png").write_bytes(png[: len(png) // 2])
    (tmp_path / "cut.exr").write_bytes(exr.read_bytes()[:2000])
    assert "truncated or corrupt" in fails("image", [tmp_path / "cut.png"], tmp_path)
    assert "truncated" in fails("image", [tmp_path / "cut.exr"], tmp_path)


def test_random_bytes_are_not_media(tmp_path):
    import os

    for name, kind in (("noise.mov", "video"), ("noise.jpg", "image"), ("noise.flac", "audio")):
        (tmp_path / name).write_bytes(os.urandom(50_000))
        reason = fails(kind, [tmp_path / name], tmp_path)
        assert "corrupt" in reason, reason


def test_a_codec_the_server_cannot_decode_is_named(tmp_path):
    # An MJPEG .mov whose sample entry says 'zq12', a fourcc no decoder knows.
    source = make_clip(tmp_path / "shot.mov", 4, width=64, height=64)
    data = bytearray(source.read_bytes())
    entry = data.index(b"stsd") + 12
    assert data[entry + 4: entry + 8] == b"jpeg"
    data[entry + 4: entry + 8] = b"zq12"
    odd = tmp_path / "odd.mov"
    odd.write_bytes(bytes(data))
    reason = fails("video", [odd], tmp_path)
    assert "unsupported codec 'zq12'" in reason, reason


def test_a_decompression_bomb_png_is_refused_before_decoding(tmp_path):
    width = height = 20_000  # 400 Mpx of 1-bit zeros: ~50 MB inflated, ~50 kB on disk
    row = b"\x00" * (1 + width // 8)
    squeeze = zlib.compressobj(9)
    body = b"".join(squeeze.compress(row) for _ in range(height)) + squeeze.flush()

    def chunk(kind: bytes, payload: bytes) -> bytes:
        return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", zlib.crc32(kind + payload))

    bomb = tmp_path / "bomb.png"
    bomb.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0))
                     + chunk(b"IDAT", body) + chunk(b"IEND", b""))
    assert bomb.stat().st_size < 1_000_000
    reason = fails("image", [bomb], tmp_path)
    assert "20000 × 20000" in reason and "Mpx limit" in reason, reason


def test_a_16k_exr_is_refused_from_its_header(tmp_path):
    # A real EXR whose header is rewritten to say 16384 × 16384 (268 Mpx): refused before any pixel.
    source = make_exr(tmp_path / "small.exr", 1, 64, 64)
    data = bytearray(source.read_bytes())
    at = data.index(b"dataWindow\x00box2i\x00") + len(b"dataWindow\x00box2i\x00") + 4
    data[at: at + 16] = struct.pack("<iiii", 0, 0, 16383, 16383)
    huge = tmp_path / "huge.exr"
    huge.write_bytes(bytes(data))
    reason = fails("image", [huge], tmp_path)
    assert "16384 × 16384" in reason and "268 Mpx" in reason, reason


def test_a_real_exr_above_a_lowered_pixel_limit_is_refused(tmp_path):
    source = make_exr(tmp_path / "plate.exr", 1, 2048, 1080)
    reason = fails("image", [source], tmp_path, MediaLimits(max_pixels=2_000_000))
    assert "2048 × 1080" in reason


def test_a_ten_hour_video_is_refused_by_the_documented_limit(tmp_path):
    source = make_long_video(tmp_path / "ten_hours.mkv", 10)
    reason = fails("video", [source], tmp_path)
    assert "runs 10:00:0" in reason and "3:00:00 limit" in reason, reason


def test_a_job_that_takes_too_long_is_stopped_and_may_be_retried(tmp_path):
    frames = [make_exr(tmp_path / f"f.{i}.exr", i, 640, 360) for i in range(40)]
    started = time.monotonic()
    with pytest.raises(MediaError) as caught:
        isolated.run("sequence", frames, tmp_path / "out", MediaLimits(timeout_seconds=0.3), 24)
    assert time.monotonic() - started < 10
    assert "longer than 0 s" in str(caught.value) and caught.value.retry


def test_a_decoder_that_runs_out_of_memory_ends_the_job_not_the_server(tmp_path):
    source = make_exr(tmp_path / "plate.exr", 1, 4096, 2160)
    reason = fails("image", [source], tmp_path, MediaLimits(memory_bytes=300 * 1024 * 1024))
    assert "MiB" in reason, reason
