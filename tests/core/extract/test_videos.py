"""Video tags: the ComfyUI graph in MP4/MOV/MKV containers written by a real muxer (PyAV's FFmpeg)."""

from __future__ import annotations

import io
import json
import struct

import numpy as np
import pytest
from brickyard.core.extract import default_registry
from brickyard.core.extract import video_tags
from brickyard.core.extract.registry import ExtractionError
from brickyard.core.extract.video_tags import read_video_tags

from tests.support.ai_files import comfy_prompt

av = pytest.importorskip("av")


def write_video(path, metadata, codec="mpeg4", options=None):
    with av.open(str(path), "w", options=options or {}) as container:
        container.metadata.update(metadata)
        stream = container.add_stream(codec, rate=8)
        stream.width = stream.height = 16
        stream.pix_fmt = "yuv420p"
        for n in range(3):
            frame = av.VideoFrame.from_ndarray(np.full((16, 16, 3), n * 40, np.uint8), format="rgb24")
            for packet in stream.encode(frame):
                container.mux(packet)
        for packet in stream.encode():
            container.mux(packet)
    return path


def vhs_comment(text="a koi pond at night"):
    """What VideoHelperSuite's Video Combine writes: the API graph as JSON text, the workflow as JSON."""
    return json.dumps({"prompt": json.dumps(comfy_prompt(text, seed=7)), "workflow": {"nodes": [], "links": []}})


@pytest.mark.parametrize("name, options", [("clip.mp4", None), ("clip.mov", None), ("clip.mkv", None),
                                           ("tagged.mp4", {"movflags": "use_metadata_tags"})])
def test_a_video_combine_comment_gives_the_generation(tmp_path, name, options):
    path = write_video(tmp_path / name, {"comment": vhs_comment()}, options=options)
    found = default_registry().extract(path)
    assert found.kind == "video" and not found.warnings
    assert found.metadata["prompt"] == "a koi pond at night" and found.metadata["seed"] == 7
    assert found.metadata["generator"] == "comfyui"
    assert [(m["role"], m["name"]) for m in found.metadata["models"]] == [
        ("checkpoint", "sd_xl_base_1.0.safetensors"), ("lora", "hero_style.safetensors")]


def test_savevideo_style_prompt_and_workflow_keys_are_read(tmp_path):
    path = write_video(tmp_path / "save.mp4", {"prompt": json.dumps(comfy_prompt("dunes", seed=3)),
                                               "workflow": json.dumps({"nodes": []})},
                       options={"movflags": "use_metadata_tags"})
    found = default_registry().extract(path)
    assert found.metadata["prompt"] == "dunes" and found.metadata["seed"] == 3


def test_a_video_without_generation_tags_is_a_video_with_no_metadata(tmp_path):
    found = default_registry().extract(write_video(tmp_path / "plain.mp4", {"title": "plate"}))
    assert found.kind == "video" and found.metadata == {} and not found.warnings


class Counting(io.BytesIO):
    def __init__(self, data):
        super().__init__(data)
        self.bytes_read = 0

    def read(self, size=-1):
        data = super().read(size)
        self.bytes_read += len(data)
        return data


def box(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I4s", 8 + len(body), kind) + body


def test_media_data_is_skipped_not_read(tmp_path):
    path = write_video(tmp_path / "clip.mp4", {"comment": vhs_comment()})
    data = path.read_bytes()
    # 20 MB of "media" in front of the real file's boxes: seeking passes it, nothing reads it
    padded = box(b"ftyp", b"isom\0\0\0\0") + box(b"free", bytes(20 * 1024 * 1024)) + data[data.index(b"moov") - 4:]
    stream = Counting(padded)
    tags = read_video_tags(stream)
    assert json.loads(tags.tags["comment"])["prompt"]
    assert stream.bytes_read < 64 * 1024


def test_hostile_containers_stay_bounded(tmp_path, monkeypatch):
    lying = box(b"ftyp", b"isom") + struct.pack(">I4s", 2**31, b"moov")  # claims 2 GB past the end
    assert "past its parent" in read_video_tags(io.BytesIO(lying)).warnings[0]
    monkeypatch.setattr(video_tags, "MAX_TAG", 1000)
    big = write_video(tmp_path / "big.mp4", {"comment": "x" * 5000})
    found = default_registry().extract(big)
    assert "too large to read" in found.warnings[0] and found.metadata == {}
    many = box(b"ftyp", b"isom") + box(b"free", b"") * 20
    monkeypatch.setattr(video_tags, "MAX_BOXES", 10)
    with pytest.raises(ExtractionError, match="more than 10 boxes"):
        read_video_tags(io.BytesIO(many))
    (tmp_path / "fake.mp4").write_bytes(b"not a video at all")
    assert "not an MP4" in default_registry().extract(tmp_path / "fake.mp4").warnings[0]
    deep_ebml = b"\x1a\x45\xdf\xa3" + b"\x80" + b"\x18\x53\x80\x67" + b"\x01\xff\xff\xff\xff\xff\xff\xff"
    assert read_video_tags(io.BytesIO(deep_ebml)).tags == {}
