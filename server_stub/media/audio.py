"""Audio (wav, flac, mp3, aac …): a waveform picture and an AAC proxy, in one decode."""

from __future__ import annotations

from pathlib import Path

import av
import numpy as np
from PIL import Image, ImageDraw

from .errors import MediaError
from .limits import MediaLimits
from .outputs import Output, save_image
from .video import check_decodable, check_duration, duration_of, open_media

WAVE_SIZE = (1200, 240)
BLOCK = 1024  # samples per peak kept while decoding: memory grows ~1/1024 of the sound's


def derive_audio(path: Path, out: Path, limits: MediaLimits) -> list[Output]:
    container = open_media(path)
    with container:
        if not container.streams.audio:
            raise MediaError(f"{path.name} has no sound stream")
        ain = container.streams.audio[0]
        check_decodable(path, ain)
        check_duration(path, duration_of(container, ain), limits)
        target = out / "proxy.m4a"
        sink = av.open(str(target), "w", format="mp4", options={"movflags": "+faststart"})
        aout = sink.add_stream("aac", rate=48000)
        aout.bit_rate = 192_000
        resampler = av.AudioResampler(format="fltp", layout="stereo", rate=48000)
        peaks: list[np.ndarray] = []
        samples = 0
        try:
            for frame in container.decode(ain):
                frame.pts = None
                for chunk in resampler.resample(frame):
                    mono = np.abs(chunk.to_ndarray()).max(axis=0)
                    samples += mono.size
                    pad = (-mono.size) % BLOCK
                    peaks.append(np.pad(mono, (0, pad)).reshape(-1, BLOCK).max(axis=1))
                    sink.mux(aout.encode(chunk))
                if samples > limits.max_seconds * 48000:
                    raise MediaError(f"{path.name} is longer than the limit for review proxies")
            for chunk in resampler.resample(None):
                sink.mux(aout.encode(chunk))
            sink.mux(aout.encode(None))
            sink.close()
        except (MediaError, av.FFmpegError) as exc:
            sink.close()
            target.unlink(missing_ok=True)
            if isinstance(exc, MediaError):
                raise
            raise MediaError(f"truncated or corrupt file: {path.name} stops decoding after "
                             f"{samples / 48000:.1f} s ({exc.strerror or exc})") from None
    if samples == 0:
        target.unlink(missing_ok=True)
        raise MediaError(f"{path.name} is corrupt or holds no sound that decodes")
    seconds = samples / 48000
    wave = save_image(_waveform(np.concatenate(peaks)), out / "waveform.png", "waveform")
    return [Output("proxy", str(target), "audio/mp4", duration=round(seconds, 3)), wave]


def _waveform(peaks: np.ndarray) -> Image.Image:
    width, height = WAVE_SIZE
    columns = np.array_split(peaks, min(width, max(peaks.size, 1)))
    image = Image.new("RGB", WAVE_SIZE, (24, 26, 30))
    draw = ImageDraw.Draw(image)
    middle = height / 2
    step = width / max(len(columns), 1)
    for index, column in enumerate(columns):
        peak = float(min(column.max(initial=0.0), 1.0))
        x = int(index * step)
        draw.rectangle((x, middle - peak * middle, max(x, int((index + 1) * step) - 1), middle + peak * middle),
                       fill=(96, 200, 140))
    return image
