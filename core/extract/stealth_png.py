"""Metadata hidden in a PNG's pixels ("stealth pnginfo", NovelAI and a WebUI extension): the least
significant bit of each pixel's alpha, standard library only.

Layout: pixels are taken column by column (x outer, y inner); each gives one bit, most significant bit
first. 15 bytes of magic — ``stealth_pnginfo`` (plain UTF-8) or ``stealth_pngcomp`` (gzip) — then a
32-bit big-endian length *in bits*, then that many bits of payload.

Bounded work: only 8-bit RGBA, non-interlaced PNGs are read; rows are inflated one at a time and only
as many rows as the bits need (``min(height, bits)``), and of each row only the first few pixels the
bits fall in are unfiltered (PNG filters look only left and up, so a row's prefix decodes alone). The
payload is capped at ``MAX_PAYLOAD`` bytes and its gzip inflation at ``MAX_INFLATED``.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Iterator
from pathlib import Path

MAGIC_PLAIN, MAGIC_GZIP = b"stealth_pnginfo", b"stealth_pngcomp"
HEADER_BITS = len(MAGIC_PLAIN) * 8 + 32
MAX_PAYLOAD = 1024 * 1024  # bytes hidden in the pixels
MAX_INFLATED = 8 * 1024 * 1024
MAX_CHUNKS = 100_000
BPP = 4  # RGBA, 8 bits a channel


class StealthError(ValueError):
    """Hidden metadata that claims too much or is corrupt (the message says which)."""


def read_stealth(path: Path) -> str | None:
    """The hidden text, or None when the image carries none (or is not 8-bit RGBA)."""
    with open(path, "rb") as stream:
        header = _ihdr(stream)
        if header is None:
            return None
        width, height = header
        if width * height < HEADER_BITS:
            return None  # too few pixels to hide even the header in
        head = _bits(stream, width, height, HEADER_BITS)
        if head is None:
            return None
        magic = head[:15]
        if magic not in (MAGIC_PLAIN, MAGIC_GZIP):
            return None
        (length,) = struct.unpack(">I", head[15:19])
        if length % 8 or length // 8 > MAX_PAYLOAD:
            raise StealthError(f"its hidden metadata claims {length:,} bits; at most {MAX_PAYLOAD * 8:,} "
                               "whole bytes are read")
        if HEADER_BITS + length > width * height:
            raise StealthError("its hidden metadata claims more bits than the image has pixels")
        data = _bits(stream, width, height, HEADER_BITS + length)
    payload = (data or b"")[19:19 + length // 8]
    if magic == MAGIC_GZIP:
        inflater = zlib.decompressobj(wbits=31)  # gzip
        try:
            payload = inflater.decompress(payload, MAX_INFLATED)
        except zlib.error:
            raise StealthError("its hidden metadata is not valid gzip") from None
        if inflater.unconsumed_tail:
            raise StealthError(f"its hidden metadata inflates past {MAX_INFLATED:,} bytes; not read")
    return payload.decode("utf-8", "replace")


def _ihdr(stream) -> tuple[int, int] | None:
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
    if depth != 8 or color != 6 or interlace != 0 or not width or not height:
        return None  # the hidden bits live in an 8-bit alpha channel of a plain (non-interlaced) image
    return width, height


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


def _bits(stream, width: int, height: int, count: int) -> bytes | None:
    """The first ``count`` hidden bits as bytes (column by column), or None if the pixels end first."""
    rows = min(height, count)
    columns = -(-count // height)  # the pixels of each row the bits fall in
    prefix = columns * BPP
    stride = 1 + width * BPP
    lsb: list[bytearray] = []  # per row: the alpha LSB of its first ``columns`` pixels
    previous = bytearray(prefix)
    for raw in _rows(stream, stride, rows):
        row = _unfilter(raw[0], raw[1:1 + prefix], previous)
        lsb.append(bytearray(row[i * BPP + 3] & 1 for i in range(columns)))
        previous = row
    if len(lsb) < rows:
        return None
    out, byte, filled = bytearray(), 0, 0
    for n in range(count):
        x, y = divmod(n, height)
        byte = (byte << 1) | lsb[y][x]
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
    for data in _idat(stream):
        pending += inflater.decompress(data, max(stride * 4, 65536))
        while True:
            while len(pending) >= stride:
                yield pending[:stride]
                pending = pending[stride:]
                made += 1
                if made == rows:
                    return
            if not inflater.unconsumed_tail:
                break
            pending += inflater.decompress(inflater.unconsumed_tail, max(stride * 4, 65536))


def _unfilter(kind: int, line: bytes, prior: bytearray) -> bytearray:
    """A row's first bytes with the PNG filter undone (filters refer only to the left and the row above)."""
    out = bytearray(line)
    n = len(out)
    if kind == 1:
        for i in range(BPP, n):
            out[i] = (out[i] + out[i - BPP]) & 0xFF
    elif kind == 2:
        for i in range(n):
            out[i] = (out[i] + prior[i]) & 0xFF
    elif kind == 3:
        for i in range(n):
            left = out[i - BPP] if i >= BPP else 0
            out[i] = (out[i] + ((left + prior[i]) >> 1)) & 0xFF
    elif kind == 4:
        for i in range(n):
            a = out[i - BPP] if i >= BPP else 0
            b = prior[i]
            c = prior[i - BPP] if i >= BPP else 0
            p = a + b - c
            pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            predictor = a if pa <= pb and pa <= pc else b if pb <= pc else c
            out[i] = (out[i] + predictor) & 0xFF
    elif kind != 0:
        raise StealthError(f"a row has an unknown PNG filter type {kind}; the image is corrupt")
    return out
