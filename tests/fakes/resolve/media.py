"""What the fake "decodes" from a file: its type, length, rate and size.

The fake cannot read real movies, so a file may start with a one-line hint that says what it holds::

    #fake-media {"frames": 48, "fps": 24, "width": 1920, "height": 1080, "audio": true}

Without a hint the file's extension decides, with the defaults below. A file that does not exist is
unreadable (what makes ``ImportMedia`` and ``ReplaceClip`` fail).
"""

from __future__ import annotations

import json
import re
import os
from dataclasses import dataclass, field, replace
from pathlib import Path

HINT = b"#fake-media "
VIDEO = {".mov", ".mp4", ".mxf", ".avi", ".mkv"}
AUDIO = {".wav", ".aif", ".aiff", ".mp3", ".flac"}
STILL = {".png", ".jpg", ".jpeg", ".tif", ".tiff", ".exr", ".dpx", ".bmp"}
STILL_FRAMES = 120  # a still becomes a clip of five seconds at 24 fps
DEFAULT_VIDEO = {"frames": 48, "fps": 24.0, "width": 1920, "height": 1080, "audio": False}


@dataclass(frozen=True)
class Media:
    path: str  # what "File Path" shows (a sequence shows its range in brackets)
    type: str  # "Video", "Audio", "Still", "Video + Audio"
    frames: int
    fps: float = 24.0
    width: int = 1920
    height: int = 1080
    first_frame: int = 0  # a sequence's first frame number
    files: list[str] = field(default_factory=list)

    @property
    def has_video(self) -> bool:
        return self.type != "Audio"

    @property
    def has_audio(self) -> bool:
        return self.type in ("Audio", "Video + Audio")


def hint(**values: object) -> bytes:
    """The first line of a file the fake reads as ``values`` (frames, fps, width, height, audio)."""
    return HINT + json.dumps(values).encode() + b"\n"


def _read_hint(path: Path) -> dict | None:
    try:
        with open(path, "rb") as handle:
            head = handle.readline(4096)
    except OSError:
        return None
    if head.startswith(HINT):
        try:
            return dict(json.loads(head[len(HINT):]))
        except ValueError:
            return None
    return {}


def probe(path: str) -> Media | None:
    """What Resolve would see in the file at ``path``; None when it cannot read it."""
    file = Path(path)
    if not file.is_absolute() or not file.is_file() or not os.access(file, os.R_OK):
        return None
    found = _read_hint(file)
    if found is None:
        return None
    ext = file.suffix.lower()
    if ext in AUDIO:
        return Media(str(file), "Audio", int(found.get("frames", 240)), float(found.get("fps", 24.0)), 0, 0,
                     files=[str(file)])
    if ext in STILL and "frames" not in found:
        return Media(str(file), "Still", STILL_FRAMES, 24.0, int(found.get("width", 1920)),
                     int(found.get("height", 1080)), files=[str(file)])
    if ext in VIDEO or ext in STILL:
        values = DEFAULT_VIDEO | found
        kind = "Video + Audio" if values["audio"] else "Video"
        return Media(str(file), kind, int(values["frames"]), float(values["fps"]), int(values["width"]),
                     int(values["height"]), files=[str(file)])
    return None


def probe_sequence(pattern: str, start: int, end: int) -> Media | None:
    """An image sequence ``pattern`` (printf style, e.g. ``shot_%04d.exr``) from ``start`` to ``end``."""
    if end < start:
        return None
    files = []
    for frame in range(start, end + 1):
        try:
            name = pattern % frame
        except TypeError:
            return None
        if probe(name) is None:
            return None
        files.append(name)
    first = probe(files[0])
    assert first is not None
    head, _, tail = pattern.rpartition("%")
    width = int(tail[:tail.index("d")] or 0)
    shown = f"{head}[{start:0{width}d}-{end:0{width}d}]{tail[tail.index('d') + 1:]}"
    return replace(first, path=shown, type="Video", frames=end - start + 1, first_frame=start, files=files)


def sequence_from_frame(path: str) -> Media | None:
    """The sequence a frame file starts (its numbered siblings up to the first gap), as Resolve picks it up."""
    file = Path(path)
    match = re.match(r"^(.*?)(\d+)(\.[A-Za-z0-9]+)$", file.name)
    if match is None:
        return probe(path)
    stem, number, ext = match.groups()
    start = last = int(number)
    while (file.parent / f"{stem}{last + 1:0{len(number)}d}{ext}").is_file():
        last += 1
    return probe_sequence(str(file.parent / f"{stem}%0{len(number)}d{ext}"), start, last)
