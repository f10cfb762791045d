"""The Resolve host: containers on media-pool clips, found through an index; instances and context
kept beside the project; the ``resolve`` object injected (the real one, or a fake in tests).

    >>> host = ResolveHost(connect(), state_dir=tmp)
    >>> host.set_context(project="film", folder="shots", asset="sh010")
    >>> [c["name"] for c in host.list_containers()]        # no walk through the media pool
    ['plate']
"""

from __future__ import annotations

import copy
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from brickyard.core.errors import BrickyardError, InvalidInput
from brickyard.core.host import HostContext

from . import selecting
from .bins import find_bin, walk_bins
from .connection import release_of
from .metadata import ClipMetadata
from .state import IndexEntry, ProjectState, default_state_dir

if TYPE_CHECKING:
    from fusionscript import Folder, MediaPool, MediaPoolItem, Project, Resolve, Timeline


class ResolveHost:
    name = "resolve"

    def __init__(self, resolve: Resolve, *, state_dir: str | Path | None = None, context: HostContext | None = None,
                 clock: Callable[[], float] = time.monotonic, sleep: Callable[[float], None] = time.sleep):
        """``resolve`` is the application object (``connection.connect()``, or a fake in tests); ``clock``
        and ``sleep`` pace the render polling (a test hands in the fake's clock)."""
        self.resolve = resolve
        self.clock = clock
        self.sleep = sleep
        self.release = release_of(resolve)
        self.metadata = ClipMetadata(self.release)
        self.state_dir = Path(state_dir) if state_dir else default_state_dir()
        self._context = context
        self._state: ProjectState | None = None

    # --- the project ----------------------------------------------------------------------------
    def project(self) -> Project:
        """The project open in Resolve now (the artist may switch projects while Brickyard runs)."""
        return self.resolve.GetProjectManager().GetCurrentProject()

    def media_pool(self) -> MediaPool:
        return self.project().GetMediaPool()

    def current_timeline(self) -> Timeline:
        timeline = self.project().GetCurrentTimeline()
        if timeline is None:
            raise InvalidInput("this Resolve project has no timeline open; create or open one in the Edit page")
        return timeline

    def timeline_by_id(self, timeline_id: str) -> Timeline | None:
        project = self.project()
        for index in range(1, (project.GetTimelineCount() or 0) + 1):
            timeline = project.GetTimelineByIndex(index)
            if timeline is not None and timeline.GetUniqueId() == timeline_id:
                return timeline
        return None

    def state(self) -> ProjectState:
        """Brickyard's record of the open project (reloaded when the artist opens another project)."""
        project = self.project()
        project_id = project.GetUniqueId()
        if self._state is None or self._state.project_id != project_id:
            self._state = ProjectState.load(self.state_dir, project_id, project.GetName())
            if not self._state.existed:
                self.rebuild_index()  # first time on this machine: find what earlier sessions loaded
        return self._state

    # --- the workfile: a Resolve project lives in its database, not in a file ---------------------
    def workfile(self) -> Path | None:
        return None

    def save_workfile(self) -> Path:
        """Save the project in Resolve's database and export it as a .drp beside Brickyard's state."""
        project = self.project()
        if not self.resolve.GetProjectManager().SaveProject():
            raise InvalidInput(f"Resolve did not save the project {project.GetName()!r}: a project never saved needs "
                               "a name first (File › Save Project As…), or it is read-only; save it, then retry")
        return self.save_workfile_copy(self.state_dir / "workfiles" / f"{project.GetName()}.drp")

    def save_workfile_copy(self, path: Path) -> Path:
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        if not self.resolve.GetProjectManager().ExportProject(self.project().GetName(), str(path), False):
            raise BrickyardError(f"Resolve could not export the project to {path}; check the folder is writable")
        return path

    # --- the context ------------------------------------------------------------------------------
    def context(self) -> HostContext:
        if self._context is not None:
            return self._context
        saved = self.state().context
        if not saved.get("project"):
            raise InvalidInput(f"the Resolve project {self.project().GetName()!r} is not linked to a Brickyard "
                               "project yet; link it with: python -m brickyard.hosts.resolve.link PROJECT "
                               "[--folder F] [--asset A]")
        return HostContext(saved["project"], saved.get("folder", ""), saved.get("asset", ""))

    def set_context(self, project: str, folder: str = "", asset: str = "") -> HostContext:
        """Link the open Resolve project to a Brickyard project (kept for the next session)."""
        state = self.state()
        state.context = {"project": project, "folder": folder, "asset": asset}
        state.save()
        self._context = None
        return self.context()

    # --- containers ---------------------------------------------------------------------------------
    def list_containers(self) -> list[dict[str, Any]]:
        """From the index: no call per clip (``rebuild_index`` walks the Brickyard bins when asked)."""
        return [copy.deepcopy(e.data) for e in self.state().containers.values() if e.data]

    def bind(self, container_id: str, clip: MediaPoolItem | None, bin: list[str], timeline: str = "") -> None:
        """Tell the index which clip the container ``container_id`` goes on (a loader calls this before
        returning; ``write_container`` then imprints it)."""
        state = self.state()
        previous = state.containers.get(container_id)
        state.containers[container_id] = IndexEntry(clip.GetUniqueId() if clip is not None else "", list(bin),
                                                    previous.data if previous else {}, timeline)

    def write_container(self, data: dict[str, Any]) -> None:
        state = self.state()
        entry = state.containers.get(data["id"])
        if entry is None:
            raise BrickyardError(f"no clip is bound to the container {data['id']!r}: a Resolve loader must call "
                                 "host.bind(container_id, clip, bin) before returning its container")
        if entry.clip:
            clip = self.clip_of(data["id"])
            if clip is None:
                raise BrickyardError(f"the clip of {data.get('name')!r} is no longer in the media pool; "
                                     "load the asset again")
            self.metadata.write(clip, data)
        entry.data = copy.deepcopy(data)
        state.save()

    def read_container(self, container_id: str) -> dict[str, Any] | None:
        state = self.state()
        entry = state.containers.get(container_id)
        if entry is None:
            return None
        if not entry.clip:
            return copy.deepcopy(entry.data) or None
        clip = self.clip_of(container_id)
        if clip is None:  # the artist deleted the clip: forget it
            del state.containers[container_id]
            state.save()
            return None
        data = self.metadata.read(clip)
        if data is None and entry.data:  # wiped (e.g. a replace by hand): the index still knows it
            self.metadata.write(clip, entry.data)
            data = entry.data
        return copy.deepcopy(data)

    def remove_container(self, container_id: str) -> None:
        state = self.state()
        entry = state.containers.get(container_id)
        if entry is None:
            return
        clip = self.clip_of(container_id) if entry.clip else None
        if clip is not None:
            self.metadata.clear(clip)
        del state.containers[container_id]
        state.save()

    def select_containers(self, container_ids: list[str]) -> list[str]:
        """Show the first container's clip selected in its bin, the playhead on its first use (see
        ``selecting``); the ids with nothing left in the project."""
        return selecting.select(self, list(container_ids))

    def clip_of(self, container_id: str) -> MediaPoolItem | None:
        """The clip a container is on: looked for in its bin, then (moved by the artist) in every bin."""
        state = self.state()
        entry = state.containers.get(container_id)
        if entry is None or not entry.clip:
            return None
        pool = self.media_pool()
        home = find_bin(pool, entry.bin)
        clip = _clip_in(home, entry.clip) if home is not None else None
        if clip is None:
            for folder in walk_bins(pool.GetRootFolder()):
                clip = _clip_in(folder, entry.clip)
                if clip is not None:
                    entry.bin = _path_of(pool, folder) or entry.bin
                    break
        return clip

    def rebuild_index(self) -> int:
        """Walk the whole media pool and index the containers found on clips; how many were found.

        Done once for a project this machine has not seen (or when asked): every clip is read then.
        """
        state = self._state
        assert state is not None
        found: dict[str, IndexEntry] = {}
        self._collect(self.media_pool().GetRootFolder(), [], found)
        kept = {cid: e for cid, e in state.containers.items() if not e.clip}  # timeline containers
        state.containers = found | kept
        state.save()
        return len(found)

    def _collect(self, folder: Folder, path: list[str], found: dict[str, IndexEntry]) -> None:
        for clip in folder.GetClipList() or []:
            data = self.metadata.read(clip)
            if data and data.get("id"):
                found[str(data["id"])] = IndexEntry(clip.GetUniqueId(), list(path), data)
        for sub in folder.GetSubFolderList() or []:
            self._collect(sub, [*path, sub.GetName()], found)

    # --- publish instances -----------------------------------------------------------------------------
    def list_instances(self) -> list[dict[str, Any]]:
        return [copy.deepcopy(i) for i in self.state().instances.values()]

    def save_instance(self, data: dict[str, Any]) -> None:
        state = self.state()
        state.instances[data["id"]] = copy.deepcopy(data)
        state.save()

    def remove_instance(self, instance_id: str) -> None:
        state = self.state()
        if state.instances.pop(instance_id, None) is not None:
            state.save()


def _clip_in(folder: Folder, clip_id: str) -> MediaPoolItem | None:
    return next((clip for clip in folder.GetClipList() or [] if clip.GetUniqueId() == clip_id), None)


def _path_of(pool: MediaPool, target: Folder) -> list[str] | None:
    target_id = target.GetUniqueId()

    def search(folder: Folder, path: list[str]) -> list[str] | None:
        for sub in folder.GetSubFolderList() or []:
            here = [*path, sub.GetName()]
            if sub.GetUniqueId() == target_id:
                return here
            found = search(sub, here)
            if found:
                return found
        return None

    return search(pool.GetRootFolder(), [])
