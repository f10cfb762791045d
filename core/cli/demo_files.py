"""Sample files the demo publishes: a colour LUT and a short rendered PNG sequence, made on the spot."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path


def write_png(path: Path, width: int, height: int, shade: int) -> Path:
    """A small gradient PNG, written with the standard library only."""
    rows = b"".join(
        b"\x00" + b"".join(bytes((x * 255 // max(1, width - 1), shade % 256, y * 255 // max(1, height - 1)))
                           for x in range(width))
        for y in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows))
                     + chunk(b"IEND", b""))
    return path


def write_cube_lut(path: Path, size: int = 9, warmth: float = 0.08) -> Path:
    """A 3D LUT in the .cube format that warms the image slightly."""
    lines = ['TITLE "warm grade"', f"LUT_3D_SIZE {size}"]
    for b in range(size):
        for g in range(size):
            for r in range(size):
                red, green, blue = (c / (size - 1) for c in (r, g, b))
                lines.append(f"{min(1.0, red * (1 + warmth)):.6f} {green:.6f} {max(0.0, blue * (1 - warmth)):.6f}")
    path.write_text("\n".join(lines) + "\n")
    return path


def make_samples(folder: Path, frames: int = 12) -> tuple[Path, list[Path]]:
    folder.mkdir(parents=True, exist_ok=True)
    lut = write_cube_lut(folder / "warm_grade.cube")
    sequence = [write_png(folder / f"hero_turntable.{1001 + i:04d}.png", 64, 36, shade=i * 20)
                for i in range(frames)]
    return lut, sequence
