"""Import a version into its bin and append it to the current timeline: at the end of a track or at the
playhead, on the track chosen. Switching replaces the clip's media: the timeline items keep their
position, in/out and track."""

from typing import Annotated, Literal

from brickyard.core.errors import InvalidInput
from brickyard.hosts.resolve.loader_base import ResolveLoader
from brickyard.hosts.resolve.append import append_clip
from brickyard.hosts.resolve.kinds import AUDIO, IMAGE, MEDIA_KINDS, VIDEO
from brickyard.hosts.resolve.media import import_version
from brickyard.hosts.resolve.switch import switch_container
from brickyard.hosts.resolve.timeline_items import DELETE_ITEMS_SINCE, placements_of
from pydantic import BaseModel, Field


class AppendOptions(BaseModel):
    track: Annotated[int, Field(ge=1, le=64, description="the video (or audio) track, 1 = V1")] = 1
    at: Annotated[Literal["end", "playhead"],
                  Field(description="after the track's last clip, or at the playhead")] = "end"


class AppendToTimeline(ResolveLoader):
    label = "Append to the current timeline"
    kinds = MEDIA_KINDS
    representations = VIDEO + AUDIO + IMAGE
    order = 0  # the usual way to bring media into an edit: offered first
    Options = AppendOptions

    def load(self, context):
        options = context.options or AppendOptions()
        self.host.current_timeline()  # refuse before importing anything when no timeline is open
        clip, bin_path = import_version(self.host, context)
        try:
            append_clip(self.host, clip, track=options.track, at=options.at)
        except Exception:
            self.host.media_pool().DeleteClips([clip])  # nothing half-done: no orphan clip in the bin
            raise
        self.host.bind(context.container_id, clip, bin_path)
        return context.make_container(name=clip.GetName(), namespace="/".join(bin_path))

    def update(self, container, context):
        return switch_container(self.host, container, context)

    def remove(self, container):
        clip = self.host.clip_of(container.id)
        if clip is None:
            return
        project = self.host.project()
        placements = placements_of(project, clip.GetUniqueId())
        if placements and self.host.release < DELETE_ITEMS_SINCE:
            raise InvalidInput(
                f"removing timeline clips needs Resolve 18.5 or newer (this is "
                f"{'.'.join(map(str, self.host.release))}); delete {', '.join(p.describe() for p in placements)} "
                "on the timeline by hand, then remove the container again", detail={"items": len(placements)})
        uses = {p.item for p in placements}
        for index in range(1, (project.GetTimelineCount() or 0) + 1):
            timeline = project.GetTimelineByIndex(index)
            if timeline is None or not uses:
                continue
            items = [item for kind in ("video", "audio") for track in range(1, timeline.GetTrackCount(kind) + 1)
                     for item in timeline.GetItemListInTrack(kind, track) or [] if item.GetUniqueId() in uses]
            if items:
                timeline.DeleteClips(items, False)
        self.host.media_pool().DeleteClips([clip])
