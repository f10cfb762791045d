"""What the Publisher offers in Resolve: render a timeline, or publish media-pool clips as they are.

    >>> RenderCreator().create(host, asset="sh010_edit", kind="video", host_data={"range": "marked"})
    >>> ClipCreator().create_from_selection(host, folder="plates", status="review")
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from brickyard.core.errors import InvalidInput
from brickyard.core.host import Host
from brickyard.core.naming import suggest_name
from brickyard.core.publish import Creator, InstanceSpec

if TYPE_CHECKING:
    from fusionscript import MediaPoolItem

    from .adapter import ResolveHost

SELECTION_SINCE = (19, 0, 2)  # MediaPool.GetSelectedClips
RENDER_OPTIONS = ("range", "frame_start", "frame_end", "preset", "format", "codec", "timeout")
_SEQUENCE = re.compile(r"^(?P<head>.*)\[(?P<start>\d+)-(?P<end>\d+)\](?P<tail>.*)$")


class RenderCreator(Creator):
    """Render a timeline (the current one unless ``host_data["timeline_id"]`` names another) at publish time."""

    label = "Render timeline"
    kind = "video"
    hosts = ["resolve"]

    def mark(self, host: Host, spec: InstanceSpec) -> dict[str, Any]:
        resolve_host: ResolveHost = host  # type: ignore[assignment]
        wanted = spec.host_data.get("timeline_id")
        timeline = resolve_host.timeline_by_id(wanted) if wanted else resolve_host.current_timeline()
        if timeline is None:
            raise InvalidInput(f"this project has no timeline {wanted!r} any more; pick another timeline")
        unknown = set(spec.host_data) - {"timeline_id", "timeline", *RENDER_OPTIONS}
        if unknown:
            raise InvalidInput(f"unknown render options {sorted(unknown)}; use {list(RENDER_OPTIONS)}")
        return {"range": "all", **spec.host_data, "timeline_id": timeline.GetUniqueId(),
                "timeline": timeline.GetName()}


class ClipCreator(Creator):
    """Publish a media-pool clip's own files (a movie, a sound, a still or an image sequence)."""

    label = "Media pool clip"
    kind = "video"
    hosts = ["resolve"]

    def create_from_selection(self, host: ResolveHost, clips: Sequence[MediaPoolItem] | None = None,
                              **options: Any) -> list[InstanceSpec]:
        """One instance per clip: ``clips``, else those selected in the media pool (Resolve 19.0.2+)."""
        if clips is None:
            if host.release < SELECTION_SINCE:
                raise InvalidInput("reading the media pool's selection needs Resolve 19.0.2 or newer; "
                                   "pass the clips to publish instead, or update Resolve")
            clips = host.media_pool().GetSelectedClips() or []
        if not clips:
            raise InvalidInput("no clip is selected in the media pool; select the clips to publish")
        return [self.create_for_clip(host, clip, **options) for clip in clips]

    def create_for_clip(self, host: ResolveHost, clip: MediaPoolItem, **options: Any) -> InstanceSpec:
        props = clip.GetClipProperty(None)
        props = props if isinstance(props, dict) else {}
        files = clip_files(str(props.get("File Path", "")))
        if not files:
            raise InvalidInput(f"the clip {clip.GetName()!r} has no media file (a timeline, generator or "
                               "compound clip?); render it instead")
        kind = {"Audio": "audio", "Still": "image"}.get(str(props.get("Type")), "video")
        metadata = clip_metadata(props)
        options.setdefault("asset", asset_name(str(props.get("Clip Name") or files[0].name)))
        options.setdefault("kind", kind)
        options["metadata"] = {**metadata, **options.get("metadata", {})}
        options.setdefault("label", clip.GetName())
        return self.create(host, representations={files[0].suffix.lstrip(".").lower(): [str(f) for f in files]},
                           host_data={"clip_id": clip.GetUniqueId()}, **options)


def clip_files(file_path: str) -> list[Path]:
    """The files behind Resolve's "File Path": one file, or each frame of ``name.[1001-1048].exr``."""
    if not file_path:
        return []
    match = _SEQUENCE.match(file_path)
    if match is None:
        return [Path(file_path)]
    width = len(match["start"])
    return [Path(f"{match['head']}{frame:0{width}d}{match['tail']}")
            for frame in range(int(match["start"]), int(match["end"]) + 1)]


def asset_name(clip_name: str) -> str:
    """An asset name from a clip's: ``Smoke FX.[1001-1010].exr`` → ``smoke_fx``."""
    bare = Path(re.sub(r"[._ -]*\[\d+-\d+\]", "", clip_name)).stem
    return suggest_name(bare.rstrip("._- ") or clip_name)


def clip_metadata(props: dict[str, Any]) -> dict[str, Any]:
    """Frame range, rate and resolution as Resolve reports them (what the version carries)."""
    found: dict[str, Any] = {}
    try:
        found["fps"] = float(props["FPS"])
    except (KeyError, ValueError):
        pass
    resolution = str(props.get("Resolution", ""))
    if "x" in resolution:
        width, height = resolution.split("x", 1)
        if width.isdigit() and height.isdigit():
            found["resolution"] = [int(width), int(height)]
    if str(props.get("Start", "")).isdigit() and str(props.get("End", "")).isdigit():
        found["frame_start"], found["frame_end"] = int(props["Start"]), int(props["End"])
    return found
