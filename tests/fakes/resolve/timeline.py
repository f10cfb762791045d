"""The fake timeline: 1-based tracks, record frames from the timeline start (01:00:00:00 by default),
a playhead in timecode, and items that follow their media-pool clip.

An item's end is exclusive (``GetEnd() = GetStart() + GetDuration()``). A placement that overlaps an
existing clip yields a "dead" item whose every getter answers None, as reported of Resolve; so does an
item deleted from its timeline, and every object of a deleted timeline. The playhead calls work only
on the Cut, Edit, Color, Fairlight and Deliver pages (elsewhere: "" and False). ``AppendToTimeline``'s
clipInfo frames are the media's own frame numbers (a sequence from 1001 starts at 1001), and its
``endFrame`` is inclusive up to 18 and exclusive from 19.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ._remote import Release, Remote, new_id

if TYPE_CHECKING:
    from fusionscript import Timeline as _Timeline
    from fusionscript import TimelineItem as _TimelineItem

    from .app import FakeResolve
    from .media_pool import FakeMediaPoolItem
else:
    _Timeline = _TimelineItem = object

CLIP_COLORS = ("Orange", "Apricot", "Yellow", "Lime", "Olive", "Green", "Teal", "Navy", "Blue", "Purple", "Violet",
               "Pink", "Tan", "Beige", "Brown", "Chocolate")
TRACK_TYPES = ("video", "audio", "subtitle")


def frames_to_timecode(frame: int, fps: int) -> str:
    seconds, ff = divmod(frame, fps)
    minutes, ss = divmod(seconds, 60)
    hh, mm = divmod(minutes, 60)
    return f"{hh:02d}:{mm:02d}:{ss:02d}:{ff:02d}"


def timecode_to_frames(timecode: str, fps: int) -> int | None:
    parts = timecode.replace(";", ":").split(":")
    if len(parts) != 4 or not all(p.isdigit() for p in parts):
        return None
    hh, mm, ss, ff = map(int, parts)
    return ((hh * 60 + mm) * 60 + ss) * fps + ff


class FakeTimelineItem(Remote, _TimelineItem):
    _since = {"GetUniqueId": (18, 0, 0), "GetTrackTypeAndIndex": (19, 0, 0), "GetSourceStartFrame": (19, 0, 2),
              "GetSourceEndFrame": (19, 0, 2), "SetName": (20, 2, 0)}

    def __init__(self, app: FakeResolve, clip: FakeMediaPoolItem | None, track: tuple[str, int], start: int,
                 duration: int, left_offset: int, dead: bool = False) -> None:
        self._app = app
        self._id = new_id("item")
        self._clip = clip
        self._track = track
        self._start = start
        self._duration = duration
        self._left = left_offset
        self._dead = dead
        self._deleted = False
        self._properties: dict[str, Any] = {"Pan": 0.0, "Tilt": 0.0, "ZoomX": 1.0, "ZoomY": 1.0, "Opacity": 100.0,
                                            "RotationAngle": 0.0, "CompositeMode": 0}

    def _gone(self) -> bool:
        return self._deleted

    def _frames(self, value: int, subframe_precision: bool | None) -> int | float | None:
        if subframe_precision is not None and not self._newer_than((19, 0, 2)):
            raise TypeError("this release takes no arguments here (subframe_precision arrived in 19.0.2)")
        if self._dead:
            return None
        return float(value) if subframe_precision else value

    def GetName(self) -> str | None:  # type: ignore[override]
        if self._dead:
            return None
        return self._clip._name if self._clip is not None else "Offline"

    def GetUniqueId(self) -> str | None:  # type: ignore[override]
        return None if self._dead else self._id

    def GetStart(self, subframe_precision: bool | None = None) -> int | float | None:  # type: ignore[override]
        return self._frames(self._start, subframe_precision)

    def GetEnd(self, subframe_precision: bool | None = None) -> int | float | None:  # type: ignore[override]
        return self._frames(self._start + self._duration, subframe_precision)

    def GetDuration(self, subframe_precision: bool | None = None) -> int | float | None:  # type: ignore[override]
        return self._frames(self._duration, subframe_precision)

    def GetLeftOffset(self, subframe_precision: bool | None = None) -> int | float | None:  # type: ignore[override]
        return self._frames(self._left, subframe_precision)

    def GetRightOffset(self, subframe_precision: bool | None = None) -> int | float | None:  # type: ignore[override]
        """Never negative: an item running past the end of shorter media (after a ReplaceClip) answers 0."""
        media_frames = self._clip._media.frames if self._clip is not None else self._left + self._duration
        return self._frames(max(0, media_frames - self._left - self._duration), subframe_precision)

    def GetSourceStartFrame(self) -> int | None:  # type: ignore[override]
        if self._dead or self._clip is None:
            return None
        return self._clip._media.first_frame + self._left

    def GetSourceEndFrame(self) -> int | None:  # type: ignore[override]
        if self._dead or self._clip is None:
            return None
        return self._clip._media.first_frame + self._left + self._duration - 1

    def GetMediaPoolItem(self) -> FakeMediaPoolItem | None:  # type: ignore[override]
        """The clip it plays; None for a dead item or once the clip was deleted from the pool."""
        if self._dead or self._clip is None or self._clip._deleted:
            return None
        return self._clip

    def GetTrackTypeAndIndex(self) -> list[Any] | None:  # type: ignore[override]
        return None if self._dead else [self._track[0], self._track[1]]

    def GetProperty(self, propertyKey: str | None = None) -> Any:
        if self._dead:
            return None
        return dict(self._properties) if propertyKey is None else self._properties.get(propertyKey, "")

    def SetProperty(self, propertyKey: str, propertyValue: Any) -> bool:
        if self._dead or propertyKey not in self._properties:
            return False
        self._properties[propertyKey] = propertyValue
        return True


class FakeTimeline(Remote, _Timeline):
    _since = {"GetUniqueId": (18, 0, 0), "AddTrack": (18, 5, 0), "DeleteClips": (18, 5, 0), "GetMarkInOut": (19, 1, 0),
              "SetMarkInOut": (19, 1, 0), "ClearMarkInOut": (19, 1, 0), "GetMediaPoolItem": (19, 1, 0)}

    def __init__(self, app: FakeResolve, name: str, fps: int = 24, start_frame: int = 86400) -> None:
        self._app = app
        self._name = name
        self._id = new_id("timeline")
        self._fps = fps
        self._start_frame = start_frame
        self._playhead = start_frame
        self._tracks: dict[str, list[list[FakeTimelineItem]]] = {"video": [[]], "audio": [[]], "subtitle": []}
        self._mark: dict[str, dict[str, int]] = {}
        self._deleted = False
        self._clip: FakeMediaPoolItem  # the timeline's own entry in the media pool (set by the project)

    def _gone(self) -> bool:
        return self._deleted

    def _on_playhead_page(self) -> bool:
        from .app import PLAYHEAD_PAGES
        return self._app._page in PLAYHEAD_PAGES

    def _has_media_between(self, first: int, last: int) -> bool:
        return any(i._start <= last and first < i._start + i._duration
                   for track in self._tracks.values() for items in track for i in items)

    def GetName(self) -> str:
        return self._name

    def GetUniqueId(self) -> str:
        return self._id

    def GetSetting(self, settingName: str | None = None) -> Any:
        settings = {"timelineFrameRate": str(self._fps), "timelineResolutionWidth": "1920",
                    "timelineResolutionHeight": "1080"}
        return dict(settings) if settingName is None else settings.get(settingName, "")

    def GetStartFrame(self) -> int:
        return self._start_frame

    def GetEndFrame(self) -> int:
        ends = [i._start + i._duration for track in self._tracks.values() for items in track for i in items]
        return max(ends, default=self._start_frame)

    def GetStartTimecode(self) -> str:
        return frames_to_timecode(self._start_frame, self._fps)

    def GetCurrentTimecode(self) -> str:
        if not self._on_playhead_page():
            return ""
        return frames_to_timecode(self._playhead, self._fps)

    def SetCurrentTimecode(self, timecode: str) -> bool:
        if not self._on_playhead_page():
            return False
        frame = timecode_to_frames(timecode, self._fps) if isinstance(timecode, str) else None
        if frame is None or frame < self._start_frame:
            return False
        self._playhead = frame
        return True

    def GetTrackCount(self, trackType: Any) -> int:
        return len(self._tracks.get(trackType, []))

    def GetItemListInTrack(self, trackType: Any, index: int) -> list[_TimelineItem]:
        tracks = self._tracks.get(trackType, [])
        if not 1 <= index <= len(tracks):
            return []
        items: list[FakeTimelineItem] = sorted(tracks[index - 1], key=lambda i: i._start)
        return list(items)

    def AddTrack(self, trackType: Any, subTrackType: Any = None) -> bool:
        if trackType not in TRACK_TYPES:
            return False
        self._tracks[trackType].append([])
        return True

    def DeleteClips(self, timelineItems: Any, Bool: bool = False) -> bool:
        if not isinstance(timelineItems, list) or not timelineItems:
            return False
        for track in self._tracks.values():
            for items in track:
                for item in items:
                    if any(item is gone for gone in timelineItems):
                        item._deleted = True
                items[:] = [i for i in items if not i._deleted]
        return True

    def GetMediaPoolItem(self) -> FakeMediaPoolItem:
        return self._clip

    def GetMarkInOut(self) -> Any:
        return {kind: dict(values) for kind, values in self._mark.items()}

    def SetMarkInOut(self, mark_in: int, mark_out: int, type: Any = "all") -> bool:
        if mark_out < mark_in or type not in ("video", "audio", "all"):
            return False
        for kind in (("video", "audio") if type == "all" else (type,)):
            self._mark[kind] = {"in": mark_in, "out": mark_out}
        return True

    def ClearMarkInOut(self, type: Any = "all") -> bool:
        if type not in ("video", "audio", "all"):
            return False
        for kind in (("video", "audio") if type == "all" else (type,)):
            self._mark.pop(kind, None)
        return True

    # --- used by MediaPool.AppendToTimeline --------------------------------------------------------
    def _append(self, entry: Any, release: Release) -> list[FakeTimelineItem]:
        from .media_pool import FakeMediaPoolItem
        info = entry if isinstance(entry, dict) else {"mediaPoolItem": entry}
        clip = info.get("mediaPoolItem")
        if not isinstance(clip, FakeMediaPoolItem) or clip._deleted:
            return []
        media = clip._media
        if isinstance(entry, dict):  # the media's own frame numbers; endFrame inclusive to 18, exclusive from 19
            first = int(info.get("startFrame", media.first_frame))
            end = int(info.get("endFrame", -1))
            last = end - 1 if self._app._end_exclusive() else end
        else:
            first, last = media.first_frame, media.first_frame + media.frames - 1
        if not media.first_frame <= first <= last < media.first_frame + media.frames:
            return []
        placed = release >= (18, 5, 0)  # trackIndex and recordFrame arrived in 18.5
        track_index = int(info.get("trackIndex", 1)) if placed else 1
        media_type = info.get("mediaType")
        kinds = [k for k, wanted in (("video", media.has_video and media_type != 2),
                                     ("audio", media.has_audio and media_type != 1)) if wanted]
        created = []
        for kind in kinds:
            tracks = self._tracks[kind]
            if not 1 <= track_index <= len(tracks):
                return []
            items = tracks[track_index - 1]
            record = int(info["recordFrame"]) if placed and "recordFrame" in info else \
                max((i._start + i._duration for i in items), default=self._start_frame)
            duration = last - first + 1
            overlaps = any(record < i._start + i._duration and i._start < record + duration for i in items)
            item = FakeTimelineItem(self._app, clip, (kind, track_index), record, duration, first - media.first_frame,
                                    dead=overlaps)
            item._home = self.__dict__.get("_home")
            if not overlaps:
                items.append(item)
            created.append(item)
        return created
