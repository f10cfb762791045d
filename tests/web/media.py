"""Material the browser tests review: what the demo publishes (a LUT, a PNG sequence twice) and, where
ffmpeg exists, a short WebM clip in two versions to play and compare."""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from brickyard.core.cli.demo_files import make_samples, write_png

CLIP_SECONDS = 2.0
CLIP_FPS = 24


@dataclass
class Material:
    lut: object
    frames: list = field(default_factory=list)  # the two versions of the sequence
    clips: list = field(default_factory=list)  # empty without ffmpeg
    clip_skip_reason: str | None = None


def make_clip(path: Path, colour: str, encoded: Path | None = None) -> Path:
    """A VP9 clip with a ``colour`` square at ``path``; copied from the folder ``encoded`` where this run
    encoded it already (the same clip every time, and an encode costs seconds of both cores)."""
    if encoded is not None:
        once = encoded / f"{colour}.webm"
        if not once.exists():
            make_clip(once, colour)
        return Path(shutil.copyfile(once, path))
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i",
                    f"testsrc2=size=320x180:rate={CLIP_FPS}:duration={CLIP_SECONDS}",
                    "-vf", f"drawbox=x=0:y=0:w=40:h=40:color={colour}:t=fill",
                    "-c:v", "libvpx-vp9", "-b:v", "200k", "-g", "2", str(path)], check=True)
    return path


def publish_review_material(studio, folder: Path, encoded: Path | None = None) -> Material:
    ana = studio.client("ana")
    lut, frames = make_samples(folder / "demo")
    thumb = write_png(folder / "thumb.png", 160, 90, shade=90)
    material = Material(lut=ana.publish("film", "warm_grade", "lut", [lut], folder="looks", status="review",
                                        comment="first pass at the warm look", tags=["grade"], thumbnail=thumb))
    for number in range(2):
        material.frames.append(ana.publish("film", "hero_turntable", "render", frames, folder="characters/hero",
                                           comment=f"turntable pass {number + 1}", metadata={"fps": 24},
                                           status="review"))
        frames = [write_png(folder / "demo" / f"v2_hero_turntable.{1001 + i:04d}.png", 64, 36, shade=200 - i * 9)
                  for i in range(len(frames))]
    if shutil.which("ffmpeg") is None:
        material.clip_skip_reason = "ffmpeg is not installed, so no clip could be made (apt-get install -y ffmpeg)"
        return material
    for number, colour in enumerate(("red", "blue")):
        clip = make_clip(folder / f"shot_{number}.webm", colour, encoded)
        material.clips.append(ana.publish("film", "sh010_anim", "video", [clip], folder="shots/sh010",
                                          comment=f"blocking {number + 1}", metadata={"fps": CLIP_FPS},
                                          status="review"))
    return material
