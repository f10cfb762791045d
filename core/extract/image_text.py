"""The text an image carries, read without decoding a pixel: PNG text chunks, JPEG/WebP EXIF and XMP.

Every read is bounded: pixel data is skipped with a seek, a text chunk larger than ``MAX_TEXT`` is
skipped with a warning, and compressed text stops at ``MAX_TEXT`` decompressed bytes (a zlib bomb
becomes a warning, not a memory spike).
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from .registry import ExtractionError

MAX_TEXT = 8 * 1024 * 1024  # one text entry
MAX_TOTAL = 32 * 1024 * 1024  # everything read from one image
MAX_CHUNKS = 10_000


@dataclass
class ImageText:
    format: str
    text: dict[str, str] = field(default_factory=dict)
    width: int | None = None
    height: int | None = None
    warnings: list[str] = field(default_factory=list)

    def add(self, key: str, value: str) -> None:
        self.text.setdefault(key, value)


def read_image_text(path: Path) -> ImageText:
    with open(path, "rb") as stream:
        magic = stream.read(12)
        stream.seek(0)
        if magic.startswith(b"\x89PNG\r\n\x1a\n"):
            return _png(stream)
        if magic.startswith(b"\xff\xd8"):
            return _jpeg(stream)
        if magic[:4] == b"RIFF" and magic[8:12] == b"WEBP":
            return _webp(stream)
    raise ExtractionError("not a PNG, JPEG or WebP image (its first bytes say otherwise)")


def _inflate(data: bytes, what: str, found: ImageText) -> bytes | None:
    inflater = zlib.decompressobj()
    try:
        out = inflater.decompress(data, MAX_TEXT)
    except zlib.error:
        found.warnings.append(f"{what}: its compressed text is corrupt; skipped")
        return None
    if inflater.unconsumed_tail:
        found.warnings.append(f"{what}: its compressed text inflates past {MAX_TEXT:,} bytes; skipped")
        return None
    return out


def _png(stream: BinaryIO) -> ImageText:
    found = ImageText("png")
    stream.seek(8)
    total = 0
    for _ in range(MAX_CHUNKS):
        head = stream.read(8)
        if len(head) < 8:
            break
        length, kind = struct.unpack(">I4s", head)
        if kind == b"IEND":
            break
        if kind not in (b"tEXt", b"zTXt", b"iTXt", b"IHDR") or length > MAX_TEXT or total + length > MAX_TOTAL:
            if kind in (b"tEXt", b"zTXt", b"iTXt"):
                found.warnings.append(f"a {kind.decode()} chunk of {length:,} bytes is too large to read; skipped")
            stream.seek(length + 4, 1)  # pixel data and the CRC are skipped, never read
            continue
        data = stream.read(length)
        stream.seek(4, 1)
        total += length
        if len(data) < length:
            found.warnings.append("the PNG ends inside a chunk; it is truncated")
            break
        if kind == b"IHDR" and length >= 8:
            found.width, found.height = struct.unpack(">II", data[:8])
        else:
            _png_text(kind, data, found)
    return found


def _png_text(kind: bytes, data: bytes, found: ImageText) -> None:
    key, sep, rest = data.partition(b"\0")
    if not sep:
        found.warnings.append(f"a {kind.decode()} chunk has no keyword; skipped")
        return
    name = key.decode("latin-1")
    if kind == b"tEXt":
        found.add(name, rest.decode("latin-1"))
    elif kind == b"zTXt":
        text = _inflate(rest[1:], f"zTXt {name!r}", found)
        if text is not None:
            found.add(name, text.decode("latin-1"))
    else:  # iTXt: flag, method, language\0, translated keyword\0, UTF-8 text
        if len(rest) < 2:
            found.warnings.append(f"iTXt {name!r} is malformed; skipped")
            return
        compressed, body = rest[0], rest[2:]
        _, _, body = body.partition(b"\0")
        _, _, body = body.partition(b"\0")
        text = _inflate(body, f"iTXt {name!r}", found) if compressed else body
        if text is not None:
            found.add(name, text.decode("utf-8", "replace"))


def _jpeg(stream: BinaryIO) -> ImageText:
    found = ImageText("jpeg")
    stream.seek(2)
    for _ in range(MAX_CHUNKS):
        marker = stream.read(2)
        if len(marker) < 2 or marker[0] != 0xFF:
            break
        if marker[1] in (0xD9, 0xDA):  # end of image, start of scan: no metadata follows
            break
        (length,) = struct.unpack(">H", stream.read(2))
        if marker[1] in (0xE1, 0xFE):
            data = stream.read(length - 2)
            if marker[1] == 0xFE:
                found.add("Comment", data.decode("utf-8", "replace"))
            elif data.startswith(b"Exif\0\0"):
                _tiff(data[6:], found)
            elif data.startswith(b"http://ns.adobe.com/xap/1.0/\0"):
                found.add("XMP", data.split(b"\0", 1)[1].decode("utf-8", "replace"))
        elif 0xC0 <= marker[1] <= 0xCF and marker[1] not in (0xC4, 0xC8, 0xCC):
            frame = stream.read(length - 2)
            found.height, found.width = struct.unpack(">HH", frame[1:5])
        else:
            stream.seek(length - 2, 1)
    return found


def _webp(stream: BinaryIO) -> ImageText:
    found = ImageText("webp")
    stream.seek(12)
    for _ in range(MAX_CHUNKS):
        head = stream.read(8)
        if len(head) < 8:
            break
        kind, length = struct.unpack("<4sI", head)
        padded = length + (length & 1)
        if kind in (b"EXIF", b"XMP ", b"VP8X") and length <= MAX_TEXT:
            data = stream.read(length)
            stream.seek(padded - length, 1)
            if kind == b"EXIF":
                _tiff(data[6:] if data.startswith(b"Exif\0\0") else data, found)
            elif kind == b"XMP ":
                found.add("XMP", data.decode("utf-8", "replace"))
            elif len(data) >= 10:
                found.width = 1 + int.from_bytes(data[4:7], "little")
                found.height = 1 + int.from_bytes(data[7:10], "little")
        else:
            stream.seek(padded, 1)
    return found


TIFF_TAGS = {0x010E: "ImageDescription", 0x010F: "Make", 0x0110: "Model", 0x0131: "Software",
             0x9286: "UserComment", 0x927C: "MakerNote"}


def _tiff(data: bytes, found: ImageText) -> None:
    """The text tags of an EXIF block (IFD0 and the Exif sub-IFD); a malformed block is a warning."""
    try:
        order = {b"II": "<", b"MM": ">"}[data[:2]]
        (first,) = struct.unpack(order + "I", data[4:8])
        pending, seen = [first], set()
        while pending:
            offset = pending.pop()
            if offset in seen or offset + 2 > len(data):
                continue
            seen.add(offset)
            (count,) = struct.unpack(order + "H", data[offset:offset + 2])
            for index in range(min(count, 1000)):
                entry = data[offset + 2 + 12 * index: offset + 14 + 12 * index]
                tag, kind, n = struct.unpack(order + "HHI", entry[:8])
                if tag == 0x8769:
                    pending.append(struct.unpack(order + "I", entry[8:12])[0])
                elif tag in TIFF_TAGS and kind in (1, 2, 7) and n <= MAX_TEXT:  # BYTE, ASCII, UNDEFINED
                    start = struct.unpack(order + "I", entry[8:12])[0] if n > 4 else offset + 10 + 12 * index
                    raw = data[start:start + n]
                    found.add(TIFF_TAGS[tag], _comment(raw) if tag == 0x9286 else raw.rstrip(b"\0").decode(
                        "utf-8", "replace"))
    except (KeyError, struct.error):
        found.warnings.append("its EXIF block is malformed; skipped")


def _comment(raw: bytes) -> str:
    """EXIF UserComment: an 8-byte charset prefix, then text; writers disagree on UTF-16's byte order."""
    prefix, body = raw[:8], raw[8:]
    if prefix == b"UNICODE\0":
        if len(body) >= 2 and body[0] == 0 and body[1] != 0:
            return body.decode("utf-16-be", "replace").rstrip("\0")
        if len(body) >= 2 and body[1] == 0 and body[0] != 0:
            return body.decode("utf-16-le", "replace").rstrip("\0")
        return body.decode("utf-16-be", "replace").rstrip("\0")
    if prefix in (b"ASCII\0\0\0", b"\0" * 8):
        return body.decode("utf-8", "replace").rstrip("\0")
    return raw.decode("utf-8", "replace").rstrip("\0")  # no prefix (Fooocus)
