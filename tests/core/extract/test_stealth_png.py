"""NovelAI "stealth" metadata: hidden in the alpha channel's lowest bits, read with zlib and unfiltering."""

from __future__ import annotations

import gzip
import json
import struct
import zlib

import numpy as np
import pytest
from brickyard.core.extract import default_registry
from brickyard.core.extract import stealth_png
from brickyard.core.extract.stealth_png import StealthError, read_stealth
from PIL import Image

NOVELAI = {"Description": "1girl, lighthouse", "Software": "NovelAI", "Source": "NovelAI Diffusion V4.5 4BDE2A90",
           "Comment": json.dumps({"prompt": "1girl, lighthouse, dusk", "uc": "lowres, watermark", "steps": 28,
                                  "scale": 5.0, "seed": 1234, "sampler": "k_euler_ancestral"})}


def hide(pixels: np.ndarray, payload: bytes, compressed: bool = True, claimed_bits: int | None = None,
         magic: bytes | None = None) -> np.ndarray:
    """Write the stealth layout into ``pixels``' alpha LSBs, column by column, as the writers do."""
    body = gzip.compress(payload) if compressed else payload
    data = (magic or (b"stealth_pngcomp" if compressed else b"stealth_pnginfo")) + \
        struct.pack(">I", claimed_bits if claimed_bits is not None else len(body) * 8) + body
    bits = [(byte >> (7 - k)) & 1 for byte in data for k in range(8)]
    height, width = pixels.shape[:2]
    assert len(bits) <= width * height
    out = pixels.copy()
    for n, bit in enumerate(bits):
        x, y = divmod(n, height)
        out[y, x, 3] = (out[y, x, 3] & 0xFE) | bit
    return out


def noise(width: int, height: int) -> np.ndarray:
    pixels = np.random.default_rng(1).integers(0, 256, (height, width, 4), dtype=np.uint8)
    pixels[..., 3] = 255
    return pixels


def test_novelai_stealth_metadata_written_by_pillow_is_read(tmp_path):
    path = tmp_path / "nai.png"
    Image.fromarray(hide(noise(64, 96), json.dumps(NOVELAI).encode()), "RGBA").save(path)
    found = default_registry().extract(path)
    assert not found.warnings
    meta = found.metadata
    assert meta["generator"] == "novelai" and meta["prompt"] == "1girl, lighthouse, dusk"
    assert meta["negative_prompt"] == "lowres, watermark" and meta["seed"] == 1234 and meta["cfg"] == 5.0
    assert meta["checkpoint"] == "NovelAI Diffusion V4.5 4BDE2A90"


def test_plain_a1111_text_hidden_uncompressed(tmp_path):
    path = tmp_path / "webui.png"
    text = "a castle\nNegative prompt: blurry\nSteps: 20, Sampler: Euler a, CFG scale: 7, Seed: 9, Size: 64x64"
    Image.fromarray(hide(noise(40, 40), text.encode(), compressed=False), "RGBA").save(path)
    meta = default_registry().extract(path).metadata
    assert meta["prompt"] == "a castle" and meta["seed"] == 9


def encode_png(pixels: np.ndarray, filters: list[int]) -> bytes:
    """A PNG whose rows use the given filter types (Pillow picks its own), to test every unfilter."""
    height, width = pixels.shape[:2]
    raw, previous = bytearray(), np.zeros(width * 4, np.int32)
    for y in range(height):
        row = pixels[y].reshape(-1).astype(np.int32)
        left = np.concatenate([np.zeros(4, np.int32), row[:-4]])
        up_left = np.concatenate([np.zeros(4, np.int32), previous[:-4]])
        kind = filters[y % len(filters)]
        if kind == 0:
            predicted = np.zeros_like(row)
        elif kind == 1:
            predicted = left
        elif kind == 2:
            predicted = previous
        elif kind == 3:
            predicted = (left + previous) // 2
        else:
            p = left + previous - up_left
            pa, pb, pc = abs(p - left), abs(p - previous), abs(p - up_left)
            predicted = np.where((pa <= pb) & (pa <= pc), left, np.where(pb <= pc, previous, up_left))
        raw += bytes([kind]) + ((row - predicted) % 256).astype(np.uint8).tobytes()
        previous = row

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    compressed = zlib.compress(bytes(raw))
    idats = b"".join(chunk(b"IDAT", compressed[i:i + 100]) for i in range(0, len(compressed), 100))
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + idats + chunk(b"IEND", b"")


@pytest.mark.parametrize("filters", [[0], [1], [2], [3], [4], [0, 1, 2, 3, 4]])
def test_every_png_filter_is_undone(tmp_path, filters):
    pixels = hide(noise(40, 50), json.dumps(NOVELAI).encode())
    path = tmp_path / "filtered.png"
    path.write_bytes(encode_png(pixels, filters))
    assert Image.open(path).convert("RGBA").tobytes() == pixels.tobytes()  # the test's encoder is right
    assert json.loads(read_stealth(path))["Software"] == "NovelAI"


def test_only_the_rows_the_bits_need_are_decoded(tmp_path, monkeypatch):
    """A tall image: header and a short payload sit in the first column's first rows."""
    pixels = hide(noise(200, 3000), b"short", compressed=False)
    path = tmp_path / "tall.png"
    Image.fromarray(pixels, "RGBA").save(path)
    rows = []
    real = stealth_png._unfilter

    def counting(kind, line, prior):
        rows.append(len(line))
        return real(kind, line, prior)
    monkeypatch.setattr(stealth_png, "_unfilter", counting)
    assert read_stealth(path) == "short"
    assert len(rows) <= 2 * (stealth_png.HEADER_BITS + 40) and max(rows) == 4  # one pixel of each row


def test_images_without_hidden_metadata_and_hostile_claims(tmp_path, monkeypatch):
    plain = tmp_path / "plain.png"
    Image.fromarray(noise(32, 32), "RGBA").save(plain)
    assert read_stealth(plain) is None
    rgb = tmp_path / "rgb.png"
    Image.new("RGB", (32, 32)).save(rgb)
    assert read_stealth(rgb) is None  # no alpha channel: nothing hidden, nothing decoded
    greedy = tmp_path / "greedy.png"
    Image.fromarray(hide(noise(32, 32), b"x", compressed=False, claimed_bits=2**31), "RGBA").save(greedy)
    with pytest.raises(StealthError, match="at most"):
        read_stealth(greedy)
    assert "at most" in default_registry().extract(greedy).warnings[0]
    bigger = tmp_path / "bigger.png"
    Image.fromarray(hide(noise(32, 32), b"x", compressed=False, claimed_bits=800 * 8), "RGBA").save(bigger)
    with pytest.raises(StealthError, match="more bits than the image has pixels"):
        read_stealth(bigger)
    bomb = tmp_path / "bomb.png"
    monkeypatch.setattr(stealth_png, "MAX_INFLATED", 1000)
    Image.fromarray(hide(noise(200, 200), b"a" * 100_000), "RGBA").save(bomb)
    with pytest.raises(StealthError, match="inflates past 1,000 bytes"):
        read_stealth(bomb)
    corrupt = tmp_path / "corrupt.png"
    Image.fromarray(hide(noise(40, 40), b"not gzip at all", compressed=False, magic=b"stealth_pngcomp"),
                    "RGBA").save(corrupt)
    with pytest.raises(StealthError, match="not valid gzip"):
        read_stealth(corrupt)
