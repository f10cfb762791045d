"""Metadata hidden in a PNG's pixels ("stealth pnginfo", NovelAI and a WebUI extension): the least
significant bits of each pixel, standard library only.

Layout: pixels are taken column by column (x outer, y inner). The alpha mode takes one bit a pixel, its
alpha's lowest; the RGB mode three, the lowest of R, then G, then B, as one continuous stream (a byte may
straddle pixels). Bits are most significant first: 15 bytes of magic — ``stealth_pnginfo`` /
``stealth_rgbinfo`` (plain UTF-8) or ``stealth_pngcomp`` / ``stealth_rgbcomp`` (gzip) — then a 32-bit
big-endian length *in bits*, then that many bits of payload. An RGBA image is tried in the alpha mode
first, then the RGB mode; an RGB image only in the RGB mode.

Bounded work: only 8-bit RGB or RGBA, non-interlaced PNGs are read; rows are inflated one at a time and
only as many rows as the bits need (``min(height, pixels)``), and of each row only the first few pixels
the bits fall in are unfiltered (PNG filters look only left and up, so a row's prefix decodes alone). The
payload is capped at ``MAX_PAYLOAD`` bytes and its gzip inflation at ``MAX_INFLATED``.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

MAGIC_PLAIN, MAGIC_GZIP = b"stealth_pnginfo", b"stealth_pngcomp"
RGB_MAGIC_PLAIN, RGB_MAGIC_GZIP = b"stealth_rgbinfo", b"stealth_rgbcomp"
HEADER_BITS = len(MAGIC_PLAIN) * 8 + 32
MAX_PAYLOAD = 1024 * 1024  # bytes hidden in the pixels
MAX_INFLATED = 8 * 1024 * 1024
MAX_CHUNKS = 100_000


class StealthError(ValueError):
    """Hidden metadata that claims too much or is corrupt (the message says which)."""


class Mode(NamedTuple):
    """Where one variant hides its bits: which channels of a pixel, and its two magics."""
    channels: tuple[int, ...]  # byte offsets within a pixel, in the order the bits are taken
    plain: bytes
    gzip: bytes


ALPHA = Mode((3,), MAGIC_PLAIN, MAGIC_GZIP)
RGB = Mode((0, 1, 2), RGB_MAGIC_PLAIN, RGB_MAGIC_GZIP)


class Geometry(NamedTuple):
    """What the reader needs of the IHDR."""
    width: int
    height: int
    bpp: int  # bytes a pixel: 3 for RGB, 4 for RGBA


def read_stealth(path: Path) -> str | None:
    """The hidden text, or None when the image carries none (or is not 8-bit RGB/RGBA)."""
    with open(path, "rb") as stream:
        image = _ihdr(stream)
        if image is None:
            return None
        modes = (ALPHA, RGB) if image.bpp == 4 else (RGB,)
        for mode in modes:
            found = _read_mode(stream, image, mode)
            if found is not None:
                break
        else:
            return None
    compressed, payload = found
    if compressed:
        inflater = zlib.decompressobj(wbits=31)  # gzip
        try:
            payload = inflater.decompress(payload, MAX_INFLATED)
        except zlib.error:
            raise StealthError("its hidden metadata is not valid gzip") from None
        if inflater.unconsumed_tail:
            raise StealthError(f"its hidden metadata inflates past {MAX_INFLATED:,} bytes; not read")
    return payload.decode("utf-8", "replace")


def _read_mode(stream, image: Geometry, mode: Mode) -> tuple[bool, bytes] | None:
    """(gzip?, payload) hidden in ``mode``'s bits, or None when its magic is not there."""
    capacity = image.width * image.height * len(mode.channels)
    if capacity < HEADER_BITS:
        return None  # too few pixels to hide even the header in
    head = _bits(stream, image, mode, HEADER_BITS)
    if head is None:
        return None
    magic = head[:15]
    if magic not in (mode.plain, mode.gzip):
        return None
    (length,) = struct.unpack(">I", head[15:19])
    if length % 8 or length // 8 > MAX_PAYLOAD:
        raise StealthError(f"its hidden metadata claims {length:,} bits; at most {MAX_PAYLOAD * 8:,} bits "
                           f"({MAX_PAYLOAD:,} bytes) in whole bytes are read")
    if HEADER_BITS + length > capacity:
        raise StealthError(f"its hidden metadata claims more bits ({length:,}) than the image's "
                           f"pixels hold ({capacity - HEADER_BITS:,} after the header)")
    data = _bits(stream, image, mode, HEADER_BITS + length)
    if data is None:
        raise StealthError("its hidden metadata runs past the image data; the file is truncated")
    return magic == mode.gzip, data[19:19 + length // 8]


def _ihdr(stream) -> Geometry | None:
    stream.seek(0)
    if stream.read(8) != b"\x89PNG\r\n\x1a\n":
        return None
    head = stream.read(8)
    if len(head) < 8 or head[4:] != b"IHDR":
        return None
    data = stream.read(13)
    if len(data) < 13:
        return None
    width, height, depth, color, _, _, interlace = struct.unpack(">IIBBBBB", data)
    if depth != 8 or color not in (2, 6) or interlace != 0 or not width or not height:
        return None  # the hidden bits live in 8-bit RGB(A) channels of a plain (non-interlaced) image
    return Geometry(width, height, 4 if color == 6 else 3)


def _idat(stream) -> Iterator[bytes]:
    stream.seek(8)
    for _ in range(MAX_CHUNKS):
        head = stream.read(8)
        if len(head) < 8:
            return
        length, kind = struct.unpack(">I4s", head)
        if kind == b"IEND":
            return
        if kind == b"IDAT":
            data = stream.read(length)
            if len(data) < length:
                return
            yield data
            stream.seek(4, 1)
        else:
            stream.seek(length + 4, 1)


def _bits(stream, image: Geometry, mode: Mode, count: int) -> bytes | None:
    """The first ``count`` hidden bits as bytes (column by column), or None if the pixels end first."""
    per_pixel = len(mode.channels)
    pixels = -(-count // per_pixel)
    rows = min(image.height, pixels)
    columns = -(-pixels // image.height)  # the pixels of each row the bits fall in
    prefix = columns * image.bpp
    stride = 1 + image.width * image.bpp
    lsb: list[bytearray] = []  # per row: the hidden bits of its first ``columns`` pixels, in stream order
    previous = bytearray(prefix)
    for raw in _rows(stream, stride, rows):
        row = _unfilter(raw[0], raw[1:1 + prefix], previous, image.bpp)
        lsb.append(bytearray(row[x * image.bpp + c] & 1 for x in range(columns) for c in mode.channels))
        previous = row
    if len(lsb) < rows:
        return None
    out, byte, filled = bytearray(), 0, 0
    for n in range(count):
        pixel, channel = divmod(n, per_pixel)
        x, y = divmod(pixel, image.height)
        byte = (byte << 1) | lsb[y][x * per_pixel + channel]
        filled += 1
        if filled == 8:
            out.append(byte)
            byte, filled = 0, 0
    return bytes(out)


def _rows(stream, stride: int, rows: int) -> Iterator[bytes]:
    """The image's first ``rows`` filtered rows, inflated a little at a time (never the whole image)."""
    inflater = zlib.decompressobj()
    pending = b""
    made = 0
    step = max(stride * 4, 65536)
    try:
        for data in _idat(stream):
            pending += inflater.decompress(data, step)
            while True:
                while len(pending) >= stride:
                    yield pending[:stride]
                    pending = pending[stride:]
                    made += 1
                    if made == rows:
                        return
                if not inflater.unconsumed_tail:
                    break
                pending += inflater.decompress(inflater.unconsumed_tail, step)
    except zlib.error:
        raise StealthError("its pixel data is not valid zlib; the image is corrupt") from None


def _unfilter(kind: int, line: bytes, prior: bytearray, bpp: int) -> bytearray:
    """A row's first bytes with the PNG filter undone (filters refer only to the left and the row above)."""
    out = bytearray(line)
    n = len(out)
    if kind == 1:
        for i in range(bpp, n):
            out[i] = (out[i] + out[i - bpp]) & 0xFF
    elif kind == 2:
        for i in range(n):
            out[i] = (out[i] + prior[i]) & 0xFF
    elif kind == 3:
        for i in range(n):
            left = out[i - bpp] if i >= bpp else 0
            out[i] = (out[i] + ((left + prior[i]) >> 1)) & 0xFF
    elif kind == 4:
        for i in range(n):
            a = out[i - bpp] if i >= bpp else 0
            b = prior[i]
            c = prior[i - bpp] if i >= bpp else 0
            p = a + b - c
            pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            predictor = a if pa <= pb and pa <= pc else b if pb <= pc else c
            out[i] = (out[i] + predictor) & 0xFF
    elif kind != 0:
        raise StealthError(f"a row has an unknown PNG filter type {kind}; the image is corrupt")
    return out
