"""NovelAI/WebUI "stealth" metadata: hidden in the alpha's or the RGB channels' lowest bits, read with zlib and
unfiltering."""

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
         magic: bytes | None = None, rgb: bool = False) -> np.ndarray:
    """Write the stealth layout into ``pixels``' LSBs, column by column, as the writers do: one bit a pixel
    in the alpha, or (``rgb``) three — R, G, then B — as one continuous stream."""
    prefix = b"stealth_rgb" if rgb else b"stealth_png"
    body = gzip.compress(payload) if compressed else payload
    data = (magic or prefix + (b"comp" if compressed else b"info")) + \
        struct.pack(">I", claimed_bits if claimed_bits is not None else len(body) * 8) + body
    bits = [(byte >> (7 - k)) & 1 for byte in data for k in range(8)]
    channels = (0, 1, 2) if rgb else (3,)
    height, width = pixels.shape[:2]
    assert len(bits) <= width * height * len(channels)
    out = pixels.copy()
    for n, bit in enumerate(bits):
        pixel, channel = divmod(n, len(channels))
        x, y = divmod(pixel, height)
        out[y, x, channels[channel]] = (out[y, x, channels[channel]] & 0xFE) | bit
    return out


def noise(width: int, height: int, channels: int = 4) -> np.ndarray:
    pixels = np.random.default_rng(1).integers(0, 256, (height, width, channels), dtype=np.uint8)
    if channels == 4:
        pixels[..., 3] = 255
    return pixels


def save(pixels: np.ndarray, path):
    Image.fromarray(pixels, "RGBA" if pixels.shape[2] == 4 else "RGB").save(path)
    return path


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
    height, width, bpp = pixels.shape
    raw, previous = bytearray(), np.zeros(width * bpp, np.int32)
    for y in range(height):
        row = pixels[y].reshape(-1).astype(np.int32)
        left = np.concatenate([np.zeros(bpp, np.int32), row[:-bpp]])
        up_left = np.concatenate([np.zeros(bpp, np.int32), previous[:-bpp]])
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
    header = struct.pack(">IIBBBBB", width, height, 8, 6 if bpp == 4 else 2, 0, 0, 0)
    compressed = zlib.compress(bytes(raw))
    idats = b"".join(chunk(b"IDAT", compressed[i:i + 100]) for i in range(0, len(compressed), 100))
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + idats + chunk(b"IEND", b"")


@pytest.mark.parametrize("channels", [4, 3])
@pytest.mark.parametrize("filters", [[0], [1], [2], [3], [4], [0, 1, 2, 3, 4]])
def test_every_png_filter_is_undone(tmp_path, filters, channels):
    pixels = hide(noise(40, 50, channels), json.dumps(NOVELAI).encode(), rgb=channels == 3)
    path = tmp_path / "filtered.png"
    path.write_bytes(encode_png(pixels, filters))
    assert Image.open(path).tobytes() == pixels.tobytes()  # the test's encoder is right
    assert json.loads(read_stealth(path))["Software"] == "NovelAI"


def test_only_the_rows_the_bits_need_are_decoded(tmp_path, monkeypatch):
    """A tall image: header and a short payload sit in the first column's first rows."""
    pixels = hide(noise(200, 3000), b"short", compressed=False)
    path = tmp_path / "tall.png"
    Image.fromarray(pixels, "RGBA").save(path)
    rows = []
    real = stealth_png._unfilter

    def counting(kind, line, prior, bpp):
        rows.append(len(line))
        return real(kind, line, prior, bpp)
    monkeypatch.setattr(stealth_png, "_unfilter", counting)
    assert read_stealth(path) == "short"
    assert len(rows) <= 2 * (stealth_png.HEADER_BITS + 40) and max(rows) == 4  # one pixel of each row


def test_images_without_hidden_metadata_and_hostile_claims(tmp_path, monkeypatch):
    plain = tmp_path / "plain.png"
    Image.fromarray(noise(32, 32), "RGBA").save(plain)
    assert read_stealth(plain) is None
    rgb = tmp_path / "rgb.png"
    Image.new("RGB", (32, 32)).save(rgb)
    assert read_stealth(rgb) is None  # no alpha, and no RGB-mode magic in its low bits
    greedy = tmp_path / "greedy.png"
    Image.fromarray(hide(noise(32, 32), b"x", compressed=False, claimed_bits=2**31), "RGBA").save(greedy)
    with pytest.raises(StealthError, match="at most"):
        read_stealth(greedy)
    assert "at most" in default_registry().extract(greedy).warnings[0]
    bigger = tmp_path / "bigger.png"
    Image.fromarray(hide(noise(32, 32), b"x", compressed=False, claimed_bits=800 * 8), "RGBA").save(bigger)
    with pytest.raises(StealthError, match="more bits"):
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


A1111 = ("a lighthouse at dusk, oil painting\nNegative prompt: blurry, watermark\n"
         "Steps: 24, Sampler: DPM++ 2M, CFG scale: 6.5, Seed: 4242, Size: 64x48, Model: dreamshaper_8")


@pytest.mark.parametrize("compressed", [True, False], ids=["gzip", "plain"])
@pytest.mark.parametrize("channels", [3, 4], ids=["rgb", "rgba"])
def test_rgb_mode_infotext_reaches_the_metadata(tmp_path, channels, compressed):
    """The WebUI extension's RGB mode (R, G, B low bits; RGBA images are tried in it after the alpha)."""
    path = save(hide(noise(64, 48, channels), A1111.encode(), compressed=compressed, rgb=True), tmp_path / "a.png")
    assert read_stealth(path) == A1111
    found = default_registry().extract(path)
    assert not found.warnings
    meta = found.metadata
    assert meta["prompt"] == "a lighthouse at dusk, oil painting" and meta["negative_prompt"] == "blurry, watermark"
    assert meta["seed"] == 4242 and meta["steps"] == 24 and meta["cfg"] == 6.5


def test_rgb_mode_fits_where_the_alpha_could_not_hold_a_header(tmp_path):
    """8x8 RGBA: 64 alpha bits cannot hold the 152-bit header, 192 RGB bits hold it and 5 bytes exactly."""
    path = save(hide(noise(8, 8), b"short", compressed=False, rgb=True), tmp_path / "tiny.png")
    assert read_stealth(path) == "short"


def test_an_image_too_small_for_the_header_is_not_decoded(tmp_path, monkeypatch):
    calls = []
    monkeypatch.setattr(stealth_png, "_unfilter", lambda *args: calls.append(args))
    assert read_stealth(save(noise(7, 7, 3), tmp_path / "rgb.png")) is None  # 147 bits < 152
    assert read_stealth(save(noise(5, 9), tmp_path / "rgba.png")) is None  # 45 * 3 = 135 bits
    assert calls == []


def test_alpha_mode_is_tried_before_the_rgb_mode(tmp_path):
    both = hide(hide(noise(64, 64), b"from the alpha", compressed=False), b"from the rgb", compressed=False,
                rgb=True)
    assert read_stealth(save(both, tmp_path / "both.png")) == "from the alpha"


@pytest.mark.parametrize("channels", [3, 4], ids=["rgb", "rgba"])
def test_rgb_mode_reads_only_the_rows_and_bytes_the_bits_need(tmp_path, monkeypatch, channels):
    """A tall image: the RGB header (152 bits: 51 pixels) and a short payload (192 bits in all: 64 pixels)
    sit in the first column's first 64 rows, read for the header, then for the whole; an RGBA image also
    costs the alpha attempt's 152 header rows. Never the whole image."""
    path = save(hide(noise(200, 3000, channels), b"short", compressed=False, rgb=True), tmp_path / "tall.png")
    rows, inflated = [], []
    real_unfilter, real_idat = stealth_png._unfilter, stealth_png._idat

    def counting(kind, line, prior, bpp):
        rows.append(len(line))
        return real_unfilter(kind, line, prior, bpp)

    def idat(stream):
        for data in real_idat(stream):
            inflated.append(len(data))
            yield data
    monkeypatch.setattr(stealth_png, "_unfilter", counting)
    monkeypatch.setattr(stealth_png, "_idat", idat)
    assert read_stealth(path) == "short"
    alpha_rows = stealth_png.HEADER_BITS if channels == 4 else 0
    assert len(rows) == alpha_rows + 51 + 64 and max(rows) == channels  # one pixel of each row
    # of ~2 MB of noise, each pass (RGBA: three) inflates only the first 64 KiB IDAT chunk or two
    assert sum(inflated) < path.stat().st_size / 5


def test_rgb_mode_hostile_claims_and_corrupt_gzip(tmp_path, monkeypatch):
    greedy = save(hide(noise(32, 32, 3), b"x", compressed=False, claimed_bits=2**31, rgb=True), tmp_path / "g.png")
    with pytest.raises(StealthError, match="at most"):
        read_stealth(greedy)
    assert "at most" in default_registry().extract(greedy).warnings[0]
    # 32x32 RGB holds 3,072 bits: 2,920 after the header
    bigger = save(hide(noise(32, 32, 3), b"x", compressed=False, claimed_bits=366 * 8, rgb=True),
                  tmp_path / "b.png")
    with pytest.raises(StealthError, match=r"more bits \(2,928\) than the image's pixels hold \(2,920"):
        read_stealth(bigger)
    exact = save(hide(noise(32, 32, 3), b"y" * 365, compressed=False, rgb=True), tmp_path / "exact.png")
    assert read_stealth(exact) == "y" * 365  # the last bit of the last pixel is the payload's last
    corrupt = save(hide(noise(40, 40, 4), b"not gzip at all", compressed=False, magic=b"stealth_rgbcomp", rgb=True),
                   tmp_path / "c.png")
    with pytest.raises(StealthError, match="not valid gzip"):
        read_stealth(corrupt)
    assert "not valid gzip" in default_registry().extract(corrupt).warnings[0]
    monkeypatch.setattr(stealth_png, "MAX_INFLATED", 1000)
    bomb = save(hide(noise(200, 200, 3), b"a" * 100_000, rgb=True), tmp_path / "bomb.png")
    with pytest.raises(StealthError, match="inflates past 1,000 bytes"):
        read_stealth(bomb)


def test_corrupt_pixel_data_is_a_warning_not_a_crash(tmp_path):
    png = bytearray(encode_png(hide(noise(40, 40, 3), A1111.encode(), rgb=True), [0]))
    start = png.index(b"IDAT") + 4
    png[start:start + 2] = b"\xff\xff"  # the zlib header of the pixel data
    path = tmp_path / "corrupt.png"
    path.write_bytes(bytes(png))
    with pytest.raises(StealthError, match="pixel data is not valid zlib"):
        read_stealth(path)
    assert "not valid zlib" in default_registry().extract(path).warnings[0]


def test_a_truncated_image_is_a_warning(tmp_path):
    """The header's rows are there, the payload's are cut off (the test's encoder writes 100-byte IDATs)."""
    png = encode_png(hide(noise(10, 2000, 3), b"z" * 2000, compressed=False, rgb=True), [0])
    path = tmp_path / "cut.png"
    path.write_bytes(png[:len(png) // 2])
    with pytest.raises(StealthError, match="truncated"):
        read_stealth(path)
