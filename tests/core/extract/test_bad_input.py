"""Hostile and broken files: a clear warning, never a crash, never code execution, never an unbounded read."""

from __future__ import annotations

import json
import pickle
import struct
import zlib

import pytest
from brickyard.core.extract import default_registry
from brickyard.core.extract.image_text import MAX_TEXT

from tests.support.ai_files import lora_tensors, write_png, write_safetensors


def warnings_of(path):
    found = default_registry().extract(path)
    assert found.metadata == {} or "format" not in found.metadata
    return " ".join(found.warnings)


def test_header_claiming_more_bytes_than_the_file(tmp_path):
    path = tmp_path / "short.safetensors"
    path.write_bytes(struct.pack("<Q", 5000) + b'{"a": 1}')
    assert "claims 5,000 bytes but the file has only 8" in warnings_of(path)


def test_non_json_header(tmp_path):
    path = tmp_path / "junk.safetensors"
    path.write_bytes(struct.pack("<Q", 6) + b"\xff\xfe{{{{")
    assert "not UTF-8 JSON" in warnings_of(path)


def test_a_2_gb_header_claim_is_refused_without_reading(tmp_path):
    path = tmp_path / "bomb.safetensors"
    path.write_bytes(struct.pack("<Q", 2 * 1024 ** 3) + b"{}")
    assert "claims 2,147,483,648 bytes, more than" in warnings_of(path)


def test_offsets_that_leave_hidden_data_are_refused(tmp_path):
    path = write_safetensors(tmp_path / "ok.safetensors", lora_tensors("sd1"))
    with open(path, "ab") as stream:
        stream.write(b"polyglot payload")
    assert "hidden data" in warnings_of(path)


def test_truncated_and_tiny_files(tmp_path):
    path = tmp_path / "tiny.safetensors"
    path.write_bytes(b"\x01\x02")
    assert "shorter than its 8-byte header length" in warnings_of(path)


class Boom:
    def __reduce__(self):
        return (open, ("/tmp/brickyard-pickle-ran", "w"))


def test_a_pickle_is_never_unpickled(tmp_path):
    path = tmp_path / "sdxl_hero_lora.ckpt"
    path.write_bytes(pickle.dumps(Boom()))
    found = default_registry().extract(path)
    assert "never unpickles it" in found.warnings[0]
    assert found.kind == "lora" and found.metadata == {"format": "pickle", "base_model": "sdxl"}
    import os
    assert not os.path.exists("/tmp/brickyard-pickle-ran")


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def _png_with(*chunks: bytes, tmp_path, name="bad.png"):
    base = write_png(tmp_path / "base.png", {}).read_bytes()
    iend = base.rindex(b"IEND") - 4
    path = tmp_path / name
    path.write_bytes(base[:33] + b"".join(chunks) + base[33:iend] + base[iend:])
    return path


def test_compressed_text_bomb_stops_at_the_limit(tmp_path):
    bomb = zlib.compress(b"a" * (MAX_TEXT * 4), 9)  # ~32 MB of text in ~30 KB
    path = _png_with(_chunk(b"zTXt", b"parameters\0\0" + bomb), tmp_path=tmp_path)
    found = default_registry().extract(path)
    assert "inflates past" in " ".join(found.warnings) and "prompt" not in found.metadata


def test_malformed_and_huge_text_chunks(tmp_path):
    huge = struct.pack(">I", MAX_TEXT + 1) + b"tEXt"  # a length claim; the bytes are not there
    path = _png_with(_chunk(b"tEXt", b"no keyword separator"), _chunk(b"iTXt", b"k\0"),
                     _chunk(b"zTXt", b"parameters\0\0not zlib"), huge, tmp_path=tmp_path)
    found = default_registry().extract(path)
    text = " ".join(found.warnings)
    assert "has no keyword" in text and "iTXt 'k' is malformed" in text and "is corrupt" in text
    assert "too large to read" in text


def test_not_an_image_and_bad_json_workflow(tmp_path):
    fake = tmp_path / "fake.png"
    fake.write_bytes(b"hello, not a png")
    assert "not a PNG, JPEG or WebP" in warnings_of(fake)
    bad = tmp_path / "flow.json"
    bad.write_text("{nope")
    assert "not valid UTF-8 JSON" in warnings_of(bad)


@pytest.mark.parametrize("graph", [{"1": {"class_type": "KSampler", "inputs": {"positive": ["1", 0]}}},
                                   {"1": {"class_type": "LoraLoader", "inputs": {"lora_name": ["2", 0]}},
                                    "2": {"class_type": "LoraLoader", "inputs": {"lora_name": ["1", 0]}}}])
def test_cyclic_comfy_graphs_end(tmp_path, graph):
    path = write_png(tmp_path / "cycle.png", {"prompt": json.dumps(graph)})
    assert default_registry().extract(path).metadata["generator"] == "comfyui"
