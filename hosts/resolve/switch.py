"""Switching a clip to another version's file in place, with ``ReplaceClip``.

Every timeline item that plays the clip follows it. ``ReplaceClip`` wipes what was set on the clip —
its metadata (third-party too), the input colour space, a name the artist gave it — so those are
read first and written back; what Resolve refuses to take back is reported with its old value. The
items are checked afterwards: one that moved, vanished or now runs past the end of the new media is
reported, never silently left wrong. Resolve keeps an item's length when the new media is shorter and
never answers a negative ``GetRightOffset``, so "runs past" is measured: the item's left offset plus
its duration against the new clip's frame count.

Whether ``ReplaceClip`` given a sequence's first frame takes the whole sequence is not documented, so
the clip's frame count is checked after the replace: a sequence that became one still is reported.
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
    not_restored: dict[str, str] = field(default_factory=dict)  # what Resolve refused to put back → its value
    short_sequence: int = 0  # a sequence replaced by fewer frames than it has: how many Resolve took

    def problem(self) -> str:
        return "; ".join(f"{p.describe()}: {why}" for p, why in self.not_switched)

    def lost(self) -> str:
        return "; ".join(f"{name} (was {value!r})" for name, value in self.not_restored.items())


def switch_container(host: ResolveHost, container: Container, context: LoadContext) -> Container:
    """A loader's ``update``: replace the container's clip with ``context``'s files, keep its name and bin.

    When timeline items could not follow, the container still records the new version (the clip plays
    it) and ``SwitchIncomplete`` names the items, so the inventory reports them.
    """
    clip = host.clip_of(container.id)
    if clip is None:
        raise BrickyardError(f"the clip of {container.name!r} is no longer in the media pool (deleted or in "
                             "another project); remove the container and load the asset again")
    expected = len(context.paths) if len(context.paths) > 1 else None
    report = replace_media(host, clip, replacement_path(context.paths), expected_frames=expected)
    updated = context.make_container(name=clip.GetName(), namespace=container.namespace)
    if report.not_switched or report.not_restored or report.short_sequence:
        host.write_container(updated.to_data())
        problems = []
        if report.short_sequence:
            problems.append(f"Resolve took only {report.short_sequence} of the {expected} frames of the sequence "
                            "(this build replaces a clip with one image); remove it and load the version again")
        if report.not_switched:
            problems.append(f"{len(report.not_switched)} timeline item(s) could not follow: {report.problem()}")
        if report.not_restored:
            problems.append(f"Resolve refused to put back what the replace wiped, set it again by hand: "
                            f"{report.lost()}")
        raise SwitchIncomplete(f"{container.name!r} now plays v{context.version.number}, but "
                               + "; and ".join(problems),
                               detail={"items": [p.item for p, _ in report.not_switched],
                                       "not_restored": dict(report.not_restored)})
    return updated


def replace_media(host: ResolveHost, clip: MediaPoolItem, path: str, *,
                  expected_frames: int | None = None) -> SwitchReport:
    """Point ``clip`` at ``path``; restore what ``ReplaceClip`` wipes; check every timeline use.
    ``expected_frames``: a sequence's length, checked after the replace."""
    clip_id = clip.GetUniqueId()
    before = placements_of(host.project(), clip_id)
    kept = _what_replace_wipes(clip, host.metadata.third_party)
    if not clip.ReplaceClip(path):
        raise BrickyardError(f"Resolve refused to replace {clip.GetName()!r} with {path}: is the file readable "
                             "and of the same type (video for video, audio for audio)?", detail={"path": path})
    report = SwitchReport(clip_id, not_restored=_restore(clip, kept))
    frames = _frames(clip)
    if expected_frames and frames is not None and frames < expected_frames:
        report.short_sequence = frames
    after = {p.item: p for p in placements_of(host.project(), clip_id)}
    for old in before:
        new = after.get(old.item)
        if new is None:
            report.not_switched.append((old, "it no longer plays this clip"))
        elif (new.timeline, new.track, new.start, new.end, new.left_offset) != \
                (old.timeline, old.track, old.start, old.end, old.left_offset):
            report.not_switched.append((old, f"it moved to {new.describe()}"))
        elif frames is not None and new.left_offset + (new.end - new.start) > frames:
            past = new.left_offset + (new.end - new.start) - frames
            report.not_switched.append((new, f"it runs {past} frame(s) past the end of the new media ({frames} "
                                             "frames): its tail is offline; trim it or pick another version"))
        else:
            report.followed.append(new)
    return report


def _frames(clip: MediaPoolItem) -> int | None:
    try:
        return int(float(str(clip.GetClipProperty("Frames"))))
    except ValueError:
        return None


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


def _restore(clip: MediaPoolItem, kept: dict[str, Any]) -> dict[str, str]:
    """Write back what the replace wiped; what Resolve refused, with the value it had (never silently lost).
    The old container comes back with the rest; the caller then writes the new one over it."""
    refused: dict[str, str] = {}
    for key, value in kept["properties"].items():
        if not clip.SetClipProperty(key, value):
            refused[key] = str(value)
    if kept["name"] and not clip.SetClipProperty("Clip Name", kept["name"]):
        refused["Clip Name"] = kept["name"]
    if kept["metadata"] and not clip.SetMetadata(kept["metadata"]):
        refused |= {f"metadata {k}": str(v) for k, v in kept["metadata"].items()
                    if not clip.SetMetadata(k, v)}  # one by one: which field was refused
    if kept["third_party"] and not clip.SetThirdPartyMetadata(kept["third_party"]):
        refused |= {f"third-party metadata {k}": str(v) for k, v in kept["third_party"].items()
                    if not clip.SetThirdPartyMetadata(k, v)}
    if kept["color"] and not clip.SetClipColor(kept["color"]):
        refused["Clip Color"] = str(kept["color"])
    return refused
