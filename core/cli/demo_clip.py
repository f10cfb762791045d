"""A short clip for the demo, written with the standard library only: an uncompressed AVI (RIFF,
24-bit bottom-up BGR frames) of a bar sweeping across a gradient, which the server's previews turn
into a browser-playable H.264 proxy."""

from __future__ import annotations

import struct
from pathlib import Path


def _chunk(fourcc: bytes, data: bytes) -> bytes:
    return fourcc + struct.pack("<I", len(data)) + data + (b"\x00" if len(data) % 2 else b"")


def _list(kind: bytes, body: bytes) -> bytes:
    return _chunk(b"LIST", kind + body)


def _frame(number: int, frames: int, width: int, height: int) -> bytes:
    stride = (width * 3 + 3) // 4 * 4
    bar = number * (width - 8) // max(1, frames - 1)
    rows = []
    for y in range(height - 1, -1, -1):  # bottom-up, as BI_RGB wants
        row = bytearray()
        for x in range(width):
            lit = bar <= x < bar + 8
            row += bytes((255, 255, 255)) if lit else bytes((y * 255 // height, 80, x * 255 // width))
        rows.append(bytes(row) + b"\x00" * (stride - width * 3))
    return b"".join(rows)


def write_avi(path: Path, frames: int = 48, width: int = 160, height: int = 90, fps: int = 24) -> Path:
    size = (width * 3 + 3) // 4 * 4 * height
    avih = struct.pack("<14I", 1_000_000 // fps, size * fps, 0, 0x10, frames, 0, 1, size, width, height, 0, 0, 0, 0)
    strh = struct.pack("<4s4sIHHIIIIIIIIhhhh", b"vids", b"DIB ", 0, 0, 0, 0, 1, fps, 0, frames, size,
                       0xFFFFFFFF, 0, 0, 0, width, height)
    strf = struct.pack("<IiiHHIIiiII", 40, width, height, 1, 24, 0, size, 0, 0, 0, 0)
    header = _list(b"hdrl", _chunk(b"avih", avih) + _list(b"strl", _chunk(b"strh", strh) + _chunk(b"strf", strf)))
    movi, index, offset = [], [], 4  # idx1 offsets count from the 'movi' fourcc
    for number in range(frames):
        chunk = _chunk(b"00db", _frame(number, frames, width, height))
        index.append(struct.pack("<4sIII", b"00db", 0x10, offset, size))
        movi.append(chunk)
        offset += len(chunk)
    body = header + _list(b"movi", b"".join(movi)) + _chunk(b"idx1", b"".join(index))
    path.write_bytes(b"RIFF" + struct.pack("<I", 4 + len(body)) + b"AVI " + body)
    return path
