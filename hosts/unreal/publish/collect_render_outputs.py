"""Collect what a Movie Render Queue job wrote: image sequences and movies become representations.

Frames are grouped by extension (``exr``, ``png``…), movies likewise (``mov``, ``mp4``); the frame range
goes into the metadata (the core validator then checks no frame is missing) and a middle PNG or JPEG
frame becomes the thumbnail.
"""

from pathlib import Path

import pyblish.api
from brickyard.core.naming import split_frame

MOVIES = {"mov", "mp4", "mxf", "avi"}
PREVIEWABLE = {"png", "jpg", "jpeg"}


class CollectRenderOutputs(pyblish.api.InstancePlugin):
    label = "Collect Movie Render Queue outputs"
    order = pyblish.api.CollectorOrder
    hosts = ["unreal"]

    def process(self, instance):
        host_data = instance.data["spec"].host_data
        if not host_data.get("render"):
            return
        folder = Path(host_data["render_dir"])
        files = sorted(p for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else []
        if not files:
            raise ValueError(f"{instance.data['label']}: {folder} holds no rendered files; render the Movie "
                             "Render Queue job first (or fix the folder)")
        representations: dict[str, list[str]] = {}
        frames: list[int] = []
        for path in files:
            ext = path.suffix.lstrip(".").lower()
            representations.setdefault(ext, []).append(str(path))
            parts = split_frame(path.name)
            if parts and ext not in MOVIES:
                frames.append(parts[1])
        instance.data["representations"] = representations
        metadata = instance.data["metadata"]
        # The core frame validator reads trailing digits of a movie's name (sh010.mov) as a frame number;
        # declaring the range would then fail the movie, so it is declared only when no movie looks numbered.
        numbered_movie = any(split_frame(Path(p).name) for ext in MOVIES for p in representations.get(ext, []))
        if frames and not numbered_movie:
            metadata.setdefault("frame_start", min(frames))
            metadata.setdefault("frame_end", max(frames))
        stills = [p for ext in PREVIEWABLE for p in representations.get(ext, [])]
        if stills and not instance.data.get("thumbnail"):
            instance.data["thumbnail"] = sorted(stills)[len(stills) // 2]
        self.log.info("%s: %s", instance.data["label"],
                      ", ".join(f"{len(v)} {k}" for k, v in sorted(representations.items())))
