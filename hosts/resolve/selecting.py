"""Show in Resolve what containers loaded: the Inventory's "select in scene", with only documented calls.

The media pool selects one clip (``MediaPool.SetSelectedClip``, 19.0.2+), so the first container's clip
is selected, its bin opened first (``SetCurrentFolder``) so the artist sees it. When the current timeline
plays that clip the playhead moves to its first use (``Timeline.SetCurrentTimecode``; it answers on the
Cut, Edit, Color, Fairlight and Deliver pages only). A timeline container makes its timeline current.
The API has no call to select a timeline item, nor several clips at once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .bins import find_bin
from .timeline_items import placements_of

if TYPE_CHECKING:
    from fusionscript import MediaPoolItem, Timeline

    from .adapter import ResolveHost

SELECT_CLIP_SINCE = (19, 0, 2)  # MediaPool.SetSelectedClip


def select(host: ResolveHost, container_ids: list[str]) -> list[str]:
    """Select the first container's clip (or open its timeline); the ids with nothing left in the project."""
    state = host.state()
    missing: list[str] = []
    clips: list[MediaPoolItem] = []
    timelines: list[Timeline] = []
    for container_id in container_ids:
        entry = state.containers.get(container_id)
        timeline = host.timeline_by_id(entry.timeline) if entry is not None and entry.timeline else None
        clip = host.clip_of(container_id) if entry is not None and entry.clip else None
        if timeline is not None:
            timelines.append(timeline)
        elif clip is not None:
            clips.append(clip)
        else:
            missing.append(container_id)
    project = host.project()
    if timelines:
        project.SetCurrentTimeline(timelines[0])
    if clips:
        _show_clip(host, clips[0])
    return missing


def _show_clip(host: ResolveHost, clip: MediaPoolItem) -> None:
    pool = host.media_pool()
    clip_id = clip.GetUniqueId()
    entry = next((e for e in host.state().containers.values() if e.clip == clip_id), None)
    folder = find_bin(pool, entry.bin) if entry is not None else None
    if folder is not None:
        pool.SetCurrentFolder(folder)
    if host.release >= SELECT_CLIP_SINCE:
        pool.SetSelectedClip(clip)
    timeline = host.project().GetCurrentTimeline()
    if timeline is None:
        return
    uses = [p for p in placements_of(host.project(), clip_id) if p.timeline == timeline.GetName()]
    if uses:
        first = min(uses, key=lambda p: p.start)
        timeline.SetCurrentTimecode(timecode(first.start, round(float(timeline.GetSetting("timelineFrameRate") or 24))))


def timecode(frame: int, fps: int) -> str:
    """``HH:MM:SS:FF`` of a record frame (non-drop, as ``append.playhead_frame`` reads it back)."""
    seconds, frames = divmod(frame, fps)
    minutes, seconds = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours:02d}:{minutes:02d}:{seconds:02d}:{frames:02d}"
