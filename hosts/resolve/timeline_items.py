"""Where a clip is used: every timeline item playing it, with its track and record/source frames."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from fusionscript import Project, Timeline, TimelineItem

TrackType = Literal["video", "audio"]
DELETE_ITEMS_SINCE = (18, 5, 0)  # Timeline.DeleteClips
TRACK_TYPES: tuple[TrackType, ...] = ("video", "audio")


@dataclass(frozen=True)
class Placement:
    item: str  # the timeline item's unique id
    name: str
    timeline: str  # the timeline's name
    track: tuple[TrackType, int]
    start: int  # record frames; end is exclusive
    end: int
    left_offset: int
    right_offset: int | None

    def describe(self) -> str:
        kind, index = self.track
        return f"{self.name!r} on {self.timeline} {kind[0].upper()}{index} at frame {self.start}"


def placements_of(project: Project, clip_id: str) -> list[Placement]:
    """Every item, in every timeline of ``project``, that plays the clip ``clip_id``."""
    found = []
    for index in range(1, (project.GetTimelineCount() or 0) + 1):
        timeline = project.GetTimelineByIndex(index)
        if timeline is not None:
            found += _in_timeline(timeline, clip_id)
    return found


def _in_timeline(timeline: Timeline, clip_id: str) -> list[Placement]:
    found = []
    for kind in TRACK_TYPES:
        for track in range(1, (timeline.GetTrackCount(kind) or 0) + 1):
            for item in timeline.GetItemListInTrack(kind, track) or []:
                clip = item.GetMediaPoolItem()
                if clip is not None and clip.GetUniqueId() == clip_id:
                    found.append(placement(item, timeline.GetName(), (kind, track)))
    return found


def placement(item: TimelineItem, timeline: str, track: tuple[TrackType, int]) -> Placement:
    right = frame(item, "GetRightOffset")
    return Placement(item.GetUniqueId(), item.GetName(), timeline, track, frame(item, "GetStart") or 0,
                     frame(item, "GetEnd") or 0, frame(item, "GetLeftOffset") or 0, right)


def frame(item: TimelineItem, getter: str) -> int | None:
    """A whole-frame position. Called without the ``subframe_precision`` argument, which only 19.0.2+ takes;
    None for a "dead" item (a placement Resolve refused answers None to everything)."""
    value: Any = getattr(item, getter)()
    return None if value is None else int(value)
