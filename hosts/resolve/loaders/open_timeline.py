"""Open a timeline representation (OTIO, EDL, FCPXML, AAF, DRT…) as a new timeline named for its version.

A switch opens the other version as another timeline and makes it current; the one the artist worked
in is kept (an edit is never overwritten). From Resolve 19.1 the container is imprinted on the
timeline's own media-pool clip; before, it lives only in Brickyard's index for the project.
"""

from typing import Any

from brickyard.core.errors import BrickyardError
from brickyard.hosts.resolve.loader_base import ResolveLoader
from brickyard.hosts.resolve.bins import bin_path, current_folder, ensure_bin
from brickyard.hosts.resolve.kinds import TIMELINE, TIMELINE_KINDS

TIMELINE_CLIP_SINCE = (19, 1, 0)  # Timeline.GetMediaPoolItem


class OpenTimeline(ResolveLoader):
    label = "Open as a new timeline"
    kinds = TIMELINE_KINDS
    representations = TIMELINE

    def load(self, context):
        return self._open(context)

    def update(self, container, context):
        return self._open(context)

    def remove(self, container):
        entry = self.host.state().containers.get(container.id)
        timeline = self.host.timeline_by_id(entry.timeline) if entry else None
        if timeline is not None:
            self.host.media_pool().DeleteTimelines([timeline])

    def _open(self, context):
        version = context.version
        title = f"{version.asset}_v{version.number:03d}"
        pool = self.host.media_pool()
        path = bin_path(version.folder, version.asset)
        with current_folder(pool, ensure_bin(pool, path)):
            # The stub's TimelineImportOptions wants every key; Resolve documents them all as optional.
            options: Any = {"timelineName": title, "importSourceClips": True}
            timeline = pool.ImportTimelineFromFile(str(context.paths[0]), options)
        if timeline is None:
            raise BrickyardError(f"Resolve could not open {context.paths[0].name} as a timeline (is a timeline "
                                 f"named {title!r} already there? rename it and retry)", detail={"timeline": title})
        self.host.project().SetCurrentTimeline(timeline)
        clip = timeline.GetMediaPoolItem() if self.host.release >= TIMELINE_CLIP_SINCE else None
        self.host.bind(context.container_id, clip, path, timeline=timeline.GetUniqueId())
        return context.make_container(name=title, namespace="/".join(path))
