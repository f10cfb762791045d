"""Switching a clip to another version's file in place, with ``ReplaceClip``.

Every timeline item that plays the clip follows it. ``ReplaceClip`` wipes what was set on the clip —
its metadata (third-party too), the input colour space, a name the artist gave it — so those are
read first and written back. The items are checked afterwards: one that moved, vanished or now runs
past the end of the new media is reported, never silently left wrong.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from brickyard.core.container import Container
from brickyard.core.errors import BrickyardError
from brickyard.core.load import LoadContext

from .media import replacement_path
from .timeline_items import Placement, placements_of

if TYPE_CHECKING:
    from fusionscript import MediaPoolItem

    from .adapter import ResolveHost

KEPT_PROPERTIES = ("Input Color Space",)


class SwitchIncomplete(BrickyardError):
    """The clip now plays the new version, but some timeline items could not follow it."""

    code = "switch_incomplete"
    status = 409


@dataclass
class SwitchReport:
    clip: str  # the clip's unique id
    followed: list[Placement] = field(default_factory=list)
    not_switched: list[tuple[Placement, str]] = field(default_factory=list)  # with the reason

    def problem(self) -> str:
        return "; ".join(f"{p.describe()}: {why}" for p, why in self.not_switched)


def switch_container(host: ResolveHost, container: Container, context: LoadContext) -> Container:
    """A loader's ``update``: replace the container's clip with ``context``'s files, keep its name and bin.

    When timeline items could not follow, the container still records the new version (the clip plays
    it) and ``SwitchIncomplete`` names the items, so the inventory reports them.
    """
    clip = host.clip_of(container.id)
    if clip is None:
        raise BrickyardError(f"the clip of {container.name!r} is no longer in the media pool (deleted or in "
                             "another project); remove the container and load the asset again")
    report = replace_media(host, clip, replacement_path(context.paths))
    updated = context.make_container(name=clip.GetName(), namespace=container.namespace)
    if report.not_switched:
        host.write_container(updated.to_data())
        raise SwitchIncomplete(f"{container.name!r} now plays v{context.version.number}, but "
                               f"{len(report.not_switched)} timeline item(s) could not follow: {report.problem()}",
                               detail={"items": [p.item for p, _ in report.not_switched]})
    return updated


def replace_media(host: ResolveHost, clip: MediaPoolItem, path: str) -> SwitchReport:
    """Point ``clip`` at ``path``; restore what ``ReplaceClip`` wipes; check every timeline use."""
    clip_id = clip.GetUniqueId()
    before = placements_of(host.project(), clip_id)
    kept = _what_replace_wipes(clip, host.metadata.third_party)
    if not clip.ReplaceClip(path):
        raise BrickyardError(f"Resolve refused to replace {clip.GetName()!r} with {path}: is the file readable "
                             "and of the same type (video for video, audio for audio)?", detail={"path": path})
    _restore(clip, kept)
    after = {p.item: p for p in placements_of(host.project(), clip_id)}
    report = SwitchReport(clip_id)
    for old in before:
        new = after.get(old.item)
        if new is None:
            report.not_switched.append((old, "it no longer plays this clip"))
        elif (new.timeline, new.track, new.start, new.end, new.left_offset) != \
                (old.timeline, old.track, old.start, old.end, old.left_offset):
            report.not_switched.append((old, f"it moved to {new.describe()}"))
        elif new.right_offset is not None and new.right_offset < 0:
            report.not_switched.append((new, f"the new media is {-new.right_offset} frame(s) shorter than this "
                                             "item uses: its tail is offline; trim it or pick another version"))
        else:
            report.followed.append(new)
    return report


def _what_replace_wipes(clip: MediaPoolItem, third_party: bool) -> dict[str, Any]:
    properties = clip.GetClipProperty(None)
    props = properties if isinstance(properties, dict) else {}
    metadata = clip.GetMetadata(None)
    named_by_artist = props.get("Clip Name") and props.get("Clip Name") != props.get("File Name")
    return {"properties": {k: props[k] for k in KEPT_PROPERTIES if props.get(k)},
            "name": props["Clip Name"] if named_by_artist else None,
            "metadata": metadata if isinstance(metadata, dict) else {},
            "third_party": _third_party(clip) if third_party else {}, "color": clip.GetClipColor()}


def _third_party(clip: MediaPoolItem) -> dict[str, str]:
    values = clip.GetThirdPartyMetadata(None)
    return {k: v for k, v in values.items() if v} if isinstance(values, dict) else {}


def _restore(clip: MediaPoolItem, kept: dict[str, Any]) -> None:
    for key, value in kept["properties"].items():
        clip.SetClipProperty(key, value)
    if kept["name"]:
        clip.SetClipProperty("Clip Name", kept["name"])
    if kept["metadata"]:
        clip.SetMetadata(kept["metadata"])
    if kept["third_party"]:
        clip.SetThirdPartyMetadata(kept["third_party"])
    if kept["color"]:
        clip.SetClipColor(kept["color"])
