"""Video files (mov, mp4, mxf, mkv …): an H.264/AAC proxy, a poster and a thumbnail, in one decode."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import av
from PIL import Image

from .encode import Mp4Writer, proxy_size
from .errors import MediaError
from .limits import MediaLimits
from .outputs import Output, save_image, video_output
from .stills import fit



def open_media(path: Path):
    if path.stat().st_size == 0:
        raise MediaError(f"{path.name} is empty (0 bytes)")
    try:
        return av.open(str(path), metadata_errors="ignore")
    except av.FFmpegError as exc:
        raise MediaError(f"{path.name} is truncated or corrupt, or not a media file FFmpeg knows: "
                         f"{exc.strerror or exc}") from None


def duration_of(container, stream) -> float | None:
    if stream is not None and stream.duration is not None and stream.time_base:
        return float(stream.duration * stream.time_base)
    return container.duration / av.time_base if container.duration else None


def check_decodable(path: Path, stream) -> None:
    name = stream.codec_context.name if stream.codec_context else None
    if not name or name not in av.codecs_available:
        tag = name or _sample_entry(path) or "unknown"
        raise MediaError(f"unsupported codec {tag!r} in {path.name}: this server cannot decode it; "
                         "publish a ProRes, DNx or H.264 copy for review", retry=False)


def _sample_entry(path: Path) -> str | None:
    """The fourcc of a QuickTime/MP4 file's first sample description (FFmpeg does not say it when it
    knows no codec for it); None for other containers."""
    import mmap

    with open(path, "rb") as file, mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ) as data:
        at = data.find(b"stsd")
        if at < 0 or at + 20 > len(data):
            return None
        fourcc = bytes(data[at + 16: at + 20])
    return fourcc.decode("latin-1").strip() if fourcc.isascii() and fourcc.strip() else None


def check_duration(path: Path, seconds: float | None, limits: MediaLimits) -> None:
    if seconds is not None and seconds > limits.max_seconds:
        raise MediaError(f"{path.name} runs {_clock(seconds)}, longer than the {_clock(limits.max_seconds)} "
                         "limit for review proxies (preview_max_seconds)")


def derive_video(path: Path, out: Path, limits: MediaLimits) -> list[Output]:
    container = open_media(path)
    with container:
        if not container.streams.video:
            raise MediaError(f"{path.name} has no video stream")
        vin = container.streams.video[0]
        check_decodable(path, vin)
        ain = container.streams.audio[0] if container.streams.audio else None
        if ain is not None and (not ain.codec_context or ain.codec_context.name not in av.codecs_available):
            ain = None  # an unreadable sound track: the picture alone still makes a proxy
        seconds = duration_of(container, vin)
        check_duration(path, seconds, limits)
        width, height = vin.codec_context.width, vin.codec_context.height
        if width * height > limits.max_pixels:
            raise MediaError(f"{path.name} is {width} × {height}, more than the {limits.max_pixels / 1e6:.0f} "
                             "Mpx limit for previews")
        fps = Fraction(vin.average_rate or vin.guessed_rate or 24).limit_denominator(1001)
        expected = vin.frames or (round(seconds * fps) if seconds else 0)
        max_frames = int(limits.max_seconds * fps) + 1
        vin.thread_type = "AUTO"
        writer = Mp4Writer(out / "proxy.mp4")
        writer.add_video(*proxy_size(width, height, limits.proxy_width), fps)
        if ain is not None:
            writer.add_audio()
        poster: Image.Image | None = None
        poster_at = expected // 2 if expected else 0
        try:
            streams = [s for s in (vin, ain) if s is not None]
            for packet in container.demux(*streams):
                for frame in packet.decode():
                    if isinstance(frame, av.AudioFrame):
                        writer.audio(frame)
                        continue
                    if writer.frames == poster_at or poster is None:
                        poster = frame.to_image()
                    writer.video(frame)
                    if writer.frames > max_frames:
                        raise MediaError(f"{path.name} holds more than {max_frames} frames, past the "
                                         f"{_clock(limits.max_seconds)} limit for review proxies")
            writer.close()
        except MediaError:
            writer.abandon()
            raise
        except av.FFmpegError as exc:
            writer.abandon()
            raise MediaError(f"truncated or corrupt file: {path.name} stops decoding at frame {writer.frames}"
                             f" ({exc.strerror or exc})") from None
    if expected and writer.frames < expected - 1:
        writer.path.unlink(missing_ok=True)
        raise MediaError(f"truncated file: the stream ends at frame {writer.frames} of the {expected} "
                         f"{path.name} announces")
    if writer.frames == 0 or poster is None:
        writer.path.unlink(missing_ok=True)
        raise MediaError(f"truncated file: {path.name} holds no picture that decodes")
    proxy_seconds = float(writer.frames / fps)
    return [video_output(writer.path, "proxy", fps, proxy_seconds),
            save_image(poster, out / "poster.jpg", "poster"),
            save_image(fit(poster, limits.thumbnail_size), out / "thumbnail.jpg", "thumbnail")]


def _clock(seconds: float) -> str:
    seconds = int(seconds)
    return f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"
