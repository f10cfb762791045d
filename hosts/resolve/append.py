"""Appending a clip to the current timeline: at the end of a track or at the playhead, on a chosen track.

A clipInfo's ``startFrame``/``endFrame`` are the media's own frame numbers (its "Start"/"End" clip
properties: a sequence numbered from 1001 starts at 1001). ``endFrame`` is inclusive up to Resolve 18
and exclusive from 19 — a change reported in public issue threads, not in the README — so the end is
sent as the release reads it, the appended item's duration is read back, and an item Resolve made a
frame short or long is taken out and appended again with the other reading.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from brickyard.core.errors import BrickyardError, InvalidInput

from .connection import Release
from .timeline_items import DELETE_ITEMS_SINCE, TrackType, frame

if TYPE_CHECKING:
    from fusionscript import MediaPoolItem, Timeline, TimelineItem

    from .adapter import ResolveHost

PLACED_SINCE: Release = (18, 5, 0)  # clipInfo's trackIndex and recordFrame, and Timeline.AddTrack
END_EXCLUSIVE_SINCE: Release = (19, 0, 0)  # clipInfo's endFrame: inclusive on 18, exclusive from 19
PLAYHEAD_PAGES = ("cut", "edit", "color", "fairlight", "deliver")  # where the playhead calls answer
Where = Literal["end", "playhead"]


def append_clip(host: ResolveHost, clip: MediaPoolItem, *, track: int = 1, at: Where = "end") -> list[TimelineItem]:
    """Put ``clip`` (all of it) on the current timeline; the items Resolve made (video and/or audio)."""
    timeline = host.current_timeline()
    placed = host.release >= PLACED_SINCE
    if not placed and (track != 1 or at != "end"):
        raise InvalidInput(f"placing on track {track} or at the playhead needs Resolve 18.5 or newer (this is "
                           f"{'.'.join(map(str, host.release))}); append at the end of track 1, or update Resolve")
    kind: TrackType = "audio" if clip.GetClipProperty("Type") == "Audio" else "video"
    first, frames = source_range(clip)
    info: dict[str, Any] = {"mediaPoolItem": clip, "startFrame": first}
    if placed:
        _ensure_track(timeline, kind, track)
        info["trackIndex"] = track
        info["recordFrame"] = playhead_frame(host, timeline) if at == "playhead" else track_end(timeline, kind, track)
    exclusive = host.release >= END_EXCLUSIVE_SINCE
    made: int | None = None
    for reading in (exclusive, not exclusive):  # the release's reading first, then the other one
        end = first + frames if reading else first + frames - 1
        items = host.media_pool().AppendToTimeline([info | {"endFrame": end}])  # type: ignore[arg-type]  # the stub lacks the clipInfo form
        if not items:
            continue  # an end past the media (the other reading) is refused outright
        _refuse_dead(list(items), timeline, kind, track, at)
        made = frame(items[0], "GetDuration")
        if made == frames:
            return list(items)
        # This build reads endFrame the other way: take the item out, append with the other reading.
        if host.release < DELETE_ITEMS_SINCE or not timeline.DeleteClips(list(items), False):  # no ripple
            raise BrickyardError(f"Resolve appended {made} of the {frames} frames of {clip.GetName()!r} to "
                                 f"{timeline.GetName()!r} and cannot take it out again here; trim or extend the "
                                 "item by hand", detail={"frames": frames, "appended": made})
    if made is None:
        raise BrickyardError(f"Resolve appended nothing of {clip.GetName()!r} to {timeline.GetName()!r} (frames "
                             f"{first}-{first + frames - 1} of it); is its media online?",
                             detail={"first": first, "frames": frames})
    raise BrickyardError(f"Resolve appended {made} of the {frames} frames of {clip.GetName()!r} whichever way the "
                         "end frame is given; trim or extend the item by hand",
                         detail={"frames": frames, "appended": made})


def source_range(clip: MediaPoolItem) -> tuple[int, int]:
    """The clip's first frame (its own numbering: "Start") and its frame count."""
    props = clip.GetClipProperty(None)
    values = props if isinstance(props, dict) else {}
    frames = _int(values.get("Frames"))
    if not frames or frames < 1:
        raise BrickyardError(f"Resolve reports no frames for {clip.GetName()!r}; is its media online?")
    return _int(values.get("Start")) or 0, frames


def _int(value: Any) -> int | None:
    try:
        return int(float(str(value)))
    except ValueError:
        return None


def _refuse_dead(items: list[TimelineItem], timeline: Timeline, kind: TrackType, track: int, at: Where) -> None:
    if any(frame(item, "GetDuration") is None for item in items):  # a refused placement answers None to all
        raise InvalidInput(f"{kind} track {track} of {timeline.GetName()!r} already has a clip "
                           f"at {timeline.GetCurrentTimecode() if at == 'playhead' else 'its end'}; move the playhead "
                           "to free space or choose another track", detail={"track": track, "at": at})


def track_end(timeline: Timeline, kind: TrackType, track: int) -> int:
    """The first free record frame after the last item of the track (the timeline's start when empty)."""
    ends = [frame(item, "GetEnd") for item in timeline.GetItemListInTrack(kind, track) or []]
    return max((e for e in ends if e is not None), default=timeline.GetStartFrame())


def playhead_frame(host: ResolveHost, timeline: Timeline) -> int:
    """The playhead's record frame. Resolve answers it only on the Cut, Edit, Color, Fairlight and Deliver
    pages (an empty timecode elsewhere, e.g. on the Media page): then the artist is told where to go."""
    timecode = timeline.GetCurrentTimecode() or ""
    parts = timecode.replace(";", ":").split(":")
    if len(parts) != 4 or not all(part.isdigit() for part in parts):
        page = host.resolve.GetCurrentPage() or "this"
        raise InvalidInput(f"Resolve shows no playhead on the {page} page; open the Edit or Cut page (where the "
                           f"playhead of {timeline.GetName()!r} is), or append at the end of the track",
                           detail={"page": page, "pages_with_a_playhead": list(PLAYHEAD_PAGES)})
    fps = round(float(timeline.GetSetting("timelineFrameRate") or 24))
    hh, mm, ss, ff = (int(part) for part in parts)
    return ((hh * 60 + mm) * 60 + ss) * fps + ff


def _ensure_track(timeline: Timeline, kind: TrackType, track: int) -> None:
    while (timeline.GetTrackCount(kind) or 0) < track:
        # A video track takes no sub-type; the stub insists on one (and its SubTrackType is not valid typing).
        added = timeline.AddTrack(kind, "stereo") if kind == "audio" else timeline.AddTrack(kind)  # type: ignore[call-overload]
        if not added:
            raise BrickyardError(f"Resolve refused to add {kind} track {track} to {timeline.GetName()!r}")
