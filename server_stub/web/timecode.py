"""Frame numbers, rates and SMPTE timecode: the player's arithmetic, server side (``static/timecode.js``
is its counterpart in the page; tests check they agree frame for frame).

The integer frame is the truth; times are derived from it. A rate is an exact fraction: 23.976 is
24000/1001 and 29.97 is 30000/1001, counted in timecode as 24 and 30 frames a second; 29.97 and 59.94
use drop-frame timecode (frame *numbers* 0 and 1 — 0 to 3 at 59.94 — are skipped each minute except
every tenth, so the clock keeps to real time), shown with ``;`` before the frames.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

# The NTSC rates a float like 23.976 or 29.97 stands for.
NTSC = {24: Fraction(24000, 1001), 30: Fraction(30000, 1001), 48: Fraction(48000, 1001),
        60: Fraction(60000, 1001), 120: Fraction(120000, 1001)}


@dataclass(frozen=True)
class Rate:
    fps: Fraction
    nominal: int  # frames a timecode second counts
    drop: int  # frame numbers dropped each minute (0: non-drop)


def rate_of(fps: float | Fraction | str) -> Rate:
    """``23.976`` → 24000/1001 counted as 24; ``29.97`` → 30000/1001, drop-frame; ``25`` → 25."""
    value = Fraction(fps) if not isinstance(fps, float) else Fraction(fps).limit_denominator(1001)
    if value <= 0:
        raise ValueError(f"a frame rate must be positive, not {fps!r}")
    nominal = round(value)
    ntsc = NTSC.get(nominal)
    if value != nominal and ntsc is not None and abs(value - ntsc) < Fraction(1, 100):
        value = ntsc
    drop = nominal // 15 if value == ntsc and nominal in (30, 60) else 0
    return Rate(value, nominal, drop)


def timecode(frame: int, rate: Rate) -> str:
    """``HH:MM:SS:FF`` of frame ``frame`` (0 is 00:00:00:00); drop-frame as ``HH:MM:SS;FF``."""
    sign = "-" if frame < 0 else ""
    frame = abs(frame)
    if rate.drop:
        per_ten_minutes = rate.nominal * 600 - rate.drop * 9
        per_minute = rate.nominal * 60 - rate.drop
        tens, rest = divmod(frame, per_ten_minutes)
        frame += rate.drop * 9 * tens + (rate.drop * ((rest - rate.drop) // per_minute) if rest > rate.drop else 0)
    seconds, frames = divmod(frame, rate.nominal)
    minutes, seconds = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    return f"{sign}{hours:02d}:{minutes:02d}:{seconds:02d}{';' if rate.drop else ':'}{frames:02d}"


def frame_at(media_time: float, rate: Rate) -> int:
    """The frame a decoder shows at ``media_time`` seconds (a frame's presentation time is frame / fps)."""
    return round(media_time * rate.fps.numerator / rate.fps.denominator)


def seek_time(frame: int, rate: Rate) -> float:
    """Where to seek to show ``frame``: half a frame in, so rounding either way lands on it."""
    return float((frame + Fraction(1, 2)) / rate.fps)
