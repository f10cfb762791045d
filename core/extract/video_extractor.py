"""Videos (MP4, MOV, MKV, WebM): the ComfyUI graph a generation tool wrote into the container's tags.

VideoHelperSuite's Video Combine writes one ``comment`` tag holding JSON ``{"prompt": "<API graph as
JSON text>", "workflow": {…}}``; ComfyUI's own SaveVideo writes ``prompt`` and ``workflow`` tags. Both
are read, then interpreted like an image's text (``image_extractor.interpret``).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .image_extractor import interpret
from .image_text import ImageText
from .registry import Extraction, Extractor
from .video_tags import read_video_tags


class VideoExtractor(Extractor):
    label = "video generation metadata"
    extensions = ("mp4", "mov", "m4v", "mkv", "webm")
    kinds = ("video",)

    def extract(self, path: Path) -> Extraction:
        with open(path, "rb") as stream:
            carried = read_video_tags(stream)
        text: dict[str, str] = {}
        comment = _json(carried.tags.get("comment"))
        if isinstance(comment, dict):  # VideoHelperSuite: everything in one comment
            text.update({k: v if isinstance(v, str) else json.dumps(v) for k, v in comment.items()})
        for key in ("prompt", "workflow", "parameters"):
            if key in carried.tags:
                text.setdefault(key, carried.tags[key])
        if "comment" in carried.tags and not isinstance(comment, dict):
            text.setdefault("Comment", carried.tags["comment"])  # A1111-style text in a plain comment
        found = interpret(ImageText("video", text))
        return Extraction(found, "video", [f"{path.name}: {w}" for w in carried.warnings])


def _json(value: str | None) -> Any:
    try:
        return json.loads(value) if value else None
    except ValueError:
        return None
