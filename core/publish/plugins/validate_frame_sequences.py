"""Validate frame sequences are complete: no gap, and the whole range the instance declares.

A curated render or a set of generations may keep gaps on purpose: metadata ``frames`` (a set such as
``1-10,12,15-20``) declares them, and then every sequence must hold exactly that set.
"""

from collections import defaultdict
from pathlib import Path

import pyblish.api
from brickyard.core.frame_sets import describe_frames, parse_frames
from brickyard.core.naming import split_frame

# Containers that hold every frame in one file: digits in their name (sh010.mov) are never a frame number.
CONTAINER_EXTENSIONS = {"mov", "mp4", "m4v", "mxf", "avi", "mkv", "webm", "wav", "aif", "aiff", "mp3", "flac",
                        "abc", "usd", "usda", "usdc", "usdz", "fbx", "glb", "gltf", "blend", "otio", "edl", "xml"}


class ValidateFrameSequences(pyblish.api.InstancePlugin):
    label = "Validate frame sequences"
    order = pyblish.api.ValidatorOrder + 0.1

    def process(self, instance):
        metadata = instance.data["metadata"]
        declared = (metadata.get("frame_start"), metadata.get("frame_end"))
        problems = []
        declared_set = set(parse_frames(str(metadata["frames"]))) if metadata.get("frames") else None
        for name, paths in instance.data["representations"].items():
            for (folder, stem, ext), frames in _sequences(paths).items():
                if declared_set is not None:
                    missing, extra = sorted(declared_set - set(frames)), sorted(set(frames) - declared_set)
                    if missing or extra:
                        problems.append(f"{Path(folder) / (stem + '#.' + ext)} in {name!r} does not hold the "
                                        f"declared frames {describe_frames(declared_set)}: "
                                        + "; ".join(f"{w} {describe_frames(n)}" for w, n in (
                                            ("lacks", missing), ("has extra", extra)) if n))
                    continue
                if len(frames) < 2 and (None in declared or not _in_range(frames[0], declared)):
                    continue  # one numbered file is a sequence only where it is a frame of the declared range
                low, high = min(frames), max(frames)
                if None not in declared:
                    low, high = min(low, int(declared[0])), max(high, int(declared[1]))
                missing = sorted(set(range(low, high + 1)) - set(frames))
                if missing:
                    problems.append(f"{Path(folder) / (stem + '#.' + ext)} in {name!r} lacks frames "
                                    f"{describe_frames(missing)} of {low}-{high}")
        if problems:
            raise ValueError(f"{instance.data['label']}: " + "; ".join(problems) + ". Render the missing frames")


def _sequences(paths):
    """``{(folder, stem, ext): [frames]}`` of numbered files (a folder counts with its top-level files)."""
    found = defaultdict(list)
    for path in map(Path, paths):
        files = sorted(p for p in path.iterdir() if p.is_file()) if path.is_dir() else [path]
        for file in files:
            parts = split_frame(file.name)
            if parts and parts[3].lower() not in CONTAINER_EXTENSIONS:
                found[(str(file.parent), parts[0], parts[3].lower())].append(parts[1])
    return found


def _in_range(frame, declared):
    return int(declared[0]) <= frame <= int(declared[1])
