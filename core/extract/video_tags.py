"""The tags a video container carries, read without decoding a frame — standard library only.

- MP4/MOV: ``moov/udta/meta/ilst``. Items are either iTunes-style four-character codes (``©cmt``
  comment, ``©nam`` title, ``desc``…) or, when ffmpeg wrote ``-movflags use_metadata_tags``, indexes
  into the ``keys`` atom (``mdta`` names such as ``comment``, ``prompt``, ``workflow``). ``udta`` may
  also hold ``©cmt`` directly (QuickTime style).
- Matroska/WebM: ``Segment/Tags/Tag/SimpleTag`` name/string pairs (ffmpeg writes ``COMMENT``,
  ``PROMPT``…; names are compared case-insensitively).

Bounded work: only container boxes on the path to the tags are entered, media data is skipped by
seeking, a single tag larger than ``MAX_TAG`` is skipped with a warning, at most ``MAX_READ`` bytes are
read in all and at most ``MAX_BOXES`` boxes visited.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field
from typing import BinaryIO

from .registry import ExtractionError

MAX_TAG = 8 * 1024 * 1024
MAX_READ = 32 * 1024 * 1024
MAX_BOXES = 100_000
ITUNES_NAMES = {b"\xa9cmt": "comment", b"\xa9nam": "title", b"desc": "description", b"\xa9des": "description",
                b"\xa9too": "encoder", b"\xa9day": "date", b"\xa9ART": "artist"}


@dataclass
class VideoTags:
    format: str
    tags: dict[str, str] = field(default_factory=dict)  # lower-case names
    warnings: list[str] = field(default_factory=list)

    def add(self, name: str, value: str) -> None:
        self.tags.setdefault(name.lower(), value)


class _Budget:
    def __init__(self, stream: BinaryIO, tags: VideoTags):
        self.stream, self.tags, self.read_bytes, self.boxes = stream, tags, 0, 0

    def read(self, size: int, what: str) -> bytes | None:
        if size > MAX_TAG:
            self.tags.warnings.append(f"{what} of {size:,} bytes is too large to read; skipped")
            return None
        if self.read_bytes + size > MAX_READ:
            raise ExtractionError(f"its tags add up to more than {MAX_READ:,} bytes; not read")
        data = self.stream.read(size)
        self.read_bytes += len(data)
        if len(data) < size:
            raise ExtractionError("it ends inside a tag (the file is truncated)")
        return data

    def count(self) -> None:
        self.boxes += 1
        if self.boxes > MAX_BOXES:
            raise ExtractionError(f"it has more than {MAX_BOXES:,} boxes or elements before its tags; not read")


def read_video_tags(stream: BinaryIO) -> VideoTags:
    head = stream.read(12)
    stream.seek(0, 2)
    size = stream.tell()
    stream.seek(0)
    if head[4:8] in (b"ftyp", b"moov", b"wide", b"mdat", b"free", b"skip"):
        found = VideoTags("mp4")
        _boxes(_Budget(stream, found), 0, size, (), {})
        return found
    if head[:4] == b"\x1a\x45\xdf\xa3":
        found = VideoTags("matroska")
        _matroska(_Budget(stream, found), size)
        return found
    raise ExtractionError("not an MP4, MOV, MKV or WebM file (its first bytes say otherwise)")


# --- MP4 / QuickTime -------------------------------------------------------------------------------

CONTAINERS = {(): b"moov", (b"moov",): b"udta", (b"moov", b"udta"): b"meta", (b"moov", b"udta", b"meta"): b"ilst"}


def _boxes(budget: _Budget, start: int, end: int, path: tuple[bytes, ...], keys: dict[int, str]) -> None:
    stream, offset = budget.stream, start
    while offset + 8 <= end:
        budget.count()
        stream.seek(offset)
        size, kind = struct.unpack(">I4s", stream.read(8))
        header = 8
        if size == 1:
            size, header = struct.unpack(">Q", stream.read(8))[0], 16
        elif size == 0:
            size = end - offset
        if size < header or offset + size > end:
            budget.tags.warnings.append(f"a {kind!r} box claims {size:,} bytes past its parent; stopped there")
            return
        body, body_end = offset + header, offset + size
        if path == (b"moov", b"udta", b"meta") and kind == b"keys":
            keys.update(_keys(budget, body, body_end))
        elif path == (b"moov", b"udta", b"meta", b"ilst"):
            _ilst_item(budget, kind, body, body_end, keys)
        elif path == (b"moov", b"udta") and kind in ITUNES_NAMES:
            data = budget.read(body_end - body, f"the {kind.decode('latin-1')} box")
            if data is not None and len(data) > 4:  # QuickTime text: 2-byte length, 2-byte language
                length = struct.unpack(">H", data[:2])[0]
                budget.tags.add(ITUNES_NAMES[kind], data[4:4 + length].decode("utf-8", "replace"))
        elif CONTAINERS.get(path) == kind:
            # ``meta`` is a full box (4 bytes of version/flags) in MP4; QuickTime writes it without them
            if kind == b"meta":
                stream.seek(body)
                if stream.read(4) == b"\0\0\0\0":
                    body += 4
            _boxes(budget, body, body_end, path + (kind,), keys)
        offset = body_end


def _keys(budget: _Budget, start: int, end: int) -> dict[int, str]:
    data = budget.read(end - start, "the keys box")
    if data is None or len(data) < 8:
        return {}
    count = struct.unpack(">I", data[4:8])[0]
    found, at = {}, 8
    for index in range(1, min(count, 10_000) + 1):
        if at + 8 > len(data):
            break
        size = struct.unpack(">I", data[at:at + 4])[0]
        if size < 8 or at + size > len(data):
            break
        found[index] = data[at + 8:at + size].decode("utf-8", "replace")  # after size and namespace (mdta)
        at += size
    return found


def _ilst_item(budget: _Budget, kind: bytes, start: int, end: int, keys: dict[int, str]) -> None:
    index = struct.unpack(">I", kind)[0]
    name = keys.get(index) if keys else ITUNES_NAMES.get(kind)
    if name is None:
        return
    data = budget.read(end - start, f"the {name!r} tag")
    at = 0
    while data is not None and at + 16 <= len(data):  # a ``data`` box: size, 'data', type, locale, value
        size, box = struct.unpack(">I4s", data[at:at + 8])
        if size < 16 or at + size > len(data):
            return
        if box == b"data" and struct.unpack(">I", data[at + 8:at + 12])[0] & 0xFFFFFF == 1:  # UTF-8 text
            budget.tags.add(name, data[at + 16:at + size].decode("utf-8", "replace"))
            return
        at += size


# --- Matroska / WebM -------------------------------------------------------------------------------

SEGMENT, TAGS, TAG, SIMPLE_TAG, TAG_NAME, TAG_STRING = 0x18538067, 0x1254C367, 0x7373, 0x67C8, 0x45A3, 0x4487
CLUSTER = 0x1F43B675
ENTERED = {SEGMENT, TAGS, TAG, SIMPLE_TAG}


def _vint(stream: BinaryIO, keep_marker: bool) -> tuple[int, int] | None:
    """An EBML variable-length integer: (value, bytes used); None at the end of the file."""
    first = stream.read(1)
    if not first:
        return None
    byte = first[0]
    length = 1
    while length <= 8 and not byte & (0x80 >> (length - 1)):
        length += 1
    if length > 8:
        raise ExtractionError("it has an EBML number longer than 8 bytes (not Matroska)")
    rest = stream.read(length - 1)
    value = byte if keep_marker else byte & (0xFF >> length)
    for b in rest:
        value = (value << 8) | b
    if not keep_marker and value == (1 << (7 * length)) - 1:
        value = -1  # "unknown size" (a live stream's segment)
    return value, length


def _matroska(budget: _Budget, file_size: int) -> None:
    stream = budget.stream
    pending: dict[str, str] = {}
    ends: list[tuple[int, int]] = []  # (element id, end offset) of the elements we are inside
    while stream.tell() < file_size:
        budget.count()
        while ends and stream.tell() >= ends[-1][1]:
            element, _ = ends.pop()
            if element == SIMPLE_TAG and "name" in pending and "value" in pending:
                budget.tags.add(pending["name"], pending["value"])
            if element == SIMPLE_TAG:
                pending = {}
        ident = _vint(stream, keep_marker=True)
        size = _vint(stream, keep_marker=False)
        if ident is None or size is None:
            break
        element, length = ident[0], size[0]
        start = stream.tell()
        end = file_size if length < 0 else start + length
        if end > file_size:
            budget.tags.warnings.append("an element claims bytes past the end of the file; stopped there")
            break
        if element in ENTERED:
            ends.append((element, end))
            continue
        if element in (TAG_NAME, TAG_STRING):
            data = budget.read(length, "a Matroska tag")
            if data is not None:
                pending["name" if element == TAG_NAME else "value"] = data.decode("utf-8", "replace")
            continue
        if element == CLUSTER and budget.tags.tags and length < 0:
            break  # a live file's media: the tags written before it are all there is
        stream.seek(end)
    while ends:
        element, _ = ends.pop()
        if element == SIMPLE_TAG and "name" in pending and "value" in pending:
            budget.tags.add(pending["name"], pending["value"])
            pending = {}
