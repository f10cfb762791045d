"""The fake media pool: folders (bins), clips, imports into the *current* folder, appends to the
*current* timeline, and ``ReplaceClip`` wiping the metadata set on the clip.

Failure values follow the README and §1.7 of the reference sheet: ``[]`` from ``ImportMedia`` and
``AppendToTimeline`` when nothing is created, ``False`` from setters given a bad key or value or a bad
path, ``None`` from ``CreateEmptyTimeline`` on a name clash, and a "dead" timeline item (every getter
answers None) when a placement overlaps an existing clip.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ._remote import Remote, new_id
from .media import Media, probe, probe_sequence, sequence_from_frame

if TYPE_CHECKING:
    from fusionscript import Folder as _Folder
    from fusionscript import MediaPool as _MediaPool
    from fusionscript import MediaPoolItem as _MediaPoolItem
    from fusionscript import TimelineItem as _TimelineItem

    from .app import FakeResolve
    from .project import FakeProject
    from .timeline import FakeTimeline
else:
    _Folder = _MediaPool = _MediaPoolItem = _TimelineItem = object

# Resolve's predefined metadata fields (SetMetadata refuses any other key).
METADATA_FIELDS = frozenset({
    "Description", "Comments", "Keywords", "Scene", "Shot", "Take", "Angle", "Good Take", "Camera #",
    "Roll Card #", "Reel Number", "VFX Notes", "Producer", "Director", "Camera Notes", "People",
})
WRITABLE_PROPERTIES = frozenset({"Clip Name", "Input Color Space", "Comments", "Data Level", "Alpha mode"})
DEFAULT_COLOR_SPACE = "Rec.709 Gamma 2.4"


class FakeFolder(Remote, _Folder):
    _since = {"GetUniqueId": (18, 0, 0)}

    def __init__(self, app: FakeResolve, name: str) -> None:
        self._app = app
        self._name = name
        self._id = new_id("folder")
        self._clips: list[FakeMediaPoolItem] = []
        self._subfolders: list[FakeFolder] = []

    def GetName(self) -> str:
        return self._name

    def GetUniqueId(self) -> str:
        return self._id

    def GetClipList(self) -> list[_MediaPoolItem]:
        return list(self._clips)

    def GetSubFolderList(self) -> list[_Folder]:
        return list(self._subfolders)

    def _walk(self) -> list[FakeFolder]:
        found = [self]
        for sub in self._subfolders:
            found += sub._walk()
        return found


class FakeMediaPoolItem(Remote, _MediaPoolItem):
    _since = {"GetUniqueId": (18, 0, 0), "GetThirdPartyMetadata": (19, 0, 2), "SetThirdPartyMetadata": (19, 0, 2),
              "ReplaceClipPreserveSubClip": (20, 0, 0), "SetName": (20, 2, 0)}

    def __init__(self, app: FakeResolve, media: Media) -> None:
        self._app = app
        self._id = new_id("clip")
        self._media = media
        self._media_id = new_id("media")
        self._name = _file_name(media)
        self._color_space = DEFAULT_COLOR_SPACE
        self._extra_properties: dict[str, str] = {}
        self._metadata: dict[str, str] = {}
        self._third_party: dict[str, str] = {}
        self._color = ""
        self._marks: dict[str, dict[str, int]] = {}
        self._deleted = False

    def _gone(self) -> bool:
        return self._deleted

    # --- identity and names ----------------------------------------------------------------------
    def GetName(self) -> str:
        return self._name

    def SetName(self, name: str) -> bool:
        if not isinstance(name, str) or not name:
            return False
        self._name = name
        return True

    def GetUniqueId(self) -> str:
        return self._id

    def GetMediaId(self) -> str:
        return self._media_id

    # --- metadata --------------------------------------------------------------------------------
    def GetMetadata(self, metadataType: str | None = None) -> str | dict[str, str]:
        if metadataType is None:
            return dict(self._metadata)
        return self._metadata.get(metadataType, "")

    def SetMetadata(self, metadataType: Any, metadataValue: Any = None) -> bool:
        values = metadataType if isinstance(metadataType, dict) else {metadataType: metadataValue}
        if not values or any(k not in METADATA_FIELDS or not isinstance(v, str) for k, v in values.items()):
            return False
        self._metadata.update(values)
        return True

    def GetThirdPartyMetadata(self, metadataType: str | None = None) -> str | dict[str, str]:
        if metadataType is None:
            return dict(self._third_party)
        return self._third_party.get(metadataType, "")

    def SetThirdPartyMetadata(self, metadataType: Any, metadataValue: Any = None) -> bool:
        values = metadataType if isinstance(metadataType, dict) else {metadataType: metadataValue}
        if not values or any(not isinstance(k, str) or not k or not isinstance(v, str) for k, v in values.items()):
            return False
        self._third_party.update(values)
        return True

    # --- clip properties ---------------------------------------------------------------------------
    def _properties(self) -> dict[str, str]:
        media = self._media
        props = {"File Path": media.path, "File Name": _file_name(media), "Clip Name": self._name,
                 "Type": media.type, "Frames": str(media.frames), "FPS": _fps_text(media.fps),
                 "Start": str(media.first_frame), "End": str(media.first_frame + media.frames - 1),
                 "Resolution": f"{media.width}x{media.height}" if media.has_video else "",
                 "Input Color Space": self._color_space}
        return props | self._extra_properties

    def GetClipProperty(self, propertyName: str | None = None) -> str | dict[str, str]:
        props = self._properties()
        if propertyName is None:
            return props
        return props.get(propertyName, "")

    def SetClipProperty(self, propertyName: str, propertyValue: Any) -> bool:
        if propertyName not in WRITABLE_PROPERTIES or not isinstance(propertyValue, str):
            return False
        if propertyName == "Clip Name":
            self._name = propertyValue
        elif propertyName == "Input Color Space":
            self._color_space = propertyValue
        else:
            self._extra_properties[propertyName] = propertyValue
        return True

    def GetClipColor(self) -> Any:
        return self._color

    def SetClipColor(self, colorName: Any) -> bool:
        from .timeline import CLIP_COLORS
        if colorName not in CLIP_COLORS:
            return False
        self._color = colorName
        return True

    def ClearClipColor(self) -> bool:
        self._color = ""
        return True

    # --- marks ----------------------------------------------------------------------------------------
    def GetMarkInOut(self) -> Any:
        return {kind: dict(values) for kind, values in self._marks.items()}

    def SetMarkInOut(self, mark_in: int, mark_out: int, type: Any = "all") -> bool:
        if not isinstance(mark_in, int) or not isinstance(mark_out, int) or mark_out < mark_in or \
                type not in ("video", "audio", "all"):
            return False
        for kind in (("video", "audio") if type == "all" else (type,)):
            self._marks[kind] = {"in": mark_in, "out": mark_out}
        return True

    def ClearMarkInOut(self, type: Any = "all") -> bool:
        if type not in ("video", "audio", "all"):
            return False
        for kind in (("video", "audio") if type == "all" else (type,)):
            self._marks.pop(kind, None)
        return True

    # --- replacing the media -----------------------------------------------------------------------
    def ReplaceClip(self, filePath: str) -> bool:
        """Swap the file. As reported in production use: the metadata set on the clip (SetMetadata and
        third-party) is lost, the clip name follows the new file, the input colour space resets and the
        marked in/out is cleared. Whether a sequence's first frame brings the whole new sequence is not
        documented: ``app.replace_takes_sequence`` decides (True: the sequence; False: that one frame)."""
        if not isinstance(filePath, str):
            return False
        sequence = len(self._media.files) > 1 and self._app.replace_takes_sequence
        media = sequence_from_frame(filePath) if sequence else probe(filePath)
        if media is None or self._deleted or self._media.type == "Timeline" or \
                media.has_video != self._media.has_video:
            return False
        self._media = media
        self._name = _file_name(media)
        self._color_space = DEFAULT_COLOR_SPACE
        self._metadata.clear()
        self._third_party.clear()
        self._marks.clear()
        return True

    def ReplaceClipPreserveSubClip(self, filePath: str) -> bool:
        return self.ReplaceClip(filePath)


class FakeMediaPool(Remote, _MediaPool):
    _since = {"GetUniqueId": (18, 0, 0), "GetSelectedClips": (19, 0, 2), "SetSelectedClip": (19, 0, 2)}

    def __init__(self, app: FakeResolve, project: FakeProject) -> None:
        self._app = app
        self._project = project
        self._id = new_id("pool")
        self._root = FakeFolder(app, "Master")
        self._root._home = project
        self._current = self._root
        self._selected: list[FakeMediaPoolItem] = []

    def _gone(self) -> bool:
        return self._project._closed

    def GetUniqueId(self) -> str:
        return self._id

    def GetRootFolder(self) -> FakeFolder:
        return self._root

    def GetCurrentFolder(self) -> FakeFolder:
        return self._current

    def SetCurrentFolder(self, folder: Any) -> bool:
        if not any(f is folder for f in self._root._walk()):
            return False
        self._current = folder
        return True

    def AddSubFolder(self, folder: Any, name: str) -> FakeFolder | None:  # type: ignore[override]
        """Creates a sibling of the same name rather than reusing one, as Resolve does."""
        if not any(f is folder for f in self._root._walk()) or not isinstance(name, str) or not name:
            return None
        sub = FakeFolder(self._app, name)
        sub._home = self._project
        folder._subfolders.append(sub)
        return sub

    def ImportMedia(self, items: Any) -> list[_MediaPoolItem]:
        """Import into the *current* folder; what cannot be read is skipped; ``[]`` when nothing was."""
        if not isinstance(items, list):
            return []
        imported: list[_MediaPoolItem] = []
        for entry in items:
            if isinstance(entry, dict):
                media = probe_sequence(str(entry.get("FilePath", "")), int(entry.get("StartIndex", 0)),
                                       int(entry.get("EndIndex", -1)))
            else:
                media = probe(entry) if isinstance(entry, str) else None
            if media is not None:
                clip = FakeMediaPoolItem(self._app, media)
                clip._home = self._project
                self._current._clips.append(clip)
                imported.append(clip)
        return imported

    def DeleteClips(self, clips: Any) -> bool:
        if not isinstance(clips, list) or not clips:
            return False
        for clip in clips:
            for folder in self._root._walk():
                if any(c is clip for c in folder._clips):
                    folder._clips = [c for c in folder._clips if c is not clip]
                    clip._deleted = True
        self._selected = [c for c in self._selected if not c._deleted]
        return True

    def MoveClips(self, clips: Any, targetFolder: Any) -> bool:
        if not any(f is targetFolder for f in self._root._walk()):
            return False
        for clip in clips:
            for folder in self._root._walk():
                folder._clips = [c for c in folder._clips if c is not clip]
            targetFolder._clips.append(clip)
        return True

    def GetSelectedClips(self) -> list[_MediaPoolItem]:
        return list(self._selected)

    def SetSelectedClip(self, mediaPoolItem: Any) -> bool:
        if not isinstance(mediaPoolItem, FakeMediaPoolItem) or mediaPoolItem._deleted:
            return False
        self._selected = [mediaPoolItem]
        return True

    # --- timelines ----------------------------------------------------------------------------------
    def CreateEmptyTimeline(self, name: str) -> FakeTimeline | None:  # type: ignore[override]
        return self._project._add_timeline(name)

    def AppendToTimeline(self, *args: Any) -> list[_TimelineItem]:
        """Append to the *current* timeline: clips, a list of clips, or a list of clipInfo dicts."""
        timeline = self._project._current_timeline
        if timeline is None or not args:
            return []
        entries = args[0] if len(args) == 1 and isinstance(args[0], list) else list(args)
        created: list[_TimelineItem] = []
        for entry in entries:
            created += timeline._append(entry, self._app.release)
        return created

    def DeleteTimelines(self, timeline: Any) -> bool:
        if not isinstance(timeline, list) or not timeline:
            return False
        return all(self._project._delete_timeline(t) for t in timeline)

    def ImportTimelineFromFile(self, filePath: str, importOptions: Any = None) -> FakeTimeline | None:  # type: ignore[override]
        """A new timeline named by ``timelineName`` (else the file's name) from an EDL, XML, FCPXML, OTIO…
        The fake reads no events from the file: the timeline it creates is empty."""
        from pathlib import Path
        path = Path(filePath) if isinstance(filePath, str) else None
        if path is None or not path.is_file() or path.suffix.lower() not in {
                ".edl", ".xml", ".fcpxml", ".otio", ".aaf", ".drt", ".adl"}:
            return None
        name = (importOptions or {}).get("timelineName") or path.stem
        return self._project._add_timeline(name)


def _file_name(media: Media) -> str:
    return media.path.replace("\\", "/").rsplit("/", 1)[-1]


def _fps_text(fps: float) -> str:
    return str(int(fps)) if float(fps).is_integer() else f"{fps:.3f}"
