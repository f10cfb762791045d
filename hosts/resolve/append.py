"""Appending a clip to the current timeline: at the end of a track or at the playhead, on a chosen track."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from brickyard.core.errors import BrickyardError, InvalidInput

from .connection import Release
from .timeline_items import TrackType, frame

if TYPE_CHECKING:
    from fusionscript import MediaPoolItem, Timeline, TimelineItem

    from .adapter import ResolveHost

PLACED_SINCE: Release = (18, 5, 0)  # clipInfo's trackIndex and recordFrame, and Timeline.AddTrack
Where = Literal["end", "playhead"]


def append_clip(host: ResolveHost, clip: MediaPoolItem, *, track: int = 1, at: Where = "end") -> list[TimelineItem]:
    """Put ``clip`` (all of it) on the current timeline; the items Resolve made (video and/or audio)."""
    timeline = host.current_timeline()
    placed = host.release >= PLACED_SINCE
    if not placed and (track != 1 or at != "end"):
        raise InvalidInput(f"placing on track {track} or at the playhead needs Resolve 18.5 or newer (this is "
                           f"{'.'.join(map(str, host.release))}); append at the end of track 1, or update Resolve")
    kind: TrackType = "audio" if clip.GetClipProperty("Type") == "Audio" else "video"
    frames = int(str(clip.GetClipProperty("Frames") or "0") or 0)
    if frames < 1:
        raise BrickyardError(f"Resolve reports no frames for {clip.GetName()!r}; is its media online?")
    info: dict[str, Any] = {"mediaPoolItem": clip, "startFrame": 0, "endFrame": frames - 1}
    if placed:
        _ensure_track(timeline, kind, track)
        info["trackIndex"] = track
        info["recordFrame"] = playhead_frame(timeline) if at == "playhead" else track_end(timeline, kind, track)
    items = host.media_pool().AppendToTimeline([info])  # type: ignore[arg-type]  # the stub lacks the clipInfo form
    if not items:
        raise BrickyardError(f"Resolve appended nothing of {clip.GetName()!r} to {timeline.GetName()!r}")
    if any(frame(item, "GetDuration") is None for item in items):  # a refused placement answers None to all
        raise InvalidInput(f"{kind} track {track} of {timeline.GetName()!r} already has a clip at "
                           f"{timeline.GetCurrentTimecode() if at == 'playhead' else 'its end'}; move the playhead "
                           "to free space or choose another track", detail={"track": track, "at": at})
    return list(items)


def track_end(timeline: Timeline, kind: TrackType, track: int) -> int:
    """The first free record frame after the last item of the track (the timeline's start when empty)."""
    ends = [frame(item, "GetEnd") for item in timeline.GetItemListInTrack(kind, track) or []]
    return max((e for e in ends if e is not None), default=timeline.GetStartFrame())


def playhead_frame(timeline: Timeline) -> int:
    fps = round(float(timeline.GetSetting("timelineFrameRate") or 24))
    hh, mm, ss, ff = (int(part) for part in timeline.GetCurrentTimecode().replace(";", ":").split(":"))
    return ((hh * 60 + mm) * 60 + ss) * fps + ff


def _ensure_track(timeline: Timeline, kind: TrackType, track: int) -> None:
    while (timeline.GetTrackCount(kind) or 0) < track:
        # A video track takes no sub-type; the stub insists on one (and its SubTrackType is not valid typing).
        added = timeline.AddTrack(kind, "stereo") if kind == "audio" else timeline.AddTrack(kind)  # type: ignore[call-overload]
        if not added:
            raise BrickyardError(f"Resolve refused to add {kind} track {track} to {timeline.GetName()!r}")
