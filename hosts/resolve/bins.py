"""Media-pool bins ``Brickyard/<folder>/<asset>``, and keeping Resolve's *current* folder and timeline.

Resolve has no "find folder by path" and ``AddSubFolder`` happily makes a second bin of the same name,
so a bin is looked up by walking names from the root, and created only where it is missing. Imports
land in the current folder and appends in the current timeline — global state the artist sees — so
both are set for the call and put back afterwards.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING

from brickyard.core.errors import BrickyardError

if TYPE_CHECKING:
    from fusionscript import Folder, MediaPool, Project, Timeline

ROOT_BIN = "Brickyard"


def bin_path(folder: str, asset: str) -> list[str]:
    """``["Brickyard", "characters", "hero"]`` for the asset ``characters/hero``."""
    return [ROOT_BIN, *[part for part in folder.split("/") if part], asset]


def find_bin(pool: MediaPool, path: Sequence[str]) -> Folder | None:
    """The bin at ``path`` (names below the master bin), or None when any level is missing."""
    folder: Folder | None = pool.GetRootFolder()
    for name in path:
        assert folder is not None
        folder = next((sub for sub in folder.GetSubFolderList() or [] if sub.GetName() == name), None)
        if folder is None:
            return None
    return folder


def ensure_bin(pool: MediaPool, path: Sequence[str]) -> Folder:
    """The bin at ``path``, creating only the levels that are missing."""
    folder = pool.GetRootFolder()
    for name in path:
        found = next((sub for sub in folder.GetSubFolderList() or [] if sub.GetName() == name), None)
        if found is None:
            found = pool.AddSubFolder(folder, name)
            if not found:
                raise BrickyardError(f"Resolve refused to create the bin {'/'.join(path)!r} (at {name!r}); "
                                     "check the project is not read-only or locked by a collaborator")
        folder = found
    return folder


def walk_bins(folder: Folder) -> Iterator[Folder]:
    """``folder`` and every bin below it."""
    yield folder
    for sub in folder.GetSubFolderList() or []:
        yield from walk_bins(sub)


@contextmanager
def current_folder(pool: MediaPool, folder: Folder) -> Iterator[Folder]:
    """Make ``folder`` the current bin for the block; the artist's current bin comes back after."""
    previous = pool.GetCurrentFolder()
    if not pool.SetCurrentFolder(folder):
        raise BrickyardError(f"Resolve refused to open the bin {folder.GetName()!r}")
    try:
        yield folder
    finally:
        if previous is not None:
            pool.SetCurrentFolder(previous)


@contextmanager
def current_timeline(project: Project, timeline: Timeline) -> Iterator[Timeline]:
    """Make ``timeline`` current for the block; the one the artist had comes back after."""
    previous = project.GetCurrentTimeline()
    if previous is None or previous.GetUniqueId() != timeline.GetUniqueId():
        if not project.SetCurrentTimeline(timeline):
            raise BrickyardError(f"Resolve refused to switch to the timeline {timeline.GetName()!r}")
    try:
        yield timeline
    finally:
        if previous is not None and previous.GetUniqueId() != timeline.GetUniqueId():
            project.SetCurrentTimeline(previous)
