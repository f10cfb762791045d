"""Import a version into its bin ``Brickyard/<folder>/<asset>``: a movie, a sound, a still or an image
sequence (with its frame range). Switching replaces the clip's media, so every timeline use follows."""

from brickyard.hosts.resolve.loader_base import ResolveLoader
from brickyard.hosts.resolve.kinds import AUDIO, IMAGE, MEDIA_KINDS, VIDEO
from brickyard.hosts.resolve.media import import_version
from brickyard.hosts.resolve.switch import switch_container


class ImportMedia(ResolveLoader):
    label = "Import into the media pool"
    kinds = MEDIA_KINDS
    representations = VIDEO + AUDIO + IMAGE
    order = 10

    def load(self, context):
        clip, bin_path = import_version(self.host, context)
        self.host.bind(context.container_id, clip, bin_path)
        return context.make_container(name=clip.GetName(), namespace="/".join(bin_path))

    def update(self, container, context):
        return switch_container(self.host, container, context)

    def remove(self, container):
        clip = self.host.clip_of(container.id)
        if clip is not None:
            self.host.media_pool().DeleteClips([clip])
