"""Synthetic media for preview tests: every picture carries its frame number as 10 black/white blocks
(readable back after lossy H.264), over a gradient so no frame is blank."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import numpy as np

BITS = 10


def burnt_in(number: int, width: int = 320, height: int = 180,
             tint: tuple[float, float, float] = (1.0, 1.0, 1.0)) -> np.ndarray:
    """RGB uint8 (height, width, 3): a gradient (grey, or ``tint``ed to tell clips apart), with ``number``
    in binary across the top half."""
    x = np.linspace(40, 200, width, dtype=np.float32)
    image = (np.repeat(np.repeat(x[None, :, None], height, axis=0), 3, axis=2)
             * np.asarray(tint, dtype=np.float32)).astype(np.uint8)
    block = width // BITS
    for bit in range(BITS):
        value = 255 if number >> bit & 1 else 0
        image[height // 8: height // 2, bit * block + block // 4: (bit + 1) * block - block // 4] = value
    return image


def read_burnt_in(image: np.ndarray) -> int:
    height, width = image.shape[:2]
    block = width // BITS
    row = image[(height // 8 + height // 2) // 2]
    return sum(1 << bit for bit in range(BITS) if row[bit * block + block // 2].mean() > 128)


def make_clip(path: Path, frames: int, *, width: int = 320, height: int = 180, fps: int = 24,
              codec: str = "mjpeg", tone: bool = False, tint: tuple[float, float, float] = (1.0, 1.0, 1.0)) -> Path:
    import av

    with av.open(str(path), "w") as out:
        stream = out.add_stream(codec, rate=fps)
        stream.width, stream.height = width, height
        stream.pix_fmt = {"mjpeg": "yuvj422p", "prores_ks": "yuv422p10le"}.get(codec, "yuv420p")
        audio = out.add_stream("pcm_s16le", rate=48000) if tone else None
        for number in range(frames):
            frame = av.VideoFrame.from_ndarray(burnt_in(number, width, height, tint), format="rgb24")
            frame.pts = number
            out.mux(stream.encode(frame))
            if audio is not None:
                samples = sine(48000 // fps, offset=number * (48000 // fps))
                chunk = av.AudioFrame.from_ndarray(samples, format="s16", layout="mono")
                chunk.sample_rate, chunk.pts = 48000, number * (48000 // fps)
                out.mux(audio.encode(chunk))
        out.mux(stream.encode(None))
        if audio is not None:
            out.mux(audio.encode(None))
    return path


def sine(samples: int, offset: int = 0, hz: float = 440.0) -> np.ndarray:
    t = (np.arange(samples) + offset) / 48000
    return (np.sin(2 * np.pi * hz * t) * 12000).astype(np.int16)[None, :]


def make_tone(path: Path, seconds: float) -> Path:
    import av

    with av.open(str(path), "w") as out:
        stream = out.add_stream("pcm_s16le" if path.suffix == ".wav" else "flac", rate=48000)
        done = 0
        total = int(seconds * 48000)
        while done < total:
            n = min(4800, total - done)
            chunk = av.AudioFrame.from_ndarray(sine(n, done), format="s16", layout="mono")
            chunk.sample_rate, chunk.pts = 48000, done
            out.mux(stream.encode(chunk))
            done += n
        out.mux(stream.encode(None))
    return path


def make_exr(path: Path, number: int, width: int = 320, height: int = 180, dtype: str = "float16") -> Path:
    import OpenEXR

    srgb = burnt_in(number, width, height).astype(np.float32) / 255.0
    linear = np.where(srgb <= 0.04045, srgb / 12.92, ((srgb + 0.055) / 1.055) ** 2.4).astype(dtype)
    header = {"compression": OpenEXR.ZIP_COMPRESSION, "type": OpenEXR.scanlineimage}
    with OpenEXR.File(header, {"RGB": linear}) as exr:
        exr.write(str(path))
    return path


def make_long_video(path: Path, hours: float) -> Path:
    """Two tiny frames, the second ``hours`` later: a container that says it runs that long."""
    import av

    with av.open(str(path), "w") as out:
        stream = out.add_stream("mjpeg", rate=1)
        stream.width, stream.height, stream.pix_fmt = 32, 32, "yuvj420p"
        stream.codec_context.time_base = Fraction(1, 1)
        for pts in (0, int(hours * 3600)):
            frame = av.VideoFrame.from_ndarray(burnt_in(1, 32, 32), format="rgb24")
            frame.pts = pts
            out.mux(stream.encode(frame))
        out.mux(stream.encode(None))
    return path


def make_flat_exr(path: Path, rgb: tuple[float, float, float], width: int = 64, height: int = 32) -> Path:
    """One scene-linear colour everywhere (float32)."""
    import OpenEXR

    pixels = np.empty((height, width, 3), dtype=np.float32)
    pixels[:] = rgb
    with OpenEXR.File({"compression": OpenEXR.ZIP_COMPRESSION, "type": OpenEXR.scanlineimage},
                      {"RGB": pixels}) as exr:
        exr.write(str(path))
    return path


# An OCIO v2 config whose "swap" view exchanges red and blue and applies no transfer: its effect on a
# pixel is unmistakable (the plain sRGB transfer would keep red red and lift 0.5 to 188).
SWAP_OCIO_CONFIG = """ocio_profile_version: 2
roles:
  default: linear
  scene_linear: linear
file_rules:
  - !<Rule> {name: Default, colorspace: default}
displays:
  review:
    - !<View> {name: swap, colorspace: swapped}
    - !<View> {name: raw, colorspace: linear}
colorspaces:
  - !<ColorSpace>
    name: linear
  - !<ColorSpace>
    name: swapped
    from_scene_reference: !<MatrixTransform> {matrix: [0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1]}
"""


def write_swap_ocio_config(path: Path) -> Path:
    path.write_text(SWAP_OCIO_CONFIG)
    return path
