"""An in-memory DaVinci Resolve, faithful to the documented scripting API (README releases 17.4.5–21).

    >>> resolve = FakeResolve(release="19.0.2")      # methods added after 19.0.2 raise AttributeError
    >>> project = resolve.GetProjectManager().GetCurrentProject()
    >>> project.GetMediaPool().ImportMedia(["/does/not/exist.mov"])
    []

Its classes type-check against ``fusionscript-stubs`` (each subclasses the stub class when mypy reads
it); ``# type: ignore[override]`` marks each place where the documentation and the stub disagree
(e.g. ``GetCurrentTimeline`` answers None without a timeline; the stub says it never does).
"""

from ._remote import parse_release
from .app import FakeProjectManager, FakeResolve, script_module
from .media import hint
from .media_pool import FakeFolder, FakeMediaPool, FakeMediaPoolItem
from .project import FakeProject
from .timeline import FakeTimeline, FakeTimelineItem

__all__ = ["FakeFolder", "FakeMediaPool", "FakeMediaPoolItem", "FakeProject", "FakeProjectManager", "FakeResolve",
           "FakeTimeline", "FakeTimelineItem", "hint", "parse_release", "script_module"]
